// What the regional office needs to find this PC in its list: shown wherever the user may have to
// call them (waiting for approval, revoked).
import type { DeviceView } from '../../shared/desktop-api';
import { formatInstant } from '../format/clock-time';
import { useLocale, useMessages } from '../i18n/locale-context';
import { useNow } from '../app/use-now';

export function DeviceFacts({ device }: { device: Exclude<DeviceView, { state: 'not-enrolled' }> }) {
  const t = useMessages();
  const { locale } = useLocale();
  const now = useNow();
  return (
    <dl className="facts">
      <dt>{t('facilityLabel')}</dt>
      <dd>{device.facilityName}</dd>
      <dt>{t('deviceNameLabel')}</dt>
      <dd>{device.deviceName}</dd>
      <dt>{t('deviceIdLabel')}</dt>
      <dd className="facts__code">{device.deviceId}</dd>
      <dt>{t('serverLabel')}</dt>
      <dd className="facts__code">{device.serverAddress}</dd>
      {device.enrolledAt !== null ? (
        <>
          <dt>{t('enrolledAtLabel')}</dt>
          <dd>{formatInstant(device.enrolledAt, locale, { now })}</dd>
        </>
      ) : null}
    </dl>
  );
}
