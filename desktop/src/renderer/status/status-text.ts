// What the status bar and the offline banner say, decided from AppStatus alone so the rules can be
// read and tested in one place. The tunnel service reports its own failures in English; the user
// sees our text for the phase, and the service's words only as a detail for support.
import type { AppStatus, Locale } from '../../shared/desktop-api';
import { formatInstant, type ClockOptions } from '../format/clock-time';
import { translatorFor } from '../i18n/translate';

export type StatusTone = 'ok' | 'busy' | 'idle' | 'warning' | 'error';

export interface StatusLine {
  text: string;
  tone: StatusTone;
  /** A longer explanation: what it means and what to do. */
  detail: string | null;
}

export interface TunnelStatusLine extends StatusLine {
  /** Whether pressing "connect" could help now. */
  canConnect: boolean;
}

/**
 * A handshake older than this means WireGuard could not renew it: it renews every 120 s while
 * packets flow (the core's health check keeps them flowing) and retries every 5 s when that fails.
 * The tunnel service calls the tunnel up until 180 s (when no key is valid any more); the light
 * stops being green before that.
 */
export const HANDSHAKE_STALE_MS = 135_000;

export function describeTunnel(status: Pick<AppStatus, 'device' | 'tunnel'>, locale: Locale, clock: ClockOptions): TunnelStatusLine {
  const t = translatorFor(locale);
  const { device, tunnel } = status;
  const line = (text: string, tone: StatusTone, detail: string | null = null, canConnect = false): TunnelStatusLine => ({
    text,
    tone,
    detail,
    canConnect,
  });
  if (device.state === 'not-enrolled') return line(t('tunnelNotEnrolled'), 'idle');
  // A demo server is the one case without a tunnel; it must never look like a secured connection.
  if (!device.tunnelRequired || tunnel.phase === 'not-used') return line(t('tunnelDemo'), 'warning', t('tunnelDemoDetail'));
  if (tunnel.serviceUnreachable) return line(t('tunnelServiceUnreachable'), 'error', t('tunnelServiceUnreachableDetail'));
  const canConnect = device.state === 'approved';
  switch (tunnel.phase) {
    case 'unconfigured':
      return line(t('tunnelUnconfigured'), 'idle', t('tunnelUnconfiguredDetail'));
    case 'down':
      return line(t('tunnelDown'), 'warning', null, canConnect);
    case 'connecting':
      return line(t('tunnelConnecting'), 'busy');
    case 'up':
      if (tunnel.lastHandshakeAt !== null && clock.now.getTime() - Date.parse(tunnel.lastHandshakeAt) > HANDSHAKE_STALE_MS) {
        return line(t('tunnelStale', { time: formatInstant(tunnel.lastHandshakeAt, locale, clock) }), 'warning', t('tunnelStaleDetail'));
      }
      return line(
        tunnel.lastHandshakeAt === null ? t('tunnelUp') : t('tunnelUpHandshake', { time: formatInstant(tunnel.lastHandshakeAt, locale, clock) }),
        'ok',
      );
    case 'error':
      return line(t('tunnelError'), 'error', tunnel.error === null ? t('tunnelErrorDetail') : `${t('tunnelErrorDetail')} (${tunnel.error})`, canConnect);
  }
}

export interface SyncStatusLine extends StatusLine {
  /** Shown as a bar while a sync reports how far it is. */
  progress: { done: number; total: number } | null;
}

/**
 * The sync's line. While a session's server does not answer, the data is as old as the last sync:
 * the line says offline (as the banner does), never a green 「同期済み」 that contradicts it.
 */
export function describeSync(status: Pick<AppStatus, 'sync' | 'online' | 'session'>, locale: Locale, clock: ClockOptions): SyncStatusLine {
  const t = translatorFor(locale);
  const count = new Intl.NumberFormat(locale === 'ja' ? 'ja-JP' : 'en-GB');
  const { sync } = status;
  if (status.session !== null && !status.online && sync.state !== 'syncing') {
    return {
      text: sync.lastSyncedAt === null ? t('syncOfflineNever') : t('syncOffline', { time: formatInstant(sync.lastSyncedAt, locale, clock) }),
      tone: 'warning',
      detail: null,
      progress: null,
    };
  }
  switch (sync.state) {
    case 'never':
      return { text: t('syncNever'), tone: 'idle', detail: null, progress: null };
    case 'idle':
      return {
        text: sync.lastSyncedAt === null ? t('syncNever') : t('syncIdle', { time: formatInstant(sync.lastSyncedAt, locale, clock) }),
        tone: sync.lastSyncedAt === null ? 'idle' : 'ok',
        detail: null,
        progress: null,
      };
    case 'syncing': {
      const progress = sync.progress !== null && sync.progress.total > 0 ? sync.progress : null;
      return {
        text: progress === null ? t('syncing') : t('syncingProgress', { done: count.format(progress.done), total: count.format(progress.total) }),
        tone: 'busy',
        detail: null,
        progress,
      };
    }
    case 'error':
      return { text: t('syncError'), tone: 'error', detail: sync.error?.message[locale] ?? null, progress: null };
  }
}

/**
 * The banner shown while the clinical API does not answer: what the user is looking at and how
 * old it is. Only over patient data (a session): before login there is no data to date, and the
 * login screen says itself why the server cannot be reached. `asOf` is the time of the data on screen when it is known better than the last sync
 * (a patient overview read from the cache).
 */
export function describeOffline(
  status: Pick<AppStatus, 'online' | 'sync' | 'session'>,
  locale: Locale,
  clock: ClockOptions,
  asOf: string | null = null,
): StatusLine | null {
  if (status.online || status.session === null) return null;
  const t = translatorFor(locale);
  const dataTime = asOf ?? status.sync.lastSyncedAt;
  const text = dataTime === null ? t('offlineNoData') : t('offlineAsOf', { time: formatInstant(dataTime, locale, clock) });
  // The server answered but would not take the session back by itself: only the user can go on.
  const { loginAgain } = status.session;
  if (loginAgain !== null) return { text, tone: 'error', detail: t('offlineLoginAgain', { reason: loginAgain.message[locale] }) };
  if (status.session.offline)
    return { text, tone: 'warning', detail: dataTime === null ? t('offlineAutoReconnect') : `${t('offlineAdvice')} ${t('offlineAutoReconnect')}` };
  return { text, tone: 'warning', detail: dataTime === null ? null : t('offlineAdvice') };
}
