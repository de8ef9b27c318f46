// The user's timelines on this PC, so the last 30 days of every timeline they can see are readable
// offline, and what they wrote offline waits to be sent. A sibling SQLite file of the patient cache
// (the same per-user key, so the same keychain entry unlocks both, and revocation's removal of the
// caches folder takes it too), every row sealed like the overviews (cache/sealed-rows.ts). In clear
// only what ordering and pruning need: ids, a post's seq and its time, the outbox's order and state;
// no text about a patient.
//
// The stream's cursor is kept here, written in the same transaction as what it applied, so after a
// cut, a crash or a sleep the stream resumes exactly where the cache is.
import Database from 'better-sqlite3';
import type { NotificationSettings, PostView, TimelineMemberView, TimelineSummaryView, WritePostInput } from '../../shared/timeline-views';
import type { UserFacingError } from '../../shared/desktop-api';
import { CACHE_KEY_BYTES, open, seal } from '../cache/sealed-rows';
import type { HeldFile } from './post-attachments';
import type { TimelineKey } from './timeline-mapping';

/** How far back the cache keeps posts. */
export const CACHED_DAYS = 30;
const DAY_MS = 86_400_000;

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = { mentions: true, urgent: true, confirmRequests: true };

/** A timeline as last seen: its summary (without the outbox count) and its members with their read markers. */
export interface CachedTimeline {
  summary: TimelineSummaryView;
  members: TimelineMemberView[];
  /** When the server last said this (ISO). */
  syncedAt: string;
}

export type OutboxState = 'pending' | 'sending' | 'refused';

/** A post written while the server could not be reached, waiting to be sent. */
export interface OutboxEntry {
  clientRequestId: string;
  state: OutboxState;
  input: WritePostInput;
  /** The files it takes along, held on this PC until it is sent or cancelled. */
  files: HeldFile[];
  /** When it was written on this PC (ISO). */
  writtenAt: string;
  /** Why the server refused it ('refused' only). */
  error: UserFacingError | null;
}

const SCHEMA = `
  create table if not exists meta (key text primary key, value text not null);
  create table if not exists timelines (key text primary key, synced_at text not null, sealed blob not null);
  create table if not exists posts (
    post_id text primary key,
    timeline_key text not null,
    seq integer not null,
    posted_at text not null,
    sealed blob not null
  );
  create index if not exists posts_by_timeline on posts (timeline_key, seq);
  create index if not exists posts_by_time on posts (posted_at);
  create table if not exists outbox (
    client_request_id text primary key,
    position integer not null,
    timeline_key text not null,
    state text not null,
    sealed blob not null
  );
`;

// Associated data per table, so a sealed row moved into another table or onto another id fails to open.
const timelineAad = (key: TimelineKey) => `timeline:${key}`;
const outboxAad = (id: string) => `outbox:${id}`;

export class TimelineCache {
  private constructor(
    private readonly db: Database.Database,
    private readonly key: Buffer,
  ) {}

  static open(path: string, key: Buffer): TimelineCache {
    if (key.length !== CACHE_KEY_BYTES) throw new Error(`cache keys are ${CACHE_KEY_BYTES} bytes`);
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.exec(SCHEMA);
    // A post being sent when the app stopped was maybe stored by the server, maybe not: it is sent
    // again, under the same client request id, which the server answers with the post it has.
    db.prepare("update outbox set state = 'pending' where state = 'sending'").run();
    return new TimelineCache(db, key);
  }

  close(): void {
    this.db.close();
  }

  /** Runs `apply` in one transaction (with the stream's cursor, when given). */
  transaction(apply: () => void, cursor?: string): void {
    this.db.transaction(() => {
      apply();
      if (cursor !== undefined) this.setMeta('stream_cursor', cursor);
    })();
  }

  // ---- meta ----

  private meta(key: string): string | undefined {
    return (this.db.prepare('select value from meta where key = ?').get(key) as { value: string } | undefined)?.value;
  }

  private setMeta(key: string, value: string): void {
    this.db.prepare('insert into meta (key, value) values (?, ?) on conflict (key) do update set value = excluded.value').run(key, value);
  }

  /** Where the live stream resumes ('' = from now, after reading the timelines). */
  get streamCursor(): string {
    return this.meta('stream_cursor') ?? '';
  }

  set streamCursor(cursor: string) {
    this.setMeta('stream_cursor', cursor);
  }

  /** When the list of timelines was last read from the server. */
  get listedAt(): string | null {
    return this.meta('listed_at') ?? null;
  }

  get notificationSettings(): NotificationSettings {
    const stored = this.meta('notification_settings');
    return stored ? { ...DEFAULT_NOTIFICATION_SETTINGS, ...(JSON.parse(stored) as Partial<NotificationSettings>) } : DEFAULT_NOTIFICATION_SETTINGS;
  }

  set notificationSettings(settings: NotificationSettings) {
    this.setMeta('notification_settings', JSON.stringify(settings));
  }

  // ---- timelines ----

  /**
   * The server's whole list of the user's timelines: each is stored, and every timeline not in it
   * (the user left the team, consent was withdrawn, removed from a group) goes with its posts.
   * Returns the keys of the timelines that went.
   */
  replaceTimelines(timelines: readonly Omit<CachedTimeline, 'syncedAt'>[], at: Date, keyOf: (summary: TimelineSummaryView) => TimelineKey): TimelineKey[] {
    const keep = new Set(timelines.map((t) => keyOf(t.summary)));
    const gone = this.timelineKeys().filter((key) => !keep.has(key));
    this.db.transaction(() => {
      for (const key of gone) this.removeTimeline(key);
      for (const timeline of timelines) this.putTimeline(keyOf(timeline.summary), timeline, at);
      this.setMeta('listed_at', at.toISOString());
    })();
    return gone;
  }

