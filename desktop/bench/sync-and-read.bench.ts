// npm run bench: a demo region of 1,000 patients on one doctor's team, the backend in a "cloud"
// network namespace and the desktop core with its tunnel service in a "clinic" namespace, joined
// by WireGuard (wireguard-go). Prints, for SQLite and (given RENKEI_DATABASE_URL) PostgreSQL, on the
// namespaces joined directly (LAN) and through a clinic's fibre line (20 ms RTT, 100 Mbit/s; the
// relay of wan/wan-path.ts) side by side, each in a region of its own started one after the other:
//   - full sync of the 1,000 overviews over the tunnel into an empty cache, with the round trips it
//     took (the server's PullChanges calls: one per page, never one per patient);
//   - overview read latency p50/p99 from the backend over the tunnel and from the local cache,
//     with their ratio (the cache is the baseline);
//   - where a read's time goes: a health check's round trip over the same tunnel (the network and
//     gRPC, no database), the server's steps as its debug log reports them for each call
//     (rpc/dispatcher.ts, call-timing.ts), the client's steps (the same call alone on a connection of
//     its own, the mapping, the cache write) and the rest by difference; and the read as a ratio of
//     the health check.
// Options (environment): RENKEI_BENCH_PATIENTS (1000), RENKEI_BENCH_READS (300),
// RENKEI_BENCH_SYNC_RUNS (3), RENKEI_DATABASE_URL (also PostgreSQL: a database of the bench's own
// is created on the server the URL reaches, and dropped after), RENKEI_BENCH_ENGINES
// (sqlite,postgres: which of them to run), RENKEI_BENCH_READ_PATHS (lan,fibre: which paths).
import { setTimeout as sleep } from 'node:timers/promises';
import { createPostgresDatabase } from '@renkei/backend/test-support';
import { namespaceTestsUnavailable } from '@renkei/wireguard/testing';
import { startDemoRegion } from '../region/demo-region';
import { bringClinicOnline } from './bench-clinic';
import { installWanLine, WAN_LINES } from './wan/wan-path';

const PATIENTS = Number(process.env.RENKEI_BENCH_PATIENTS ?? 1000);
const READS = Number(process.env.RENKEI_BENCH_READS ?? 300);
const SYNC_RUNS = Number(process.env.RENKEI_BENCH_SYNC_RUNS ?? 3);
const POSTGRES_URL = process.env.RENKEI_DATABASE_URL;
const ENGINES = (process.env.RENKEI_BENCH_ENGINES ?? 'sqlite,postgres')
  .split(',')
  .filter((engine): engine is Engine => engine === 'sqlite' || (engine === 'postgres' && Boolean(POSTGRES_URL)));

type Engine = 'sqlite' | 'postgres';
const ENGINE_NAMES: Record<Engine, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

type Path = 'lan' | 'fibre';
const PATH_NAMES: Record<Path, string> = { lan: 'LAN', fibre: 'fibre' };
const PATHS = (process.env.RENKEI_BENCH_READ_PATHS ?? 'lan,fibre').split(',').map((p) => p.trim());
for (const path of PATHS) if (path !== 'lan' && path !== 'fibre') throw new Error(`RENKEI_BENCH_READ_PATHS: unknown path ${path} (lan, fibre)`);

/** One column of the table: an engine on a path, in a region of its own. */
interface Variant {
  engine: Engine;
  path: Path;
}
const VARIANTS: Variant[] = (PATHS as Path[]).flatMap((path) => ENGINES.map((engine) => ({ engine, path })));
const variantName = ({ engine, path }: Variant) => `${ENGINE_NAMES[engine]} ${PATH_NAMES[path]}`;

/** The server's steps of a call, as its debug log line names them (backend/src/call-timing.ts). */
const SERVER_STEPS = [
  ['authenticate', 'server: authenticate (device, session, user)'],
  ['scope', 'server: the patient scope (team, consent, policy)'],
  ['handle', 'server: the overview (queries, mapping)'],
  ['audit', 'server: the audit append'],
  ['send', 'server: encoding and sending the answer'],
] as const;
type ServerStep = (typeof SERVER_STEPS)[number][0];

