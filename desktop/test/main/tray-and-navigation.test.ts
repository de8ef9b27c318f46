import { describe, expect, it } from 'vitest';
import { APP_ENTRY, isAppUrl, isVettedExternalUrl } from '../../src/main/navigation-policy';
import { trayIconBitmap } from '../../src/main/tray-icon';
import { trayStatus } from '../../src/main/tray-status';
import type { AppStatus } from '../../src/shared/desktop-api';

function status(overrides: Partial<AppStatus> = {}, tunnel: Partial<AppStatus['tunnel']> = {}): AppStatus {
  return {
    device: { state: 'approved', serverAddress: 'x:7443', deviceId: 'd', deviceName: 'PC', facilityName: 'F', enrolledAt: null, tunnelRequired: true },
    tunnel: { phase: 'up', lastHandshakeAt: null, rxBytes: 0, txBytes: 0, error: null, serviceUnreachable: false, ...tunnel },
    session: null,
    sync: { state: 'idle', lastSyncedAt: null, progress: null, error: null },
    online: true,
    sessionEnded: null,
    ...overrides,
  };
}

describe('tray', () => {
  it('says what state the tunnel is in, and offers what can be done about it', () => {
    expect(trayStatus(status(), 'ja')).toMatchObject({ tone: 'ok', tooltip: 'Renkei — VPN 接続済み', canConnect: false, canDisconnect: true });
    expect(trayStatus(status({}, { phase: 'down' }), 'ja')).toMatchObject({ tone: 'off', line: 'VPN 未接続', canConnect: true });
    expect(trayStatus(status({}, { phase: 'error', error: 'wireguard-go exited' }), 'en').line).toBe('VPN error: wireguard-go exited');
    expect(trayStatus(status({}, { serviceUnreachable: true }), 'ja').line).toBe('VPNサービスが動作していません');
    expect(trayStatus(status({}, { phase: 'not-used' }), 'ja').line).toBe('VPNなし（デモ）');
    const revoked = status({
      device: { state: 'revoked', serverAddress: '', deviceId: 'd', deviceName: '', facilityName: '', enrolledAt: null, tunnelRequired: true },
    });
    expect(trayStatus(revoked, 'en')).toMatchObject({ tone: 'attention', canConnect: false, canDisconnect: false });
  });

  it('draws a round dot of the right colour with transparent corners', () => {
    const bitmap = trayIconBitmap('ok', 16);
    expect(bitmap.length).toBe(16 * 16 * 4);
    expect(bitmap[3]).toBe(0); // top-left corner transparent
    const centre = (8 * 16 + 8) * 4;
    expect([...bitmap.subarray(centre, centre + 4)]).toEqual([0x3b, 0x8a, 0x1f, 255]); // BGRA green, opaque
  });
});

describe('navigation policy', () => {
  it('keeps the window on the app', () => {
    expect(isAppUrl(APP_ENTRY)).toBe(true);
    expect(isAppUrl('renkei-app://bundle/assets/index.js')).toBe(true);
    expect(isAppUrl('renkei-app://elsewhere/index.html')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('https://bundle/')).toBe(false);
  });

  it('opens outside links only over https to vetted hosts, without credentials or odd ports', () => {
    expect(isVettedExternalUrl('https://www.mhlw.go.jp/stf/shingi/0000516275.html')).toBe(true);
    for (const url of [
      'http://www.mhlw.go.jp/',
      'https://evil.example/',
      'https://user:pw@renkei.jp/',
      'https://renkei.jp:8443/',
      'javascript:alert(1)',
      'file:///c:/windows',
    ]) {
      expect(isVettedExternalUrl(url), url).toBe(false);
    }
  });
});
