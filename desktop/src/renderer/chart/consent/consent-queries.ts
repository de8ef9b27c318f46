// Reading and recording the patient's consent to share. Recording or withdrawing one answers with
// the new consent status, which becomes what is shown; the overview's summary (and the patient
// header's "not shared" mark) is read again.
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { ConsentView, RecordConsentInput, WithdrawConsentInput } from '../../../shared/desktop-api';
import { queryKeys } from '../../api/query-keys';
import { useDesktopApi } from '../../app/desktop-api-context';

/** Off while the chart is read from the cache (the overview carries the consent status). */
export function useConsentStatus(patientId: string, enabled: boolean) {
  const api = useDesktopApi();
  return useQuery({ queryKey: queryKeys.consent(patientId), queryFn: () => api.getConsentStatus(patientId), enabled });
}

function consentChanged(client: QueryClient, patientId: string, view: ConsentView): void {
  client.setQueryData(queryKeys.consent(patientId), view);
  void client.invalidateQueries({ queryKey: queryKeys.overview(patientId) });
}

export function useRecordConsent() {
  const api = useDesktopApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: RecordConsentInput) => api.recordConsent(input),
    onSuccess: (view, input) => consentChanged(client, input.patientId, view),
  });
}

export function useWithdrawConsent() {
  const api = useDesktopApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: WithdrawConsentInput) => api.withdrawConsent(input),
    onSuccess: (view, input) => consentChanged(client, input.patientId, view),
  });
}
