// Reading one patient's overview (the chart summary comes with it): from the server when it
// answers, else from this PC's cache, as the core decides. Every change to the chart marks it
// stale (see each record kind's queries), and so does a finished sync.
import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../api/query-keys';
import { useDesktopApi } from '../../app/desktop-api-context';

export function useOverview(patientId: string) {
  const api = useDesktopApi();
  return useQuery({ queryKey: queryKeys.overview(patientId), queryFn: () => api.getPatientOverview(patientId) });
}
