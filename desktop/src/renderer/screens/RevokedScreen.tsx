// The office revoked this PC: it may no longer show patient information. Nothing here invites the
// user to try again; what to do is to call the office, so the facts they need are on screen.
import type { DeviceView } from '../../shared/desktop-api';
import { DeviceFacts } from '../components/DeviceFacts';
import { useMessages } from '../i18n/locale-context';

export function RevokedScreen({ device }: { device: Exclude<DeviceView, { state: 'not-enrolled' }> }) {
  const t = useMessages();
  return (
    <section className="panel panel--revoked" aria-labelledby="revoked-title">
      <h1 id="revoked-title">{t('revokedTitle')}</h1>
      <p className="panel__intro">{t('revokedBody')}</p>
      <p>{t('revokedContact')}</p>
      <DeviceFacts device={device} />
    </section>
  );
}
