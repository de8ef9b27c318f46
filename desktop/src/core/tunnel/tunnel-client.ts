// The desktop core's side of the privileged tunnel service: promise calls with deadlines over the
// service's local socket, and a state feed that survives restarts of the service.
import { setTimeout as sleep } from 'node:timers/promises';
import * as grpc from '@grpc/grpc-js';
import { loadTunnelApi } from '@renkei/proto';
import type { DeviceKey__Output } from '@renkei/proto/generated/renkei/tunnel/v1/DeviceKey';
import type { TunnelServiceClient as GrpcTunnelServiceClient } from '@renkei/proto/generated/renkei/tunnel/v1/TunnelService';
import type { TunnelState__Output } from '@renkei/proto/generated/renkei/tunnel/v1/TunnelState';
import type { TunnelConfig } from '@renkei/proto/generated/renkei/v1/TunnelConfig';
import { tunnelStateFromMessage, type TunnelState } from './tunnel-state';

export const DEFAULT_TUNNEL_SOCKET = '/run/renkei/tunnel.sock';

interface TunnelServiceClientOptions {
  socketPath?: string;
  /** Deadline of quick calls (state, key, configuration). */
  deadlineMs?: number;
  /** Deadline of calls that create or remove the interface. */
  linkDeadlineMs?: number;
  /** First and longest wait before re-subscribing to the state feed. */
  watchRetryMs?: { initial: number; max: number };
  /**
   * How long a call keeps trying to reach the service before it fails as unreachable: long enough
   * to ride out a restart of the service, short enough to tell the user soon that it is missing.
   */
  reachRetryMs?: number;
}

/** A failed call: the gRPC status code and the service's own words. */
export class TunnelServiceError extends Error {
  override name = 'TunnelServiceError';
  constructor(
    readonly code: grpc.status,
    readonly details: string,
  ) {
    super(`${grpc.status[code] ?? code}: ${details}`);
  }

  /** The service is not running or not reachable (not installed, restarting, no permission). */
  get unreachable(): boolean {
    return this.code === grpc.status.UNAVAILABLE;
  }
}

function toTunnelServiceError(error: unknown): TunnelServiceError {
  if (error instanceof TunnelServiceError) return error;
  const status = error as Partial<grpc.ServiceError>;
  if (typeof status?.code === 'number') return new TunnelServiceError(status.code, status.details ?? status.message ?? '');
  return new TunnelServiceError(grpc.status.UNKNOWN, error instanceof Error ? error.message : String(error));
}

interface WatchOptions {
  /** Told each time the feed breaks (UNAVAILABLE while the service restarts); it is re-established by itself. */
  onError?: (error: TunnelServiceError) => void;
}

type UnaryCall<Response> = (options: grpc.CallOptions, callback: grpc.requestCallback<Response>) => grpc.ClientUnaryCall;

export class TunnelServiceClient {
  private readonly client: GrpcTunnelServiceClient;
  private readonly deadlineMs: number;
  private readonly linkDeadlineMs: number;
  private readonly watchRetryMs: { initial: number; max: number };
  private readonly reachRetryMs: number;
  private readonly activeWatches = new Set<() => void>();

  constructor(options: TunnelServiceClientOptions = {}) {
    const { TunnelService } = loadTunnelApi().grpcObject.renkei.tunnel.v1;
    this.client = new TunnelService(`unix://${options.socketPath ?? DEFAULT_TUNNEL_SOCKET}`, grpc.credentials.createInsecure(), {
      // grpc-js backs off up to two minutes between reconnects by default; a local service that
      // restarts is back within seconds and should be found again as quickly.
      'grpc.initial_reconnect_backoff_ms': 100,
      'grpc.max_reconnect_backoff_ms': 1000,
    });
    this.reachRetryMs = options.reachRetryMs ?? 3000;
    this.deadlineMs = options.deadlineMs ?? 10_000;
    this.linkDeadlineMs = options.linkDeadlineMs ?? 30_000;
    this.watchRetryMs = options.watchRetryMs ?? { initial: 250, max: 5000 };
  }

