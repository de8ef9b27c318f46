// The timeline's live stream (Subscribe) through the real gRPC backend over TLS, on both engines:
// live delivery, who receives what (event by event, by the chart's rule), access ending mid-stream,
// resume from a cursor with exactly what was missed, bad cursors, sessions ending, overview hints,
// commit order under concurrent writers, and the wake-ups behind it all: a write in this process,
// NOTIFY from another (PostgreSQL: a second real server process), and the poll.
//
// Absence is proven by order, never by waiting: the stream delivers in log order, so once an event
// written after X has arrived, X would have arrived before it if it were going to.
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setChartPolicyCell } from '../src/access/chart-policy-admin';
import { removeCareTeamMember } from '../src/care-teams/care-teams';
import { revokeDevice } from '../src/devices/devices';
import { RenkeiServer } from '../src/server/renkei-server';
import { EventHub } from '../src/timeline/event-hub';
import { decodeStreamCursor, encodeStreamCursor } from '../src/timeline/stream-cursor';
import { call, closeClients, failure, type Credentials } from './support/api-client';
import { startSecondProcess } from './support/backend-process';
import { TEST_PASSWORD, TestRegion } from './support/region';
import { TEST_ENGINE, startTestBackend, type TestBackend } from './support/test-backend';
import { TimelineStream, isPost, type StreamEvent } from './support/timeline-stream';

let backend: TestBackend;
let region: TestRegion;
let patientId: string;
let otherPatientId: string;
let groupId: string;
const users: Record<string, { id: string; login_id: string }> = {};
const who: Record<string, Credentials> = {};
const streams: TimelineStream[] = [];

const timeline = <T = any>(method: string, request: object, as: Credentials) => call<T>(region.clinical, 'TimelineService', method, request, as);
const post = (as: Credentials, on: object = { patientId }, body = '訪問しました。') =>
  timeline('WritePost', { timeline: on, clientRequestId: randomUUID(), body }, as);
const subscribe = (as: Credentials, cursor = '', target = region.clinical) => {
  const stream = new TimelineStream(target, as, cursor);
  streams.push(stream);
  return stream;
};
const mentions = (event: StreamEvent, id: string) => JSON.stringify(event).includes(id);
const patientOf = (event: StreamEvent) => event.post?.timeline?.patientId ?? event.left?.timeline?.patientId ?? event.joined?.timeline?.patientId;
/** A stream from the head is running once its first heartbeat (sent at once, with the position) has come. */
const started = async (stream: TimelineStream) => stream.waitFor((e) => e.event === 'heartbeat' || e.event === 'reset');

beforeAll(async () => {
  // A ring of a few events, so that resumed streams read the log themselves and join the ring.
  backend = await startTestBackend({ timeline: { pollMs: 200, ringSize: 3, stream: { heartbeatMs: 300 } } });
  region = new TestRegion(backend);
  const station = region.office('FACILITY_KIND_VISITING_NURSE_STATION', 'みらい訪問看護ステーション');
  users.doctor = await region.user('PROFESSION_DOCTOR', ['黒木', '健一']);
  users.nurse = await region.user('PROFESSION_NURSE', ['甲斐', '由美']);
  users.outsider = await region.user('PROFESSION_NURSE', ['他人', '花子']);
  users.stationNurse = await station.user('PROFESSION_NURSE', ['日高', '舞']);
  const patient = await region.patient({ familyName: '宮崎', givenName: '未来斗', familyNameKana: 'ミヤザキ', givenNameKana: 'ミクト' });
  const other = await region.patient({ familyName: '日向', givenName: '夏', familyNameKana: 'ヒュウガ', givenNameKana: 'ナツ' });
  patientId = patient.id;
  otherPatientId = other.id;
  await region.join(patientId, users.doctor.id, 'CARE_TEAM_ROLE_ATTENDING_DOCTOR');
  await region.join(patientId, users.nurse.id, 'CARE_TEAM_ROLE_VISITING_NURSE');
  await region.join(patientId, users.stationNurse.id, 'CARE_TEAM_ROLE_VISITING_NURSE');
  await region.join(otherPatientId, users.doctor.id, 'CARE_TEAM_ROLE_ATTENDING_DOCTOR');
  await region.join(otherPatientId, users.outsider.id, 'CARE_TEAM_ROLE_VISITING_NURSE');
  for (const [name, user] of Object.entries(users)) who[name] = await region.session(user.login_id);
  // Everyone's group, for events every stream receives (the order barrier).
  const group = await timeline(
    'CreateGroup',
    { clientRequestId: randomUUID(), title: '地域連携の会', memberUserIds: Object.values(users).map((u) => u.id) },
    who.doctor!,
  );
  groupId = group.timeline.groupId;
});
afterAll(async () => {
  for (const stream of streams) stream.cancel();
  closeClients();
  await backend?.stop();
});

