// How the reported phase follows from configuration, link, failure and handshake age.
import { describe, expect, it } from 'vitest';
import { HANDSHAKE_FRESH_MS, phaseOf } from '../../src/tunnel-service/tunnel-state';

const now = Date.parse('2026-11-24T12:00:00Z');
const ago = (ms: number) => new Date(now - ms);

describe('tunnel phase', () => {
  it('is UNCONFIGURED without a configuration and DOWN with one but no link', () => {
    expect(phaseOf({ configured: false, linkUp: false, failure: null, lastHandshakeAt: null }, now)).toBe('TUNNEL_PHASE_UNCONFIGURED');
    expect(phaseOf({ configured: true, linkUp: false, failure: null, lastHandshakeAt: null }, now)).toBe('TUNNEL_PHASE_DOWN');
  });

  it('is CONNECTING while the link exists but there was never a handshake', () => {
    expect(phaseOf({ configured: true, linkUp: true, failure: null, lastHandshakeAt: null }, now)).toBe('TUNNEL_PHASE_CONNECTING');
  });

  it('is UP for a handshake within 180 s and CONNECTING once it is older', () => {
    expect(HANDSHAKE_FRESH_MS).toBe(180_000);
    expect(phaseOf({ configured: true, linkUp: true, failure: null, lastHandshakeAt: ago(179_000) }, now)).toBe('TUNNEL_PHASE_UP');
    expect(phaseOf({ configured: true, linkUp: true, failure: null, lastHandshakeAt: ago(181_000) }, now)).toBe('TUNNEL_PHASE_CONNECTING');
  });

  it('is ERROR whenever a failure is recorded, whatever else holds', () => {
    expect(phaseOf({ configured: true, linkUp: false, failure: 'wireguard-go exited', lastHandshakeAt: ago(1000) }, now)).toBe('TUNNEL_PHASE_ERROR');
    expect(phaseOf({ configured: false, linkUp: false, failure: 'could not remove renkei0', lastHandshakeAt: null }, now)).toBe('TUNNEL_PHASE_ERROR');
  });
});