  /**
   * One call with its deadline. While the channel cannot reach the service (UNAVAILABLE) the call
   * is tried again: every TunnelService method is idempotent (Connect on a live tunnel, Configure
   * with the same configuration, a second Forget change nothing), so a repeat is always safe.
   */
  private async call<Response>(deadlineMs: number, start: UnaryCall<Response>): Promise<Response> {
    const deadline = Date.now() + deadlineMs;
    const giveUpReachingAt = Date.now() + Math.min(this.reachRetryMs, deadlineMs);
    for (let pauseMs = 100; ; pauseMs = Math.min(pauseMs * 2, 800)) {
      try {
        return await new Promise<Response>((resolve, reject) => {
          start({ deadline }, (error, response) => {
            if (error || response === undefined) reject(toTunnelServiceError(error ?? new Error('empty response')));
            else resolve(response);
          });
        });
      } catch (error) {
        const unreachable = error instanceof TunnelServiceError && error.unreachable;
        if (!unreachable || Date.now() + pauseMs > giveUpReachingAt) throw error;
        await sleep(pauseMs);
      }
    }
  }

  private async state(deadlineMs: number, start: UnaryCall<TunnelState__Output>): Promise<TunnelState> {
    return tunnelStateFromMessage(await this.call(deadlineMs, start));
  }

  /** The device's WireGuard public key (base64), created by the service on first call. */
  async getDeviceKey(): Promise<string> {
    const key = await this.call<DeviceKey__Output>(this.deadlineMs, (options, done) => this.client.getDeviceKey({}, options, done));
    return key.publicKey;
  }

  /** Hands the configuration from the approval to the service; refused with INVALID_ARGUMENT if unsafe. */
  configure(config: TunnelConfig): Promise<TunnelState> {
    return this.state(this.deadlineMs, (options, done) => this.client.configure({ config }, options, done));
  }

  /** Resolves once the interface exists; watch the state for the handshake. */
  connect(): Promise<TunnelState> {
    return this.state(this.linkDeadlineMs, (options, done) => this.client.connect({}, options, done));
  }

  disconnect(): Promise<TunnelState> {
    return this.state(this.linkDeadlineMs, (options, done) => this.client.disconnect({}, options, done));
  }

  getState(): Promise<TunnelState> {
    return this.state(this.deadlineMs, (options, done) => this.client.getState({}, options, done));
  }

  /** Takes the tunnel down and deletes the device key and configuration in the service. */
  forget(): Promise<TunnelState> {
    return this.state(this.linkDeadlineMs, (options, done) => this.client.forget({}, options, done));
  }

  /**
   * The current state, then every change. When the feed breaks (service restarted, not yet
   * started) it is re-established with growing pauses; the listener then gets the current state
   * again. Returns the function that stops watching.
   */
  watchState(listener: (state: TunnelState) => void, options: WatchOptions = {}): () => void {
    let stopped = false;
    let call: grpc.ClientReadableStream<TunnelState__Output> | undefined;
    let retryTimer: NodeJS.Timeout | undefined;
    let retryMs = this.watchRetryMs.initial;

    const subscribe = () => {
      retryTimer = undefined;
      if (stopped) return;
      const current = this.client.watchState({});
      call = current;
      current.on('data', (message: TunnelState__Output) => {
        retryMs = this.watchRetryMs.initial;
        listener(tunnelStateFromMessage(message));
      });
      current.on('error', (error: grpc.ServiceError) => {
        if (!stopped) options.onError?.(toTunnelServiceError(error));
      });
      // 'status' comes exactly once per call, whether it failed or the service ended it.
      current.on('status', () => {
        if (stopped || call !== current) return;
        call = undefined;
        retryTimer = setTimeout(subscribe, retryMs);
        retryMs = Math.min(retryMs * 2, this.watchRetryMs.max);
      });
    };
    subscribe();

    const stop = () => {
      stopped = true;
      this.activeWatches.delete(stop);
      if (retryTimer) clearTimeout(retryTimer);
      call?.cancel();
    };
    this.activeWatches.add(stop);
    return stop;
  }

  /** Stops every watch and closes the channel. */
  close(): void {
    for (const stop of [...this.activeWatches]) stop();
    this.client.close();
  }
}
