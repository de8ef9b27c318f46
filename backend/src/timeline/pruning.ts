// What the timeline keeps only for a while, removed by the server's periodic maintenance
// (server/renkei-server.ts runs `pruneTimeline`; tests call it directly):
//   - the event log's events older than the retention: a stream whose cursor needs them is reset
//     already (timeline/subscription.ts), so only a prefix of the log by seq is removed, and the
//     newest event always stays (it is the log's head: a cursor at it resumes, not resets);
//   - uploads no post claimed in time (timeline/attachments.ts): their rows, and their blobs once
//     nothing else names them (the same bytes may be a filed document or another attachment).
//     A blob's row and file go in one transaction; documents/checked-upload.ts says why an upload
//     of the same bytes at that moment is safe.
import { sql } from 'kysely';
import { transaction, type Store } from '../db/database';
import type { BlobStore } from '../documents/blob-store';
import type { Logger } from '../logger';
import { claimableSince } from './attachments';

/** Past the claim window, so that a post written at its last moment never races the pruner. */
const CLAIM_GRACE_MS = 3_600_000;

export interface PruningOptions {
  store: Store;
  blobs: BlobStore;
  logger: Logger;
  /** timeline.eventRetentionDays of the server configuration. */
  eventRetentionDays: number;
}

export interface Pruned {
  events: number;
  uploads: number;
  blobs: number;
}

export async function pruneTimeline(options: PruningOptions, now: Date): Promise<Pruned> {
  const events = await pruneEvents(options.store, new Date(now.getTime() - options.eventRetentionDays * 86_400_000));
  const { uploads, blobs } = await pruneAbandonedUploads(options, now);
  if (events + uploads + blobs > 0) options.logger.info({ events, uploads, blobs }, 'timeline pruned');
  return { events, uploads, blobs };
}

/**
 * Deletes the events before the first one at or after `cutoff` (seq is commit order; `at` is
 * the writer's clock, which may be a little out of that order), keeping the newest event.
 */
async function pruneEvents(store: Store, cutoff: Date): Promise<number> {
  const bounds = await store.db
    .selectFrom('timeline_events')
    .select((eb) => [
      eb.fn.max('seq').as('head'),
      eb
        .selectFrom('timeline_events')
        .select((inner) => inner.fn.min('seq').as('seq'))
        .where('at', '>=', cutoff.toISOString())
        .as('kept'),
    ])
    .executeTakeFirst();
  if (bounds?.head == null) return 0;
  const keepFrom = Number(bounds.kept ?? bounds.head);
  const deleted = await store.db.deleteFrom('timeline_events').where('seq', '<', keepFrom).executeTakeFirst();
  return Number(deleted.numDeletedRows);
}

async function pruneAbandonedUploads(options: PruningOptions, now: Date): Promise<{ uploads: number; blobs: number }> {
  const { store } = options;
  const abandonedBefore = new Date(Date.parse(claimableSince(now)) - CLAIM_GRACE_MS).toISOString();
  const abandoned = await store.db
    .deleteFrom('timeline_attachments')
    .where('post_id', 'is', null)
    .where('uploaded_at', '<', abandonedBefore)
    .returning('sha256')
    .execute();
  let blobs = 0;
  for (const sha256 of new Set(abandoned.map((row) => row.sha256))) {
    if (await pruneBlob(options, sha256)) blobs += 1;
  }
  return { uploads: abandoned.length, blobs };
}

/** Deletes the blob's row and file if nothing names it; a reference made meanwhile keeps both. */
async function pruneBlob({ store, blobs, logger }: PruningOptions, sha256: string): Promise<boolean> {
  try {
    return await transaction(store, async (tx) => {
      const deleted = await tx.db
        .deleteFrom('blobs')
        .where('sha256', '=', sha256)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('document_versions')
                .select(sql.lit(1).as('one'))
                .where('blob_sha256', '=', sha256)
                .unionAll(selectFrom('timeline_attachments').select(sql.lit(1).as('one')).where('sha256', '=', sha256)),
            ),
          ),
        )
        .executeTakeFirst();
      if (Number(deleted.numDeletedRows) === 0) return false;
      // Inside the transaction: an upload of these bytes waits for the commit, then stores them again.
      await blobs.remove(sha256);
      return true;
    });
  } catch (error) {
    // Most likely an upload named the blob while it was being deleted (the foreign key refuses):
    // it stays, row and file. Anything else is worth a look; the next run tries again.
    logger.warn({ err: error, sha256 }, 'a blob was not pruned (named meanwhile?); kept');
    return false;
  }
}
