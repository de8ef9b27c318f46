// One Subscribe call: a signed-in session's live stream of every timeline its user can see.
//
// Where it starts: an empty cursor starts at the log's head now (the client has just read the
// timelines); a cursor resumes after what it names. A cursor that is not ours, or another user's,
// is refused (TIMELINE_CURSOR_INVALID). One that cannot be continued — another database epoch, a
// position past the log's head (a restored backup), events older than the retention or further
// behind than `maxLag` — gets a StreamReset with a fresh cursor at the log's head, and the stream goes
// on live from there: the client re-reads its timelines.
//
// What it sends: what timeline/event-batch.ts lets this user receive, each event with the cursor
// after it; the catch-up comes from the hub's ring or, further back, from the log in pages, and
// joins the live batches at the exact position it reached, so nothing is sent twice or missed.
// Events the user may not see are skipped; the heartbeat (every `heartbeatMs` without a message)
// carries the cursor past them, so a resumed stream does not read them again. Overview hints are
// coalesced (one message per `hintIntervalMs` at most) and carry no cursor.
//
// Backpressure: `send` waits while the client is not reading, so nothing piles up here; a stream
// that falls more than `maxLag` events behind the head gets a reset instead of an ever longer
// catch-up. A session that no longer holds ends the stream with the refusal a call would get.
import { RenkeiError } from '@renkei/proto';
import type { TimelineEvent } from '@renkei/proto/generated/renkei/v1/TimelineEvent';
import type { Store } from '../db/database';
import type { Clock } from '../time';
import { toTimestamp } from '../time';
import { changeFeedHead, messagesFor, readBatch, type EventBatch } from './event-batch';
import type { EventHub, HubSubscriber } from './event-hub';
import { decodeStreamCursor, encodeStreamCursor, type StreamPosition } from './stream-cursor';
import { TIMELINE_EVENT_RETENTION_DAYS, timelineHead } from './timeline-events';

export interface SubscriptionOptions {
  heartbeatMs: number;
  hintIntervalMs: number;
  maxLag: number;
  /** timeline.eventRetentionDays of the server configuration: older events may be pruned. */
  retentionDays: number;
}

export const DEFAULT_SUBSCRIPTION_OPTIONS: SubscriptionOptions = {
  heartbeatMs: 15_000,
  hintIntervalMs: 200,
  maxLag: 5_000,
  retentionDays: TIMELINE_EVENT_RETENTION_DAYS,
};

interface Subscriber {
  store: Store;
  clock: Clock;
  userId: string;
  sessionId: string;
}

export async function runSubscription(
  hub: EventHub,
  subscriber: Subscriber,
  cursorText: string,
  send: (event: TimelineEvent) => Promise<void>,
  signal: AbortSignal,
  options: SubscriptionOptions = DEFAULT_SUBSCRIPTION_OPTIONS,
): Promise<void> {
  const { store, clock, userId } = subscriber;
  const epoch = await serverEpoch(store);
  const cursorOf = (position: StreamPosition) => encodeStreamCursor({ v: 1, epoch, user: userId, ...position });

  const wakeup = new Wakeup(signal);
  let refusal: RenkeiError | undefined;
  // A refused session ends the stream even while a slow client keeps `send` waiting.
  let abandonSend: ((error: RenkeiError) => void) | undefined;
  const member: HubSubscriber = {
    sessionId: subscriber.sessionId,
    wake: () => wakeup.wake(),
    end: (error) => {
      refusal ??= error;
      abandonSend?.(error);
      wakeup.wake();
    },
  };

  let lastSent = performance.now();
  const emit = (event: TimelineEvent) =>
    new Promise<void>((resolve, reject) => {
      if (refusal) return reject(refusal);
      abandonSend = reject;
      send(event).then(resolve, reject);
    }).finally(() => {
      abandonSend = undefined;
      lastSent = performance.now();
    });
  let position: StreamPosition;
  const heartbeat = () => emit({ cursor: cursorOf(position), heartbeat: { serverTime: toTimestamp(clock.now().toISOString()) } });
  const reset = async () => {
    position = await headNow(store);
    const cursor = cursorOf(position);
    await emit({ cursor, reset: { cursor } });
  };

  hub.add(member);
  try {
    const start = await startingPoint(store, hub, userId, epoch, cursorText, options, clock.now());
    if (start) {
      position = start;
      // From now: the position at once, so that a stream cut before its first quiet heartbeat
      // resumes from it instead of starting again from a later "now" (and missing what came between).
      if (cursorText === '') await heartbeat();
    } else await reset();

    const hints = new Set<string>();
    let lastHint = -Infinity;
    const deliver = async (batch: EventBatch) => {
      const { deliveries, hints: patients } = await messagesFor(store, batch, userId, position);
      for (const delivery of deliveries) {
        if (refusal) throw refusal;
        await emit({ cursor: cursorOf(delivery.position), ...delivery.event });
        position = delivery.position;
      }
      // Past what was skipped too (the next heartbeat's cursor says so).
      position = { seq: Math.max(position.seq, batch.to.seq), feed: Math.max(position.feed, batch.to.feed) };
      for (const patientId of patients) hints.add(patientId);
    };

    while (!signal.aborted && !hub.isStopped) {
      if (refusal) throw refusal;
      if (hub.head.seq - position!.seq > options.maxLag) await reset();
      const next = hub.next(position!);
      if (next.kind === 'batches') {
        for (const batch of next.batches) await deliver(batch);
        continue;
      }
      if (next.kind === 'behind') {
        await deliver(await readBatch(store, position!, hub.pageSize, userId));
        continue;
      }
      const now = performance.now();
      if (hints.size > 0 && now - lastHint >= options.hintIntervalMs) {
        await emit({ cursor: '', overviews: { patientIds: [...hints] } });
        hints.clear();
        lastHint = performance.now();
        continue;
      }
      if (now - lastSent >= options.heartbeatMs) {
        await heartbeat();
        continue;
      }
      const untilHeartbeat = options.heartbeatMs - (now - lastSent);
      await wakeup.wait(hints.size > 0 ? Math.min(untilHeartbeat, lastHint + options.hintIntervalMs - now) : untilHeartbeat);
    }
    if (refusal) throw refusal;
  } finally {
    hub.remove(member);
  }
}

