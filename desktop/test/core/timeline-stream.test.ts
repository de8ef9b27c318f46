// The timeline's live stream (Subscribe) between two clinic PCs' cores, against a real backend
// (TLS, SQLite or PostgreSQL), the real OS keychain and real encrypted caches: what one PC writes
// reaches the other's screens without it asking (posts, read markers, 確認); a patient's overview
// change makes the other PC sync at once; after the backend restarts the stream comes back on its
// own from the cursor kept in the cache, and after the PC was off it brings each post written
// meanwhile once, in order; a cursor too far behind gets a reset, after which the PC reads again
// and goes on live; leaving the care team ends delivery and takes the patient's posts off the PC;
// a group's owner adds and removes members, who learn of it live.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeCareTeamMember, TestRegion, startTestBackend, type TestBackend } from '@renkei/backend/test-support';
import type { DesktopEvent } from '../../src/shared/desktop-api';
import type { PostView, TimelineChange, TimelineRefView, WritePostInput } from '../../src/shared/timeline-views';
import { changes, clinicPc, eventually, refusal, removeClinicPcData, type ClinicPc, postInput } from './support/clinic-pc';

// A stream this many events behind the log's head is reset rather than replayed (the server's
// bound, made small so the test can pass it). Heartbeats come often, so a stream just opened
// stores its cursor soon (they carry it).
const MAX_LAG = 20;
const HEARTBEAT_MS = 300;

let backend: TestBackend;
let region: TestRegion;

beforeAll(async () => {
  backend = await startTestBackend({ timeline: { stream: { maxLag: MAX_LAG, heartbeatMs: HEARTBEAT_MS } } });
  region = new TestRegion(backend);
}, 120_000);
afterAll(async () => {
  await backend?.stop();
  removeClinicPcData();
});

/** The PC's timeline cache file (SQLite, the rows sealed; the stream's cursor is in clear). */
const cacheOf = (pc: ClinicPc, userId: string) => join(pc.dataDir, 'caches', `${userId}.timeline`);

function inCache<T>(file: string, query: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true });
  try {
    return query(db);
  } finally {
    db.close();
  }
}

/** Where the PC's stream resumes: the cursor stored in its cache, and how far in the server's event log it names. */
function storedCursor(file: string): { text: string; seq: number } {
  const text = inCache(file, (db) => (db.prepare("select value from meta where key = 'stream_cursor'").get() as { value: string } | undefined)?.value ?? '');
  // Opaque to the core; the test looks inside to see it move.
  const seq = text === '' ? -1 : (JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { seq: number }).seq;
  return { text, seq };
}

const postIdsIn = (file: string, timeline: TimelineRefView): string[] =>
  inCache(file, (db) =>
    (db.prepare('select post_id from posts where timeline_key = ? order by seq').all(`${timeline.kind}:${timeline.id}`) as { post_id: string }[]).map(
      (r) => r.post_id,
    ),
  );

/** The posts told to the screens (the stream's and the PC's own), in the order told. */
const postsTold = (events: DesktopEvent[], from = 0): PostView[] => changes(events.slice(from)).flatMap((c) => (c.kind === 'post' ? [c.post] : []));

