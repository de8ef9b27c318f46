// A region on PostgreSQL, given the URL README documents for the benchmark
// (RENKEI_DATABASE_URL=postgres://…@127.0.0.1/…): the server runs in the cloud namespace, whose
// loopback is not the host's, so the region hands it the host's PostgreSQL by its socket instead
// (region/namespace-database-url.ts). Before, the server never became ready.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { promisify } from 'node:util';
import { namespaceTestsUnavailable } from '@renkei/wireguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoRegion, type DemoRegion } from '../../region/demo-region';
import { databaseUrlForNamespace } from '../../region/namespace-database-url';
import type { AppStatus, PatientSearchResult } from '../../src/shared/desktop-api';
import { until } from './support/until';

const unavailable = namespaceTestsUnavailable();
if (unavailable && process.env.CI) throw new Error(`CI must run the system test: ${unavailable}`);

const run = promisify(execFile);
const DEMO_PASSWORD = 'system-test-password-1';
const role = userInfo().username;
const database = `renkei_region_${randomBytes(4).toString('hex')}`;
/** As an office would type it, over TCP to this machine's loopback. */
const loopbackUrl = `postgres://${role}@127.0.0.1:5432/${database}`;
const psql = (sql: string) => run('psql', ['--no-psqlrc', '-h', '/var/run/postgresql', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', sql]);

describe('a loopback PostgreSQL URL as the namespace sees it', () => {
  it('becomes the socket of the same server, keeping role, password, database and options', () => {
    const url = databaseUrlForNamespace('postgres://renkei:s3cret@127.0.0.1:5432/renkei?sslmode=disable', ['/var/run/postgresql']);
    const parsed = new URL(url);
    expect(parsed.username).toBe('renkei');
    expect(parsed.password).toBe('s3cret');
    expect(parsed.pathname).toBe('/renkei');
    expect(parsed.searchParams.get('host')).toBe('/var/run/postgresql');
    expect(parsed.searchParams.get('port')).toBe('5432');
    expect(parsed.searchParams.get('sslmode')).toBe('disable');
  });

  it('leaves another host, or a URL that already names a socket, as given', () => {
    expect(databaseUrlForNamespace('postgres://renkei@db.example.jp/renkei')).toBe('postgres://renkei@db.example.jp/renkei');
    const socket = 'postgres://renkei@localhost/renkei?host=/srv/pg';
    expect(databaseUrlForNamespace(socket)).toBe(socket);
  });

  it('says what to do, without the password, when no socket is there', () => {
    expect(() => databaseUrlForNamespace('postgres://renkei:s3cret@localhost:6543/renkei', ['/nonexistent'])).toThrow(
      /postgres:\/\/renkei:\*\*\*@localhost:6543\/renkei names this machine's loopback.*\?host=<socket directory>/,
    );
  });
});

describe.skipIf(unavailable)('a region on PostgreSQL between network namespaces', { timeout: 240_000 }, () => {
  let region: DemoRegion;
  const logs: string[] = [];

  beforeAll(async () => {
    await psql(`create database ${database}`);
    region = await startDemoRegion({
      network: 'namespaces',
      patients: 12,
      password: DEMO_PASSWORD,
      loginFailureDelayMs: 200,
      databaseUrl: loopbackUrl,
      log: (line) => logs.push(line),
    });
  });

  afterAll(async () => {
    await region?.stop();
    await psql(`drop database if exists ${database} with (force)`);
    if (process.env.RENKEI_SYSTEM_LOGS) console.log(logs.join('\n'));
  });

  it('serves the clinic through the tunnel from that database', async () => {
    const clinic = region.clinic;
    await clinic.enroll({ serverAddress: region.serverAddress, enrollmentCode: await region.inviteCode(), deviceName: '本院 診察室PC' });
    await region.approvePending();
    await clinic.call('refreshDevice');
    await until(
      'the tunnel to come up',
      () => clinic.call<AppStatus>('getStatus'),
      (s) => s.tunnel.phase === 'up',
    );
    await clinic.call('login', { loginId: 'dr.kuroki', password: DEMO_PASSWORD });
    expect(await clinic.call('syncNow')).toMatchObject({ state: 'idle', error: null });
    const { patients } = await clinic.call<PatientSearchResult>('searchPatients', '');
    expect(patients.length).toBeGreaterThan(0);
    // The rows the clinic reads are the ones in the database the office named.
    const { stdout } = await run('psql', ['--no-psqlrc', '-h', '/var/run/postgresql', '-d', database, '-At', '-c', 'select count(*) from patients']);
    expect(Number(stdout.trim())).toBeGreaterThanOrEqual(patients.length);
  });
});
