// One page of a user's change feed (sync/change-feed.ts) as the app pulls it: the current overview
// of each patient that changed, as the user may see it now, or a tombstone for each that left
// their view. The feed page and the overviews are read from one consistent snapshot, and every
// pull is logged with the patients sent and removed.
import { RenkeiError } from '@renkei/proto';
import type { PatientChange } from '@renkei/proto/generated/renkei/v1/PatientChange';
import type { PullChangesResponse } from '@renkei/proto/generated/renkei/v1/PullChangesResponse';
import { sql } from 'kysely';
import type { UserScope } from '../access/call-scope';
import { chartAccessForPatients } from '../access/chart-access';
import { transaction, type Store } from '../db/database';
import { loadOverviews } from '../patients/patient-overview';
import { toTimestamp } from '../time';
import { InvalidCursorError, pullFeed, type FeedPage } from './change-feed';

const REMOVAL_REASONS = {
  'left-care-team': 'REMOVAL_REASON_LEFT_CARE_TEAM',
  'consent-withdrawn': 'REMOVAL_REASON_CONSENT_WITHDRAWN',
  archived: 'REMOVAL_REASON_ARCHIVED',
} as const;

/** Reads the feed page and the overviews it names from one consistent snapshot. */
function readConsistently<T>(store: Store, work: (tx: Store) => Promise<T>): Promise<T> {
  if (store.engine === 'sqlite') return transaction(store, work);
  return store.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      await sql`set transaction read only`.execute(trx);
      return work({ engine: store.engine, db: trx });
    });
}

/** Up to `maxChanges` changes after `cursor` (empty: from the start, every patient the user sees). */
export async function pullChanges(scope: UserScope, request: { cursor: string; maxChanges: number }): Promise<PullChangesResponse> {
  const userId = scope.user.id;
  let page: FeedPage;
  let changes: PatientChange[];
  try {
    [page, changes] = await readConsistently(scope.store, async (tx) => {
      const feedPage = await pullFeed(tx, { userId, cursor: request.cursor, limit: request.maxChanges });
      const upserts = feedPage.entries.filter((e) => e.kind === 'upsert').map((e) => e.patientId);
      const overviews = await loadOverviews(tx, upserts, await chartAccessForPatients(tx, userId, upserts), scope.now);
      const pageChanges = feedPage.entries.map((entry): PatientChange => {
        const overview = overviews.get(entry.patientId);
        if (entry.kind === 'upsert' && overview) return { patientId: entry.patientId, upserted: overview };
        const reason = entry.kind !== 'remove' ? 'REMOVAL_REASON_LEFT_CARE_TEAM' : REMOVAL_REASONS[entry.reason];
        return { patientId: entry.patientId, removed: { reason } };
      });
      return [feedPage, pageChanges] as const;
    });
  } catch (error) {
    if (error instanceof InvalidCursorError) throw new RenkeiError({ reason: 'SYNC_CURSOR_INVALID' });
    throw error;
  }
  await scope.audit({
    action: 'sync.pull',
    outcome: 'ok',
    detail: {
      reset: page.reset,
      sent: changes.filter((c) => c.upserted).map((c) => c.patientId),
      removed: changes.filter((c) => c.removed).map((c) => c.patientId),
    },
  });
  return {
    changes,
    nextCursor: page.nextCursor,
    hasMore: page.hasMore,
    reset: page.reset,
    remaining: page.remaining,
    serverTime: toTimestamp(scope.now.toISOString()),
  };
}
