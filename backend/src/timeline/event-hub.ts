// One per server process: follows the head of the timeline's event log (and of the change feed)
// and wakes the live streams (timeline/subscription.ts) when it moves. Each new batch is read and
// prepared once (timeline/event-batch.ts) and kept in a ring of recent batches, so 200 streams
// cost the queries of one; a stream behind the ring reads the log itself.
//
// The log is the truth; wake-ups only say "look now":
//   - a write in this process (the services poke the hub after a call that may have written);
//   - on PostgreSQL, NOTIFY from any process (db/notification-listener.ts), at commit;
//   - a poll of the head every `pollMs`, the fallback: it also catches renkei-admin's writes on
//     SQLite (a care team member removed) and a LISTEN connection that is down.
// On every batch and every poll the sessions of all streams are checked in one query
// (access/session-liveness.ts): a revoked device's stream ends within a poll.
import type { RenkeiError } from '@renkei/proto';
import { sessionRefusals } from '../access/session-liveness';
import type { Store } from '../db/database';
import { NotificationListener } from '../db/notification-listener';
import type { Logger } from '../logger';
import type { Clock } from '../time';
import { readBatch, type EventBatch } from './event-batch';
import { reached, type StreamPosition } from './stream-cursor';
import { TIMELINE_NOTIFY_CHANNEL } from './timeline-events';

export interface EventHubOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** On PostgreSQL: where the LISTEN connection goes (the pool's URL). */
  listenUrl?: string;
  /** The fallback poll of the head (default 1 s). */
  pollMs?: number;
  /** The ring keeps at most this many events and feed rows (default 2,000). */
  ringSize?: number;
  /** Events (and feed rows) read per query (default 500). */
  pageSize?: number;
}

/** A live stream as the hub sees it. */
export interface HubSubscriber {
  readonly sessionId: string;
  /** Something may be new: look. */
  wake(): void;
  /** The session no longer holds: end with this refusal. */
  end(refusal: RenkeiError): void;
}

export type NextStep = { kind: 'idle' } | { kind: 'behind' } | { kind: 'batches'; batches: readonly EventBatch[] };

export const DEFAULT_PAGE_SIZE = 500;

export class EventHub {
  private ring: EventBatch[] = [];
  private ringHeld = 0;
  private readonly subscribers = new Set<HubSubscriber>();
  private running = false;
  private dirty = false;
  private pollTimer?: NodeJS.Timeout;
  private listener?: NotificationListener;
  private stopped = false;
  readonly pageSize: number;
  private readonly ringSize: number;

  private constructor(
    private readonly options: EventHubOptions,
    /** How far this process has read both logs. */
    private current: StreamPosition,
  ) {
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    this.ringSize = options.ringSize ?? 2_000;
  }

  static async start(options: EventHubOptions): Promise<EventHub> {
    const { store } = options;
    const [events, feed] = await Promise.all([
      store.db
        .selectFrom('timeline_events')
        .select((eb) => eb.fn.max('seq').as('head'))
        .executeTakeFirst(),
      store.db
        .selectFrom('patient_changes')
        .select((eb) => eb.fn.max('seq').as('head'))
        .executeTakeFirst(),
    ]);
    const hub = new EventHub(options, { seq: Number(events?.head ?? 0), feed: Number(feed?.head ?? 0) });
    if (options.listenUrl) {
      hub.listener = await NotificationListener.start({
        url: options.listenUrl,
        channel: TIMELINE_NOTIFY_CHANNEL,
        onNotify: () => hub.poke(),
        // NOTIFYs sent while the connection was down are lost: look at the log now.
        onConnected: () => hub.poke(),
        logger: options.logger,
      });
    }
    hub.pollTimer = setInterval(() => void hub.tick(), options.pollMs ?? 1_000);
    hub.pollTimer.unref();
    return hub;
  }

  /** How far this process has read the logs. */
  get head(): StreamPosition {
    return this.current;
  }

  /** Whether wake-ups from other processes arrive (PostgreSQL's LISTEN connection is up). */
  get listening(): boolean {
    return this.listener?.connected ?? false;
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  add(subscriber: HubSubscriber): void {
    this.subscribers.add(subscriber);
  }

  remove(subscriber: HubSubscriber): void {
    this.subscribers.delete(subscriber);
  }

  /** A write may have committed: read the log now (coalesced; one read at a time). */
  poke(): void {
    void this.drain();
  }

  /**
   * What a stream at `position` does next: nothing (it has what the hub has), the ring's batches
   * that end past it (it skips what it has of the first), or read the log itself (the ring no
   * longer reaches back to it).
   */
  next(position: StreamPosition): NextStep {
    if (reached(position, this.current)) return { kind: 'idle' };
    const oldest = this.ring[0];
    if (!oldest || !reached(position, oldest.after)) return { kind: 'behind' };
    return { kind: 'batches', batches: this.ring.filter((batch) => !reached(position, batch.to)) };
  }

  private async tick(): Promise<void> {
    await this.drain();
    await this.checkSessions();
  }

  private async drain(): Promise<void> {
    if (this.stopped) return;
    if (this.running) {
      this.dirty = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.dirty = false;
        for (;;) {
          const batch = await readBatch(this.options.store, this.current, this.pageSize);
          if (batch.size === 0) break;
          this.keep(batch);
          // Refused sessions end before anything of this batch reaches them.
          await this.checkSessions();
          for (const subscriber of this.subscribers) subscriber.wake();
          if (batch.events.length < this.pageSize && batch.feed.length < this.pageSize) break;
        }
      } while (this.dirty && !this.stopped);
    } catch (error) {
      // The database is away for a moment: the next poll tries again.
      this.options.logger.error({ err: error }, 'could not read the timeline event log');
    } finally {
      this.running = false;
    }
  }

  private keep(batch: EventBatch): void {
    this.ring.push(batch);
    this.ringHeld += batch.size;
    while (this.ring.length > 1 && this.ringHeld > this.ringSize) this.ringHeld -= this.ring.shift()!.size;
    this.current = batch.to;
  }

  private async checkSessions(): Promise<void> {
    if (this.subscribers.size === 0) return;
    const subscribers = [...this.subscribers];
    try {
      const refusals = await sessionRefusals(
        this.options.store,
        subscribers.map((s) => s.sessionId),
        this.options.clock.now(),
      );
      for (const subscriber of subscribers) {
        const refusal = refusals.get(subscriber.sessionId);
        if (refusal) subscriber.end(refusal);
      }
    } catch (error) {
      this.options.logger.error({ err: error }, 'could not check the sessions of the live streams');
    }
  }

  /** Stops reading; the streams end (normally: their clients resume elsewhere or later). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.pollTimer);
    await this.listener?.stop();
    for (const subscriber of this.subscribers) subscriber.wake();
  }

  get isStopped(): boolean {
    return this.stopped;
  }
}
