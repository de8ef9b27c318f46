// Always at the bottom of the window: is the VPN up, and how current is the local data. Both decide
// whether what the user sees can be trusted, so they are never hidden behind a menu.
import { useState } from 'react';
import type { AppStatus, UserFacingError } from '../../shared/desktop-api';
import { toUserFacingError } from '../api/user-facing-error';
import { useDesktopApi } from '../app/desktop-api-context';
import { useNow } from '../app/use-now';
import { useLocale, useMessages } from '../i18n/locale-context';
import { describeSync, describeTunnel } from './status-text';
import './status.css';

export function StatusBar({ status, onStatus }: { status: AppStatus; onStatus(status: AppStatus): void }) {
  const api = useDesktopApi();
  const t = useMessages();
  const { locale } = useLocale();
  const now = useNow(15_000);
  const [actionError, setActionError] = useState<UserFacingError | null>(null);
  const tunnel = describeTunnel(status, locale, { now });
  const sync = describeSync(status, locale, { now });

  async function act(action: () => Promise<unknown>) {
    setActionError(null);
    try {
      await action();
    } catch (thrown) {
      setActionError(toUserFacingError(thrown));
    }
  }

  return (
    <footer className="status-bar" aria-label={`${t('tunnelLabel')} / ${t('syncLabel')}`}>
      <div className={`status-item status-item--${tunnel.tone}`} role="status" data-testid="tunnel-status">
        <span className="status-item__dot" aria-hidden="true" />
        <span className="status-item__label">{t('tunnelLabel')}</span>
        <span className="status-item__text">{tunnel.text}</span>
        {tunnel.detail !== null ? <span className="status-item__detail">{tunnel.detail}</span> : null}
        {tunnel.canConnect ? (
          <button type="button" className="button button--small" onClick={() => void act(async () => onStatus(await api.connectTunnel()))}>
            {t('connectTunnel')}
          </button>
        ) : null}
      </div>
      {status.device.state === 'approved' || status.session !== null ? (
        <div className={`status-item status-item--${sync.tone}`} role="status" data-testid="sync-status">
          <span className="status-item__dot" aria-hidden="true" />
          <span className="status-item__label">{t('syncLabel')}</span>
          <span className="status-item__text">{sync.text}</span>
          {sync.progress !== null ? (
            <progress className="status-item__progress" max={sync.progress.total} value={sync.progress.done} aria-label={sync.text} />
          ) : null}
          {sync.detail !== null ? <span className="status-item__detail">{sync.detail}</span> : null}
          {status.session !== null && status.sync.state !== 'syncing' ? (
            <button type="button" className="button button--small" onClick={() => void act(() => api.syncNow())}>
              {t('syncNow')}
            </button>
          ) : null}
        </div>
      ) : null}
      {actionError !== null ? (
        <div className="status-item status-item--error" role="alert">
          {actionError.message[locale]}
        </div>
      ) : null}
    </footer>
  );
}
