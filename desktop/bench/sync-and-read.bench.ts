// npm run bench: a demo region of 1,000 patients on one doctor's team, the backend in a "cloud"
// network namespace and the desktop core with its tunnel service in a "clinic" namespace, joined
// by WireGuard (wireguard-go). Prints:
//   - full sync of the 1,000 overviews over the tunnel into an empty cache;
//   - overview read latency p50/p99 from the backend over the tunnel and from the local cache,
//     side by side, with their ratio (the cache is the baseline).
// Options (environment): RENKEI_BENCH_PATIENTS (1000), RENKEI_BENCH_READS (300),
// RENKEI_BENCH_SYNC_RUNS (3), RENKEI_DATABASE_URL (PostgreSQL instead of SQLite).
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLOUD_VETH_ADDRESS, createTestNetwork, namespaceTestsUnavailable } from '@renkei/proto/testing/netns';
import type { AppStatus } from '../src/shared/desktop-api';
import { JsonLineClient } from '../test/system/support/json-line-client';

const PATIENTS = Number(process.env.RENKEI_BENCH_PATIENTS ?? 1000);
const READS = Number(process.env.RENKEI_BENCH_READS ?? 300);
const SYNC_RUNS = Number(process.env.RENKEI_BENCH_SYNC_RUNS ?? 3);
const PASSWORD = 'bench-password-1';
const repo = new URL('../../', import.meta.url).pathname;

const unavailable = namespaceTestsUnavailable();
if (unavailable) {
  console.error(`The benchmark runs the real tunnel between network namespaces and ${unavailable}.`);
  process.exit(2);
}

function admin(dataDir: string, args: string[], stdin = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [join(repo, 'backend/bin/renkei-admin.mjs'), '--data-dir', dataDir, ...args], { timeout: 600_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      error ? reject(new Error(stderr)) : resolve(stdout),
    );
    child.stdin!.end(stdin);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const ms = (value: number) => (value >= 100 ? `${value.toFixed(0)} ms` : value >= 1 ? `${value.toFixed(2)} ms` : `${(value * 1000).toFixed(0)} µs`);

const net = await createTestNetwork();
try {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'renkei-bench-')), 'backend');
  const cloudInterface = `rkc${net.tag}`;
  process.stdout.write(`Seeding ${PATIENTS} patients… `);
  await admin(dataDir, [
    'init', '--region', 'ベンチマーク', '--public-host', CLOUD_VETH_ADDRESS, '--tunnel', 'wireguard', '--tunnel-interface', cloudInterface,
    '--enrollment-listen', '0.0.0.0:7443', ...(process.env.RENKEI_DATABASE_URL ? ['--database-url', process.env.RENKEI_DATABASE_URL] : []),
  ]);
  const seeded = performance.now();
  await admin(dataDir, ['demo', '--patients', String(PATIENTS), '--focus-user', 'dr.kuroki', '--password-stdin'], PASSWORD);
  console.log(`${((performance.now() - seeded) / 1000).toFixed(1)} s`);

  const server = net.spawnIn(net.cloud, process.execPath, [join(repo, 'backend/bin/renkei-server.mjs'), '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  server.stdout!.resume();
  const socketDir = mkdtempSync(join(tmpdir(), 'renkei-bench-tunnel-'));
  const socketPath = join(socketDir, 'run', 'tunnel.sock');
  net.spawnIn(net.clinic, process.execPath, ['--import', 'tsx', join(repo, 'desktop/src/tunnel-service/main.ts'), '--socket', socketPath, '--state-dir', join(socketDir, 'state'), '--interface', `rkk${net.tag}`], { stdio: 'ignore' });
  const clinic = new JsonLineClient(net.spawnIn(net.clinic, process.execPath, ['--import', 'tsx', join(repo, 'desktop/test/system/support/clinic-host.ts'), socketPath], { stdio: ['pipe', 'pipe', 'ignore'] }));
  await sleep(3000);

  const invite = JSON.parse(await admin(dataDir, ['device', 'invite', '--facility', 'みやざき在宅クリニック', '--json']));
  await clinic.call('enroll', { serverAddress: invite.server, enrollmentCode: invite.code, deviceName: 'ベンチマークPC' });
  const [device] = JSON.parse(await admin(dataDir, ['device', 'list', '--json']));
  await admin(dataDir, ['device', 'approve', device.id]);
  await clinic.call('refreshDevice');
  for (let i = 0; (await clinic.call<AppStatus>('getStatus')).tunnel.phase !== 'up'; i++) {
    if (i > 120) throw new Error('the tunnel did not come up');
    await sleep(250);
  }
  await clinic.call('login', { loginId: 'dr.kuroki', password: PASSWORD });
  await clinic.call('syncNow');

  const syncs: { ms: number; patients: number }[] = [];
  for (let i = 0; i < SYNC_RUNS; i++) syncs.push(await clinic.call('timeFullSync'));

  const ids: string[] = (await clinic.call('searchPatients', '')).patients.map((p: { id: string }) => p.id);
  const sample = Array.from({ length: READS }, (_, i) => ids[(i * 7919) % ids.length]!);
  await clinic.call('timeOverviewReads', sample.slice(0, 20)); // warm up the connection and JIT
  const fromBackend: { ms: number; source: string }[] = await clinic.call('timeOverviewReads', sample);
  await clinic.call('disconnectTunnel');
  const fromCache: { ms: number; source: string }[] = await clinic.call('timeOverviewReads', sample);
  if (fromBackend.some((r) => r.source !== 'server') || fromCache.some((r) => r.source !== 'cache')) throw new Error('reads did not come from where they were meant to');

  const backend = fromBackend.map((r) => r.ms).sort((a, b) => a - b);
  const cache = fromCache.map((r) => r.ms).sort((a, b) => a - b);
  const syncTimes = syncs.map((s) => s.ms).sort((a, b) => a - b);
  const median = syncTimes[Math.floor(syncTimes.length / 2)]!;
  console.log('');
  console.log(`Renkei benchmark — ${syncs[0]!.patients} patients on dr.kuroki's team, ${process.env.RENKEI_DATABASE_URL ? 'PostgreSQL' : 'SQLite'} backend, WireGuard (wireguard-go) between network namespaces`);
  console.log('');
  console.log(`Full sync over the tunnel into an empty cache (${SYNC_RUNS} runs): ${syncTimes.map((t) => `${(t / 1000).toFixed(2)} s`).join(', ')}`);
  console.log(`  median ${(median / 1000).toFixed(2)} s = ${Math.round(syncs[0]!.patients / (median / 1000))} overviews/s`);
  console.log('');
  console.log(`Overview read (n=${READS})            p50          p99`);
  console.log(`  backend over the tunnel  ${ms(percentile(backend, 50)).padStart(12)} ${ms(percentile(backend, 99)).padStart(12)}`);
  console.log(`  local cache (baseline)   ${ms(percentile(cache, 50)).padStart(12)} ${ms(percentile(cache, 99)).padStart(12)}`);
  console.log(`  ratio backend / cache    ${`${(percentile(backend, 50) / percentile(cache, 50)).toFixed(1)}×`.padStart(12)} ${`${(percentile(backend, 99) / percentile(cache, 99)).toFixed(1)}×`.padStart(12)}`);
  await clinic.call('shutdown').catch(() => undefined);
} finally {
  await net.destroy();
}
