// Reading and writing shared forms. Saving, starting a form or finalising one changes the forms
// list, that form's versions and the overview's summary (and its instruction alerts): those are
// read again. The form itself is not read back: the editor holds the version the server returned.
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { CreateFormInput, FormView, SaveFormInput } from '../../../shared/desktop-api';
import { queryKeys } from '../../api/query-keys';
import { useDesktopApi } from '../../app/desktop-api-context';

/** The patient's forms, current versions; off while the chart is read from the cache. */
export function useFormList(patientId: string, enabled = true) {
  const api = useDesktopApi();
  return useQuery({ queryKey: queryKeys.formList(patientId), queryFn: () => api.listForms(patientId), enabled });
}

export function useFormVersions(patientId: string, formId: string) {
  const api = useDesktopApi();
  return useQuery({ queryKey: queryKeys.formVersions(patientId, formId), queryFn: () => api.listFormVersions(patientId, formId) });
}

/**
 * A form's current version, as the editor opens it: read afresh each time the editor opens (it is
 * not kept once the editor closes), since someone may have saved a newer version meanwhile.
 */
export function useFormToEdit(patientId: string, formId: string | null) {
  const api = useDesktopApi();
  return useQuery({
    queryKey: queryKeys.form(patientId, formId ?? ''),
    queryFn: () => api.getForm(patientId, formId!, 0),
    enabled: formId !== null,
    gcTime: 0,
  });
}

function formSaved(client: QueryClient, patientId: string, saved: FormView): void {
  void client.invalidateQueries({ queryKey: queryKeys.formList(patientId) });
  void client.invalidateQueries({ queryKey: queryKeys.formVersions(patientId, saved.formId) });
  void client.invalidateQueries({ queryKey: queryKeys.overview(patientId) });
}

export function useCreateForm() {
  const api = useDesktopApi();
  const client = useQueryClient();
  return useMutation({ mutationFn: (input: CreateFormInput) => api.createForm(input), onSuccess: (saved, input) => formSaved(client, input.patientId, saved) });
}

export function useSaveForm() {
  const api = useDesktopApi();
  const client = useQueryClient();
  return useMutation({ mutationFn: (input: SaveFormInput) => api.saveForm(input), onSuccess: (saved, input) => formSaved(client, input.patientId, saved) });
}

export function useFinaliseForm() {
  const api = useDesktopApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ patientId, formId, version }: { patientId: string; formId: string; version: number }) => api.finaliseForm(patientId, formId, version),
    onSuccess: (saved, { patientId }) => formSaved(client, patientId, saved),
  });
}
