// Registered, not yet approved. The office approves from its own console, possibly while the user
// watches this screen, so the screen asks again every few seconds and moves on by itself.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppStatus, DeviceView, UserFacingError } from '../../shared/desktop-api';
import { toUserFacingError } from '../api/user-facing-error';
import { useDesktopApi } from '../app/desktop-api-context';
import { DeviceFacts } from '../components/DeviceFacts';
import { ErrorNotice } from '../components/ErrorNotice';
import { formatClockWithSeconds } from '../format/clock-time';
import { useMessages } from '../i18n/locale-context';

export const APPROVAL_RECHECK_MS = 5_000;

export function AwaitingApprovalScreen({ device, onStatus }: { device: Exclude<DeviceView, { state: 'not-enrolled' }>; onStatus(status: AppStatus): void }) {
  const api = useDesktopApi();
  const t = useMessages();
  const [checking, setChecking] = useState(false);
  const [lastCheckedAt, setLastCheckedAt] = useState<string | null>(null);
  const [error, setError] = useState<UserFacingError | null>(null);
  const inFlight = useRef(false);

  const check = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    setChecking(true);
    try {
      const status = await api.refreshDevice();
      setError(null);
      onStatus(status);
    } catch (thrown) {
      setError(toUserFacingError(thrown));
    } finally {
      inFlight.current = false;
      setChecking(false);
      setLastCheckedAt(new Date().toISOString());
    }
  }, [api, onStatus]);

  useEffect(() => {
    const timer = window.setInterval(() => void check(), APPROVAL_RECHECK_MS);
    return () => window.clearInterval(timer);
  }, [check]);

  return (
    <section className="panel" aria-labelledby="awaiting-title">
      <h1 id="awaiting-title">
        <span className="spinner" aria-hidden="true" />
        {t('awaitingTitle')}
      </h1>
      <p className="panel__intro">{t('awaitingIntro')}</p>
      <DeviceFacts device={device} />
      <ErrorNotice error={error} />
      <div className="form-actions">
        <button type="button" className="button button--primary" onClick={() => void check()} aria-disabled={checking} autoFocus>
          {checking ? t('checking') : t('checkAgain')}
        </button>
        <span className="panel__note" aria-live="polite">
          {lastCheckedAt !== null ? t('lastChecked', { time: formatClockWithSeconds(lastCheckedAt) }) : null}
        </span>
      </div>
    </section>
  );
}
