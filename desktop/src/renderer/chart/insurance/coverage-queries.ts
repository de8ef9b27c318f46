// The insurance and certification's history (read when opened, from the server) and its change. A
// saved version, or a refusal because someone else saved first, makes the overview (which carries
// the current version to the card, and into this PC's cache) and the patient list (its 認定 mark
// and care level) read again.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RecordCoverageInput } from '../../../shared/coverage-views';
import { queryKeys } from '../../api/query-keys';
import { toUserFacingError } from '../../api/user-facing-error';
import { useDesktopApi } from '../../app/desktop-api-context';

export const INSURANCE = 'INSURANCE';
const SUPERSEDED = 'COVERAGE_VERSION_SUPERSEDED';

export function useCoverageHistory(patientId: string) {
  const api = useDesktopApi();
  return useQuery({ queryKey: [...queryKeys.patient(patientId), 'coverage', 'history'], queryFn: () => api.getCoverageHistory(patientId) });
}

export function useRecordCoverage() {
  const api = useDesktopApi();
  const client = useQueryClient();
  const reread = (patientId: string) =>
    Promise.all([
      client.invalidateQueries({ queryKey: queryKeys.overview(patientId) }),
      client.invalidateQueries({ queryKey: [...queryKeys.patient(patientId), 'coverage'] }),
      client.invalidateQueries({ queryKey: ['patients'] }),
    ]);
  return useMutation({
    mutationFn: (input: RecordCoverageInput) => api.recordCoverage(input),
    onSuccess: (_view, input) => reread(input.patientId),
    onError: (error, input) => {
      if (isSuperseded(toUserFacingError(error).reason)) void reread(input.patientId);
    },
  });
}

export function isSuperseded(reason: string | undefined): boolean {
  return reason === SUPERSEDED;
}
