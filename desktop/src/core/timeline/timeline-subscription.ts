// The one live stream per online session (Subscribe): started once the session's first sync has
// run, from the cursor kept in the user's timeline cache ('' the first time, after reading the
// timelines). Each event is filed with its cursor in one cache transaction, then told to the
// screens; a new post may become a desktop notification. A hint that overviews changed makes the
// sync run now. A reset drops the cached timelines, reads them again and goes on from the cursor
// it names; a cursor the server no longer takes (TIMELINE_CURSOR_INVALID) is dropped and the
// stream starts over. When the stream ends it is opened again after a growing pause, unless the
// server refused the session or the PC (that is reported like any call's refusal, and the stream
// waits for the next session). Logout, revocation and the app stopping end it.
import type { TimelineEvent__Output } from '@renkei/proto/generated/renkei/v1/TimelineEvent';
import type { TimelineChange, TimelineNotification } from '../../shared/timeline-views';
import { ApiError } from '../api/api-error';
import type { TimelineStream } from '../api/timeline-api';
import type { ServerConnection } from '../connection/server-connection';
import type { UserSession } from '../session/session-manager';
import { applyStreamEvent } from './stream-events';
import { keyOf } from './timeline-mapping';
import { notificationFor } from './timeline-notifications';

const FIRST_RETRY_MS = 1_000;
const LONGEST_RETRY_MS = 30_000;

interface SubscriptionEvents {
  change(change: TimelineChange): void;
  notify(notification: TimelineNotification): void;
  /** Patients' overviews changed on the server: sync now. */
  overviewsChanged(): void;
  /** Reads the user's timelines into the cache (before a stream from '' or after a reset). */
  refreshInbox(session: UserSession): Promise<void>;
  /** The stream is open: the server answers this session (the outbox may go). */
  connected(): void;
}

export class TimelineSubscription {
  private session: UserSession | undefined;
  private stream: TimelineStream | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryMs = FIRST_RETRY_MS;
  /** Bumped by every start and stop, so a late answer of an earlier stream is ignored. */
  private generation = 0;

  constructor(
    private readonly connection: ServerConnection,
    private readonly events: SubscriptionEvents,
    private readonly now: () => Date,
  ) {}

  /** Whether a stream is open now (tests, status). */
  get live(): boolean {
    return this.stream !== undefined;
  }

  /** An online session's stream begins (again, if one ran). */
  start(session: UserSession): void {
    this.stop();
    if (!session.token) return;
    this.session = session;
    this.retryMs = FIRST_RETRY_MS;
    void this.open(this.generation);
  }

  /** The tunnel came back: a stream waiting for its retry opens now. */
  reconnectNow(): void {
    if (!this.session || this.stream) return;
    clearTimeout(this.retryTimer);
    this.retryMs = FIRST_RETRY_MS;
    void this.open(this.generation);
  }

  stop(): void {
    this.generation += 1;
    clearTimeout(this.retryTimer);
    this.stream?.cancel();
    this.stream = undefined;
    this.session = undefined;
  }

  private async open(generation: number): Promise<void> {
    const session = this.session;
    if (!session || generation !== this.generation) return;
    if (!this.connection.callsCanGetThrough) return; // reconnectNow() when the tunnel is back
    let api;
    try {
      api = this.connection.clinical().timeline;
    } catch {
      return; // the PC is not approved (any more): nothing to stream
    }
    try {
      if (session.timeline.streamCursor === '') await this.events.refreshInbox(session);
    } catch (error) {
      return this.ended(generation, ApiError.from(error));
    }
    if (generation !== this.generation) return;
    let first = true;
    // Events are filed one after another, in the order sent (a reset reads the inbox before the next).
    let filed = Promise.resolve();
    this.stream = api.subscribe(session.timeline.streamCursor, {
      onEvent: (event) => {
        if (generation !== this.generation) return;
        if (first) {
          first = false;
          this.retryMs = FIRST_RETRY_MS;
          this.events.connected();
        }
        filed = filed.then(() => this.received(session, generation, event)).catch(() => undefined);
      },
      onEnd: (error) => {
        if (generation !== this.generation) return;
        this.stream = undefined;
        void this.ended(generation, error);
      },
    });
  }

  private async received(session: UserSession, generation: number, event: TimelineEvent__Output): Promise<void> {
    if (generation !== this.generation) return;
    // Any event, a heartbeat too, shows the server answers.
    this.connection.markAnswered();
    switch (event.event) {
      case 'heartbeat':
        // It carries the cursor past events this user may not see: a resumed stream skips them.
        if (event.cursor) session.timeline.streamCursor = event.cursor;
        return;
      case 'overviews':
        this.events.overviewsChanged();
        return;
      case 'reset': {
        // Everything cached may be stale: read it all again, then go on from the cursor given.
        session.timeline.clearTimelines();
        this.events.change({ kind: 'reset' });
        try {
          await this.events.refreshInbox(session);
        } catch {
          // The inbox is read again on the next reconnection; the stream goes on meanwhile.
        }
        if (generation === this.generation) session.timeline.streamCursor = event.reset!.cursor;
        return;
      }
    }
    const me = session.user.id;
    let applied: ReturnType<typeof applyStreamEvent> = { changes: [] };
    session.timeline.transaction(() => {
      applied = applyStreamEvent(session.timeline, event, me, this.now());
    }, event.cursor || undefined);
    for (const change of applied.changes) this.events.change(change);
    const post = applied.newPost;
    if (post) {
      let cached = session.timeline.timeline(keyOf(post.timeline));
      if (!cached) {
        // A patient's first post: the inbox does not list a timeline nobody wrote in, so the cache
        // has no summary (counts, the patient's name) for it yet. The server's inbox has it now.
        try {
          await this.events.refreshInbox(session);
        } catch {
          // The counts come with the next read of the inbox; the notification goes without the name.
        }
        if (generation !== this.generation) return;
        cached = session.timeline.timeline(keyOf(post.timeline));
        if (cached) this.events.change({ kind: 'summary', summary: cached.summary });
      }
      const notification = notificationFor(post, me, cached?.summary.readUpTo ?? 0, session.timeline.notificationSettings, cached?.summary.title ?? '');
      if (notification) this.events.notify(notification);
    }
  }

  private async ended(generation: number, error: ApiError | null): Promise<void> {
    const session = this.session;
    if (!session || generation !== this.generation) return;
    if (error?.reason === 'TIMELINE_CURSOR_INVALID') {
      // The cursor is no good: start over, reading the timelines again.
      session.timeline.streamCursor = '';
      void this.open(generation);
      return;
    }
    if (error) {
      await this.connection.reportFailure(error);
      // The session or this PC was refused: no stream until the user logs in again.
      if (error.refusesSessionOrDevice) {
        if (generation === this.generation) this.stop();
        return;
      }
    }
    if (generation !== this.generation) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, LONGEST_RETRY_MS);
    this.retryTimer = setTimeout(() => void this.open(generation), wait);
    this.retryTimer.unref();
  }
}
