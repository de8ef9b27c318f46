// Brings a user's cache up to date from the server's change feed: page after page from the
// cache's cursor until the server has nothing more, each page applied atomically with its cursor,
// so an interrupted sync resumes where it stopped.
import type { ClinicalApi } from '../api/clinical-api';
import { ApiError } from '../api/api-error';
import { overviewFromMessage } from '../cache/overview-mapping';
import type { PatientCache } from '../cache/patient-cache';

interface SyncProgress {
  done: number;
  total: number;
}

/** What one applied page took away, for caches that hold more about those patients (documents). */
interface AppliedPage {
  /** The server replaced the whole cache (a full snapshot after an invalid cursor). */
  reset: boolean;
  /** Patients who left the user's view (tombstones). */
  removedPatientIds: string[];
}

interface SyncResult {
  upserted: number;
  removed: number;
}

export async function syncCache(
  api: ClinicalApi,
  cache: PatientCache,
  myUserId: string,
  onProgress: (progress: SyncProgress) => void = () => undefined,
  now: () => Date = () => new Date(),
  onPageApplied: (page: AppliedPage) => Promise<void> | void = () => undefined,
): Promise<SyncResult> {
  let cursor = cache.cursor;
  let restarted = false;
  const result: SyncResult = { upserted: 0, removed: 0 };
  for (;;) {
    let page;
    try {
      page = await api.pullChanges(cursor);
    } catch (error) {
      // A cursor the server no longer understands: start over with a full snapshot, once.
      if (error instanceof ApiError && error.reason === 'SYNC_CURSOR_INVALID' && !restarted) {
        restarted = true;
        cursor = '';
        continue;
      }
      throw error;
    }
    const changes = page.changes.map((change) => ({
      patientId: change.patientId,
      overview: change.upserted ? overviewFromMessage(change.upserted, myUserId, now()) : null,
    }));
    cache.applyPage(changes, { nextCursor: page.nextCursor, reset: page.reset, complete: !page.hasMore, at: now() });
    await onPageApplied({ reset: page.reset, removedPatientIds: changes.filter((c) => c.overview === null).map((c) => c.patientId) });
    for (const change of changes) result[change.overview ? 'upserted' : 'removed'] += 1;
    onProgress({ done: result.upserted + result.removed, total: result.upserted + result.removed + page.remaining });
    cursor = page.nextCursor;
    if (!page.hasMore) return result;
  }
}
