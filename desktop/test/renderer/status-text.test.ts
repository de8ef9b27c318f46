import { describe, expect, it } from 'vitest';
import type { AppStatus, DeviceView, SessionView, SyncView, TunnelView } from '../../src/shared/desktop-api';
import { describeOffline, describeSync, describeTunnel } from '../../src/renderer/status/status-text';

const clock = { now: new Date('2026-11-03T05:00:00Z') }; // 14:00 in Japan

const approved: DeviceView = {
  state: 'approved',
  serverAddress: 'renkei.example.jp:7443',
  deviceId: 'd-1',
  deviceName: '診察室PC-1',
  facilityName: '宮崎在宅クリニック',
  enrolledAt: null,
  tunnelRequired: true,
};

const tunnel = (change: Partial<TunnelView> = {}): TunnelView => ({
  phase: 'up',
  lastHandshakeAt: '2026-11-03T04:58:00Z',
  rxBytes: 0,
  txBytes: 0,
  error: null,
  serviceUnreachable: false,
  ...change,
});

const session: SessionView = {
  user: {
    id: 'u-1',
    loginId: 'tanaka',
    name: { family: '田中', given: '一郎', familyKana: 'タナカ', givenKana: 'イチロウ' },
    profession: 'PROFESSION_DOCTOR',
    facilityName: '宮崎在宅クリニック',
  },
  expiresAt: '2026-11-03T13:00:00Z',
  offline: true,
  loginAgain: null,
  idleLockMinutes: 10,
  locked: null,
  passwordChangeRequired: false,
  passwordRule: null,
};

describe('the tunnel in the status bar', () => {
  it('shows a connected tunnel with its last handshake time', () => {
    expect(describeTunnel({ device: approved, tunnel: tunnel() }, 'ja', clock)).toMatchObject({
      text: '接続済み（最終ハンドシェイク 13:58）',
      tone: 'ok',
      canConnect: false,
    });
    expect(describeTunnel({ device: approved, tunnel: tunnel({ lastHandshakeAt: null }) }, 'ja', clock).text).toBe('接続済み');
  });

  it('is not green when the handshake is older than WireGuard lets it get while the line works', () => {
    // 13:57:40: 140 s before 14:00, past the 120 s renewal and its retries.
    const stale = describeTunnel({ device: approved, tunnel: tunnel({ lastHandshakeAt: '2026-11-03T04:57:40Z' }) }, 'ja', clock);
    expect(stale).toMatchObject({ text: '応答なし（最終ハンドシェイク 13:57）', tone: 'warning' });
    expect(stale.detail).toContain('ネットワークの接続を確認してください');
    // 13:58:00, 120 s before: just renewed or about to be, still green.
    expect(describeTunnel({ device: approved, tunnel: tunnel({ lastHandshakeAt: '2026-11-03T04:58:00Z' }) }, 'en', clock)).toMatchObject({ tone: 'ok' });
  });

  it('says 未接続 and 接続中 and offers to connect only when it could help', () => {
    expect(describeTunnel({ device: approved, tunnel: tunnel({ phase: 'down' }) }, 'ja', clock)).toMatchObject({ text: '未接続', canConnect: true });
    expect(describeTunnel({ device: approved, tunnel: tunnel({ phase: 'connecting' }) }, 'ja', clock)).toMatchObject({
      text: '接続中…',
      tone: 'busy',
      canConnect: false,
    });
    const pending: DeviceView = { ...approved, state: 'pending' };
    expect(describeTunnel({ device: pending, tunnel: tunnel({ phase: 'down' }) }, 'ja', clock).canConnect).toBe(false);
  });

  it('says plainly that a demo server has no VPN, whatever the tunnel reports', () => {
    const demo: DeviceView = { ...approved, tunnelRequired: false };
    expect(describeTunnel({ device: demo, tunnel: tunnel({ phase: 'up' }) }, 'ja', clock)).toMatchObject({ text: 'VPNなし（デモ）', tone: 'warning' });
    expect(describeTunnel({ device: approved, tunnel: tunnel({ phase: 'not-used' }) }, 'en', clock).text).toBe('No VPN (demo)');
  });

  it('says the tunnel service is not running, and what to do, before anything the phase says', () => {
    const line = describeTunnel({ device: approved, tunnel: tunnel({ phase: 'error', serviceUnreachable: true }) }, 'ja', clock);
    expect(line.text).toBe('VPNサービスが起動していません');
    expect(line.detail).toMatch(/PCを再起動/);
    expect(line.tone).toBe('error');
  });

  it("shows its own words for an error, with the service's English only as a detail", () => {
    const line = describeTunnel({ device: approved, tunnel: tunnel({ phase: 'error', error: 'handshake timeout' }) }, 'ja', clock);
    expect(line).toMatchObject({ text: '接続できません', tone: 'error', canConnect: true });
    expect(line.detail).toContain('handshake timeout');
  });

  it('has nothing to connect before the PC is registered', () => {
    expect(describeTunnel({ device: { state: 'not-enrolled' }, tunnel: tunnel({ phase: 'unconfigured' }) }, 'ja', clock).canConnect).toBe(false);
  });
});

