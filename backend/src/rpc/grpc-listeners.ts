// gRPC plumbing shared by both listeners: TLS credentials, keepalive that clinic routers' NAT
// tables survive, standard health checking and reflection so any gRPC client (grpcurl, grpcio)
// can discover and call the API.
import * as grpc from '@grpc/grpc-js';
import nodeTls from 'node:tls';
import type { PackageDefinition } from '@grpc/proto-loader';
import { HealthImplementation } from 'grpc-health-check';
import { addReflection } from './reflection';

export const FLOW_CONTROL_WINDOW_BYTES = 4 * 1024 * 1024;

export const SERVER_OPTIONS: grpc.ServerOptions = {
  // Clients may ping every 10 s or more without calls in flight (the desktop pings every 30 s).
  'grpc.keepalive_permit_without_calls': 1,
  'grpc.http2.min_ping_interval_without_data_ms': 10_000,
  'grpc.keepalive_time_ms': 60_000,
  'grpc.keepalive_timeout_ms': 20_000,
  'grpc.max_receive_message_length': 4 * 1024 * 1024,
  // What a client may send before the server's next WINDOW_UPDATE, per stream and per connection.
  // Node's 64 KiB caps an upload at 64 KiB per round trip (3 MB/s on a 20 ms line); 4 MiB lets a
  // 40 ms line carry 800 Mbit/s, and bounds what one upload holds in the server's memory to 4 MiB.
  // The server honours it through our patch of grpc-js (patches/, tracking grpc/grpc-node#3058).
  'grpc-node.flow_control_window': FLOW_CONTROL_WINDOW_BYTES,
};

/**
 * The clinical listener carries live timeline streams, which may sit idle for hours between
 * posts: the server pings every 30 s (also keeping clinic routers' NAT entries alive) and closes
 * a connection whose ping is not answered within 10 s, so a PC that vanished (sleep, a cut cable,
 * a tunnel gone) frees its streams within 40 s instead of at TCP's retransmission timeout
 * (minutes). The streams' own heartbeats (every 15 s) let the client detect the same from its side.
 */
export const CLINICAL_SERVER_OPTIONS: grpc.ServerOptions = {
  ...SERVER_OPTIONS,
  'grpc.keepalive_time_ms': 30_000,
  'grpc.keepalive_timeout_ms': 10_000,
};

interface TlsMaterial {
  certificateChainPem: string;
  privateKeyPem: string;
}

/**
 * What the listeners negotiate: TLS 1.3, or TLS 1.2 with ECDHE key exchange and an AEAD cipher only
 * (IPA's TLS guideline, 高セキュリティ型, which MHLW's security guideline points to). Node's own
 * default also offers CBC suites with SHA-1/SHA-2 MACs on TLS 1.2.
 */
export const SERVER_CIPHERS = [
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_AES_128_GCM_SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'ECDHE-RSA-AES128-GCM-SHA256',
].join(':');

export function serverCredentials(tls: TlsMaterial): grpc.ServerCredentials {
  // grpc-js's createSsl takes no cipher list (it reads GRPC_SSL_CIPHER_SUITES once, when it is
  // imported), and leaves the choice to Node's default: so the default of this process is set. The
  // server process makes no other TLS connections whose peers would need more.
  nodeTls.DEFAULT_CIPHERS = SERVER_CIPHERS;
  return grpc.ServerCredentials.createSsl(null, [{ cert_chain: Buffer.from(tls.certificateChainPem), private_key: Buffer.from(tls.privateKeyPem) }]);
}

/** Adds grpc.health.v1.Health and server reflection for the listener's own services. */
export function addHealthAndReflection(server: grpc.Server, packageDefinition: PackageDefinition, services: string[]): HealthImplementation {
  const health = new HealthImplementation(Object.fromEntries([['', 'SERVING'], ...services.map((s) => [s, 'SERVING'])]));
  health.addToServer(server);
  addReflection(server, packageDefinition, [...services, 'grpc.health.v1.Health']);
  return health;
}

export function bind(server: grpc.Server, address: string, credentials: grpc.ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, credentials, (error, port) => (error ? reject(error) : resolve(port)));
  });
}

/**
 * Lets calls in flight finish for a moment, then cuts what is left. Short enough that the server's
 * own cleanup after it (the tunnel's nftables table and interface) is done well within the few
 * seconds a supervisor waits before SIGKILL: clients with a live stream keep their connection open
 * until cut, so the grace is usually spent in full.
 */
export function shutdown(server: grpc.Server, graceMs = 2500): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
