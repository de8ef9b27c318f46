// Adding and changing a drug entry, and reading the list's history. A change answers with the new
// version; the medications card reads the overview, so the overview is read again (and with it the
// current list), and the history read before is stale.
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { AddMedicationInput, ChangeMedicationInput } from '../../../shared/desktop-api';
import { queryKeys } from '../../api/query-keys';
import { useDesktopApi } from '../../app/desktop-api-context';

export function useAddMedication() {
  const api = useDesktopApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: AddMedicationInput) => api.addMedication(input),
    onSuccess: (_, input) => medicationsChanged(client, input.patientId),
  });
}

export function useChangeMedication() {
  const api = useDesktopApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ChangeMedicationInput) => api.changeMedication(input),
    onSuccess: (_, input) => medicationsChanged(client, input.patientId),
  });
}

/** Every entry, stopped ones too (server only). */
export function useAllMedications(patientId: string) {
  const api = useDesktopApi();
  return useQuery({ queryKey: queryKeys.medicationList(patientId), queryFn: () => api.listAllMedications(patientId) });
}

/** One entry's versions, oldest first (server only). */
export function useMedicationHistory(patientId: string, medicationId: string) {
  const api = useDesktopApi();
  return useQuery({
    queryKey: queryKeys.medicationHistory(patientId, medicationId),
    queryFn: () => api.getMedicationHistory(patientId, medicationId),
  });
}

function medicationsChanged(client: QueryClient, patientId: string): void {
  void client.invalidateQueries({ queryKey: queryKeys.overview(patientId) });
  void client.invalidateQueries({ queryKey: queryKeys.medications(patientId) });
}
