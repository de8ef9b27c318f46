// npm run bench (second part): a real PDF of ~20 MB (and one of ~5 MB, to see whether memory
// grows with file size) filed onto a patient from the clinic's desktop core, over WireGuard
// (wireguard-go) between network namespaces, to the backend in the "cloud" namespace. Prints:
//   - raw tunnel throughput measured by iperf3 in the same run, clinic → cloud (the baseline);
//   - upload throughput, end to end (hashing, streaming, the server's content check, filing)
//     and for the transfer alone, each as a ratio of the raw tunnel (goal ≥ 0.7);
//   - peak resident memory of the clinic's core and of the server during each upload, above
//     their level before it (goal: flat in file size — streaming, not buffering).
// Each on three paths, a region each: the namespaces joined directly, and two WAN lines put
// between them by a delaying, rate-capping UDP relay in WireGuard's path (wan/: this kernel has
// no netem), iperf3 measuring the same relayed tunnel as the baseline.
// Options (environment): RENKEI_BENCH_UPLOAD_MB (20), RENKEI_BENCH_UPLOAD_RUNS (3),
// RENKEI_BENCH_UPLOAD_PATHS (lan,fibre,slow), RENKEI_DATABASE_URL (PostgreSQL: a database of its own per
// region on the server the URL reaches, dropped after).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { namespaceTestsUnavailable } from '@renkei/wireguard/testing';
import { createPostgresDatabase, makeLargePdf } from '@renkei/backend/test-support';
import { startDemoRegion } from '../region/demo-region';
import { bringClinicOnline } from './bench-clinic';
import { installWanLine, WAN_LINES } from './wan/wan-path';
import type { DesktopEvent, UploadDocumentInput } from '../src/shared/desktop-api';

const UPLOAD_MB = Number(process.env.RENKEI_BENCH_UPLOAD_MB ?? 20);
const RUNS = Number(process.env.RENKEI_BENCH_UPLOAD_RUNS ?? 3);
const run = promisify(execFile);

const unavailable = namespaceTestsUnavailable();
if (unavailable) {
  console.error(`The benchmark runs the real tunnel between network namespaces and ${unavailable}.`);
  process.exit(2);
}
for (const tool of ['iperf3', 'qpdf']) {
  try {
    await run(tool, ['--version']);
  } catch {
    console.error(`The upload benchmark needs ${tool} (Debian package ${tool}).`);
    process.exit(2);
  }
}