/** A post in everyone's group, awaited on `stream`: whatever was logged before it has arrived by then. */
async function barrier(stream: TimelineStream): Promise<number> {
  const written = await post(who.doctor!, { groupId }, '区切り');
  await stream.waitFor(isPost(written.postId));
  return stream.events.length;
}

describe('live delivery', () => {
  it("delivers a member's post to another member's stream, with a cursor", async () => {
    const doctor = subscribe(who.doctor!);
    await started(doctor);
    const written = await post(who.nurse!);
    const event = await doctor.waitFor(isPost(written.postId));
    expect(event.post).toMatchObject({ body: '訪問しました。', author: { userId: users.nurse!.id }, timeline: { patientId } });
    expect(decodeStreamCursor(event.cursor)).toMatchObject({ user: users.doctor!.id, seq: Number(written.seq) });
    doctor.cancel();
  });

  it("gives an outsider nothing of the patient's timeline, nor hints about the patient", async () => {
    const outsider = subscribe(who.outsider!);
    await started(outsider);
    await post(who.nurse!, { patientId }, '宮崎さんの件');
    await timeline('MarkRead', { timeline: { patientId }, upTo: 1 }, who.nurse!).catch(() => undefined);
    await call(
      region.clinical,
      'ProgressNoteService',
      'WriteNote',
      { patientId, soap: { subjective: '', objective: 'BP 120/70', assessment: '', plan: '' }, clientRequestId: randomUUID() },
      who.doctor!,
    );
    await barrier(outsider);
    expect(outsider.events.filter((e) => mentions(e, patientId))).toEqual([]);
    outsider.cancel();
  });

  it('sees every post of concurrent writers exactly once, in strictly increasing commit order', async () => {
    const doctor = subscribe(who.doctor!);
    await started(doctor);
    const writers = [who.nurse!, who.doctor!, who.stationNurse!];
    const posts = await Promise.all(Array.from({ length: 45 }, (_, i) => post(writers[i % 3]!, i % 3 === 2 ? { groupId } : { patientId }, `同時投稿 ${i}`)));
    const from = await barrier(doctor);
    const received = doctor.events.slice(0, from).filter((e) => e.event === 'post');
    const ids = new Set(posts.map((p) => p.postId as string));
    const ours = received.filter((e) => ids.has(e.post!.postId));
    expect(ours.map((e) => e.post!.postId).sort()).toEqual([...ids].sort());
    const seqs = received.map((e) => decodeStreamCursor(e.cursor)!.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    doctor.cancel();
  });
});

describe('access ending mid-stream', () => {
  it('tells a member removed from the care team `left`, and nothing of the patient after', async () => {
    const leaver = await region.user('PROFESSION_PHARMACIST', ['薬師', '守']);
    await region.join(patientId, leaver.id, 'CARE_TEAM_ROLE_PHARMACIST');
    await timeline('AddGroupMember', { groupId, userId: leaver.id }, who.doctor!);
    const stream = subscribe(await region.session(leaver.login_id));
    await started(stream);
    await removeCareTeamMember(backend.database, patientId, leaver.id, backend.clock.now());
    backend.server.timelineHub!.poke(); // as renkei-admin's write would be found by the poll
    const left = await stream.waitFor((e) => e.event === 'left');
    expect(left.left).toMatchObject({ timeline: { patientId } });
    expect(left.cursor).not.toBe('');
    const from = stream.events.indexOf(left);
    await post(who.nurse!, { patientId }, '退院調整の件');
    await barrier(stream);
    expect(stream.events.slice(from + 1).filter((e) => patientOf(e) === patientId)).toEqual([]);
  });

  it('ends the timeline for a member of another office when consent is withdrawn, and opens it when recorded', async () => {
    const station = subscribe(who.stationNurse!);
    await started(station);
    const consent = (method: string, request: object) => call(region.clinical, 'ConsentService', method, { patientId, ...request }, who.doctor!);
    await consent('RecordConsent', { obtainedOn: new Date().toISOString().slice(0, 10), obtainedBy: '主治医 黒木', scope: 'CONSENT_SCOPE_CARE_TEAM' });
    const joined = await station.waitFor((e) => e.event === 'joined' && e.joined?.timeline?.patientId === patientId);
    expect(joined.joined!.members.map((m) => m.userId)).toContain(users.stationNurse!.id);
    const visible = await post(who.nurse!, { patientId }, '同意後の投稿');
    await station.waitFor(isPost(visible.postId));
    await consent('WithdrawConsent', { reason: '本人の申し出により撤回' });
    const left = await station.waitFor((e) => e.event === 'left' && e.left?.timeline?.patientId === patientId);
    const from = station.events.indexOf(left);
    await post(who.nurse!, { patientId }, '撤回後の投稿');
    await barrier(station);
    expect(station.events.slice(from + 1).filter((e) => e.event === 'post' && e.post?.timeline?.patientId === patientId)).toEqual([]);
  });

  it('tells a role the chart policy stops from reading the timeline `left` (nothing of it after), and `joined` when it may again', async () => {
    // A role nobody else in this file has: the policy change touches only this therapist.
    const therapist = await region.user('PROFESSION_PHYSICAL_THERAPIST', ['理学', '療法']);
    const unopened = await region.patient({ familyName: '延岡', givenName: '一郎', familyNameKana: 'ノベオカ', givenNameKana: 'イチロウ' });
    await region.join(patientId, therapist.id, 'CARE_TEAM_ROLE_THERAPIST');
    await region.join(unopened.id, therapist.id, 'CARE_TEAM_ROLE_THERAPIST');
    await timeline('AddGroupMember', { groupId, userId: therapist.id }, who.doctor!);
    const stream = subscribe(await region.session(therapist.login_id));
    await started(stream);
    const timelinePolicy = (allowed: boolean) =>
      setChartPolicyCell(
        backend.database,
        { recordKind: 'TIMELINE', role: 'CARE_TEAM_ROLE_THERAPIST', canRead: allowed, canWrite: allowed },
        'admin:test',
        backend.clock.now(),
      );
    try {
      await timelinePolicy(false);
      backend.server.timelineHub!.poke(); // as renkei-admin's write would be found by the poll
      for (const id of [patientId, unopened.id]) await stream.waitFor((e) => e.event === 'left' && e.left?.timeline?.patientId === id);
      const from = stream.events.length;
      await post(who.nurse!, { patientId }, 'リハビリ方針の件');
      await barrier(stream);
      expect(stream.events.slice(from).filter((e) => patientOf(e) === patientId)).toEqual([]);

      await timelinePolicy(true);
      backend.server.timelineHub!.poke();
      const joined = await stream.waitFor((e) => e.event === 'joined' && e.joined?.timeline?.patientId === patientId, from);
      expect(joined.joined!.members.map((m) => m.userId)).toContain(therapist.id);
      // Its timeline has no row yet (nobody opened it): the stream says so all the same.
      const opened = await stream.waitFor((e) => e.event === 'joined' && e.joined?.timeline?.patientId === unopened.id, from);
      expect(opened.joined).toMatchObject({ title: '延岡 一郎', titleKana: 'ノベオカ イチロウ', unread: 0, lastPostSeq: 0 });
      expect(opened.joined!.members.map((m) => m.userId)).toContain(therapist.id);
    } finally {
      await timelinePolicy(true);
    }
  });

  it('tells a user added to the team of a patient whose timeline has no post yet `joined`, with the team as members', async () => {
    const newcomer = await region.user('PROFESSION_NURSE', ['新田', '若葉']);
    const patient = await region.patient({ familyName: '都城', givenName: '花', familyNameKana: 'ミヤコノジョウ', givenNameKana: 'ハナ' });
    await region.join(patient.id, users.doctor!.id, 'CARE_TEAM_ROLE_ATTENDING_DOCTOR');
    const stream = subscribe(await region.session(newcomer.login_id));
    await started(stream);
    await region.join(patient.id, newcomer.id, 'CARE_TEAM_ROLE_VISITING_NURSE');
    backend.server.timelineHub!.poke();
    const joined = await stream.waitFor((e) => e.event === 'joined' && e.joined?.timeline?.patientId === patient.id);
    expect(joined.joined).toMatchObject({ title: '都城 花', unread: 0, lastPostSeq: 0 });
    expect(joined.joined!.members.map((m) => m.userId).sort()).toEqual([users.doctor!.id, newcomer.id].sort());
    expect(decodeStreamCursor(joined.cursor)).toMatchObject({ user: newcomer.id });
  });

  it("tells a removed group member `left`, refreshes the others' member lists, and sends the removed nothing more", async () => {
    const group = await timeline('CreateGroup', { clientRequestId: randomUUID(), title: '担当者会議', memberUserIds: [users.outsider!.id] }, who.doctor!);
    const on = { groupId: group.timeline.groupId };
    const outsider = subscribe(who.outsider!);
    const doctor = subscribe(who.doctor!);
    await Promise.all([started(outsider), started(doctor)]);
    await timeline('RemoveGroupMember', { groupId: on.groupId, userId: users.outsider!.id }, who.doctor!);
    const left = await outsider.waitFor((e) => e.event === 'left');
    expect(left.left).toMatchObject({ timeline: on });
    const refreshed = await doctor.waitFor((e) => e.event === 'joined' && e.joined?.timeline?.groupId === on.groupId);
    expect(refreshed.joined!.members.map((m) => m.userId)).toEqual([users.doctor!.id]);
    const hidden = await post(who.doctor!, on, '外れた後の投稿');
    await barrier(outsider);
    expect(outsider.events.filter(isPost(hidden.postId))).toEqual([]);
    outsider.cancel();
    doctor.cancel();
  });
});

describe('resume', () => {
  it('resumes from the last cursor with exactly the missed events, in order, none twice', async () => {
    const first = subscribe(who.doctor!);
    await started(first);
    const a = await post(who.nurse!, { patientId }, '一つ目');
    const b = await post(who.nurse!, { patientId }, '二つ目');
    await first.waitFor(isPost(b.postId));
    const cursor = first.events.find(isPost(b.postId))!.cursor;
    first.cancel();
    await first.closed;

    const c = await post(who.nurse!, { patientId }, '三つ目');
    await timeline('EditPost', { timeline: { patientId }, postId: a.postId, baseVersion: 1, body: '一つ目（訂正）' }, who.nurse!);
    await timeline('MarkRead', { timeline: { patientId }, upTo: Number(c.seq) }, who.nurse!);
    await timeline('RetractPost', { timeline: { patientId }, postId: b.postId, baseVersion: 1 }, who.nurse!);
    const elsewhere = await post(who.outsider!, { patientId: otherPatientId }, '他の患者'); // the doctor is on this team too

    const resumed = subscribe(who.doctor!, cursor);
    const end = await post(who.doctor!, { groupId }, '再接続後');
    await resumed.waitFor(isPost(end.postId));
    const got = resumed.applied.map((e) => (e.event === 'post' ? `post ${e.post!.postId} v${e.post!.version}` : `${e.event} ${e.read?.userId ?? ''}`));
    expect(got).toEqual([
      `post ${c.postId} v1`,
      `post ${a.postId} v2`,
      `read ${users.nurse!.id}`,
      `post ${b.postId} v2`,
      `post ${elsewhere.postId} v1`,
      `post ${end.postId} v1`,
    ]);
    const seqs = resumed.applied.map((e) => decodeStreamCursor(e.cursor)!.seq);
    expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1]!)).toBe(true);
    expect(resumed.events.find((e) => e.event === 'read')!.read).toMatchObject({ readUpTo: Number(c.seq) });
    resumed.cancel();
  });

  it('moves the cursor past events the user may not see (the heartbeat carries it)', async () => {
    const outsider = subscribe(who.outsider!);
    await started(outsider);
    const unseen = await post(who.nurse!, { patientId }, '見えない投稿');
    const beat = await outsider.waitFor((e) => e.event === 'heartbeat' && decodeStreamCursor(e.cursor)!.seq >= Number(unseen.seq));
    expect(beat.heartbeat?.serverTime).toBeTruthy();
    outsider.cancel();
  });
});

