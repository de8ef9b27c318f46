// This PC's watched folder (a folder a business system saves its PDFs into) and the files it has
// offered, kept current by the core's 'watched-folder' events.
import { useCallback, useEffect, useState } from 'react';
import type { UserFacingError, WatchedFolderView } from '../../../shared/desktop-api';
import { toUserFacingError } from '../../api/user-facing-error';
import { useDesktopApi } from '../../app/desktop-api-context';

export interface WatchedFolderState {
  folder: WatchedFolderView | null;
  error: UserFacingError | null;
  setFolder(folder: WatchedFolderView): void;
}

export function useWatchedFolder(): WatchedFolderState {
  const api = useDesktopApi();
  const [folder, setFolderState] = useState<WatchedFolderView | null>(null);
  const [error, setError] = useState<UserFacingError | null>(null);
  const setFolder = useCallback((next: WatchedFolderView) => {
    setFolderState(next);
    setError(null);
  }, []);

  useEffect(() => {
    let current = true;
    let eventSeen = false;
    const unsubscribe = api.onEvent((event) => {
      if (event.type !== 'watched-folder') return;
      eventSeen = true;
      setFolder(event.folder);
    });
    api.getWatchedFolder().then(
      (view) => {
        // An event that arrived meanwhile is newer than this answer.
        if (current && !eventSeen) setFolder(view);
      },
      (thrown: unknown) => {
        if (current) setError(toUserFacingError(thrown));
      },
    );
    return () => {
      current = false;
      unsubscribe();
    };
  }, [api, setFolder]);

  return { folder, error, setFolder };
}