/** One column of the table: an engine on a path. */
interface ColumnResult {
  patients: number;
  syncs: number[];
  /** The server's PullChanges calls in one full sync. */
  syncCalls: number;
  backend: number[];
  cache: number[];
  health: number[];
  server: Record<ServerStep, number[]>;
  /** The client's steps, measured apart: the call alone on a connection of its own, then what the core does with the answer. */
  client: { call: number[]; mapping: number[]; cacheWrite: number[] };
}

const unavailable = namespaceTestsUnavailable();
if (unavailable) {
  console.error(`The benchmark runs the real tunnel between network namespaces and ${unavailable}.`);
  process.exit(2);
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

const ms = (value: number) =>
  Number.isNaN(value) ? '—' : value >= 100 ? `${value.toFixed(0)} ms` : value >= 1 ? `${value.toFixed(2)} ms` : `${(value * 1000).toFixed(0)} µs`;
const ratio = (value: number) => (Number.isNaN(value) ? '—' : `${value.toFixed(1)}×`);

async function measure({ engine, path }: Variant): Promise<ColumnResult> {
  const wanLine = path === 'lan' ? undefined : WAN_LINES[path];
  process.stdout.write(`Starting a region of ${PATIENTS} patients on ${ENGINE_NAMES[engine]}, ${wanLine?.name ?? 'LAN'}… `);
  const started = performance.now();
  // Every call's debug line; the overview reads' are picked out while the reads run, and the
  // sync's pulls counted while the timed syncs run.
  let overviewLines: Record<string, number>[] | undefined;
  let pulls: number | undefined;
  const database = engine === 'postgres' ? await createPostgresDatabase(POSTGRES_URL, 'renkei_bench') : undefined;
  const region = await startDemoRegion({
    network: 'namespaces',
    patients: PATIENTS,
    focusUser: 'dr.kuroki',
    databaseUrl: database?.url,
    serverLog: {
      level: 'debug',
      onLine: (line) => {
        if (pulls !== undefined && line.includes('/PullChanges') && line.includes('"msg":"ok"')) pulls++;
        if (!overviewLines || !line.includes('/GetPatientOverview') || !line.includes('"phases"')) return;
        const entry = JSON.parse(line) as { msg: string; phases?: Record<string, number> };
        if (entry.msg === 'ok' && entry.phases) overviewLines.push(entry.phases);
      },
    },
  });
  // The line goes in before the tunnel first comes up, so everything through it crosses the line.
  if (wanLine) await installWanLine(region, wanLine);
  console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
  const clinic = region.clinic;
  try {
    await bringClinicOnline(region);
    const syncs: { ms: number; patients: number }[] = [];
    pulls = 0;
    for (let i = 0; i < SYNC_RUNS; i++) syncs.push(await clinic.call('timeFullSync'));
    await sleep(200); // the last lines of the server's log are still on their way
    const syncCalls = pulls / SYNC_RUNS;
    pulls = undefined;

    const ids = (await clinic.searchPatients('')).patients.map((p) => p.id);
    const sample = Array.from({ length: READS }, (_, i) => ids[(i * 7919) % ids.length]!);
    await clinic.call('timeOverviewReads', sample.slice(0, 20)); // warm up the connection and JIT
    await clinic.call('timeHealthChecks', 20);
    const health: number[] = await clinic.call('timeHealthChecks', READS);
    overviewLines = [];
    const fromBackend: { ms: number; source: string }[] = await clinic.call('timeOverviewReads', sample);
    await sleep(200); // the last lines of the server's log are still on their way
    const serverLines = overviewLines;
    overviewLines = undefined;
    const steps: { call: number; mapping: number; cacheWrite: number }[] = await clinic.call('timeOverviewReadSteps', sample);
    await clinic.disconnectTunnel();
    const fromCache: { ms: number; source: string }[] = await clinic.call('timeOverviewReads', sample);
    if (fromBackend.some((r) => r.source !== 'server') || fromCache.some((r) => r.source !== 'cache'))
      throw new Error('reads did not come from where they were meant to');
    if (serverLines.length !== READS) throw new Error(`the server logged ${serverLines.length} overview reads of ${READS}`);

    const server = Object.fromEntries(SERVER_STEPS.map(([step]) => [step, serverLines.map((phases) => phases[step] ?? 0)])) as Record<ServerStep, number[]>;
    return {
      patients: syncs[0]!.patients,
      syncs: syncs.map((s) => s.ms),
      syncCalls,
      backend: fromBackend.map((r) => r.ms),
      cache: fromCache.map((r) => r.ms),
      health,
      server,
      client: {
        call: steps.map((s) => s.call),
        mapping: steps.map((s) => s.mapping),
        cacheWrite: steps.map((s) => s.cacheWrite),
      },
    };
  } finally {
    await region.stop();
    await database?.drop();
  }
}

const results = new Map<Variant, ColumnResult>();
for (const variant of VARIANTS) results.set(variant, await measure(variant));

const variants = [...results.keys()];
const column = 17;
const row = (label: string, values: string[]) => console.log(`  ${label.padEnd(52)}${values.map((v) => v.padStart(column)).join('')}`);
const each = (f: (r: ColumnResult) => string) => variants.map((variant) => f(results.get(variant)!));
const median = (values: readonly number[]) => percentile(values, 50);

console.log('');
console.log(`Renkei benchmark — ${results.get(variants[0]!)!.patients} patients on dr.kuroki's team, WireGuard (wireguard-go) between network namespaces`);
if (!POSTGRES_URL) console.log('(PostgreSQL not run: set RENKEI_DATABASE_URL to print it beside SQLite.)');
if (PATHS.includes('fibre')) console.log(`fibre: the tunnel's datagrams cross a relay that makes a ${WAN_LINES.fibre.name}`);
console.log('');
row('', variants.map(variantName));
console.log(`Full sync over the tunnel into an empty cache (${SYNC_RUNS} runs)`);
row(
  'median',
  each((r) => `${(median(r.syncs) / 1000).toFixed(2)} s`),
);
row(
  'overviews per second',
  each((r) => String(Math.round(r.patients / (median(r.syncs) / 1000)))),
);
row(
  'round trips (PullChanges calls, one per page)',
  each((r) => r.syncCalls.toFixed(0)),
);
row(
  'time per round trip',
  each((r) => ms(median(r.syncs) / r.syncCalls)),
);
console.log('');
console.log(`Overview read (n=${READS}), p50 / p99`);
for (const [label, pick] of [
  ['backend over the tunnel', (r: ColumnResult) => r.backend],
  ['local cache (baseline)', (r: ColumnResult) => r.cache],
] as const) {
  row(
    `${label}, p50`,
    each((r) => ms(percentile(pick(r), 50))),
  );
  row(
    `${label}, p99`,
    each((r) => ms(percentile(pick(r), 99))),
  );
}
row(
  'ratio backend / cache, p50',
  each((r) => ratio(percentile(r.backend, 50) / percentile(r.cache, 50))),
);
row(
  'ratio backend / cache, p99',
  each((r) => ratio(percentile(r.backend, 99) / percentile(r.cache, 99))),
);
console.log('');
console.log('Where a read over the tunnel goes (medians; the client part by difference)');
row(
  'network and gRPC: a health check round trip',
  each((r) => ms(median(r.health))),
);
for (const [step, label] of SERVER_STEPS)
  row(
    label,
    each((r) => ms(median(r.server[step]))),
  );
const serverMedians = (r: ColumnResult) => SERVER_STEPS.reduce((sum, [step]) => sum + median(r.server[step]), 0);
row(
  'client: mapping the answer for the cache',
  each((r) => ms(median(r.client.mapping))),
);
row(
  'client: the cache write (sealed, SQLite)',
  each((r) => ms(median(r.client.cacheWrite))),
);
// Medians do not add exactly: a difference within their noise is shown as such, not as a negative time.
const difference = (value: number) => (value < 0.1 ? '< 0.1 ms' : ms(value));
row(
  'client: gRPC and decoding (the call alone, by difference)',
  each((r) => difference(median(r.client.call) - median(r.health) - serverMedians(r))),
);
row(
  "client: the core's own work (by difference)",
  each((r) => difference(median(r.backend) - median(r.client.call) - median(r.client.mapping) - median(r.client.cacheWrite))),
);
row(
  'the read as the app sees it',
  each((r) => ms(median(r.backend))),
);
row(
  'ratio to the health check (goal ≤ 2×)',
  each((r) => ratio(median(r.backend) / median(r.health))),
);
