// The connection to the region's server, and the one owner of whether it is there: the tunnel's
// state as the tunnel service reports it, whether a clinical call can get through at all (the
// tunnel is up, or this PC runs without one), and whether the clinical API answered the last time
// it was asked (`online` in the status). It holds the one clinical API client (one TLS channel
// through the tunnel), opened when first needed with this PC's credential and the session's token,
// and opened afresh when the tunnel comes back: a channel from before may hang until keepalive
// notices.
//
// While calls can get through, the connection asks the server's health check every 2 s (a few
// bytes; WireGuard keeps its handshakes fresh with it too): a server that falls silent while the
// tunnel still looks up (a cut line, a frozen server) is noticed within about 4 s instead of at the
// next failed sync, and one that answers again likewise. What is known to be unreachable is not
// asked: reads come from the cache and a login unlocks offline at once, instead of each waiting
// out its deadline.
//
// `ask` is how the core calls the server when something else can answer instead (the cache, or a
// refusal saying the connection is needed): the server's refusals reach the user as they are, an
// unreachable server is remembered (offline, and the revocation probe told) and answered otherwise.
import type { TunnelView } from '../../shared/desktop-api';
import { ApiError } from '../api/api-error';
import { ClinicalApi } from '../api/clinical-api';
import type { DeviceCredential } from '../api/enrollment-api';
import { DesktopApiError } from '../../shared/desktop-api-error';
import { toDesktopError } from '../desktop-error';
import type { TunnelState } from '../tunnel/tunnel-state';

/** Where the clinical API is, and how this PC proves itself there. */
export interface ClinicalEndpoint {
  address: string;
  caPem: string;
  credential: DeviceCredential;
}

/** What the connection needs to know of this PC's registration. */
export interface ClinicalRoute {
  /** The clinical API of an approved PC; refuses with the user's reason (not enrolled, not approved, revoked) otherwise. */
  clinicalEndpoint(): ClinicalEndpoint;
  /** Whether calls must go through the tunnel: false only when the server runs without WireGuard (the demo). */
  readonly tunnelRequired: boolean;
}

interface ConnectionEvents {
  /** Something the status shows changed. */
  changed(): void;
  /** The tunnel came up (again): what changed on the server meanwhile is to be caught up with. */
  tunnelCameUp(): void;
  /** The server refused this PC as revoked: nothing of the region may stay on it. */
  revoked(): Promise<void>;
  /** A clinical call found the server unreachable; `wasOnline`: it had answered the call before (a new outage). */
  unreachable(wasOnline: boolean): Promise<void>;
  /** The server answered again after it could not be reached: what waited for it (the outbox) goes now. */
  backOnline?(): void;
}

/** How often the server's health is asked while calls can get through, and how long an answer may take. */
export interface ProbeTiming {
  intervalMs: number;
  deadlineMs: number;
}

// The two together bound how late a silent server is noticed (about 4 s, the issue asks for ~5 s).
const PROBE: ProbeTiming = { intervalMs: 2_000, deadlineMs: 2_000 };

/** Whether the server answered: not asked yet (since start, or since the tunnel came up), answered, or silent. */
type Reachability = 'unknown' | 'answered' | 'silent';

const NO_TUNNEL: TunnelView = { phase: 'not-used', lastHandshakeAt: null, rxBytes: 0, txBytes: 0, error: null, serviceUnreachable: false };

export class ServerConnection {
  private client: ClinicalApi | undefined;
  private sessionToken: string | undefined;
  private tunnel: TunnelView;
  private reachability: Reachability = 'unknown';
  private probeTimer: NodeJS.Timeout | undefined;
  private probing: Promise<boolean> | undefined;

  constructor(
    private readonly route: ClinicalRoute,
    /** Whether this PC has the tunnel service (the demo may run without it). */
    hasTunnelService: boolean,
    private readonly events: ConnectionEvents,
    private readonly probe: ProbeTiming = PROBE,
  ) {
    this.tunnel = hasTunnelService ? { ...NO_TUNNEL, phase: 'down' } : NO_TUNNEL;
  }

  /** Whether the clinical API answered the last time it was asked. */
  get online(): boolean {
    return this.reachability === 'answered';
  }

  /** Whether a call is known not to get through now (the tunnel is down, or the server fell silent): nothing to wait for. */
  get knownUnreachable(): boolean {
    return !this.callsCanGetThrough || this.reachability === 'silent';
  }

  get tunnelView(): TunnelView {
    return this.tunnel;
  }

  /** Whether a call to the clinical API can get through at all right now. */
  get callsCanGetThrough(): boolean {
    return !this.route.tunnelRequired || this.tunnel.phase === 'up';
  }

  /** The clinical API, for this PC's credential (refused when the PC is not approved). */
  clinical(): ClinicalApi {
    const endpoint = this.route.clinicalEndpoint();
    if (!this.client) {
      this.client = new ClinicalApi(endpoint.address, endpoint.caPem, endpoint.credential);
      this.client.setSession(this.sessionToken);
    }
    return this.client;
  }

  /** The session whose token the clinical calls carry from now on (undefined: none). */
  useSessionToken(token: string | undefined): void {
    this.sessionToken = token;
    this.client?.setSession(token);
  }

