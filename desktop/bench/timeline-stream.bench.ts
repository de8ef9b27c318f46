// npm run bench (part): the timeline's live stream on a real backend over TLS on loopback (the
// tunnel's cost is measured by sync-and-read.bench.ts; here the stream's own). Prints:
//   - delivery latency to each of 200 subscribed sessions, p50/p99, from the start of the
//     WritePost call (so it includes the write's own commit: an upper bound of commit → receipt),
//     as a ratio to the p99 of the unary WritePost round trip measured in the same run;
//   - on PostgreSQL (RENKEI_TEST_ENGINE=postgres): the same with the 200 streams on a second
//     backend process, the posts written through the first;
//   - memory per idle subscription (heap and RSS of this process, which holds the server and the
//     200 clients: an upper bound of the server's share);
//   - sustained posts per second with the 200 streams open: posts written on a schedule at rising
//     rates, each rate held for a few seconds, until the p99 of delivery passes 1 s; as a ratio to
//     the posts per second the same writer reaches with no stream open (eight writes in flight);
//   - resume after a 1,000-event gap: time from resubscribing to the last missed event.
// Options (environment): RENKEI_BENCH_SUBSCRIBERS (200), RENKEI_BENCH_POSTS (40), RENKEI_BENCH_GAP (1000),
// RENKEI_BENCH_RATE_STEP_S (3).
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { TestRegion, TimelineStream, call, isPost, startSecondProcess, startTestBackend } from '@renkei/backend/test-support';

const SUBSCRIBERS = Number(process.env.RENKEI_BENCH_SUBSCRIBERS ?? 200);
const POSTS = Number(process.env.RENKEI_BENCH_POSTS ?? 40);
const GAP = Number(process.env.RENKEI_BENCH_GAP ?? 1000);
const RATE_STEP_MS = Number(process.env.RENKEI_BENCH_RATE_STEP_S ?? 3) * 1000;
const RATES = [5, 10, 20, 40, 80, 160, 320];

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const ms = (value: number) => `${value.toFixed(1)} ms`;

