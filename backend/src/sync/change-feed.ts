// The change feed behind every device's read-only cache (CouchDB `_changes`-style): an ordered
// log of which patients changed, read per user through a cursor.
//
// Writers append in the same transaction as the change itself:
//   - recordPatientsChanged: a patient's overview changed (profile, allergies, team...);
//   - recordAccessChanged: users' access to patients changed (joined or left the team, a consent
//     began or ended, the chart policy let their role read the timeline or stopped it).
// A pull returns, for each patient touched since the cursor, either the current overview (the
// user can see the patient now) or a tombstone (the user's access ended). The state sent is
// always the current one, so a patient touched many times is sent once.
//
// Live timeline streams follow the feed too (timeline/event-batch.ts: access changes end or open
// a patient's timeline, overview changes are hinted): on PostgreSQL an append NOTIFYs the
// timeline's channel, a wake-up for every backend process at commit.
import { sql } from 'kysely';
import type { Store } from '../db/database';
import { serialize, SerialLock } from '../db/database';
import { visiblePatientIds } from '../access/patient-access';
import { TIMELINE_NOTIFY_CHANNEL } from '../timeline/timeline-events';
import { decodeCursor, encodeCursor, type SyncCursor } from './sync-cursor';

/** Rows per insert (3 parameters each; SQLite and PostgreSQL cap a statement's parameters). */
const INSERT_SLICE = 5000;

export async function recordPatientsChanged(tx: Store, patientIds: readonly string[], now: Date): Promise<void> {
  await append(
    tx,
    [...new Set(patientIds)].map((patient_id) => ({ patient_id, user_id: null })),
    now,
  );
}

export async function recordAccessChanged(tx: Store, changes: readonly { patientId: string; userId: string }[], now: Date): Promise<void> {
  await append(
    tx,
    changes.map((c) => ({ patient_id: c.patientId, user_id: c.userId })),
    now,
  );
}

async function append(tx: Store, rows: { patient_id: string; user_id: string | null }[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  await serialize(tx, SerialLock.PatientChanges);
  // In slices: a region-wide role can reach most patients, beyond a statement's parameter limit.
  for (let i = 0; i < rows.length; i += INSERT_SLICE) {
    await tx.db
      .insertInto('patient_changes')
      .values(rows.slice(i, i + INSERT_SLICE).map((row) => ({ ...row, changed_at: now.toISOString() })))
      .execute();
  }
  await wakeStreams(tx);
}

async function wakeStreams(tx: Store): Promise<void> {
  if (tx.engine === 'postgres') await sql`select pg_notify(${TIMELINE_NOTIFY_CHANNEL}, 'feed')`.execute(tx.db);
}

export type FeedEntry =
  { patientId: string; kind: 'upsert' } | { patientId: string; kind: 'remove'; reason: 'left-care-team' | 'consent-withdrawn' | 'archived' };

export interface FeedPage {
  entries: FeedEntry[];
  nextCursor: string;
  hasMore: boolean;
  /** The client must drop its cache before applying this page. */
  reset: boolean;
  remaining: number;
}

interface PullRequest {
  userId: string;
  cursor: string;
  limit: number;
}

export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
}

async function serverEpoch(store: Store): Promise<string> {
  const row = await store.db.selectFrom('server_meta').select('value').where('key', '=', 'epoch').executeTakeFirstOrThrow();
  return row.value;
}

async function feedHead(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom('patient_changes')
    .select((eb) => eb.fn.max('seq').as('head'))
    .executeTakeFirst();
  return Number(row?.head ?? 0);
}

/**
 * One page of the user's feed. Run it in a read transaction (REPEATABLE READ on PostgreSQL) so the
 * feed head and the data agree.
 */
export async function pullFeed(store: Store, request: PullRequest): Promise<FeedPage> {
  const epoch = await serverEpoch(store);
  const head = await feedHead(store);
  let cursor: SyncCursor | undefined;
  if (request.cursor !== '') {
    cursor = decodeCursor(request.cursor);
    if (!cursor) throw new InvalidCursorError('not a sync cursor from this server');
  }
  // A cursor from another database, another user, or ahead of this feed (a restored backup)
  // cannot be continued: start over with a snapshot and tell the client to drop its cache.
  const stale = cursor !== undefined && (cursor.epoch !== epoch || cursor.user !== request.userId || cursor.seq > head);
  if (cursor === undefined || stale) {
    // A snapshot replaces whatever the client holds, so its first page always says reset.
    return snapshotPage(store, request, { v: 1, epoch, user: request.userId, seq: head }, true, head);
  }
  if (cursor.after !== undefined) return snapshotPage(store, request, cursor, false, head);
  return incrementalPage(store, request, cursor, head);
}

