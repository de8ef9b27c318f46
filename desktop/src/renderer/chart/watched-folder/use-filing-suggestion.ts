// Whose document a staged file (from the watched folder, or dropped onto a chart) looks like, for
// the logged-in user: its file name and the text of its first pages matched against their own
// patients (this PC's cache of their patient list, never anyone else's). A file whose text cannot
// be read is judged by its name alone.
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { DesktopApi, StagedFileContent, StagedFileView } from '../../../shared/desktop-api';
import { documentFormatOf } from '@renkei/proto/document-limits';
import { queryKeys } from '../../api/query-keys';
import { useDesktopApi } from '../../app/desktop-api-context';
import { pdfFirstPagesText } from '../../documents/pdf-text';
import type { ViewerRequest } from '../shared/chart-context';
import { suggestFiling, type FilingSuggestion } from './filing-suggestion';

/** A staged file's content is read for its suggestion and its preview: one key, read once. */
const stagedFileKey = (stagedFileId: string) => ['staged-file', stagedFileId] as const;

/**
 * The staged file's bytes, read from the core once for everything that looks at them before it is
 * filed (its text for the suggestion, the upload dialog's check and preview): a 50 MB scan is not
 * copied across IPC three times. Let go of soon after the last reader.
 */
export function readStagedContent(client: QueryClient, api: DesktopApi, stagedFileId: string): Promise<StagedFileContent> {
  return client.fetchQuery({
    queryKey: [...stagedFileKey(stagedFileId), 'bytes'],
    queryFn: () => api.readStagedFile(stagedFileId),
    staleTime: Infinity,
    gcTime: 30_000,
    retry: false,
  });
}

/** `enabled` false: no suggestion is made (nothing is read). */
export function useFilingSuggestion(file: StagedFileView, enabled = true): { suggestion: FilingSuggestion | null; pending: boolean } {
  const api = useDesktopApi();
  const client = useQueryClient();
  // All of the user's own patients (the list the patient screen shows with nothing typed), under
  // the patient list's key so a sync that changes the list refreshes it.
  const patients = useQuery({ queryKey: [...queryKeys.patientSearch(''), 'filing-suggestion'], queryFn: () => api.searchPatients(''), enabled });
  const text = useQuery({
    queryKey: [...stagedFileKey(file.stagedFileId), 'text'],
    queryFn: async () => {
      const content = await readStagedContent(client, api, file.stagedFileId);
      // By its first bytes, not its name: a PDF named .bin is still read, a PNG named .pdf is not.
      if (documentFormatOf(content.bytes) !== 'application/pdf') return '';
      return pdfFirstPagesText(content.bytes).catch(() => '');
    },
    staleTime: Infinity,
    retry: false,
    enabled,
  });
  if (!enabled) return { suggestion: null, pending: false };
  if (patients.isPending || text.isPending) return { suggestion: null, pending: true };
  // A list that could not be read names nobody: the suggestion then says nothing, rather than
  // "checking…" for ever while the upload dialog waits for it.
  return { suggestion: suggestFiling(file.fileName, text.data ?? '', patients.data?.patients ?? []), pending: false };
}

/** The chart's document viewer showing a staged file before it is filed. */
export function stagedFileViewerRequest(api: DesktopApi, file: StagedFileView): ViewerRequest {
  return {
    title: file.fileName,
    queryKey: [...stagedFileKey(file.stagedFileId), 'content'],
    load: async () => {
      const content = await api.readStagedFile(file.stagedFileId);
      return { bytes: content.bytes, mediaType: content.mediaType };
    },
  };
}
