// After login: the patient list with the timeline inbox, one patient's chart opened from either
// (from the inbox, at its 連絡帳 tab), or a group's timeline. The search text and the row to
// return to survive opening a patient, so Esc brings the user back where they were.
import { useCallback, useEffect, useState } from 'react';
import type { UserView } from '../../shared/desktop-api';
import type { TimelineRefView } from '../../shared/timeline-views';
import type { ChartTabId } from '../chart/shared/ChartTabs';
import { useDesktopApi } from '../app/desktop-api-context';
import { GroupTimelineScreen } from '../timeline/GroupTimelineScreen';
import { showWebNotification } from '../timeline/web-notifications';
import { PatientChartScreen } from './PatientChartScreen';
import { PatientListScreen } from './PatientListScreen';
import { EraPreferenceProvider } from '../chart/shared/era-preference';

type View = { screen: 'list'; returnFocusTo: string | null } | { screen: 'chart'; patientId: string; tab: ChartTabId } | { screen: 'group'; groupId: string };

interface PatientWorkspaceProps {
  user: UserView;
  online: boolean;
  onDataAsOf(asOf: string | null): void;
}

/** The logged-in user's screens, with their own choices (和暦) for all of them. */
export function PatientWorkspace(props: PatientWorkspaceProps) {
  return (
    <EraPreferenceProvider userId={props.user.id}>
      <Workspace {...props} />
    </EraPreferenceProvider>
  );
}

function Workspace({ user, online, onDataAsOf }: PatientWorkspaceProps) {
  const [view, setView] = useState<View>({ screen: 'list', returnFocusTo: null });
  const [query, setQuery] = useState('');
  const open = useCallback((patientId: string) => setView({ screen: 'chart', patientId, tab: 'overview' }), []);
  const openTimeline = useCallback(
    (timeline: TimelineRefView) =>
      setView(timeline.kind === 'patient' ? { screen: 'chart', patientId: timeline.id, tab: 'timeline' } : { screen: 'group', groupId: timeline.id }),
    [],
  );
  // A desktop notification clicked (the app's, or the browser's through the bridge) opens its timeline.
  const api = useDesktopApi();
  useEffect(
    () =>
      api.onEvent((event) => {
        if (event.type === 'open-post') openTimeline(event.timeline);
        if (event.type === 'notification') showWebNotification(event.notification, (timeline) => openTimeline(timeline));
      }),
    [api, openTimeline],
  );
  const back = useCallback(() => setView((current) => ({ screen: 'list', returnFocusTo: current.screen === 'chart' ? current.patientId : null })), []);

  if (view.screen === 'chart') {
    return (
      <PatientChartScreen
        key={view.patientId}
        patientId={view.patientId}
        initialTab={view.tab}
        user={user}
        online={online}
        onBack={back}
        onDataAsOf={onDataAsOf}
      />
    );
  }
  if (view.screen === 'group') return <GroupTimelineScreen key={view.groupId} groupId={view.groupId} user={user} online={online} onBack={back} />;
  return <PatientListScreen query={query} onQueryChange={setQuery} onOpen={open} onOpenTimeline={openTimeline} returnFocusTo={view.returnFocusTo} />;
}
