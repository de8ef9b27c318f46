// How the desktop talks gRPC to the server: TLS trusting only the region's pinned CA, keepalive
// pings the server permits (it allows one per 10 s; we send one per 30 s), quick reconnects once
// the tunnel is back, and a deadline on every call.
import * as grpc from '@grpc/grpc-js';
import { ApiError } from './api-error';

export const CHANNEL_OPTIONS: grpc.ChannelOptions = {
  'grpc.keepalive_time_ms': 30_000,
  'grpc.keepalive_timeout_ms': 10_000,
  'grpc.keepalive_permit_without_calls': 1,
  'grpc.initial_reconnect_backoff_ms': 500,
  'grpc.max_reconnect_backoff_ms': 5_000,
  // The receive window for downloads (documents open at the line's speed, not 64 KiB per round
  // trip); the server raises its own for uploads likewise.
  'grpc-node.flow_control_window': 4 * 1024 * 1024,
};

export function pinnedCredentials(caPem: string): grpc.ChannelCredentials {
  return grpc.credentials.createSsl(Buffer.from(caPem));
}

const DEFAULT_DEADLINE_MS = 10_000;

export type UnaryMethod<Request, Response> = (
  request: Request,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: grpc.requestCallback<Response>,
) => grpc.ClientUnaryCall;

/** Calls a unary method with a deadline; rejects with ApiError. */
export function unary<Request, Response>(
  client: grpc.Client,
  method: UnaryMethod<Request, Response>,
  request: Request,
  metadata: grpc.Metadata,
  deadlineMs = DEFAULT_DEADLINE_MS,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    // A deadline is real time for grpc-js (it compares it with the system clock), not the core's injected clock.
    method.call(client, request, metadata, { deadline: Date.now() + deadlineMs }, (error, response) => {
      if (error || response === undefined) reject(ApiError.from(error ?? new Error('empty response')));
      else resolve(response);
    });
  });
}
