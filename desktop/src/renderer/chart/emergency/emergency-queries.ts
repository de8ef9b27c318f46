// The emergency information's history (read when opened, from the server) and its change: a saved
// version makes the overview (which carries the current version, and is what the header shows)
// read again.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RecordEmergencyInfoInput } from '../../../shared/emergency-views';
import { queryKeys } from '../../api/query-keys';
import { useDesktopApi } from '../../app/desktop-api-context';

export const EMERGENCY_INFO = 'EMERGENCY_INFO';

export function useEmergencyInfoHistory(patientId: string) {
  const api = useDesktopApi();
  return useQuery({ queryKey: [...queryKeys.patient(patientId), 'emergency', 'history'], queryFn: () => api.getEmergencyInfoHistory(patientId) });
}

export function useRecordEmergencyInfo() {
  const api = useDesktopApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: RecordEmergencyInfoInput) => api.recordEmergencyInfo(input),
    onSuccess: (_view, input) => {
      void client.invalidateQueries({ queryKey: queryKeys.overview(input.patientId) });
      void client.invalidateQueries({ queryKey: [...queryKeys.patient(input.patientId), 'emergency'] });
    },
  });
}
