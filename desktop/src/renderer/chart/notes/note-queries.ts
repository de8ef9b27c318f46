// Reading and writing progress notes. The list is read from the server only (the overview keeps
// the latest notes for offline reading), a page at a time. A write, a correction or a withdrawal
// as entered in error changes the patient's notes (every list and history) and the overview's
// latest notes, so those are read again.
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { CorrectNoteInput, MarkNoteEnteredInErrorInput, RecordVitalSignsInput, WriteNoteInput } from '../../../shared/desktop-api';
import { queryKeys } from '../../api/query-keys';
import { useDesktopApi } from '../../app/desktop-api-context';

/** The notes, newest first, one page per "more"; off while the chart is read from the cache. */
export function useNoteList(patientId: string, includeEnteredInError: boolean, enabled: boolean) {
  const api = useDesktopApi();
  return useInfiniteQuery({
    queryKey: queryKeys.noteList(patientId, includeEnteredInError),
    queryFn: ({ pageParam }) => api.listNotes(patientId, pageParam === '' ? { includeEnteredInError } : { includeEnteredInError, pageToken: pageParam }),
    initialPageParam: '',
    // '' from the server means there is no further page.
    getNextPageParam: (page) => (page.nextPageToken === '' ? undefined : page.nextPageToken),
    // Showing or hiding notes entered in error keeps the list on screen until the other arrives.
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useNoteHistory(patientId: string, noteId: string) {
  const api = useDesktopApi();
  return useQuery({ queryKey: queryKeys.noteHistory(patientId, noteId), queryFn: () => api.getNoteHistory(patientId, noteId) });
}

function notesChanged(client: QueryClient, patientId: string): void {
  void client.invalidateQueries({ queryKey: queryKeys.notes(patientId) });
  void client.invalidateQueries({ queryKey: queryKeys.overview(patientId) });
}

export function useWriteNote() {
  const api = useDesktopApi();
  const client = useQueryClient();
  return useMutation({ mutationFn: (input: WriteNoteInput) => api.writeNote(input), onSuccess: (_, input) => notesChanged(client, input.patientId) });
}

export function useCorrectNote() {
  const api = useDesktopApi();
  const client = useQueryClient();
  return useMutation({ mutationFn: (input: CorrectNoteInput) => api.correctNote(input), onSuccess: (_, input) => notesChanged(client, input.patientId) });
}

export function useMarkNoteEnteredInError() {
  const api = useDesktopApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: MarkNoteEnteredInErrorInput) => api.markNoteEnteredInError(input),
    onSuccess: (_, input) => notesChanged(client, input.patientId),
  });
}

/** A note written with vital signs (the SOAP editor's vitals entry): both stored in one call. */
export function useRecordVitalSigns() {
  const api = useDesktopApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: RecordVitalSignsInput) => api.recordVitalSigns(input),
    onSuccess: (_, input) => notesChanged(client, input.patientId),
  });
}