describe('bad cursors', () => {
  it('refuses a forged cursor and another user’s cursor', async () => {
    const forged = subscribe(who.doctor!, 'not-a-cursor');
    expect((await forged.closed)?.reason).toBe('TIMELINE_CURSOR_INVALID');
    const nurse = subscribe(who.nurse!);
    await started(nurse);
    const theirs = subscribe(who.doctor!, nurse.lastCursor);
    expect((await theirs.closed)?.reason).toBe('TIMELINE_CURSOR_INVALID');
    nurse.cancel();
  });

  it('resets a cursor from the future (a restored backup) or another epoch, then goes on live', async () => {
    const doctor = subscribe(who.doctor!);
    await started(doctor);
    const cursor = decodeStreamCursor(doctor.lastCursor)!;
    doctor.cancel();
    for (const bad of [
      { ...cursor, seq: cursor.seq + 1000 },
      { ...cursor, epoch: randomUUID() },
    ]) {
      const stream = subscribe(who.doctor!, encodeStreamCursor(bad));
      const reset = await stream.waitFor(() => true);
      expect(reset.event).toBe('reset');
      expect(reset.reset!.cursor).toBe(reset.cursor);
      expect(decodeStreamCursor(reset.cursor)!.seq).toBeLessThanOrEqual(cursor.seq + 1000);
      const live = await post(who.nurse!, { patientId }, 'リセット後');
      await stream.waitFor(isPost(live.postId));
      stream.cancel();
    }
  });
});

