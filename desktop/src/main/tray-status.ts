// What the tray icon says about the tunnel (its tooltip and first menu line), in the user's
// language, and the window's title. Neither ever names a patient or the user; while the screen is
// locked they say 「ロック中」 and nothing more. No electron import: tested in Node.
import type { AppStatus, Locale } from '../shared/desktop-api';

export type TrayTone = 'ok' | 'working' | 'attention' | 'off';

interface TrayStatus {
  tone: TrayTone;
  /** The tooltip, e.g. "Renkei — VPN 接続済み". */
  tooltip: string;
  /** The disabled first line of the menu. */
  line: string;
  canConnect: boolean;
  canDisconnect: boolean;
}

const WORDS = {
  ja: {
    up: 'VPN 接続済み',
    connecting: 'VPN 接続中…',
    down: 'VPN 未接続',
    error: 'VPN エラー',
    unconfigured: 'VPN 未設定（承認待ち）',
    notUsed: 'VPNなし（デモ）',
    serviceMissing: 'VPNサービスが動作していません',
    revoked: 'この端末の登録は取り消されました',
    offline: 'オフライン',
    locked: 'ロック中',
  },
  en: {
    up: 'VPN connected',
    connecting: 'VPN connecting…',
    down: 'VPN disconnected',
    error: 'VPN error',
    unconfigured: 'VPN not set up (awaiting approval)',
    notUsed: 'No VPN (demo)',
    serviceMissing: 'The VPN service is not running',
    revoked: "This PC's enrollment was revoked",
    offline: 'offline',
    locked: 'locked',
  },
} as const;

export function trayStatus(status: AppStatus, locale: Locale): TrayStatus {
  const w = WORDS[locale];
  const build = (tone: TrayTone, line: string, canConnect = false, canDisconnect = false): TrayStatus => ({
    tone,
    line,
    tooltip: `Renkei — ${line}${status.session?.locked ? ` (${w.locked})` : !status.online && status.session ? ` (${w.offline})` : ''}`,
    canConnect,
    canDisconnect,
  });
  if (status.device.state === 'revoked') return build('attention', w.revoked);
  if (status.tunnel.serviceUnreachable) return build('attention', w.serviceMissing);
  switch (status.tunnel.phase) {
    case 'up':
      return build('ok', w.up, false, true);
    case 'connecting':
      return build('working', w.connecting, false, true);
    case 'down':
      return build('off', w.down, true, false);
    case 'error':
      return build('attention', status.tunnel.error ? `${w.error}: ${status.tunnel.error}` : w.error, true, true);
    case 'unconfigured':
      return build('off', w.unconfigured);
    case 'not-used':
      return build('attention', w.notUsed);
  }
}

const APP_TITLE = 'Renkei（連携）';

/**
 * The window's title (taskbar, Alt+Tab): the app's name, and 「ロック中」 while locked. The page's own
 * title (a document's, while printing) never reaches the window.
 */
export function windowTitle(status: AppStatus | null, locale: Locale): string {
  return status?.session?.locked ? `${APP_TITLE} — ${WORDS[locale].locked}` : APP_TITLE;
}
