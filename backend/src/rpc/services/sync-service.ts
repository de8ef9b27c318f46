// renkei.v1.SyncService: pages of the caller's change feed (sync/change-feed.ts) with the current
// overview of each patient that changed, or a tombstone for each that left the caller's view.
import type { PatientChange } from '@renkei/proto/generated/renkei/v1/PatientChange';
import type { PullChangesResponse } from '@renkei/proto/generated/renkei/v1/PullChangesResponse';
import { RenkeiError } from '@renkei/proto';
import { sql } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../../audit/audit-log';
import { transaction, type Store } from '../../db/database';
import { InvalidCursorError, pullFeed, type FeedPage } from '../../sync/change-feed';
import { loadOverviews } from '../../patients/patient-overview';
import { toTimestamp } from '../../time';
import type { UnaryMethod } from '../dispatcher';

const DEFAULT_PAGE = 200;
const MAX_PAGE = 1000;
const pullRequest = z.object({
  cursor: z.string().max(1000),
  maxChanges: z
    .number()
    .int()
    .min(0)
    .max(MAX_PAGE, `${MAX_PAGE}件以下を指定してください`)
    .transform((n) => (n === 0 ? DEFAULT_PAGE : n)),
});

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

export function syncService(): Record<string, UnaryMethod<any, any>> {
  const PullChanges: UnaryMethod<z.output<typeof pullRequest>, PullChangesResponse> = {
    request: pullRequest,
    async handle(request, context) {
      const userId = context.user!.id;
      let page: FeedPage;
      let changes: PatientChange[];
      try {
        [page, changes] = await readConsistently(context.store, async (tx) => {
          const feedPage = await pullFeed(tx, { userId, cursor: request.cursor, limit: request.maxChanges });
          const upserts = feedPage.entries.filter((e) => e.kind === 'upsert').map((e) => e.patientId);
          const overviews = await loadOverviews(tx, upserts, userId, context.now);
          const pageChanges = feedPage.entries.map((entry): PatientChange => {
            const overview = overviews.get(entry.patientId);
            if (entry.kind === 'upsert' && overview) return { patientId: entry.patientId, upserted: overview };
            const reason = entry.kind === 'remove' && entry.reason === 'consent-withdrawn' ? 'REMOVAL_REASON_CONSENT_WITHDRAWN' : 'REMOVAL_REASON_LEFT_CARE_TEAM';
            return { patientId: entry.patientId, removed: { reason } };
          });
          return [feedPage, pageChanges] as const;
        });
      } catch (error) {
        if (error instanceof InvalidCursorError) throw new RenkeiError({ reason: 'SYNC_CURSOR_INVALID' });
        throw error;
      }
      await recordAudit(
        context.store,
        {
          action: 'sync.pull',
          outcome: 'ok',
          actorUserId: userId,
          actorDeviceId: context.device!.id,
          detail: {
            reset: page.reset,
            sent: changes.filter((c) => c.upserted).map((c) => c.patientId),
            removed: changes.filter((c) => c.removed).map((c) => c.patientId),
          },
        },
        context.now,
      );
      return {
        changes,
        nextCursor: page.nextCursor,
        hasMore: page.hasMore,
        reset: page.reset,
        remaining: page.remaining,
        serverTime: toTimestamp(context.now.toISOString()),
      };
    },
  };
  return { PullChanges };
}
