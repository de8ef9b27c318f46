// After login: the patient list, and one patient's overview opened from it. The search text and
// the row to return to survive opening a patient, so Esc brings the user back where they were.
import { useCallback, useState } from 'react';
import { PatientListScreen } from './PatientListScreen';
import { PatientOverviewScreen } from './PatientOverviewScreen';

type View = { screen: 'list'; returnFocusTo: string | null } | { screen: 'overview'; patientId: string };

export function PatientWorkspace({
  currentUserId,
  lastSyncedAt,
  onDataAsOf,
}: {
  currentUserId: string;
  lastSyncedAt: string | null;
  onDataAsOf(asOf: string | null): void;
}) {
  const [view, setView] = useState<View>({ screen: 'list', returnFocusTo: null });
  const [query, setQuery] = useState('');
  const open = useCallback((patientId: string) => setView({ screen: 'overview', patientId }), []);
  const back = useCallback(
    () => setView((current) => ({ screen: 'list', returnFocusTo: current.screen === 'overview' ? current.patientId : null })),
    [],
  );

  if (view.screen === 'overview') {
    return (
      <PatientOverviewScreen
        patientId={view.patientId}
        currentUserId={currentUserId}
        onBack={back}
        onDataAsOf={onDataAsOf}
        lastSyncedAt={lastSyncedAt}
      />
    );
  }
  return (
    <PatientListScreen
      query={query}
      onQueryChange={setQuery}
      onOpen={open}
      returnFocusTo={view.returnFocusTo}
      lastSyncedAt={lastSyncedAt}
    />
  );
}