describe('sessions', () => {
  it('ends the stream with DEVICE_REVOKED when the device is revoked', async () => {
    const device = await region.approvedDevice();
    const session = await region.session(users.nurse!.login_id, device);
    const stream = subscribe(session);
    await started(stream);
    await revokeDevice(backend.database, device.id, 'test', backend.clock.now());
    expect((await stream.closed)?.reason).toBe('DEVICE_REVOKED');
  });

  it('ends the stream with SESSION_REQUIRED after logout', async () => {
    const session = await region.session(users.nurse!.login_id);
    const stream = subscribe(session);
    await started(stream);
    await call(region.clinical, 'AuthService', 'Logout', {}, session);
    expect((await stream.closed)?.reason).toBe('SESSION_REQUIRED');
  });
});

describe('overview hints', () => {
  it("hints a patient's overview change to those who see the patient", async () => {
    const doctor = subscribe(who.doctor!);
    await started(doctor);
    await call(
      region.clinical,
      'ProgressNoteService',
      'WriteNote',
      { patientId, soap: { subjective: '', objective: 'SpO2 96%', assessment: '', plan: '' }, clientRequestId: randomUUID() },
      who.doctor!,
    );
    const hint = await doctor.waitFor((e) => e.event === 'overviews' && e.overviews!.patientIds.includes(patientId));
    expect(hint.cursor).toBe('');
    doctor.cancel();
  });
});

