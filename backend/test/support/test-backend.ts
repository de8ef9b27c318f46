// A real Renkei backend for a test file: a fresh data directory and database on the engine under
// test (RENKEI_TEST_ENGINE: sqlite, or postgres on the machine's PostgreSQL), TLS listeners on
// loopback, no tunnel (the system test covers the tunnel). The clock can be moved forward.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { caPinOf } from '@renkei/proto';
import pg from 'pg';
import pino from 'pino';
import { dataDirectory } from '../../src/config/server-config';
import { openDatabase, type RenkeiDatabase } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';
import { certificateDer } from '../../src/pki/certificate-authority';
import { RenkeiServer, type RenkeiServerOptions } from '../../src/server/renkei-server';
import { initializeDataDirectory } from '../../src/server/initialize';
import type { Clock } from '../../src/time';

export const TEST_ENGINE = process.env.RENKEI_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';
// The machine's PostgreSQL over its local socket, as this OS user: Debian's default peer
// authentication admits that without a password (installer/setup/setup-machine.mjs creates the role).
const POSTGRES_ADMIN_URL =
  process.env.RENKEI_TEST_POSTGRES_URL ??
  `postgres://${encodeURIComponent(userInfo().username)}@localhost/postgres?host=${encodeURIComponent('/var/run/postgresql')}`;

export class TestClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface TestBackend {
  server: RenkeiServer;
  database: RenkeiDatabase;
  dataDir: string;
  caPem: string;
  caPin: Buffer;
  enrollmentAddress: string;
  clinicalAddress: string;
  clock: TestClock;
  /**
   * After `server.stop()`: the server starts again on the same data and the same ports, as a
   * restarted backend would (`server` and `database` are the new ones). Clients enrolled before find
   * it where they knew it.
   */
  startAgain(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A new empty database on the PostgreSQL server that `serverUrl` reaches (connecting to the database
 * it names), for one test or one benchmark region; `drop` removes it.
 */
export async function createPostgresDatabase(serverUrl = POSTGRES_ADMIN_URL, prefix = 'renkei_test'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/**
 * The region's two-factor policy: optional, as the tests of every other feature log in with a
 * password alone (without a row it becomes required on 2027-04-01). two-factor.test.ts requires it
 * per facility. Written before the server starts, as the office would have set it, without an audit
 * event that tests counting the log would see.
 */
async function optionalSecondFactor(dataDir: string, databaseUrl: string | undefined): Promise<void> {
  const database = openDatabase(databaseUrl ? { engine: 'postgres', url: databaseUrl } : { engine: 'sqlite', path: dataDirectory(dataDir).sqliteFile });
  try {
    await migrateToLatest(database);
    await database.db
      .insertInto('second_factor_policy')
      .values({ id: randomUUID(), facility_id: null, required: 0, updated_at: new Date().toISOString(), updated_by: 'test-backend' })
      .execute();
  } finally {
    await database.close();
  }
}

export async function startTestBackend(
  options: {
    loginFailureDelayMs?: number;
    sourceFailureLimit?: number;
    enrollmentFailureLimit?: number;
    maxUploadMb?: number;
    maxUnclaimedUploads?: number;
    timeline?: RenkeiServerOptions['timeline'];
  } = {},
): Promise<TestBackend> {
  const dataDir = mkdtempSync(join(tmpdir(), 'renkei-backend-'));
  const postgres = TEST_ENGINE === 'postgres' ? await createPostgresDatabase() : undefined;
  await initializeDataDirectory(dataDir, {
    regionName: 'テスト地域',
    ...(postgres && { databaseUrl: postgres.url }),
    enrollment: { listen: '127.0.0.1:0', publicAddress: '127.0.0.1:7443' },
    clinicalPort: 0,
    tunnel: { mode: 'none', clinicalListen: '127.0.0.1:0' },
    // Every test device calls from 127.0.0.1, so the per-address limits on failed logins and
    // enrollments would count the whole suite's refusals together; they have their own tests.
    auth: { loginFailureDelayMs: options.loginFailureDelayMs ?? 50, sourceFailureLimit: options.sourceFailureLimit ?? 10_000 },
    enrollmentFailureLimit: options.enrollmentFailureLimit ?? 10_000,
    ...(options.maxUploadMb !== undefined && { documents: { maxUploadMb: options.maxUploadMb } }),
    ...(options.maxUnclaimedUploads !== undefined && { timeline: { maxUnclaimedUploads: options.maxUnclaimedUploads } }),
  });
  const clock = new TestClock();
  await optionalSecondFactor(dataDir, postgres?.url);
  const logger = pino({ level: process.env.RENKEI_TEST_LOG ?? 'silent' });
  const server = await RenkeiServer.start({ dataDir, clock, logger, ...(options.timeline && { timeline: options.timeline }) });
  const caPem = readFileSync(join(dataDir, 'tls', 'ca.pem'), 'utf8');
  const backend: TestBackend = {
    server,
    database: server.database,
    dataDir,
    caPem,
    caPin: caPinOf(certificateDer(caPem)),
    enrollmentAddress: `127.0.0.1:${server.enrollmentPort}`,
    clinicalAddress: server.clinicalAddress,
    clock,
    async startAgain() {
      const configFile = dataDirectory(dataDir).configFile;
      const config = JSON.parse(readFileSync(configFile, 'utf8')) as { enrollment: { listen: string }; tunnel: { clinicalListen: string } };
      config.enrollment.listen = backend.enrollmentAddress;
      config.tunnel.clinicalListen = backend.clinicalAddress;
      writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
      backend.server = await RenkeiServer.start({ dataDir, clock, logger, ...(options.timeline && { timeline: options.timeline }) });
      backend.database = backend.server.database;
    },
    async stop() {
      await backend.server.stop();
      await postgres?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return backend;
}
