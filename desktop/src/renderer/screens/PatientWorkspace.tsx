// After login: the patient list with the timeline inbox, one patient's chart opened from either
// (from the inbox, at its 連絡帳 tab), or a group's timeline. The search text and the row to
// return to survive opening a patient, so Esc brings the user back where they were; and, kept over
// a screen lock (KeptState), which screen was open, so unlocking brings the user back to it.
import { useCallback, useEffect } from 'react';
import type { UserView } from '../../shared/desktop-api';
import type { TimelineRefView } from '../../shared/timeline-views';
import type { ChartTabId } from '../chart/shared/ChartTabs';
import { useDesktopApi } from '../app/desktop-api-context';
import { useKeptState } from '../app/kept-state';
import { GroupTimelineScreen } from '../timeline/GroupTimelineScreen';
import { showWebNotification } from '../timeline/web-notifications';
import { PatientChartScreen } from './PatientChartScreen';
import { PatientListScreen } from './PatientListScreen';
import { EraPreferenceProvider } from '../chart/shared/era-preference';

type View =
  | { screen: 'list'; returnFocusTo: string | null }
  | { screen: 'chart'; patientId: string; tab: ChartTabId; visit: string }
  | { screen: 'group'; groupId: string };

const newVisit = () => crypto.randomUUID();

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
  const [view, setView] = useKeptState<View>('workspace:view', { screen: 'list', returnFocusTo: null });
  const [query, setQuery] = useKeptState('workspace:query', '');
  const open = useCallback((patientId: string) => setView({ screen: 'chart', patientId, tab: 'overview', visit: newVisit() }), [setView]);
  const openTimeline = useCallback(
    (timeline: TimelineRefView) =>
      setView(
        timeline.kind === 'patient'
          ? { screen: 'chart', patientId: timeline.id, tab: 'timeline', visit: newVisit() }
          : { screen: 'group', groupId: timeline.id },
      ),
    [setView],
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
  const back = useCallback(() => setView((current) => ({ screen: 'list', returnFocusTo: current.screen === 'chart' ? current.patientId : null })), [setView]);

  if (view.screen === 'chart') {
    return (
      <PatientChartScreen
        key={view.patientId}
        patientId={view.patientId}
        initialTab={view.tab}
        visit={view.visit}
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
