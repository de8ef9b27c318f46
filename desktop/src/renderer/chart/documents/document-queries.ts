// Reading and filing documents. Filing one (a new document or a new version) changes the patient's
// documents (the list, and a replaced document's history) and the overview's summary and
// instruction alerts, so those are read again.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UploadDocumentInput } from '../../../shared/desktop-api';
import { queryKeys } from '../../api/query-keys';
import { useDesktopApi } from '../../app/desktop-api-context';

/** The patient's documents, current versions; off while the chart is read from the cache. */
export function useDocumentList(patientId: string, enabled = true) {
  const api = useDesktopApi();
  return useQuery({ queryKey: queryKeys.documentList(patientId), queryFn: () => api.listDocuments(patientId), enabled });
}

export function useDocumentHistory(patientId: string, documentId: string) {
  const api = useDesktopApi();
  return useQuery({ queryKey: queryKeys.documentHistory(patientId, documentId), queryFn: () => api.getDocumentHistory(patientId, documentId) });
}

export function useUploadDocument() {
  const api = useDesktopApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: UploadDocumentInput) => api.uploadDocument(input),
    onSuccess: (_, { patientId }) => {
      void client.invalidateQueries({ queryKey: queryKeys.documents(patientId) });
      void client.invalidateQueries({ queryKey: queryKeys.overview(patientId) });
    },
  });
}
