// The tunnel as the desktop core sees it: a plain object, independent of gRPC's wire shapes.
import type { TunnelState__Output } from '@renkei/proto/generated/renkei/tunnel/v1/TunnelState';

export type TunnelPhase = 'unconfigured' | 'down' | 'connecting' | 'up' | 'error';

export interface TunnelState {
  phase: TunnelPhase;
  /** The last WireGuard handshake with the cloud; the tunnel is usable while this is recent. */
  lastHandshakeAt: Date | null;
  rxBytes: number;
  txBytes: number;
  /** Why the phase is 'error', in words for logs and support; empty otherwise. */
  error: string;
  interfaceName: string;
  deviceAddress: string;
  serverEndpoint: string;
  /** 'kernel' or 'wireguard-go' while a link exists. */
  backend: string;
}

const PHASES: Record<string, TunnelPhase> = {
  TUNNEL_PHASE_UNCONFIGURED: 'unconfigured',
  TUNNEL_PHASE_DOWN: 'down',
  TUNNEL_PHASE_CONNECTING: 'connecting',
  TUNNEL_PHASE_UP: 'up',
  TUNNEL_PHASE_ERROR: 'error',
};

export function tunnelStateFromMessage(message: TunnelState__Output): TunnelState {
  const phase = PHASES[String(message.phase)];
  const handshake = message.lastHandshakeAt;
  return {
    // A phase this build does not know (a newer service) is shown as an error rather than guessed.
    phase: phase ?? 'error',
    lastHandshakeAt: handshake ? new Date(Number(handshake.seconds) * 1000 + Math.floor(handshake.nanos / 1_000_000)) : null,
    rxBytes: Number(message.rxBytes),
    txBytes: Number(message.txBytes),
    error: phase ? message.error : message.error || `the tunnel service reported an unknown phase ${String(message.phase)}`,
    interfaceName: message.interfaceName,
    deviceAddress: message.deviceAddress,
    serverEndpoint: message.serverEndpoint,
    backend: message.backend,
  };
}
