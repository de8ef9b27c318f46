// Exactly-once writes across a lost answer. A progress note carries a client_request_id, and the
// server returns the note already written when it sees the same id again. When a write's answer
// is lost (the tunnel dropped after the server stored it), the user presses save again with the
// same text: that retry must reuse the id. A note written successfully forgets its id, so writing
// the same words again later ("特変なし" twice a day) is a new note, as it should be.
import { createHash, randomUUID } from 'node:crypto';

// A retry after this long is taken as a new note rather than a retry.
const RETRY_WINDOW_MS = 15 * 60_000;

export class WriteRequests {
  private readonly pending = new Map<string, { id: string; at: number }>();

  constructor(private readonly now: () => Date) {}

  private static keyOf(content: unknown): string {
    return createHash('sha256').update(JSON.stringify(content)).digest('hex');
  }

  /** The request id for this content: the one of an unanswered earlier attempt, or a new one. */
  begin(content: unknown): { key: string; requestId: string } {
    const key = WriteRequests.keyOf(content);
    const at = this.now().getTime();
    for (const [k, entry] of this.pending) if (at - entry.at > RETRY_WINDOW_MS) this.pending.delete(k);
    const entry = this.pending.get(key) ?? { id: randomUUID(), at };
    this.pending.set(key, entry);
    return { key, requestId: entry.id };
  }

  /** The server answered (stored, or refused for good): the next identical content is a new write. */
  settle(key: string): void {
    this.pending.delete(key);
  }
}
