// After login: the patient list, and one patient's chart opened from it. The search text and the
// row to return to survive opening a patient, so Esc brings the user back where they were.
import { useCallback, useState } from 'react';
import type { UserView } from '../../shared/desktop-api';
import { PatientChartScreen } from './PatientChartScreen';
import { PatientListScreen } from './PatientListScreen';

type View = { screen: 'list'; returnFocusTo: string | null } | { screen: 'chart'; patientId: string };

export function PatientWorkspace({ user, online, onDataAsOf }: { user: UserView; online: boolean; onDataAsOf(asOf: string | null): void }) {
  const [view, setView] = useState<View>({ screen: 'list', returnFocusTo: null });
  const [query, setQuery] = useState('');
  const open = useCallback((patientId: string) => setView({ screen: 'chart', patientId }), []);
  const back = useCallback(() => setView((current) => ({ screen: 'list', returnFocusTo: current.screen === 'chart' ? current.patientId : null })), []);

  if (view.screen === 'chart') {
    return <PatientChartScreen key={view.patientId} patientId={view.patientId} user={user} online={online} onBack={back} onDataAsOf={onDataAsOf} />;
  }
  return <PatientListScreen query={query} onQueryChange={setQuery} onOpen={open} returnFocusTo={view.returnFocusTo} />;
}
