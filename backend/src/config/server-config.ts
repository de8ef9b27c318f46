// The server's configuration: `<data dir>/renkei.json`, written by `renkei-admin init` and read by
// the server and the admin CLI. The data directory also holds the TLS material, the WireGuard key
// and (for SQLite) the database:
//
//   renkei.json          this configuration (0600: may hold a PostgreSQL URL)
//   renkei.sqlite        the stock record, when no PostgreSQL URL is configured
//   tls/ca.pem           the private CA certificate (public; pinned by enrollment codes)
//   tls/server.pem       the server certificate chain (server, then CA)
//   secrets/             0700: ca.key.pem, server.key.pem, wireguard.key, second-factor.key (encrypts
//                        users' TOTP secrets in the database)
//   renkei-server.pid    the running server, for `renkei-admin` to signal after device changes
//   blobs/               0700: filed documents by SHA-256 (ab/cd/abcd…), and tmp/ for uploads in
//                        progress (the same file system, so a finished upload is renamed into place)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_MAX_UPLOAD_MB, MAX_UPLOAD_MB_CEILING } from '@renkei/proto';
import type { DatabaseLocation } from '../db/database';
import { MAX_ATTACHMENTS } from '../timeline/posts';
import { TIMELINE_EVENT_RETENTION_DAYS } from '../timeline/timeline-events';

const hostPort = z.string().regex(/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'expected host:port');
const ipv4Cidr = z.string().regex(/^(\d{1,3}\.){3}\d{1,3}\/(8|9|[12]\d|30)$/, 'expected an IPv4 subnet like 10.77.0.0/16');

const tunnelConfig = z.discriminatedUnion('mode', [
  z.object({
    /** The clinical API listens only on the WireGuard interface's address. */
    mode: z.literal('wireguard'),
    interface: z.string().regex(/^[A-Za-z0-9_.-]{1,15}$/),
    subnet: ipv4Cidr,
    listenPort: z.number().int().min(1).max(65535),
    /** host:port clinic PCs send WireGuard packets to. */
    endpoint: hostPort,
    implementation: z.enum(['auto', 'kernel', 'wireguard-go']).default('auto'),
  }),
  z.object({
    /**
     * No tunnel: the clinical API listens on `clinicalListen` and devices are told apart by their
     * credentials alone. For the demo on machines without root or WireGuard, and for tests of the
     * API itself; never for patient data in production. The app says so plainly.
     */
    mode: z.literal('none'),
    clinicalListen: hostPort,
    /** Device addresses are still allocated from it, so they stay unique if a tunnel comes later. */
    subnet: ipv4Cidr.default('10.77.0.0/16'),
  }),
]);

export const serverConfigSchema = z.object({
  regionName: z.string().min(1),
  /** postgres://… ; omit for the embedded SQLite file. RENKEI_DATABASE_URL overrides it. */
  databaseUrl: z.string().startsWith('postgres').optional(),
  enrollment: z.object({
    listen: hostPort,
    /** What clinic PCs type as the server address. */
    publicAddress: hostPort,
  }),
  clinicalPort: z.number().int().min(0).max(65535),
  tunnel: tunnelConfig,
  auth: z
    .object({
      sessionHours: z.number().positive().default(12),
      loginFailureDelayMs: z.number().int().min(0).default(1000),
      lockoutThreshold: z.number().int().min(1).default(5),
      lockoutMinutes: z.number().positive().default(15),
      /** Failed logins over all user IDs allowed from one device or address per lockout window: a clinic PC's staff mistype, a password sprayer tries many IDs. */
      sourceFailureLimit: z.number().int().min(1).default(30),
    })
    .prefault({}),
  enrollmentCodeHours: z.number().positive().default(24),
  /** Refused enrollments allowed from one address per 15 minutes: an office mistyping a code a few times, not a guesser. */
  enrollmentFailureLimit: z.number().int().min(1).default(10),
  /**
   * How many processes serve the clinical API (PostgreSQL only). This process keeps the tunnel,
   * enrollment and the WireGuard peers; the clinical processes share the tunnel address's port,
   * each PC's connection going to one of them (node:cluster), and each follows the timeline's event
   * log itself (LISTEN/NOTIFY). More than one also keeps the region served while one restarts.
   */
  clinicalProcesses: z.number().int().min(1).max(64).default(1),
  documents: z
    .object({
      /** Largest file accepted for filing; at most what the app ever sends (shared with it in @renkei/proto). */
      maxUploadMb: z.number().positive().max(MAX_UPLOAD_MB_CEILING).default(DEFAULT_MAX_UPLOAD_MB),
    })
    .prefault({}),
  timeline: z
    .object({
      /**
       * Days the event log is kept for live streams to resume from: a PC away longer re-reads its
       * timelines (a reset). Older events are pruned.
       */
      eventRetentionDays: z.number().int().min(1).max(3650).default(TIMELINE_EVENT_RETENTION_DAYS),
      /**
       * Uploads one user may have waiting for their post (attached in a compose box, not yet sent):
       * a few posts' worth, at least one full post. Unsent uploads are pruned after the claim window.
       */
      maxUnclaimedUploads: z.number().int().min(MAX_ATTACHMENTS).max(10_000).default(50),
      /** How often the server prunes the event log and abandoned uploads. */
      pruneIntervalMinutes: z.number().positive().max(1440).default(60),
    })
    .prefault({}),
});

export type ServerConfig = z.infer<typeof serverConfigSchema>;
export type ServerConfigInput = z.input<typeof serverConfigSchema>;

export interface DataDirectory {
  root: string;
  configFile: string;
  sqliteFile: string;
  caCertificate: string;
  serverCertificate: string;
  secretsDir: string;
  caKey: string;
  serverKey: string;
  wireguardKey: string;
  secondFactorKey: string;
  pidFile: string;
  blobsDir: string;
}

export function dataDirectory(root: string): DataDirectory {
  const secretsDir = join(root, 'secrets');
  return {
    root,
    configFile: join(root, 'renkei.json'),
    sqliteFile: join(root, 'renkei.sqlite'),
    caCertificate: join(root, 'tls', 'ca.pem'),
    serverCertificate: join(root, 'tls', 'server.pem'),
    secretsDir,
    caKey: join(secretsDir, 'ca.key.pem'),
    serverKey: join(secretsDir, 'server.key.pem'),
    wireguardKey: join(secretsDir, 'wireguard.key'),
    secondFactorKey: join(secretsDir, 'second-factor.key'),
    pidFile: join(root, 'renkei-server.pid'),
    blobsDir: join(root, 'blobs'),
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadServerConfig(dir: DataDirectory): ServerConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(dir.configFile, 'utf8'));
  } catch (error) {
    throw new ConfigError(`cannot read ${dir.configFile} (${(error as Error).message}); run \`renkei-admin init\` first`);
  }
  const parsed = serverConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(`${dir.configFile} is not valid: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

export function databaseLocation(config: ServerConfig, dir: DataDirectory): DatabaseLocation {
  const url = process.env.RENKEI_DATABASE_URL ?? config.databaseUrl;
  return url ? { engine: 'postgres', url } : { engine: 'sqlite', path: dir.sqliteFile };
}
