// A client's position in the change feed, opaque to the client. It names the database epoch and
// the user it was issued to, so that a cursor from a restored backup or from another user's
// cache restarts with a full snapshot instead of silently missing changes.
import { z } from 'zod';

const cursorSchema = z.object({
  v: z.literal(1),
  epoch: z.string(),
  user: z.string(),
  /** Feed position: every change up to this seq is reflected in what the client has. */
  seq: z.number().int().min(0),
  /** During a full snapshot: the last patient id sent (ids ascend); absent once caught up. */
  after: z.string().optional(),
});

export type SyncCursor = z.infer<typeof cursorSchema>;

export function encodeCursor(cursor: SyncCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** The decoded cursor, or undefined when the text is not a cursor this server wrote. */
export function decodeCursor(text: string): SyncCursor | undefined {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
