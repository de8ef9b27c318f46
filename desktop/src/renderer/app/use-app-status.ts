// The core's state as the screens see it: read once, then kept current by the core's events.
// Calls that return a new AppStatus (enroll, refreshDevice…) may also set it directly. Every new
// status passes through here, so this is also where the read cache follows it (api/query-client).
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppStatus, DesktopApi, UserFacingError } from '../../shared/desktop-api';
import { followStatus } from '../api/query-client';
import { toUserFacingError } from '../api/user-facing-error';

export interface AppStatusState {
  status: AppStatus | null;
  loadError: UserFacingError | null;
  setStatus(status: AppStatus): void;
  reload(): Promise<void>;
}

export function useAppStatus(api: DesktopApi): AppStatusState {
  const queryClient = useQueryClient();
  const [status, setStatusState] = useState<AppStatus | null>(null);
  const [loadError, setLoadError] = useState<UserFacingError | null>(null);
  // A status read that was overtaken by an event must not put the older state back.
  const changes = useRef(0);
  const latest = useRef<AppStatus | null>(null);

  const setStatus = useCallback(
    (next: AppStatus) => {
      changes.current += 1;
      followStatus(queryClient, latest.current, next);
      latest.current = next;
      setStatusState(next);
    },
    [queryClient],
  );

  const reload = useCallback(() => {
    const before = changes.current;
    return api
      .getStatus()
      .then((next) => {
        if (changes.current === before) setStatus(next);
        setLoadError(null);
      })
      .catch((thrown: unknown) => setLoadError(toUserFacingError(thrown)));
  }, [api, setStatus]);

  useEffect(() => {
    const unsubscribe = api.onEvent((event) => {
      if (event.type === 'status') setStatus(event.status);
    });
    void reload();
    return unsubscribe;
  }, [api, reload, setStatus]);

  return { status, loadError, setStatus, reload };
}
