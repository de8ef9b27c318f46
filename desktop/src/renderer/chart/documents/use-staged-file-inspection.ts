// The upload dialog's file, read and opened as soon as the dialog opens (staged-file-inspection.ts),
// kept while the dialog is open: its first page's picture is let go of with it.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { StagedFileView, UserFacingError } from '../../../shared/desktop-api';
import { toUserFacingError } from '../../api/user-facing-error';
import { useDesktopApi } from '../../app/desktop-api-context';
import { readStagedContent } from '../watched-folder/use-filing-suggestion';
import { inspectStagedFile, type Inspection } from './staged-file-inspection';

export type StagedFileState = { state: 'reading' } | Inspection | { state: 'unreadable'; error: UserFacingError };

export function useStagedFileInspection(file: StagedFileView): StagedFileState {
  const api = useDesktopApi();
  const client = useQueryClient();
  // Kept with the file it is about: another file is being read until its own outcome.
  const [result, setResult] = useState<{ stagedFileId: string; state: StagedFileState } | null>(null);
  const { stagedFileId, fileName, size } = file;

  useEffect(() => {
    let live = true;
    let pictureUrl: string | null = null;
    readStagedContent(client, api, stagedFileId)
      .then((content) => inspectStagedFile(fileName, size, content.bytes))
      .then(
        (inspection) => {
          if (inspection.state === 'ready' && inspection.picture !== null) pictureUrl = inspection.picture.url;
          if (live) setResult({ stagedFileId, state: inspection });
          else if (pictureUrl !== null) URL.revokeObjectURL(pictureUrl);
        },
        (thrown: unknown) => {
          // The file moved or changed since it was staged, or the core could not read it: said as the core says it.
          if (live) setResult({ stagedFileId, state: { state: 'unreadable', error: toUserFacingError(thrown) } });
        },
      );
    return () => {
      live = false;
      if (pictureUrl !== null) URL.revokeObjectURL(pictureUrl);
    };
  }, [api, client, stagedFileId, fileName, size]);

  return result !== null && result.stagedFileId === stagedFileId ? result.state : { state: 'reading' };
}
