// The frame of every screen, and which screen the core's state calls for: enrollment, waiting for
// approval, revoked, login, or the patients. The state is the core's; the screens only follow it.
// A locked session (issue 13) shows the lock screen alone: the patients' screens unmount, what was
// read is dropped from memory, and what the user was typing waits in KeptState until unlocked.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AppStatus } from '../../shared/desktop-api';
import { ErrorNotice } from '../components/ErrorNotice';
import { PaneErrorBoundary } from '../components/PaneErrorBoundary';
import { useMessages } from '../i18n/locale-context';
import { AwaitingApprovalScreen } from '../screens/AwaitingApprovalScreen';
import { EnrollmentScreen } from '../screens/EnrollmentScreen';
import { LockScreen } from '../screens/LockScreen';
import { LoginScreen } from '../screens/LoginScreen';
import { PatientWorkspace } from '../screens/PatientWorkspace';
import { PasswordChangeRequiredScreen } from '../screens/AccountScreen';
import { RevokedScreen } from '../screens/RevokedScreen';
import { OfflineBanner } from '../status/OfflineBanner';
import { StatusBar } from '../status/StatusBar';
import { AppHeader } from './AppHeader';
import { DesktopApiContext, type RendererApi } from './desktop-api-context';
import { KeptState, KeptStateProvider } from './kept-state';
import { useAppStatus } from './use-app-status';
import { useIdleLock } from './use-idle-lock';
import { useTimelineEvents } from '../timeline/timeline-queries';
import { useWindowDropGuard } from './use-window-drop-guard';
import './frame.css';

export function App({ api }: { api: RendererApi }) {
  return (
    <DesktopApiContext.Provider value={api}>
      <AppFrame api={api} />
    </DesktopApiContext.Provider>
  );
}

function AppFrame({ api }: { api: RendererApi }) {
  const t = useMessages();
  const queryClient = useQueryClient();
  useWindowDropGuard();
  // What the core pushes about the timeline keeps every screen's posts and counts current.
  useTimelineEvents();
  const { status, loadError, setStatus, reload } = useAppStatus(api);
  const [dataAsOf, setDataAsOf] = useState<string | null>(null);
  const session = status?.session ?? null;
  const locked = session?.locked != null;
  useIdleLock(api, session !== null && !locked ? session.idleLockMinutes : null);
  // Each session its own: a new login (even the same user's) starts with nothing kept.
  const sessionUser = session?.user.id ?? null;
  const kept = useMemo(() => new KeptState(sessionUser), [sessionUser]);
  // Locked: nothing read stays in this window's memory; the screens read afresh once unlocked.
  useEffect(() => {
    if (locked) queryClient.clear();
  }, [locked, queryClient]);
  const lock = useCallback(() => void api.lockScreen().catch(() => undefined), [api]);

  // Login and logout change the whole status (session, sync, online): read it again.
  const afterSessionChange = useCallback(() => void reload(), [reload]);
  const logout = useCallback(() => {
    void api.logout().finally(() => void reload());
  }, [api, reload]);

  return (
    <div className="app">
      <AppHeader status={status} onLogout={logout} onLock={lock} />
      {status !== null ? <OfflineBanner status={status} dataAsOf={dataAsOf} /> : null}
      <main className="app__main">
        {status === null ? (
          loadError === null ? (
            <p className="muted">{t('loading')}</p>
          ) : (
            <section className="panel">
              <h1>{t('startupFailed')}</h1>
              <ErrorNotice error={loadError} />
              <button type="button" className="button button--primary" onClick={() => void reload()}>
                {t('retry')}
              </button>
            </section>
          )
        ) : (
          // A screen that fails to render says so below the header, which (with logout) stays. Its
          // 再読み込み starts it again from fresh reads; a new screen or user starts afresh anyway.
          <PaneErrorBoundary key={`${status.device.state}/${status.session?.user.id ?? ''}`} onRetry={() => queryClient.resetQueries()}>
            <KeptStateProvider store={kept}>
              <Screen status={status} onStatus={setStatus} onSessionChange={afterSessionChange} onDataAsOf={setDataAsOf} />
            </KeptStateProvider>
          </PaneErrorBoundary>
        )}
      </main>
      {status !== null ? <StatusBar status={status} onStatus={setStatus} /> : null}
    </div>
  );
}

function Screen({
  status,
  onStatus,
  onSessionChange,
  onDataAsOf,
}: {
  status: AppStatus;
  onStatus(status: AppStatus): void;
  onSessionChange(): void;
  onDataAsOf(asOf: string | null): void;
}) {
  const { device, session } = status;
  switch (device.state) {
    case 'not-enrolled':
      return <EnrollmentScreen onStatus={onStatus} />;
    case 'pending':
      return <AwaitingApprovalScreen device={device} onStatus={onStatus} />;
    case 'revoked':
      return <RevokedScreen device={device} />;
    case 'approved':
      if (session?.locked) return <LockScreen session={session} locked={session.locked} onChanged={onSessionChange} />;
      if (session !== null && session.passwordChangeRequired) return <PasswordChangeRequiredScreen session={session} onChanged={onSessionChange} />;
      return session === null ? (
        <LoginScreen device={device} sessionEnded={status.sessionEnded} onLoggedIn={onSessionChange} />
      ) : (
        // Keyed by user, so nothing one user searched or opened is shown to the next.
        <PatientWorkspace key={session.user.id} user={session.user} online={status.online} onDataAsOf={onDataAsOf} />
      );
  }
}