  putTimeline(key: TimelineKey, timeline: Omit<CachedTimeline, 'syncedAt'>, at: Date): void {
    const row: CachedTimeline = { ...timeline, syncedAt: at.toISOString() };
    this.db
      .prepare(
        'insert into timelines (key, synced_at, sealed) values (?, ?, ?) on conflict (key) do update set synced_at = excluded.synced_at, sealed = excluded.sealed',
      )
      .run(key, row.syncedAt, seal(this.key, timelineAad(key), JSON.stringify(row)));
  }

  timeline(key: TimelineKey): CachedTimeline | undefined {
    const row = this.db.prepare('select sealed from timelines where key = ?').get(key) as { sealed: Buffer } | undefined;
    return row && (JSON.parse(open(this.key, timelineAad(key), row.sealed)) as CachedTimeline);
  }

  timelines(): CachedTimeline[] {
    return (this.db.prepare('select key, sealed from timelines').all() as { key: string; sealed: Buffer }[]).map(
      (row) => JSON.parse(open(this.key, timelineAad(row.key), row.sealed)) as CachedTimeline,
    );
  }

  private timelineKeys(): TimelineKey[] {
    return (this.db.prepare('select key from timelines').all() as { key: string }[]).map((row) => row.key);
  }

  /** The user can no longer see this timeline: it leaves this PC with its posts (its outbox entries too). */
  removeTimeline(key: TimelineKey): void {
    this.db.transaction(() => {
      this.db.prepare('delete from posts where timeline_key = ?').run(key);
      this.db.prepare('delete from timelines where key = ?').run(key);
      this.db.prepare('delete from outbox where timeline_key = ?').run(key);
    })();
  }

  /** Everything the server said about timelines goes (a reset of the stream); the outbox stays. */
  clearTimelines(): void {
    this.db.transaction(() => {
      this.db.exec('delete from posts; delete from timelines;');
      this.setMeta('stream_cursor', '');
    })();
  }

  // ---- posts ----

  putPost(key: TimelineKey, post: PostView): void {
    this.db
      .prepare(
        `insert into posts (post_id, timeline_key, seq, posted_at, sealed) values (?, ?, ?, ?, ?)
         on conflict (post_id) do update set seq = excluded.seq, posted_at = excluded.posted_at, sealed = excluded.sealed`,
      )
      .run(post.postId, key, post.seq, post.postedAt, seal(this.key, post.postId, JSON.stringify(post)));
  }

  post(postId: string): PostView | undefined {
    const row = this.db.prepare('select sealed from posts where post_id = ?').get(postId) as { sealed: Buffer } | undefined;
    return row && (JSON.parse(open(this.key, postId, row.sealed)) as PostView);
  }

  /** The newest `limit` posts of the timeline before `beforeSeq` (0: from the newest), oldest first. */
  posts(key: TimelineKey, beforeSeq: number, limit: number): { posts: PostView[]; hasMore: boolean } {
    const bound = beforeSeq > 0 ? beforeSeq : Number.MAX_SAFE_INTEGER;
    const rows = this.db
      .prepare('select post_id, sealed from posts where timeline_key = ? and seq < ? order by seq desc limit ?')
      .all(key, bound, limit + 1) as { post_id: string; sealed: Buffer }[];
    const posts = rows.slice(0, limit).map((row) => JSON.parse(open(this.key, row.post_id, row.sealed)) as PostView);
    return { posts: posts.reverse(), hasMore: rows.length > limit };
  }

  /** Posts older than the cache keeps go (their text, sealed or not, should not outlive their use here). */
  prune(now: Date): number {
    const before = new Date(now.getTime() - CACHED_DAYS * DAY_MS).toISOString();
    return this.db.prepare('delete from posts where posted_at < ?').run(before).changes;
  }

  // ---- the outbox ----

  enqueue(entry: OutboxEntry): void {
    const position = ((this.db.prepare('select coalesce(max(position), 0) as last from outbox').get() as { last: number }).last ?? 0) + 1;
    this.db
      .prepare('insert into outbox (client_request_id, position, timeline_key, state, sealed) values (?, ?, ?, ?, ?)')
      .run(entry.clientRequestId, position, `${entry.input.timeline.kind}:${entry.input.timeline.id}`, entry.state, this.sealEntry(entry));
  }

  /** Every waiting post, in the order it was written. */
  outbox(): OutboxEntry[] {
    return (this.db.prepare('select client_request_id, sealed from outbox order by position').all() as { client_request_id: string; sealed: Buffer }[]).map(
      (row) => JSON.parse(open(this.key, outboxAad(row.client_request_id), row.sealed)) as OutboxEntry,
    );
  }

  outboxEntry(clientRequestId: string): OutboxEntry | undefined {
    const row = this.db.prepare('select sealed from outbox where client_request_id = ?').get(clientRequestId) as { sealed: Buffer } | undefined;
    return row && (JSON.parse(open(this.key, outboxAad(clientRequestId), row.sealed)) as OutboxEntry);
  }

  updateOutbox(entry: OutboxEntry): void {
    this.db.prepare('update outbox set state = ?, sealed = ? where client_request_id = ?').run(entry.state, this.sealEntry(entry), entry.clientRequestId);
  }

  removeFromOutbox(clientRequestId: string): boolean {
    return this.db.prepare('delete from outbox where client_request_id = ?').run(clientRequestId).changes > 0;
  }

  private sealEntry(entry: OutboxEntry): Buffer {
    return seal(this.key, outboxAad(entry.clientRequestId), JSON.stringify(entry));
  }
}