describe('wake-ups', () => {
  const quietHub = (pollMs: number, listen: boolean) =>
    EventHub.start({
      store: backend.database,
      clock: backend.clock,
      logger: pino({ level: 'silent' }),
      pollMs,
      ...(listen && { listenUrl: process.env.RENKEI_DATABASE_URL ?? readDatabaseUrl() }),
    });
  const until = async (condition: () => boolean) => {
    while (!condition()) await new Promise((resolve) => setImmediate(resolve));
  };

  it('the poll finds writes nobody announced (renkei-admin on SQLite)', async () => {
    const hub = await quietHub(20, false);
    try {
      const before = hub.head.seq;
      await post(who.nurse!);
      await until(() => hub.head.seq > before);
    } finally {
      await hub.stop();
    }
  });

  it.runIf(TEST_ENGINE === 'postgres')('NOTIFY wakes a process whose poll would not come for an hour', async () => {
    const hub = await quietHub(3_600_000, true);
    try {
      await until(() => hub.listening);
      const before = hub.head.seq;
      await post(who.nurse!);
      await until(() => hub.head.seq > before);
    } finally {
      await hub.stop();
    }
  });

  it.runIf(TEST_ENGINE === 'postgres')('a subscriber on one backend process receives posts written through another', async () => {
    const second = await startSecondProcess(backend);
    try {
      const onSecond = { address: second.clinicalAddress, caPem: backend.caPem };
      const here = subscribe(who.doctor!);
      await started(here);
      // A cursor from one process resumes on another (the second's heartbeats come every 15 s, so
      // its stream starts from this cursor rather than from "now").
      const there = subscribe(who.doctor!, here.lastCursor, onSecond);
      // A stream from now is told its position at once (a heartbeat with the cursor), not after
      // the first quiet 15 s: cut before then, it resumes from there rather than from a later now.
      const fromNow = subscribe(who.doctor!, '', onSecond);
      const first = await fromNow.waitFor(() => true, 0, 5_000);
      expect(first.event).toBe('heartbeat');
      expect(decodeStreamCursor(first.cursor)).toMatchObject({ user: users.doctor!.id });
      fromNow.cancel();
      const throughSecond = await call(
        onSecond,
        'TimelineService',
        'WritePost',
        { timeline: { patientId }, clientRequestId: randomUUID(), body: 'プロセスBから' },
        who.nurse!,
      );
      await here.waitFor(isPost(throughSecond.postId));
      const throughFirst = await post(who.nurse!, { patientId }, 'プロセスAから');
      await there.waitFor(isPost(throughFirst.postId));
      here.cancel();
      there.cancel();
    } finally {
      await second.stop();
    }
  });

  it.runIf(TEST_ENGINE === 'sqlite')('refuses to start several clinical processes on the embedded SQLite file, saying what they need', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'renkei-backend-processes-'));
    try {
      cpSync(backend.dataDir, dataDir, { recursive: true, filter: (path) => !path.endsWith('.pid') });
      const configFile = join(dataDir, 'renkei.json');
      writeFileSync(configFile, JSON.stringify({ ...JSON.parse(readFileSync(configFile, 'utf8')), clinicalProcesses: 2 }), { mode: 0o600 });
      await expect(RenkeiServer.start({ dataDir, logger: pino({ level: 'silent' }) })).rejects.toThrow(/clinicalProcesses 2 needs PostgreSQL/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it.runIf(TEST_ENGINE === 'postgres')(
    'clinical processes forked by one server share its port: PCs spread over them, a post through one reaches all, and the streams of one that dies resume on another',
    async () => {
      const SOURCE_LIMIT = 4;
      const server = await startSecondProcess(backend, { config: { clinicalProcesses: 2, auth: { sourceFailureLimit: SOURCE_LIMIT } } });
      try {
        const target = { address: server.clinicalAddress, caPem: backend.caPem };
        const forked = server.log.find((entry) => entry.msg === 'clinical processes ready') as { processes: number[] } | undefined;
        expect(forked?.processes).toHaveLength(2);

        // Failed logins from one address are counted once for all processes: a sprayer connecting
        // again and again (each connection dealt to the next process) is paused at the region's limit.
        const device = await region.approvedDevice();
        const login = async (loginId: string, password: string) =>
          (await failure(call(target, 'AuthService', 'Login', { loginId, password }, { device: device.credential }, { ownConnection: true }))).reason;
        const sprayed = await Promise.all(Array.from({ length: SOURCE_LIMIT }, () => region.user()));
        for (const user of sprayed) expect(await login(user.login_id, 'Password123')).toBe('LOGIN_FAILED');
        expect(await login((await region.user()).login_id, TEST_PASSWORD)).toBe('TOO_MANY_LOGIN_ATTEMPTS');
        // From a cursor, so that nothing written after it can be missed however late a stream starts.
        const here = subscribe(who.doctor!);
        await started(here);
        const cursor = here.lastCursor;
        expect(cursor).not.toBe('');
        here.cancel();
        // Six PCs, each on its own connection: the server deals them to its processes in turn.
        const pcs = Array.from({ length: 6 }, () => new TimelineStream(target, who.doctor!, cursor, { ownConnection: true }));
        streams.push(...pcs);
        const first = await call(
          target,
          'TimelineService',
          'WritePost',
          { timeline: { patientId }, clientRequestId: randomUUID(), body: '一つ目' },
          who.nurse!,
        );
        await Promise.all(pcs.map((pc) => pc.waitFor(isPost(first.postId))));

        process.kill(forked!.processes[0]!, 'SIGKILL');
        await Promise.race(pcs.map((pc) => pc.closed));
        closeClients(); // the test's own connection may have been on the dead process too
        const second = await call(
          target,
          'TimelineService',
          'WritePost',
          { timeline: { patientId }, clientRequestId: randomUUID(), body: '二つ目' },
          who.nurse!,
        );
        const fates = await Promise.all(
          pcs.map((pc) =>
            pc.waitFor(isPost(second.postId)).then(
              () => 'live' as const,
              () => 'cut' as const,
            ),
          ),
        );
        // Both processes served PCs: some streams lived on, the dead process's ended as unavailable.
        expect(fates).toContain('live');
        expect(fates).toContain('cut');
        const cut = pcs.filter((_, i) => fates[i] === 'cut');
        for (const pc of cut) expect((await pc.closed)?.code).toBe(14 /* UNAVAILABLE */);

        // Each cut PC resumes from the cursor it kept, on a process still serving: the post written
        // while it was away arrives once, and nothing it had comes again.
        const resumed = cut.map((pc) => new TimelineStream(target, who.doctor!, pc.lastCursor, { ownConnection: true }));
        streams.push(...resumed);
        await Promise.all(resumed.map((pc) => pc.waitFor(isPost(second.postId))));
        const third = await call(
          target,
          'TimelineService',
          'WritePost',
          { timeline: { patientId }, clientRequestId: randomUUID(), body: '三つ目' },
          who.nurse!,
        );
        await Promise.all(resumed.map((pc) => pc.waitFor(isPost(third.postId))));
        for (const pc of resumed) {
          const posts = pc.applied.filter((e) => e.event === 'post').map((e) => e.post!.postId);
          expect(posts).toEqual([second.postId, third.postId]);
        }

        // The server replaced the process that died.
        while (!server.log.some((entry) => entry.msg === 'clinical process ready')) await sleep(50);
        for (const pc of [...pcs, ...resumed]) pc.cancel();
      } finally {
        await server.stop();
      }
    },
    // Three processes each compile the server's sources (tsx) before the first call: on a busy
    // two-core machine that alone took 16 s, so the default 30 s is for the test's work only.
    120_000,
  );
});

describe('pruning', () => {
  it('deletes the events older than the retention, and none that a cursor inside the window resumes from', async () => {
    const doctor = subscribe(who.doctor!);
    await started(doctor);
    const [a, b, c] = [await post(who.nurse!, { patientId }, '古い投稿'), await post(who.nurse!, { patientId }, '新しい投稿'), await post(who.nurse!)];
    await doctor.waitFor(isPost(c.postId));
    const atA = doctor.events.find(isPost(a.postId))!.cursor;
    doctor.cancel();
    const old = new Date(backend.clock.now().getTime() - 40 * 86_400_000).toISOString();
    await backend.database.db.updateTable('timeline_events').set({ at: old }).where('seq', '<=', Number(a.seq)).execute();

    const pruned = await backend.server.prune();
    expect(pruned?.events).toBeGreaterThan(0);
    const left = await backend.database.db.selectFrom('timeline_events').select('seq').orderBy('seq').execute();
    expect(Number(left[0]!.seq)).toBeGreaterThan(Number(a.seq));
    expect(left.map((e) => Number(e.seq))).toEqual(expect.arrayContaining([Number(b.seq), Number(c.seq)]));

    // What the client had seen was pruned; what it had not is all there.
    const resumed = subscribe(who.doctor!, atA);
    await resumed.waitFor(isPost(c.postId));
    expect(resumed.applied.filter((e) => e.event === 'post').map((e) => e.post!.postId)).toEqual([b.postId, c.postId]);
    expect(resumed.events.some((e) => e.event === 'reset')).toBe(false);
    resumed.cancel();
    // A cursor that needs a pruned event starts over.
    const before = subscribe(who.doctor!, encodeStreamCursor({ ...decodeStreamCursor(atA)!, seq: Number(a.seq) - 1 }));
    expect((await before.waitFor(() => true)).event).toBe('reset');
    before.cancel();
  });
});

function readDatabaseUrl(): string {
  return (JSON.parse(readFileSync(join(backend.dataDir, 'renkei.json'), 'utf8')) as { databaseUrl: string }).databaseUrl;
}
