// Adding and changing a drug entry. Either answers with the new version; the medications card
// reads the overview, so the overview is read again (and with it the current list).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AddMedicationInput, ChangeMedicationInput } from '../../../shared/desktop-api';
import { queryKeys } from '../../api/query-keys';
import { useDesktopApi } from '../../app/desktop-api-context';

export function useAddMedication() {
  const api = useDesktopApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: AddMedicationInput) => api.addMedication(input),
    onSuccess: (_, input) => client.invalidateQueries({ queryKey: queryKeys.overview(input.patientId) }),
  });
}

export function useChangeMedication() {
  const api = useDesktopApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ChangeMedicationInput) => api.changeMedication(input),
    onSuccess: (_, input) => client.invalidateQueries({ queryKey: queryKeys.overview(input.patientId) }),
  });
}