const backend = await startTestBackend({ timeline: { stream: { heartbeatMs: 1000 } } });
const engine = backend.database.engine;
const stopAll: (() => void)[] = [];
try {
  const region = new TestRegion(backend);
  const patient = await region.patient();
  const writer = await region.user('PROFESSION_NURSE');
  await region.join(patient.id, writer.id, 'CARE_TEAM_ROLE_VISITING_NURSE');
  const writerSession = await region.session(writer.login_id);
  // 200 members of the patient's team, each signed in (ten PCs, twenty sessions each).
  const devices = await Promise.all(Array.from({ length: 10 }, () => region.approvedDevice()));
  const sessions: { device: string; session: string }[] = [];
  for (let i = 0; i < SUBSCRIBERS; i++) {
    const user = await region.user('PROFESSION_CARE_WORKER');
    await region.join(patient.id, user.id, 'CARE_TEAM_ROLE_CARE_WORKER');
    sessions.push(await region.session(user.login_id, devices[i % devices.length]));
  }
  const write = (target = region.clinical, body = 'ベンチマーク') =>
    call(target, 'TimelineService', 'WritePost', { timeline: { patientId: patient.id }, clientRequestId: randomUUID(), body }, writerSession);
  for (let i = 0; i < 10; i++) await write(); // warm up the connection and the JIT

  /** Posts per second the writer reaches alone, eight writes in flight: the baseline of the sustained rate. */
  async function writeCapacity(): Promise<number> {
    let written = 0;
    const until = performance.now() + RATE_STEP_MS;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (performance.now() < until) {
          await write();
          written++;
        }
      }),
    );
    return written / (RATE_STEP_MS / 1000);
  }

  /** Posts written at rising rates with `streams` open, until delivery's p99 passes 1 s. */
  async function sustainedRate(streams: TimelineStream[], capacity: number): Promise<void> {
    let sustained = 0;
    for (const rate of RATES) {
      const count = Math.round((rate * RATE_STEP_MS) / 1000);
      const startedAt = new Map<string, number>();
      const from = streams.map((s) => s.events.length);
      const writes: Promise<unknown>[] = [];
      const begin = performance.now();
      for (let i = 0; i < count; i++) {
        const due = begin + (i * 1000) / rate;
        if (due > performance.now()) await sleep(due - performance.now());
        const started = performance.now();
        writes.push(write().then((written) => startedAt.set(written.postId as string, started)));
      }
      await Promise.all(writes);
      // Every stream has every post of this step (counted, not awaited per post: 200 × hundreds of waits would load this process).
      const arrived = () =>
        streams.every((s, j) => s.events.slice(from[j]).filter((e) => e.event === 'post' && startedAt.has(e.post!.postId)).length === count);
      const deadline = performance.now() + 120_000;
      while (!arrived()) {
        if (performance.now() > deadline) throw new Error(`posts at ${rate}/s did not all arrive within 120 s`);
        await sleep(100);
      }
      const deliveries: number[] = [];
      streams.forEach((s, j) => {
        for (let k = from[j]!; k < s.events.length; k++) {
          const started = startedAt.get(s.events[k]!.post?.postId ?? '');
          if (s.events[k]!.event === 'post' && started !== undefined) deliveries.push(s.arrivedAt[k]! - started);
        }
      });
      deliveries.sort((a, b) => a - b);
      const p99 = percentile(deliveries, 99);
      console.log(`  ${String(rate).padStart(3)} posts/s for ${RATE_STEP_MS / 1000} s: delivery p50 ${ms(percentile(deliveries, 50))}  p99 ${ms(p99)}`);
      if (p99 > 1000) break;
      sustained = rate;
    }
    console.log(
      `  sustained with ${streams.length} streams (p99 ≤ 1 s): ${sustained} posts/s; the writer alone: ${capacity.toFixed(0)} posts/s; ratio ${(sustained / capacity).toFixed(2)}×` +
        (sustained === RATES.at(-1) ? ' (the highest rate tried)' : ''),
    );
  }

  async function latency(label: string, target: { address: string; caPem: string }, writeTarget = region.clinical, capacity?: number) {
    gc();
    const before = process.memoryUsage();
    const streams = sessions.map((s) => new TimelineStream(target, s));
    stopAll.push(() => streams.forEach((s) => s.cancel()));
    await Promise.all(streams.map((s) => s.waitFor((e) => e.event === 'heartbeat', 0, 30_000)));
    gc();
    const after = process.memoryUsage();
    const deliveries: number[] = [];
    const unary: number[] = [];
    for (let i = 0; i < POSTS; i++) {
      const from = streams.map((s) => s.events.length);
      const started = performance.now();
      const written = await write(writeTarget);
      unary.push(performance.now() - started);
      const received = await Promise.all(streams.map((s, j) => s.waitFor(isPost(written.postId), from[j]).then(() => performance.now())));
      deliveries.push(...received.map((t) => t - started));
    }
    deliveries.sort((a, b) => a - b);
    unary.sort((a, b) => a - b);
    const unaryP99 = percentile(unary, 99);
    console.log(`${label}: ${SUBSCRIBERS} streams × ${POSTS} posts`);
    console.log(`  delivery  p50 ${ms(percentile(deliveries, 50))}  p99 ${ms(percentile(deliveries, 99))}`);
    console.log(`  unary WritePost p50 ${ms(percentile(unary, 50))}  p99 ${ms(unaryP99)}`);
    console.log(`  delivery p99 / unary p99 = ${(percentile(deliveries, 99) / unaryP99).toFixed(2)}× (goal ≤ 3×)`);
    console.log(
      `  memory per idle subscription (server and client in this process): heap ${((after.heapUsed - before.heapUsed) / SUBSCRIBERS / 1024).toFixed(1)} KiB, RSS ${((after.rss - before.rss) / SUBSCRIBERS / 1024).toFixed(1)} KiB`,
    );
    if (capacity !== undefined) await sustainedRate(streams, capacity);
    streams.forEach((s) => s.cancel());
  }

  await latency(`One process (${engine})`, region.clinical, region.clinical, await writeCapacity());

  if (engine === 'postgres') {
    const second = await startSecondProcess(backend);
    try {
      await latency('Two processes (PostgreSQL): streams on the second, posts through the first', { address: second.clinicalAddress, caPem: backend.caPem });
    } finally {
      await second.stop();
    }
  }

  // Resume: one stream stops, GAP posts are written, it resubscribes from its cursor.
  const stream = new TimelineStream(region.clinical, sessions[0]!);
  await stream.waitFor((e) => e.event === 'heartbeat');
  const last = await write();
  await stream.waitFor(isPost(last.postId));
  const cursor = stream.lastCursor;
  stream.cancel();
  const missed = new Set<string>();
  for (let i = 0; i < GAP; i += 10) {
    const written = await Promise.all(Array.from({ length: Math.min(10, GAP - i) }, () => write()));
    for (const w of written) missed.add(w.postId as string);
  }
  const resumedAt = performance.now();
  const resumed = new TimelineStream(region.clinical, sessions[0]!, cursor);
  stopAll.push(() => resumed.cancel());
  // Concurrent writes commit in any order: wait for every missed post, not the last one written.
  const seen = new Set<string>();
  await resumed.waitFor(
    (e) => {
      if (e.event === 'post' && missed.has(e.post!.postId)) seen.add(e.post!.postId);
      return seen.size === missed.size;
    },
    0,
    120_000,
  );
  const posts = resumed.events.filter((e) => e.event === 'post').length;
  console.log(
    `Resume after a ${GAP}-event gap: ${ms(performance.now() - resumedAt)} to the last missed event (${posts} posts received, ${missed.size} missed)`,
  );
  resumed.cancel();
} finally {
  stopAll.forEach((stop) => stop());
  await backend.stop();
}
process.exit(0);