/** Where a cursor resumes, or undefined when the stream must start with a reset. */
async function startingPoint(
  store: Store,
  hub: EventHub,
  userId: string,
  epoch: string,
  cursorText: string,
  options: SubscriptionOptions,
  now: Date,
): Promise<StreamPosition | undefined> {
  // From now: what committed before this call is in what the client has just read, so the log's
  // head, not the hub's (which may not have read the newest commits yet).
  if (cursorText === '') return headNow(store);
  const cursor = decodeStreamCursor(cursorText);
  // Another user's cursor is not a position to continue from for this user: refuse it like a forged one.
  if (!cursor || cursor.user !== userId) throw new RenkeiError({ reason: 'TIMELINE_CURSOR_INVALID' });
  if (cursor.epoch !== epoch) return undefined;
  const head = await headNow(store);
  if (cursor.seq > head.seq || cursor.feed > head.feed) return undefined;
  if (hub.head.seq - cursor.seq > options.maxLag) return undefined;
  if (!(await replayable(store, cursor.seq, now, options.retentionDays))) return undefined;
  return { seq: cursor.seq, feed: cursor.feed };
}

/**
 * Whether the events after `seq` are all still in the log: none older than the retention (they
 * may be pruned), and none before the oldest kept has gone. A rolled-back transaction leaves a
 * gap in seq, which at worst resets a stream that could have resumed.
 */
async function replayable(store: Store, seq: number, now: Date, retentionDays: number): Promise<boolean> {
  const [oldest, next] = await Promise.all([
    store.db
      .selectFrom('timeline_events')
      .select((eb) => eb.fn.min('seq').as('seq'))
      .executeTakeFirst(),
    store.db.selectFrom('timeline_events').select('at').where('seq', '>', seq).orderBy('seq').limit(1).executeTakeFirst(),
  ]);
  if (oldest?.seq != null && seq < Number(oldest.seq) - 1) return false;
  if (next && Date.parse(next.at) < now.getTime() - retentionDays * 86_400_000) return false;
  return true;
}

/** Where both logs end now. */
async function headNow(store: Store): Promise<StreamPosition> {
  const [seq, feed] = await Promise.all([timelineHead(store), changeFeedHead(store)]);
  return { seq, feed };
}

async function serverEpoch(store: Store): Promise<string> {
  const row = await store.db.selectFrom('server_meta').select('value').where('key', '=', 'epoch').executeTakeFirstOrThrow();
  return row.value;
}

/** Sleeps until woken, `ms` pass or the call is cancelled; a wake-up while awake is not lost. */
class Wakeup {
  private pending = false;
  private resolve?: () => void;

  constructor(private readonly signal: AbortSignal) {
    signal.addEventListener('abort', () => this.wake(), { once: true });
  }

  wake(): void {
    this.pending = true;
    this.resolve?.();
  }

  async wait(ms: number): Promise<void> {
    if (this.pending || this.signal.aborted) {
      this.pending = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, ms));
      this.resolve = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.resolve = undefined;
    this.pending = false;
  }
}