/** Resident memory of a process in bytes (Linux /proc). */
function rssOf(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

/** Samples the peak RSS of the given processes while `work` runs. */
async function withPeakMemory<T>(
  pids: Record<string, number>,
  work: () => Promise<T>,
): Promise<{ result: T; before: Record<string, number>; peak: Record<string, number> }> {
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, rssOf(pid)]));
  const peak = { ...before };
  const timer = setInterval(() => {
    for (const [name, pid] of Object.entries(pids)) peak[name] = Math.max(peak[name]!, rssOf(pid));
  }, 10);
  try {
    return { result: await work(), before, peak };
  } finally {
    clearInterval(timer);
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const mbitps = (bitsPerSecond: number) => `${(bitsPerSecond / 1e6).toFixed(0)} Mbit/s`;

process.stdout.write('Making test PDFs with LibreOffice and qpdf… ');
const work = mkdtempSync(join(tmpdir(), 'renkei-bench-upload-'));
mkdirSync(join(work, 'large'));
mkdirSync(join(work, 'small'));
const bigPdf = await makeLargePdf(join(work, 'large'), UPLOAD_MB * 1024 * 1024);
const smallPdf = await makeLargePdf(join(work, 'small'), Math.round((UPLOAD_MB / 4) * 1024 * 1024));
console.log(`${mb(statSync(smallPdf).size)} and ${mb(statSync(bigPdf).size)}`);

type Path = 'lan' | keyof typeof WAN_LINES;
const PATHS = (process.env.RENKEI_BENCH_UPLOAD_PATHS ?? 'lan,fibre,slow').split(',').map((p) => p.trim()) as Path[];
for (const path of PATHS) if (path !== 'lan' && !(path in WAN_LINES)) throw new Error(`RENKEI_BENCH_UPLOAD_PATHS: unknown path ${path} (lan, fibre, slow)`);
const pathName = (path: Path) => (path === 'lan' ? 'the namespaces joined directly (LAN)' : WAN_LINES[path].name);

const rate = (bytes: number, ms: number) => (bytes * 8) / (ms / 1000);
const summaries: { path: Path; raw: number; large: ReturnType<typeof summarise> }[] = [];
type Run = { size: number; totalMs: number; transferMs: number; afterLastChunkMs: number; before: Record<string, number>; peak: Record<string, number> };
const median = (runs: Run[], figure: (r: Run) => number) => runs.map(figure).sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
function summarise(runs: Run[]) {
  return {
    size: runs[0]!.size,
    totalMs: median(runs, (r) => r.totalMs),
    transferMs: median(runs, (r) => r.transferMs),
    afterLastChunkMs: median(runs, (r) => r.afterLastChunkMs),
    clinicHeld: median(runs, (r) => r.peak.clinic! - r.before.clinic!),
    serverHeld: median(runs, (r) => r.peak.server! - r.before.server!),
  };
}

try {
  for (const path of PATHS) summaries.push(await measurePath(path));
  console.log('');
  console.log(`Summary — ${mb(summaries[0]!.large.size)} upload end to end, as a ratio of iperf3 through the same tunnel (goal ≥ 0.8)`);
  for (const { path, raw, large } of summaries) {
    const endToEnd = rate(large.size, large.totalMs);
    console.log(
      `  ${pathName(path).padEnd(48)} ${mbitps(raw).padStart(12)} raw  ${mbitps(endToEnd).padStart(12)} upload  ratio ${(endToEnd / raw).toFixed(2)}`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

async function measurePath(path: Path) {
  process.stdout.write(`Starting a region (${pathName(path)})… `);
  // On PostgreSQL, a database of its own for each region, on the server the URL reaches.
  const database = process.env.RENKEI_DATABASE_URL ? await createPostgresDatabase(process.env.RENKEI_DATABASE_URL, 'renkei_bench') : undefined;
  const region = await startDemoRegion({ network: 'namespaces', patients: 3, focusUser: 'dr.kuroki', databaseUrl: database?.url });
  if (path !== 'lan') await installWanLine(region, WAN_LINES[path]);
  console.log('ready');
  const clinic = region.clinic;
  const net = region.net!;
  try {
    await bringClinicOnline(region);
    const patientId = (await clinic.searchPatients('')).patients[0]!.id;

    // The raw tunnel, clinic → cloud, as iperf3 sees it (TCP, 5 s).
    const config = JSON.parse(readFileSync(join(region.dataDir, 'renkei.json'), 'utf8')) as { tunnel: { subnet: string } };
    const [network] = config.tunnel.subnet.split('/');
    const octets = network!.split('.').map(Number);
    const serverTunnelAddress = [...octets.slice(0, 3), octets[3]! + 1].join('.');
    const iperfServer = net.spawnIn(net.cloud, 'iperf3', ['-s', '-1', '-B', serverTunnelAddress, '-p', '5201'], { stdio: 'ignore' });
    await sleep(500);
    const iperf = JSON.parse(await net.runIn(net.clinic, 'iperf3', ['-c', serverTunnelAddress, '-p', '5201', '-t', '5', '-J'])) as {
      end: { sum_received: { bits_per_second: number } };
    };
    iperfServer.kill();
    const rawBitsPerSecond = iperf.end.sum_received.bits_per_second;

    const upload = async (path: string, title: string) => {
      const staged = await clinic.stageFile(path);
      let firstByteAt = 0;
      let lastByteAt = 0;
      const stop = clinic.onEvent((event: DesktopEvent) => {
        if (event.type !== 'upload-progress' || event.stagedFileId !== staged.stagedFileId) return;
        if (firstByteAt === 0) firstByteAt = performance.now();
        if (event.sentBytes === event.totalBytes) lastByteAt = performance.now();
      });
      const input: UploadDocumentInput = {
        patientId,
        stagedFileId: staged.stagedFileId,
        documentType: 'DOCUMENT_TYPE_REFERRAL_LETTER',
        title,
        issuedOn: '2026-11-20',
        issuer: 'ベンチマーク病院',
        validFrom: '',
        validUntil: '',
        note: '',
        replacesDocumentId: '',
      };
      const started = performance.now();
      const measured = await withPeakMemory(region.pids, () => clinic.uploadDocument(input));
      const answered = performance.now();
      stop();
      return { size: staged.size, totalMs: answered - started, transferMs: lastByteAt - firstByteAt, afterLastChunkMs: answered - lastByteAt, ...measured };
    };

    await upload(smallPdf, 'ウォームアップ'); // warm the connection, the JIT and qpdf's page cache
    // Each size RUNS times; the median of each figure is reported (peak RSS moves with when the
    // garbage collector happens to run, so one upload says little).
    const smallRuns: Run[] = [];
    const bigRuns: Run[] = [];
    for (let i = 0; i < RUNS; i++) {
      smallRuns.push(await upload(smallPdf, `小さいPDF ${i + 1}`));
      bigRuns.push(await upload(bigPdf, `大きいPDF ${i + 1}`));
    }
    const small = summarise(smallRuns);
    const big = summarise(bigRuns);

    console.log('');
    console.log(
      `Renkei benchmark — filing a PDF over WireGuard (wireguard-go) between network namespaces, ${pathName(path)}, ${process.env.RENKEI_DATABASE_URL ? 'PostgreSQL' : 'SQLite'} backend`,
    );
    console.log('');
    console.log(`Raw tunnel, iperf3 TCP clinic → cloud (baseline): ${mbitps(rawBitsPerSecond)}`);
    for (const [label, r] of [
      ['small', small],
      ['large', big],
    ] as const) {
      const endToEnd = rate(r.size, r.totalMs);
      const transfer = rate(r.size, r.transferMs);
      console.log('');
      console.log(`Upload of ${mb(r.size)} (${label}; median of ${RUNS})`);
      console.log(
        `  end to end (read and hash while sending, server check, file)  ${(r.totalMs / 1000).toFixed(2)} s  ${mbitps(endToEnd).padStart(12)}  ratio to raw tunnel ${(endToEnd / rawBitsPerSecond).toFixed(2)}`,
      );
      console.log(
        `  handed to gRPC (first to last chunk written; up to the 4 MiB window ahead of the line)  ${(r.transferMs / 1000).toFixed(2)} s  ${mbitps(transfer).padStart(12)}  ratio to raw tunnel ${(transfer / rawBitsPerSecond).toFixed(2)}`,
      );
      console.log(
        `  after the last chunk, until filed (the line's last bytes, up to 4 MiB; the server's content check; filing)  ${(r.afterLastChunkMs / 1000).toFixed(2)} s`,
      );
      console.log(`  peak memory above before: clinic core ${mb(r.clinicHeld)}, server ${mb(r.serverHeld)}`);
    }
    console.log('');
    console.log(
      `Memory growth from ${mb(small.size)} to ${mb(big.size)} (${(big.size / small.size).toFixed(1)}× the bytes): clinic core ${mb(big.clinicHeld - small.clinicHeld)}, server ${mb(big.serverHeld - small.serverHeld)}`,
    );
    return { path, raw: rawBitsPerSecond, large: big };
  } finally {
    await region.stop();
    await database?.drop();
  }
}
