// Whose document a watched-folder file looks like, for the logged-in user: its file name and the
// text of its first pages matched against their own patients (this PC's cache of their patient
// list, never anyone else's). A file whose text cannot be read is judged by its name alone.
import { useQuery } from '@tanstack/react-query';
import type { DesktopApi, StagedFileView } from '../../../shared/desktop-api';
import { queryKeys } from '../../api/query-keys';
import { useDesktopApi } from '../../app/desktop-api-context';
import { pdfFirstPagesText } from '../../documents/pdf-text';
import type { ViewerRequest } from '../shared/chart-context';
import { suggestFiling, type FilingSuggestion } from './filing-suggestion';

/** A staged file's content is read for its suggestion and its preview: one key, read once. */
const stagedFileKey = (stagedFileId: string) => ['staged-file', stagedFileId] as const;

/** `enabled` false: no suggestion is made (a file the user dropped themselves onto this chart). */
export function useFilingSuggestion(file: StagedFileView, enabled = true): { suggestion: FilingSuggestion | null; pending: boolean } {
  const api = useDesktopApi();
  // All of the user's own patients (the list the patient screen shows with nothing typed), under
  // the patient list's key so a sync that changes the list refreshes it.
  const patients = useQuery({ queryKey: [...queryKeys.patientSearch(''), 'filing-suggestion'], queryFn: () => api.searchPatients(''), enabled });
  const text = useQuery({
    queryKey: [...stagedFileKey(file.stagedFileId), 'text'],
    queryFn: async () => {
      const content = await api.readStagedFile(file.stagedFileId);
      if (content.mediaType !== 'application/pdf') return '';
      return pdfFirstPagesText(content.bytes).catch(() => '');
    },
    staleTime: Infinity,
    retry: false,
    enabled,
  });
  if (!enabled) return { suggestion: null, pending: false };
  if (patients.data === undefined || text.isPending) return { suggestion: null, pending: true };
  return { suggestion: suggestFiling(file.fileName, text.data ?? '', patients.data.patients), pending: false };
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