/** Full snapshot: every patient the user can see, by ascending id, then the feed from `seq`. */
async function snapshotPage(store: Store, request: PullRequest, cursor: SyncCursor, reset: boolean, head: number): Promise<FeedPage> {
  let query = store.db.selectFrom('patients').select('id').where('id', 'in', visiblePatientIds(store.db, request.userId)).orderBy('id');
  if (cursor.after !== undefined) query = query.where('id', '>', cursor.after);
  const rows = await query.limit(request.limit + 1).execute();
  const hasMore = rows.length > request.limit;
  const page = rows.slice(0, request.limit);
  const last = page.at(-1)?.id;
  let remaining = 0;
  if (hasMore && last !== undefined) {
    const count = await store.db
      .selectFrom('patients')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('id', 'in', visiblePatientIds(store.db, request.userId))
      .where('id', '>', last)
      .executeTakeFirst();
    remaining = Number(count?.n ?? 0);
  }
  const next: SyncCursor = hasMore ? { ...cursor, after: last } : { v: 1, epoch: cursor.epoch, user: cursor.user, seq: cursor.seq };
  return {
    entries: page.map((row) => ({ patientId: row.id, kind: 'upsert' as const })),
    nextCursor: encodeCursor(next),
    // The feed moved on while the snapshot was paged: the client must pull those changes too.
    hasMore: hasMore || head > cursor.seq,
    reset,
    remaining,
  };
}

/** Patients touched since the cursor that concern this user, oldest last-touch first. */
async function incrementalPage(store: Store, request: PullRequest, cursor: SyncCursor, head: number): Promise<FeedPage> {
  const touched = store.db
    .selectFrom('patient_changes')
    .select(['patient_id'])
    .select((eb) => eb.fn.max('seq').as('last_seq'))
    .where('seq', '>', cursor.seq)
    .where('seq', '<=', head)
    .where((eb) =>
      eb.or([eb('user_id', '=', request.userId), eb.and([eb('user_id', 'is', null), eb('patient_id', 'in', visiblePatientIds(store.db, request.userId))])]),
    )
    .groupBy('patient_id');
  const rows = await store.db
    .selectFrom(touched.as('t'))
    .select(['t.patient_id', 't.last_seq'])
    .orderBy('t.last_seq')
    .limit(request.limit + 1)
    .execute();
  const hasMore = rows.length > request.limit;
  const page = rows.slice(0, request.limit);

  const visible = new Set<string>();
  const onTeam = new Set<string>();
  const archived = new Set<string>();
  if (page.length > 0) {
    const ids = page.map((r) => r.patient_id);
    const [stillVisible, stillOnTeam, archivedRows] = await Promise.all([
      visiblePatientIds(store.db, request.userId).where('m.patient_id', 'in', ids).execute(),
      store.db
        .selectFrom('care_team_memberships')
        .select('patient_id')
        .where('user_id', '=', request.userId)
        .where('left_at', 'is', null)
        .where('patient_id', 'in', ids)
        .execute(),
      store.db.selectFrom('patients').select('id').where('id', 'in', ids).where('archived_at', 'is not', null).execute(),
    ]);
    for (const row of stillVisible) visible.add(row.patient_id);
    for (const row of stillOnTeam) onTeam.add(row.patient_id);
    for (const row of archivedRows) archived.add(row.id);
  }
  let remaining = 0;
  if (hasMore) {
    const count = await store.db
      .selectFrom(touched.as('t'))
      .select((eb) => eb.fn.countAll().as('n'))
      .where('t.last_seq', '>', Number(page.at(-1)!.last_seq))
      .executeTakeFirst();
    remaining = Number(count?.n ?? 0);
  }
  const nextSeq = hasMore ? Number(page.at(-1)!.last_seq) : head;
  return {
    entries: page.map((row) =>
      visible.has(row.patient_id)
        ? { patientId: row.patient_id, kind: 'upsert' as const }
        : // Still on the team but no longer visible: archived, or the consent covering the user's office ended.
          {
            patientId: row.patient_id,
            kind: 'remove' as const,
            reason: !onTeam.has(row.patient_id)
              ? ('left-care-team' as const)
              : archived.has(row.patient_id)
                ? ('archived' as const)
                : ('consent-withdrawn' as const),
          },
    ),
    nextCursor: encodeCursor({ ...cursor, seq: nextSeq }),
    hasMore,
    reset: false,
    remaining,
  };
}
