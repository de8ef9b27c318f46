// What the main process shows outside the window while the screen is locked (issue 13): the tray
// tooltip, the window title (taskbar, Alt+Tab) and the unread badge name no patient, and not the
// user either; locked, they say so and show no count. Pure functions, tested in Node (Electron
// cannot run here): main.ts, app-tray.ts and timeline-alerts.ts apply them as they are.
import { describe, expect, it } from 'vitest';
import { trayStatus, windowTitle } from '../../src/main/tray-status';
import { badgeShowsUnread } from '../../src/main/unread-badge';
import type { AppStatus, SessionView } from '../../src/shared/desktop-api';

const session = (locked: boolean): SessionView => ({
  user: {
    id: 'u-1',
    loginId: 'ns.kai',
    name: { family: '甲斐', given: '由美', familyKana: 'カイ', givenKana: 'ユミ' },
    profession: 'PROFESSION_NURSE',
    facilityName: '訪問看護ステーションひむか',
  },
  expiresAt: '2026-11-03T13:00:00Z',
  offline: false,
  loginAgain: null,
  idleLockMinutes: 10,
  passwordChangeRequired: false,
  passwordRule: null,
  locked: locked ? { lockedAt: '2026-11-03T04:00:00Z', attemptsLeft: 5, unsentPosts: 2 } : null,
});

const status = (value: SessionView | null): AppStatus => ({
  device: { state: 'approved', serverAddress: 'x:7443', deviceId: 'd', deviceName: 'PC', facilityName: 'F', enrolledAt: null, tunnelRequired: true },
  tunnel: { phase: 'up', lastHandshakeAt: null, rxBytes: 0, txBytes: 0, error: null, serviceUnreachable: false },
  session: value,
  sync: { state: 'idle', lastSyncedAt: null, progress: null, error: null },
  online: true,
  sessionEnded: null,
});

describe('the shell while the screen is locked', () => {
  it('says 「ロック中」 in the tray tooltip and the window title, and names nobody', () => {
    const locked = status(session(true));
    expect(trayStatus(locked, 'ja').tooltip).toBe('Renkei — VPN 接続済み (ロック中)');
    expect(trayStatus(locked, 'en').tooltip).toBe('Renkei — VPN connected (locked)');
    expect(windowTitle(locked, 'ja')).toBe('Renkei（連携） — ロック中');
    expect(windowTitle(locked, 'en')).toBe('Renkei（連携） — locked');
    for (const text of [trayStatus(locked, 'ja').tooltip, trayStatus(locked, 'ja').line, windowTitle(locked, 'ja')]) {
      expect(text).not.toContain('甲斐');
      expect(text).not.toContain('ひむか');
    }
  });

  it('shows the plain title and tooltip when unlocked or logged out', () => {
    expect(windowTitle(status(session(false)), 'ja')).toBe('Renkei（連携）');
    expect(windowTitle(status(null), 'ja')).toBe('Renkei（連携）');
    expect(windowTitle(null, 'en')).toBe('Renkei（連携）');
    expect(trayStatus(status(session(false)), 'ja').tooltip).toBe('Renkei — VPN 接続済み');
  });

  it('shows no unread count while locked or logged out', () => {
    expect(badgeShowsUnread(status(session(true)))).toBe(false);
    expect(badgeShowsUnread(status(null))).toBe(false);
    expect(badgeShowsUnread(status(session(false)))).toBe(true);
  });
});
