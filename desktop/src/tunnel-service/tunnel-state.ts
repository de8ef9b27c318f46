// What the service tells its clients about the tunnel, and how the phase follows from the facts.
// WireGuard has no "connected" flag: a peer counts as reachable while its last handshake is recent,
// and handshakes are renewed every two minutes while traffic or keepalives flow.
import type { TunnelPhase__Output } from '@renkei/proto/generated/renkei/tunnel/v1/TunnelPhase';
import type { TunnelState } from '@renkei/proto/generated/renkei/tunnel/v1/TunnelState';

export type TunnelPhase = Exclude<TunnelPhase__Output, 'TUNNEL_PHASE_UNSPECIFIED'>;

/** WireGuard's REJECT_AFTER_TIME: after 180 s without a handshake no session key is valid any more. */
export const HANDSHAKE_FRESH_MS = 180_000;

export interface TunnelSnapshot {
  phase: TunnelPhase;
  interfaceName: string;
  deviceAddress: string;
  serverEndpoint: string;
  lastHandshakeAt: Date | null;
  rxBytes: number;
  txBytes: number;
  error: string;
  backend: string;
}

export interface PhaseFacts {
  configured: boolean;
  linkUp: boolean;
  failure: string | null;
  lastHandshakeAt: Date | null;
}

export function phaseOf(facts: PhaseFacts, now: number): TunnelPhase {
  if (facts.failure !== null) return 'TUNNEL_PHASE_ERROR';
  if (facts.linkUp) {
    const handshake = facts.lastHandshakeAt?.getTime();
    return handshake !== undefined && now - handshake < HANDSHAKE_FRESH_MS ? 'TUNNEL_PHASE_UP' : 'TUNNEL_PHASE_CONNECTING';
  }
  return facts.configured ? 'TUNNEL_PHASE_DOWN' : 'TUNNEL_PHASE_UNCONFIGURED';
}

export function sameSnapshot(a: TunnelSnapshot, b: TunnelSnapshot): boolean {
  return (
    a.phase === b.phase &&
    a.interfaceName === b.interfaceName &&
    a.deviceAddress === b.deviceAddress &&
    a.serverEndpoint === b.serverEndpoint &&
    a.lastHandshakeAt?.getTime() === b.lastHandshakeAt?.getTime() &&
    a.rxBytes === b.rxBytes &&
    a.txBytes === b.txBytes &&
    a.error === b.error &&
    a.backend === b.backend
  );
}

export function toTunnelStateMessage(snapshot: TunnelSnapshot): TunnelState {
  const handshake = snapshot.lastHandshakeAt?.getTime();
  return {
    ...snapshot,
    lastHandshakeAt: handshake === undefined ? null : { seconds: Math.floor(handshake / 1000), nanos: (handshake % 1000) * 1_000_000 },
  };
}