describe('the live stream between two clinic PCs', () => {
  let nurse: ClinicPc;
  let doctor: ClinicPc;
  let nurseId: string;
  let doctorId: string;
  let timeline: TimelineRefView;
  let otherPatient: TimelineRefView;

  const post = (body: string, extra: Partial<WritePostInput> = {}) => postInput(timeline, body, extra);

  beforeAll(async () => {
    const nurseUser = await region.user('PROFESSION_NURSE', ['鈴木', '恵子']);
    const doctorUser = await region.user('PROFESSION_DOCTOR', ['黒木', '健一']);
    [nurseId, doctorId] = [nurseUser.id, doctorUser.id];
    const patient = await region.patient({ familyName: '宮崎', givenName: '未来斗', familyNameKana: 'ミヤザキ', givenNameKana: 'ミキト' });
    const other = await region.patient({ familyName: '大野', givenName: '和子', familyNameKana: 'オオノ', givenNameKana: 'カズコ' });
    for (const id of [patient.id, other.id]) {
      await region.join(id, doctorUser.id);
      await region.join(id, nurseUser.id, 'CARE_TEAM_ROLE_VISITING_NURSE');
    }
    timeline = { kind: 'patient', id: patient.id };
    otherPatient = { kind: 'patient', id: other.id };
    nurse = await clinicPc(backend, region, nurseUser.login_id);
    doctor = await clinicPc(backend, region, doctorUser.login_id);
    // Each PC's stream is open once its cursor is stored (the first heartbeat carries it).
    for (const [pc, id] of [
      [nurse, nurseId],
      [doctor, doctorId],
    ] as const)
      await eventually(
        'the stream opened',
        () => storedCursor(cacheOf(pc, id)).seq,
        (seq) => seq >= 0,
      );
  }, 120_000);

  afterAll(async () => {
    await nurse?.core.stop();
    await doctor?.core.stop();
  });

  it('brings a post written on one PC to the other PC\u2019s screens without it reading, with a notification, and files it in its cache', async () => {
    const from = doctor.events.length;
    const written = await nurse.core.writePost(post('37.9℃の発熱あり。SpO2 92%。往診をお願いできますか。', { urgent: true, mentionedUserIds: [doctorId] }));
    const told = await eventually(
      'the post on the doctor\u2019s PC',
      () => postsTold(doctor.events, from),
      (posts) => posts.length > 0,
    );
    expect(told).toEqual([expect.objectContaining({ postId: written.postId, body: written.body, seq: written.seq, urgent: true, delivery: 'sent' })]);
    // The timeline's first post: the PC learns its name (and counts) with it.
    const notified = await eventually(
      'the notification',
      () => doctor.events.slice(from).flatMap((e) => (e.type === 'notification' ? [e.notification] : [])),
      (notifications) => notifications.length > 0,
    );
    expect(notified).toEqual([expect.objectContaining({ reason: 'mention', postId: written.postId, timeline, title: 'あなた宛て｜宮崎 未来斗' })]);
    expect(changes(doctor.events.slice(from))).toContainEqual({ kind: 'summary', summary: expect.objectContaining({ timeline, unread: 1, mentions: 1 }) });
    expect(postIdsIn(cacheOf(doctor, doctorId), timeline)).toContain(written.postId);
    // Its own post is not the nurse's notification.
    expect(nurse.events.some((e) => e.type === 'notification')).toBe(false);
  });

  it('tells the author\u2019s PC when the other reads (既読) and confirms (確認しました)', async () => {
    const asks = await nurse.core.writePost(post('本日より解熱剤を変更しました。ご確認ください。', { asksConfirmation: true }));
    const from = nurse.events.length;
    const doctorFrom = doctor.events.length;
    await doctor.core.markTimelineRead(timeline, asks.seq);
    // The reader's own screens are told the marker and the counts it moved, without reading again.
    expect(changes(doctor.events.slice(doctorFrom))).toEqual(
      expect.arrayContaining([
        { kind: 'read', timeline, userId: doctorId, readUpTo: asks.seq },
        { kind: 'summary', summary: expect.objectContaining({ timeline, readUpTo: asks.seq, unread: 0, mentions: 0, urgentUnread: 0 }) },
      ]),
    );
    await eventually(
      'the doctor\u2019s read marker on the nurse\u2019s PC',
      () => changes(nurse.events.slice(from)),
      (told) => told.some((c) => c.kind === 'read' && c.userId === doctorId && c.readUpTo === asks.seq),
    );
    await doctor.core.confirmPost(timeline, asks.postId);
    const confirmed = await eventually(
      'the confirmation on the nurse\u2019s PC',
      () => postsTold(nurse.events, from).filter((p) => p.postId === asks.postId),
      (posts) => posts.some((p) => p.confirmations.length > 0),
    );
    expect(confirmed.at(-1)!.confirmations).toEqual([expect.objectContaining({ userId: doctorId })]);
  });

  it('syncs the other PC\u2019s overview cache as soon as a patient\u2019s chart changes, not at the next interval', async () => {
    const syncedAt = (events: DesktopEvent[]) => events.flatMap((e) => (e.type === 'status' ? [e.status.sync.lastSyncedAt] : [])).at(-1) ?? null;
    const before = syncedAt(doctor.events);
    const note = await nurse.core.writeNote({
      patientId: timeline.id,
      soap: { subjective: '食欲やや低下', objective: '体温37.2℃', assessment: '経過観察', plan: '明日再訪' },
    });
    // The PCs sync every hour in this test: only the stream's hint makes the doctor's PC sync now.
    await eventually(
      'a sync on the doctor\u2019s PC',
      () => syncedAt(doctor.events),
      (at) => at !== before,
    );
    // The server goes away: the overview is the cache's, and it has the note.
    await backend.server.stop();
    const overview = await doctor.core.getPatientOverview(timeline.id);
    expect(overview.source).toBe('cache');
    expect(overview.chart.latestNotes.map((n) => n.noteId)).toContain(note.noteId);
  });

  it('comes back after the backend restarted on the same data, from the stored cursor (no reset): each post since arrives once, in order, and the cursor moves', async () => {
    const file = cacheOf(doctor, doctorId);
    const before = storedCursor(file);
    const from = doctor.events.length;
    await backend.startAgain();
    const written: PostView[] = [];
    for (const body of ['再起動後 1', '再起動後 2', '再起動後 3']) written.push(await nurse.core.writePost(post(body)));
    expect(written.map((p) => p.delivery)).toEqual(['sent', 'sent', 'sent']);
    const ids = written.map((p) => p.postId);

    // The doctor's stream comes back on its own (its retries), from the stored cursor.
    const told = await eventually(
      'the posts on the doctor\u2019s PC',
      () => postsTold(doctor.events, from).filter((p) => ids.includes(p.postId)),
      (posts) => posts.length >= ids.length,
      60_000,
    );
    expect(told.map((p) => p.postId)).toEqual(ids);
    // Not a reset and a re-read: a resumption.
    expect(changes(doctor.events.slice(from))).not.toContainEqual({ kind: 'reset' });
    // The cursor is stored with the posts it covers.
    const after = storedCursor(file);
    expect(after.seq).toBeGreaterThan(before.seq);
    expect(postIdsIn(file, timeline)).toEqual(expect.arrayContaining(ids));
  });

  it('resumes after the PC was off: the posts written meanwhile arrive once, in order, from the stored cursor', async () => {
    const file = cacheOf(doctor, doctorId);
    const from = doctor.events.length;
    const written: PostView[] = [];
    let cursorWhenOff = { text: '', seq: -1 };
    await doctor.restart(async () => {
      cursorWhenOff = storedCursor(file);
      for (const body of ['電源オフ中 1', '電源オフ中 2']) written.push(await nurse.core.writePost(post(body)));
    });
    const ids = written.map((p) => p.postId);
    const told = await eventually(
      'the posts on the restarted PC',
      () => postsTold(doctor.events, from).filter((p) => ids.includes(p.postId)),
      (posts) => posts.length >= ids.length,
    );
    expect(told.map((p) => p.postId)).toEqual(ids);
    expect(changes(doctor.events.slice(from))).not.toContainEqual({ kind: 'reset' });
    expect(storedCursor(file).seq).toBeGreaterThan(cursorWhenOff.seq);
  });

  it('resets a stream too far behind to replay: the PC drops what it cached, reads again, ends consistent and goes on live', async () => {
    const file = cacheOf(doctor, doctorId);
    const from = doctor.events.length;
    const missed: PostView[] = [];
    await doctor.restart(async () => {
      for (let i = 1; i <= MAX_LAG + 5; i += 1) missed.push(await nurse.core.writePost(post(`不在中の投稿 ${i}`)));
    });
    await eventually(
      'a reset on the doctor\u2019s PC',
      () => changes(doctor.events.slice(from)),
      (told) => told.some((c: TimelineChange) => c.kind === 'reset'),
    );
    // None of the missed posts came one by one: the PC reads them.
    expect(postsTold(doctor.events, from).filter((p) => missed.some((m) => m.postId === p.postId))).toEqual([]);
    const inbox = await eventually(
      'the inbox read again',
      () => doctor.core.listTimelines(),
      (read) => read.source === 'server',
    );
    expect(inbox.timelines.find((t) => t.timeline.id === timeline.id)).toMatchObject({
      // The missed posts, and the five since the doctor last read.
      unread: missed.length + 5,
      lastPostSeq: missed.at(-1)!.seq,
    });
    const page = await doctor.core.readTimeline(timeline);
    expect(page.posts.slice(-missed.length).map((p) => p.postId)).toEqual(missed.map((p) => p.postId));
    // The stream goes on from the reset's cursor, live.
    const cursor = await eventually(
      'the reset\u2019s cursor stored',
      () => storedCursor(file),
      (c) => c.seq >= 0,
    );
    const after = await nurse.core.writePost(post('リセット後の投稿'));
    await eventually(
      'the post after the reset',
      () => postsTold(doctor.events, from).map((p) => p.postId),
      (told) => told.includes(after.postId),
    );
    expect(storedCursor(file).seq).toBeGreaterThan(cursor.seq);
  });

  it('ends delivery when the user leaves the care team and takes the patient\u2019s posts off the PC, while the other timelines go on', async () => {
    const file = cacheOf(doctor, doctorId);
    await doctor.core.readTimeline(timeline);
    expect(postIdsIn(file, timeline).length).toBeGreaterThan(0);
    const from = doctor.events.length;

    await removeCareTeamMember(backend.database, timeline.id, doctorId, backend.clock.now());
    // No sync: the stream says so.
    await eventually(
      'the doctor\u2019s PC told it left',
      () => changes(doctor.events.slice(from)),
      (told) => told.some((c) => c.kind === 'left' && c.timeline.id === timeline.id),
    );
    expect(postIdsIn(file, timeline)).toEqual([]);

    // A post on the timeline the doctor left, then one on a timeline they are still on: the
    // second arriving shows the first would have by then.
    const unseen = await nurse.core.writePost(post('退出後の投稿'));
    const seen = await nurse.core.writePost({ ...post('別の患者さんの件'), timeline: otherPatient });
    await eventually(
      'the other patient\u2019s post',
      () => postsTold(doctor.events, from).map((p) => p.postId),
      (told) => told.includes(seen.postId),
    );
    expect(postsTold(doctor.events, from).map((p) => p.postId)).not.toContain(unseen.postId);
    expect(postIdsIn(file, timeline)).toEqual([]);
  });

  it('makes a group (自由グループ) whose owner adds and removes members, who learn of it live; others are refused', async () => {
    // Whom the doctor can add: the people this PC knows (the server has no directory to search).
    const colleagues = await doctor.core.listColleagues();
    expect(colleagues.map((c) => c.userId)).toContain(nurseId);
    expect(colleagues.map((c) => c.userId)).not.toContain(doctorId);

    const created = await doctor.core.createGroup('宮崎市在宅医療連携グループ');
    const group: TimelineRefView = created.summary.timeline;
    expect(group.kind).toBe('group');
    expect(created.members).toEqual([expect.objectContaining({ userId: doctorId, owner: true })]);

    const from = nurse.events.length;
    const added = await doctor.core.addGroupMember(group.id, nurseId);
    expect(added.members.map((m) => [m.userId, m.owner])).toEqual(
      expect.arrayContaining([
        [doctorId, true],
        [nurseId, false],
      ]),
    );
    // The nurse's PC is told it joined, without asking.
    await eventually(
      'the group on the nurse’s PC',
      () => changes(nurse.events.slice(from)),
      (told) => told.some((c) => c.kind === 'summary' && c.summary.timeline.id === group.id && c.summary.title === '宮崎市在宅医療連携グループ'),
    );
    // A member who does not own the group cannot change who is in it.
    expect(await refusal(nurse.core.addGroupMember(group.id, doctorId))).toBe('TIMELINE_NOT_GROUP_OWNER');
    expect(await refusal(nurse.core.removeGroupMember(group.id, doctorId))).toBe('TIMELINE_NOT_GROUP_OWNER');

    const welcome = await doctor.core.writePost({ ...post('グループを作りました。'), timeline: group });
    await eventually(
      'the group’s post on the nurse’s PC',
      () => postsTold(nurse.events, from).map((p) => p.postId),
      (told) => told.includes(welcome.postId),
    );

    const removed = await doctor.core.removeGroupMember(group.id, nurseId);
    expect(removed.members.map((m) => m.userId)).toEqual([doctorId]);
    await eventually(
      'the nurse’s PC told it left the group',
      () => changes(nurse.events.slice(from)),
      (told) => told.some((c) => c.kind === 'left' && c.timeline.id === group.id),
    );
    expect(postIdsIn(cacheOf(nurse, nurseId), group)).toEqual([]);
    expect(await refusal(nurse.core.readTimeline(group))).toBeTruthy();
  });
});
