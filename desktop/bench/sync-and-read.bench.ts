// npm run bench: a demo region of 1,000 patients on one doctor's team, the backend in a "cloud"
// network namespace and the desktop core with its tunnel service in a "clinic" namespace, joined
// by WireGuard (wireguard-go). Prints:
//   - full sync of the 1,000 overviews over the tunnel into an empty cache;
//   - overview read latency p50/p99 from the backend over the tunnel and from the local cache,
//     side by side, with their ratio (the cache is the baseline).
// Options (environment): RENKEI_BENCH_PATIENTS (1000), RENKEI_BENCH_READS (300),
// RENKEI_BENCH_SYNC_RUNS (3), RENKEI_DATABASE_URL (PostgreSQL instead of SQLite).
import { setTimeout as sleep } from 'node:timers/promises';
import { namespaceTestsUnavailable } from '@renkei/wireguard/testing';
import { startDemoRegion } from '../region/demo-region';

const PATIENTS = Number(process.env.RENKEI_BENCH_PATIENTS ?? 1000);
const READS = Number(process.env.RENKEI_BENCH_READS ?? 300);
const SYNC_RUNS = Number(process.env.RENKEI_BENCH_SYNC_RUNS ?? 3);

const unavailable = namespaceTestsUnavailable();
if (unavailable) {
  console.error(`The benchmark runs the real tunnel between network namespaces and ${unavailable}.`);
  process.exit(2);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const ms = (value: number) => (value >= 100 ? `${value.toFixed(0)} ms` : value >= 1 ? `${value.toFixed(2)} ms` : `${(value * 1000).toFixed(0)} µs`);

process.stdout.write(`Starting a region of ${PATIENTS} patients… `);
const started = performance.now();
const region = await startDemoRegion({ network: 'namespaces', patients: PATIENTS, focusUser: 'dr.kuroki', databaseUrl: process.env.RENKEI_DATABASE_URL });
console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
const clinic = region.clinic;
try {
  await clinic.enroll({ serverAddress: region.serverAddress, enrollmentCode: await region.inviteCode(), deviceName: 'ベンチマークPC' });
  await region.approvePending();
  await clinic.refreshDevice();
  for (let i = 0; (await clinic.getStatus()).tunnel.phase !== 'up'; i++) {
    if (i > 120) throw new Error('the tunnel did not come up');
    await sleep(250);
  }
  await clinic.login({ loginId: 'dr.kuroki', password: region.password });
  await clinic.syncNow();
  const syncs: { ms: number; patients: number }[] = [];
  for (let i = 0; i < SYNC_RUNS; i++) syncs.push(await clinic.call('timeFullSync'));

  const ids = (await clinic.searchPatients('')).patients.map((p) => p.id);
  const sample = Array.from({ length: READS }, (_, i) => ids[(i * 7919) % ids.length]!);
  await clinic.call('timeOverviewReads', sample.slice(0, 20)); // warm up the connection and JIT
  const fromBackend: { ms: number; source: string }[] = await clinic.call('timeOverviewReads', sample);
  await clinic.disconnectTunnel();
  const fromCache: { ms: number; source: string }[] = await clinic.call('timeOverviewReads', sample);
  if (fromBackend.some((r) => r.source !== 'server') || fromCache.some((r) => r.source !== 'cache'))
    throw new Error('reads did not come from where they were meant to');

  const backend = fromBackend.map((r) => r.ms).sort((a, b) => a - b);
  const cache = fromCache.map((r) => r.ms).sort((a, b) => a - b);
  const syncTimes = syncs.map((s) => s.ms).sort((a, b) => a - b);
  const median = syncTimes[Math.floor(syncTimes.length / 2)]!;
  console.log('');
  console.log(
    `Renkei benchmark — ${syncs[0]!.patients} patients on dr.kuroki's team, ${process.env.RENKEI_DATABASE_URL ? 'PostgreSQL' : 'SQLite'} backend, WireGuard (wireguard-go) between network namespaces`,
  );
  console.log('');
  console.log(`Full sync over the tunnel into an empty cache (${SYNC_RUNS} runs): ${syncTimes.map((t) => `${(t / 1000).toFixed(2)} s`).join(', ')}`);
  console.log(`  median ${(median / 1000).toFixed(2)} s = ${Math.round(syncs[0]!.patients / (median / 1000))} overviews/s`);
  console.log('');
  console.log(`Overview read (n=${READS})            p50          p99`);
  console.log(`  backend over the tunnel  ${ms(percentile(backend, 50)).padStart(12)} ${ms(percentile(backend, 99)).padStart(12)}`);
  console.log(`  local cache (baseline)   ${ms(percentile(cache, 50)).padStart(12)} ${ms(percentile(cache, 99)).padStart(12)}`);
  console.log(
    `  ratio backend / cache    ${`${(percentile(backend, 50) / percentile(cache, 50)).toFixed(1)}×`.padStart(12)} ${`${(percentile(backend, 99) / percentile(cache, 99)).toFixed(1)}×`.padStart(12)}`,
  );
} finally {
  await region.stop();
}
