// The 記録一覧 of vital signs and marking one 入力誤り. The list is read from the server (the PC's
// cache keeps only the overview's 30 days in force); a mark answers with the marked observation,
// and the overview is read again so the trend leaves it out at once on this PC (the others at their
// next sync, by the change feed).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MarkVitalSignsEnteredInErrorInput } from '../../../shared/desktop-api';
import { queryKeys } from '../../api/query-keys';
import { useDesktopApi } from '../../app/desktop-api-context';

/** The last 90 days, newest first, those entered in error too (server only). */
export function useVitalSignsList(patientId: string) {
  const api = useDesktopApi();
  return useQuery({ queryKey: queryKeys.vitalSigns(patientId), queryFn: () => api.listVitalSigns(patientId) });
}

export function useMarkVitalSignsEnteredInError() {
  const api = useDesktopApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: MarkVitalSignsEnteredInErrorInput) => api.markVitalSignsEnteredInError(input),
    onSuccess: (_, input) => {
      void client.invalidateQueries({ queryKey: queryKeys.overview(input.patientId) });
      void client.invalidateQueries({ queryKey: queryKeys.vitalSigns(input.patientId) });
    },
  });
}