  /** Drops the client: the next call opens a new channel (the route changed, or the old one may hang). */
  reconnect(): void {
    this.client?.close();
    this.client = undefined;
  }

  /** The server answered. Returns whether that brought the PC back online. */
  markAnswered(): boolean {
    const cameBack = this.reachability !== 'answered';
    this.reachability = 'answered';
    if (cameBack) this.events.backOnline?.();
    return cameBack;
  }

  /** The server could not be reached (without consequences for the device: a login). */
  markUnreachable(): void {
    this.reachability = 'silent';
  }

  /**
   * Whether the server answers now: at once when that is known (answered, or known unreachable),
   * else (not asked since the tunnel came up) its health check, with the probe's short deadline.
   * Refuses as the route does when this PC is not approved.
   */
  async answers(): Promise<boolean> {
    const api = this.clinical();
    if (this.knownUnreachable) return false;
    if (this.reachability === 'answered') return true;
    return this.checkNow(api);
  }

  /** Starts asking the server's health every few seconds (the app runs). */
  startProbing(): void {
    const tick = async () => {
      await this.probeOnce();
      if (this.probeTimer) this.probeTimer = setTimeout(() => void tick(), this.probe.intervalMs).unref();
    };
    this.probeTimer = setTimeout(() => void tick(), 0).unref();
  }

  private async probeOnce(): Promise<void> {
    if (!this.callsCanGetThrough) return;
    let api: ClinicalApi;
    try {
      api = this.clinical();
    } catch (error) {
      if (error instanceof DesktopApiError) return; // not approved (yet, or any more): nothing to ask
      throw error;
    }
    // A connection found silent twice in a row is dropped: the next check opens a new one, which
    // gets through as soon as the line does (the old one may wait for TCP's retransmissions).
    if (this.reachability === 'silent') this.reconnect();
    await this.checkNow(this.reachability === 'silent' ? this.clinical() : api);
  }

  /** One health check at a time; its outcome is what the status shows. */
  private checkNow(api: ClinicalApi): Promise<boolean> {
    this.probing ??= (async () => {
      try {
        await api.checkHealth(this.probe.deadlineMs);
        if (this.markAnswered()) this.events.changed();
        return true;
      } catch (error) {
        // Any answer but silence (a server without the health service, say) is an answer.
        if (!(error instanceof ApiError && error.unreachable)) {
          if (this.markAnswered()) this.events.changed();
          return true;
        }
        const wasOnline = this.reachability === 'answered';
        await this.reportFailure(error);
        if (wasOnline) this.events.changed();
        return false;
      }
    })().finally(() => {
      this.probing = undefined;
    });
    return this.probing;
  }

  /** Reacts to a failed clinical call: revoked (then the data must go), or offline. */
  async reportFailure(error: unknown): Promise<void> {
    if (!(error instanceof ApiError)) return;
    if (error.reason === 'DEVICE_REVOKED') return this.events.revoked();
    if (!error.unreachable) return;
    const wasOnline = this.reachability === 'answered';
    this.reachability = 'silent';
    await this.events.unreachable(wasOnline);
  }

  /**
   * Asks the server when the session is online and a call can get through; otherwise, or when the
   * server turns out to be unreachable, answers with `otherwise` (read the cache, or refuse). A
   * refusal by the server is thrown as the error the user reads.
   */
  async ask<T>(sessionOnline: boolean, call: (api: ClinicalApi) => Promise<T>, otherwise: () => T | Promise<T>): Promise<T> {
    if (sessionOnline && !this.knownUnreachable) {
      try {
        const result = await call(this.clinical());
        if (this.markAnswered()) this.events.changed();
        return result;
      } catch (error) {
        await this.reportFailure(error);
        if (!(error instanceof ApiError && error.unreachable)) throw toDesktopError(error);
        this.events.changed();
      }
    }
    return otherwise();
  }

  /** The tunnel service reported the tunnel's state. */
  tunnelChanged(state: TunnelState): void {
    const wasUp = this.tunnel.phase === 'up';
    this.tunnel = {
      phase: state.phase,
      lastHandshakeAt: state.lastHandshakeAt?.toISOString() ?? null,
      rxBytes: state.rxBytes,
      txBytes: state.txBytes,
      error: state.error || null,
      serviceUnreachable: false,
    };
    if (state.phase !== 'up' && this.route.tunnelRequired) this.reachability = 'silent';
    if (!wasUp && state.phase === 'up') {
      // Not asked through this tunnel yet: the next probe (now) says.
      if (this.route.tunnelRequired) this.reachability = 'unknown';
      this.reconnect();
      this.events.tunnelCameUp();
    }
    this.events.changed();
  }

  /** The tunnel service cannot be reached (not installed, not running). */
  tunnelServiceUnreachable(): void {
    this.tunnel = { ...this.tunnel, serviceUnreachable: true };
    this.events.changed();
  }

  /** The region's data leaves this PC (revocation, re-enrollment): no channel, no token, offline. */
  forget(): void {
    this.reconnect();
    this.sessionToken = undefined;
    this.reachability = 'unknown';
  }

  close(): void {
    clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
    this.client?.close();
  }
}