/** The status of a session whose server answers, with this sync. */
const online = (sync: SyncView): Pick<AppStatus, 'sync' | 'online' | 'session'> => ({ sync, online: true, session });

describe('sync in the status bar', () => {
  it('shows when the cache last matched the server', () => {
    expect(describeSync(online({ state: 'idle', lastSyncedAt: '2026-11-03T04:05:00Z', progress: null, error: null }), 'ja', clock).text).toBe(
      '同期済み（13:05）',
    );
    expect(describeSync(online({ state: 'never', lastSyncedAt: null, progress: null, error: null }), 'ja', clock).text).toBe('未同期');
  });

  it('counts a long sync with a progress bar', () => {
    const line = describeSync(online({ state: 'syncing', lastSyncedAt: null, progress: { done: 1250, total: 4800 }, error: null }), 'ja', clock);
    expect(line.text).toBe('同期中 1,250 / 4,800件');
    expect(line.progress).toEqual({ done: 1250, total: 4800 });
    const unknown = describeSync(online({ state: 'syncing', lastSyncedAt: null, progress: { done: 0, total: 0 }, error: null }), 'ja', clock);
    expect(unknown).toMatchObject({ text: '同期中…', progress: null });
  });

  it("shows a failed sync with the core's words in the user's language", () => {
    const error = { reason: 'SESSION_EXPIRED', message: { ja: 'もう一度ログインしてください。', en: 'Please log in again.' } };
    expect(describeSync(online({ state: 'error', lastSyncedAt: null, progress: null, error }), 'en', clock)).toMatchObject({
      text: 'Sync failed',
      detail: 'Please log in again.',
      tone: 'error',
    });
  });
});

describe('sync in the status bar while the server does not answer', () => {
  const synced: SyncView = { state: 'idle', lastSyncedAt: '2026-11-03T04:05:00Z', progress: null, error: null };

  it('says offline, as the banner does, never a green 「同期済み」', () => {
    expect(describeSync({ sync: synced, online: false, session }, 'ja', clock)).toMatchObject({ text: 'オフライン（最終同期 13:05）', tone: 'warning' });
    expect(describeSync({ sync: { ...synced, lastSyncedAt: null, state: 'never' }, online: false, session }, 'en', clock).text).toBe(
      'Offline (not synced yet)',
    );
  });

  it('is the plain sync line before login (no data to date)', () => {
    expect(describeSync({ sync: synced, online: false, session: null }, 'ja', clock).text).toBe('同期済み（13:05）');
  });
});

describe('the offline banner', () => {
  const offline: Pick<AppStatus, 'online' | 'sync' | 'session'> = {
    online: false,
    session,
    sync: { state: 'idle', lastSyncedAt: '2026-11-03T04:05:00Z', progress: null, error: null },
  };

  it('dates the data on screen by the last sync', () => {
    expect(describeOffline(offline, 'ja', clock)?.text).toBe('オフライン: 13:05時点のデータを表示しています');
    expect(describeOffline(offline, 'en', clock)?.text).toBe('Offline: showing data as of 13:05');
  });

  it('prefers the time of the data actually shown, and dates data older than today', () => {
    expect(describeOffline(offline, 'ja', clock, '2026-11-01T23:10:00Z')?.text).toBe('オフライン: 11月2日 08:10時点のデータを表示しています');
  });

  it('says there is no data at all when nothing was ever synced', () => {
    expect(describeOffline({ ...offline, sync: { ...offline.sync, lastSyncedAt: null } }, 'ja', clock)?.text).toMatch(/まだ同期済みのデータがありません/);
  });

  it('tells an offline session it goes back online by itself', () => {
    expect(describeOffline({ ...offline, session: { ...session, offline: true } }, 'ja', clock)?.detail).toMatch(/自動でオンラインに戻ります/);
  });

  it('asks the user to log in again when the server would not take the session back, and why', () => {
    const loginAgain = { reason: 'LOGIN_FAILED', message: { ja: 'ログインIDまたはパスワードが違います。', en: 'Wrong login ID or password.' } };
    const line = describeOffline({ ...offline, session: { ...session, offline: true, loginAgain } }, 'ja', clock);
    expect(line).toMatchObject({ tone: 'error' });
    expect(line?.detail).toBe(
      'サーバーには接続できましたが、自動でログインできませんでした（ログインIDまたはパスワードが違います。）。ログアウトして、もう一度ログインしてください。',
    );
  });

  it('is not shown while online, nor before login', () => {
    expect(describeOffline({ ...offline, online: true }, 'ja', clock)).toBeNull();
    expect(describeOffline({ ...offline, session: null }, 'ja', clock)).toBeNull();
  });
});
