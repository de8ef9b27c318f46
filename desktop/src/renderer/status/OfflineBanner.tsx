// While the server does not answer, say so above the data, and say how old the data is.
import type { AppStatus } from '../../shared/desktop-api';
import { useNow } from '../app/use-now';
import { useLocale } from '../i18n/locale-context';
import { describeOffline } from './status-text';
import './status.css';

export function OfflineBanner({ status, dataAsOf }: { status: AppStatus; dataAsOf: string | null }) {
  const { locale } = useLocale();
  const now = useNow();
  const offline = describeOffline(status, locale, { now }, dataAsOf);
  if (offline === null) return null;
  return (
    <div className={`offline-banner offline-banner--${offline.tone}`} role="status" data-testid="offline-banner">
      <strong>{offline.text}</strong>
      {offline.detail !== null ? <span> {offline.detail}</span> : null}
    </div>
  );
}
