// The one cache of what the screens have read from the core (TanStack Query), and what the core's
// status means for it. The core already decides whether the server answers and falls back to its
// own encrypted cache, so a read here is never retried or held back: a refusal shows at once, and
// the browser's idea of "online" (meaningless behind the core) is ignored. Reads are refreshed when
// a change, a sync or the user asks, not when the window regains focus.
import { QueryClient } from '@tanstack/react-query';
import type { AppStatus } from '../../shared/desktop-api';
import { isRefreshedBySync, isSessionData } from './query-keys';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, networkMode: 'always', refetchOnWindowFocus: false, refetchOnReconnect: false },
      mutations: { retry: false, networkMode: 'always' },
    },
  });
}

/** Whose data the screens may show: the session's user, while this PC is approved. */
function reader(status: AppStatus | null): string | null {
  return status?.device.state === 'approved' ? (status.session?.user.id ?? null) : null;
}

/**
 * Follows a change of the core's status: when the session ends (or the PC is revoked) or another
 * user's begins, what the last user read is dropped, before any screen of the next one renders;
 * when a sync has finished, or the server answers again (what is on screen came from the cache),
 * what it may have changed is read again.
 */
export function followStatus(client: QueryClient, before: AppStatus | null, after: AppStatus): void {
  const userBefore = reader(before);
  const userAfter = reader(after);
  if (userBefore !== userAfter) {
    client.removeQueries({ predicate: ({ queryKey }) => isSessionData(queryKey) });
  } else if (userAfter !== null && (before?.sync.lastSyncedAt !== after.sync.lastSyncedAt || (before?.online === false && after.online))) {
    const predicate = ({ queryKey }: { queryKey: readonly unknown[] }) => isRefreshedBySync(queryKey);
    // A first read still in flight began before the sync ended and will answer with what was there
    // then; TanStack Query joins a refetch to a fetch that has no data yet instead of starting anew,
    // so the patient list of a new PC stayed empty until the next sync. Such reads are cancelled and
    // read again.
    const firstReads = client
      .getQueryCache()
      .findAll({ predicate, fetchStatus: 'fetching' })
      .filter((query) => query.state.data === undefined);
    void client.invalidateQueries({ predicate });
    for (const query of firstReads) {
      void query.cancel().then(() => client.refetchQueries({ queryKey: query.queryKey, exact: true, type: 'active' }));
    }
  }
}
