// The timeline's event log: one row per thing a subscriber must hear of (a post written or changed,
// a read marker moved, a group member added or removed), numbered in commit order. Writers append
// in the same transaction as the change; live subscriptions (timeline/event-hub.ts) read what
// follows their cursor, so the log, not a message in memory, is the truth.
//
// Numbered in commit order: the append takes SerialLock.TimelineEvents, so on PostgreSQL a
// transaction that drew sequence value n commits before any other can draw n+1 (plain sequence
// values commit out of order), and a reader that has seen n never later finds a row below n.
// On PostgreSQL the append also NOTIFYs: delivered at commit, to every backend process.
import { sql } from 'kysely';
import { serialize, SerialLock, type Store } from '../db/database';
import type { TimelineEventTable } from '../db/schema';

/**
 * How long events are kept for streams to resume from, unless the server's configuration says
 * otherwise (timeline.eventRetentionDays): a stream whose cursor is older is reset (a PC off for
 * over a month re-reads its timelines), and timeline/pruning.ts then deletes such events.
 */
export const TIMELINE_EVENT_RETENTION_DAYS = 35;

/** The channel other backend processes LISTEN on; the payload is the new event's seq. */
export const TIMELINE_NOTIFY_CHANNEL = 'renkei_timeline_events';

export interface TimelineEventInput {
  timelineId: string;
  kind: TimelineEventTable['kind'];
  postId?: string;
  userId?: string;
}

/** Appends one event inside the writer's transaction; returns its seq. */
export async function appendTimelineEvent(tx: Store, event: TimelineEventInput, now: Date): Promise<number> {
  await serialize(tx, SerialLock.TimelineEvents);
  const row = await tx.db
    .insertInto('timeline_events')
    .values({ timeline_id: event.timelineId, kind: event.kind, post_id: event.postId ?? null, user_id: event.userId ?? null, at: now.toISOString() })
    .returning('seq')
    .executeTakeFirstOrThrow();
  const seq = Number(row.seq);
  if (tx.engine === 'postgres') await sql`select pg_notify(${TIMELINE_NOTIFY_CHANNEL}, ${String(seq)})`.execute(tx.db);
  return seq;
}

export interface TimelineEventRow {
  seq: number;
  timelineId: string;
  kind: TimelineEventTable['kind'];
  postId: string | null;
  userId: string | null;
  at: string;
}

/** Events after `afterSeq`, oldest first, at most `limit`; only of `timelineIds` when given. */
export async function eventsAfter(store: Store, afterSeq: number, limit: number, timelineIds?: readonly string[]): Promise<TimelineEventRow[]> {
  if (timelineIds?.length === 0) return [];
  let query = store.db.selectFrom('timeline_events').selectAll().where('seq', '>', afterSeq);
  if (timelineIds) query = query.where('timeline_id', 'in', [...timelineIds]);
  const rows = await query.orderBy('seq').limit(limit).execute();
  return rows.map((row) => ({ seq: Number(row.seq), timelineId: row.timeline_id, kind: row.kind, postId: row.post_id, userId: row.user_id, at: row.at }));
}

/** The newest event's seq (0 when there is none). */
export async function timelineHead(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom('timeline_events')
    .select((eb) => eb.fn.max('seq').as('head'))
    .executeTakeFirst();
  return Number(row?.head ?? 0);
}
