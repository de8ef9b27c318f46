// A live stream's position, opaque to the client: how far it has come in the timeline's event log
// (seq) and in the change feed's access changes (feed: a user leaving a team or losing a consent
// is recorded there, and a resumed stream must not miss it). It names the database epoch and the
// user it was issued to, like the sync cursor (sync/sync-cursor.ts), so that a cursor from a
// restored backup restarts with a reset, and another user's cursor is refused.
import { z } from 'zod';

const cursorSchema = z.object({
  v: z.literal(1),
  epoch: z.string(),
  user: z.string(),
  /** Every timeline event up to this seq was sent, or skipped as not the user's to see. */
  seq: z.number().int().min(0),
  /** Every patient_changes row up to this seq was likewise dealt with. */
  feed: z.number().int().min(0),
});

export type StreamCursor = z.infer<typeof cursorSchema>;

/** Where a stream stands in the two logs it follows. */
export interface StreamPosition {
  seq: number;
  feed: number;
}

export function encodeStreamCursor(cursor: StreamCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** The decoded cursor, or undefined when the text is not a stream cursor this server wrote. */
export function decodeStreamCursor(text: string): StreamCursor | undefined {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** `a` has come at least as far as `b` in both logs. */
export function reached(a: StreamPosition, b: StreamPosition): boolean {
  return a.seq >= b.seq && a.feed >= b.feed;
}
