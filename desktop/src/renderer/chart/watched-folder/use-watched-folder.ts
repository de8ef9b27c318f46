// This PC's watched folder (a folder a business system saves its PDFs into) and the files it has
// offered: read once, then kept current by the core's 'watched-folder' events. Choosing another
// folder or stopping answers with the new state, which is shown at once.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { UserFacingError, WatchedFolderView } from '../../../shared/desktop-api';
import { queryKeys } from '../../api/query-keys';
import { useUserFacingError } from '../../api/user-facing-error';
import { useDesktopApi } from '../../app/desktop-api-context';

export interface WatchedFolderState {
  folder: WatchedFolderView | null;
  error: UserFacingError | null;
}

export function useWatchedFolder(): WatchedFolderState {
  const api = useDesktopApi();
  const client = useQueryClient();
  useEffect(
    () =>
      api.onEvent((event) => {
        if (event.type === 'watched-folder') client.setQueryData(queryKeys.watchedFolder, event.folder);
      }),
    [api, client],
  );
  const read = useQuery({
    queryKey: queryKeys.watchedFolder,
    queryFn: async () => {
      const before = client.getQueryState(queryKeys.watchedFolder)?.dataUpdateCount ?? 0;
      const answer = await api.getWatchedFolder();
      // An event that arrived meanwhile is newer than this answer.
      const now = client.getQueryState<WatchedFolderView>(queryKeys.watchedFolder);
      return now !== undefined && now.dataUpdateCount !== before && now.data !== undefined ? now.data : answer;
    },
  });
  return { folder: read.data ?? null, error: useUserFacingError(read.error) };
}

/** Choose the folder (the system's folder dialog, in the app) or stop watching. */
export function useChangeWatchedFolder() {
  const api = useDesktopApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: 'choose' | 'stop') => (change === 'choose' ? api.chooseWatchedFolder() : api.stopWatchingFolder()),
    onSuccess: (folder) => client.setQueryData(queryKeys.watchedFolder, folder),
  });
}
