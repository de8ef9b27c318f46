// The contact timeline (在宅連絡帳) through two clinic PCs' cores, against a real backend (TLS,
// SQLite or PostgreSQL), the real OS keychain and real encrypted caches: a nurse posts and the
// doctor reads it; posts stay readable from the cache offline, with their age; posts written while
// the server is down wait in the outbox, can be cancelled, and are sent exactly once, in order,
// when it is back (the backend restarted on the same data); leaving the care team takes the
// patient's posts off the PC. The live stream has its own file (timeline-stream.test.ts).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeCareTeamMember, TestRegion, startTestBackend, type TestBackend } from '@renkei/backend/test-support';
import { TimelineCache } from '../../src/core/timeline/timeline-cache';
import type { PostView, TimelineRefView, WritePostInput } from '../../src/shared/timeline-views';
import {
  changes,
  clinicPc as enrolledPc,
  eventually,
  readTimelineFromServer,
  refusal,
  removeClinicPcData,
  type ClinicPc,
  postInput,
} from './support/clinic-pc';

let backend: TestBackend;
let region: TestRegion;
const dirs: string[] = [];

beforeAll(async () => {
  backend = await startTestBackend();
  region = new TestRegion(backend);
}, 120_000);
afterAll(async () => {
  await backend?.stop();
  removeClinicPcData();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const clinicPc = (loginId: string): Promise<ClinicPc> => enrolledPc(backend, region, loginId);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('the contact timeline between two clinic PCs', () => {
  let nurse: ClinicPc;
  let doctor: ClinicPc;
  let nurseId: string;
  let doctorId: string;
  let timeline: TimelineRefView;
  let first: PostView;
  let readOnlineAt: string;

  const post = (body: string, extra: Partial<WritePostInput> = {}) => postInput(timeline, body, extra);

  beforeAll(async () => {
    const nurseUser = await region.user('PROFESSION_NURSE', ['鈴木', '恵子']);
    const doctorUser = await region.user('PROFESSION_DOCTOR', ['黒木', '健一']);
    [nurseId, doctorId] = [nurseUser.id, doctorUser.id];
    const patient = await region.patient({ familyName: '宮崎', givenName: '未来斗', familyNameKana: 'ミヤザキ', givenNameKana: 'ミキト' });
    await region.join(patient.id, doctorUser.id);
    await region.join(patient.id, nurseUser.id, 'CARE_TEAM_ROLE_VISITING_NURSE');
    timeline = { kind: 'patient', id: patient.id };
    nurse = await clinicPc(nurseUser.login_id);
    doctor = await clinicPc(doctorUser.login_id);
  }, 120_000);

  afterAll(async () => {
    await nurse?.core.stop();
    await doctor?.core.stop();
  });

  it('delivers a post written on one PC to the other, with mentions and flags, and the reader on 既読', async () => {
    first = await nurse.core.writePost(post('37.9℃の発熱あり。SpO2 92%。往診をお願いできますか。', { urgent: true, mentionedUserIds: [doctorId] }));
    expect(first).toMatchObject({ delivery: 'sent', seq: 1, urgent: true, author: { userId: nurseId, name: { family: '鈴木' } } });
    expect(changes(nurse.events)).toContainEqual({ kind: 'post', post: first });

    const inbox = await doctor.core.listTimelines();
    expect(inbox.source).toBe('server');
    expect(inbox.timelines).toHaveLength(1);
    expect(inbox.timelines[0]).toMatchObject({ timeline, title: '宮崎 未来斗', unread: 1, mentions: 1, urgentUnread: 1, pending: 0, canWrite: true });

    const page = await doctor.core.readTimeline(timeline);
    expect(page.source).toBe('server');
    expect(page.posts.map((p) => [p.postId, p.body, p.delivery])).toEqual([[first.postId, first.body, 'sent']]);
    expect(page.members.map((m) => m.userId).sort()).toEqual([nurseId, doctorId].sort());

    await doctor.core.markTimelineRead(timeline, 1);
    const seenByNurse = await nurse.core.readTimeline(timeline);
    expect(seenByNurse.members.find((m) => m.userId === doctorId)?.readUpTo).toBe(1);
    const after = await doctor.core.listTimelines();
    expect(after.timelines[0]).toMatchObject({ unread: 0, mentions: 0, readUpTo: 1 });
    // The last time this PC heard the timeline from the server; offline, that is its age.
    readOnlineAt = after.asOf!;
  });

  it('keeps the posts sealed on disk: no text of a post in any file of the PC', async () => {
    for (const file of filesUnder(doctor.dataDir)) expect(readFileSync(file).includes(Buffer.from('往診をお願いできますか'))).toBe(false);
  });

  it('reads the timeline and the inbox from the cache while the server is down, saying how old they are', async () => {
    await backend.server.stop();
    const page = await doctor.core.readTimeline(timeline);
    expect(page.source).toBe('cache');
    expect(page.asOf).toBe(readOnlineAt);
    expect(page.posts.map((p) => p.body)).toEqual([first.body]);
    const inbox = await doctor.core.listTimelines();
    expect(inbox.source).toBe('cache');
    expect(inbox.timelines.map((t) => t.title)).toEqual(['宮崎 未来斗']);
    // What needs the server says so.
    expect(await refusal(doctor.core.confirmPost(timeline, first.postId))).toBe('TIMELINE_NEEDS_CONNECTION');
  });

  it('keeps posts written offline in the outbox (未送信), lets one be cancelled, and sends the rest exactly once, in order, when the server is back', async () => {
    const a = await doctor.core.writePost(post('明日10時に往診します。', { replyToPostId: first.postId }));
    const cancelled = await doctor.core.writePost(post('（書き間違い）'));
    // Mentions someone who is not on the team: the server refuses it when it is sent.
    const refused = await doctor.core.writePost(post('ケアマネさんにも共有を', { mentionedUserIds: ['00000000-0000-4000-8000-000000000000'] }));
    const b = await doctor.core.writePost(post('解熱剤を処方済み。', { asksConfirmation: true }));
    for (const pending of [a, cancelled, refused, b]) expect(pending).toMatchObject({ delivery: 'pending', seq: 0, postId: '', author: { userId: doctorId } });
    expect(new Set([a, cancelled, refused, b].map((p) => p.clientRequestId)).size).toBe(4);

    await doctor.core.cancelPendingPost(cancelled.clientRequestId);
    expect(await refusal(doctor.core.cancelPendingPost(cancelled.clientRequestId))).toBe('PENDING_POST_NOT_FOUND');
    const offline = await doctor.core.readTimeline(timeline);
    expect(offline.posts.map((p) => [p.body, p.delivery])).toEqual([
      [first.body, 'sent'],
      [a.body, 'pending'],
      [refused.body, 'pending'],
      [b.body, 'pending'],
    ]);
    expect(offline.summary.pending).toBe(3);

    await backend.startAgain();
    // The next call that gets through (here a sync) finds the server back; the outbox then goes.
    await eventually(
      'a sync through',
      () => doctor.core.syncNow(),
      (sync) => sync.state === 'idle',
    );
    const online = await eventually(
      'the outbox emptied',
      () => doctor.core.readTimeline(timeline),
      (page) => page.source === 'server' && page.posts.every((p) => p.delivery !== 'pending'),
    );
    expect(online.posts.map((p) => [p.body, p.delivery])).toEqual([
      [first.body, 'sent'],
      [a.body, 'sent'],
      [b.body, 'sent'],
      [refused.body, 'refused'],
    ]);
    const sentA = online.posts[1]!;
    expect(sentA.replyToPostId).toBe(first.postId);
    // In the timeline's order as written (the server numbers them as they arrive).
    expect(first.seq < sentA.seq && sentA.seq < online.posts[2]!.seq).toBe(true);
    const kept = online.posts[3]!;
    expect(kept.error?.reason).toBeTruthy();
    expect(kept.error?.message.ja).toBeTruthy();
    expect(online.summary.pending).toBe(1);

    // The other PC sees each sent post once, in the order written, and never the cancelled or refused one.
    const seen = await readTimelineFromServer(nurse.core, timeline);
    expect(seen.posts.map((p) => p.body)).toEqual([first.body, a.body, b.body]);
    // The sent posts were told to the screens, each once.
    const told = changes(doctor.events).flatMap((c) => (c.kind === 'post' && c.post.delivery === 'sent' ? [c.post.body] : []));
    expect(told.filter((body) => body === a.body)).toHaveLength(1);

    // A refused post stays until it is cancelled.
    await doctor.core.cancelPendingPost(kept.clientRequestId);
    expect((await doctor.core.readTimeline(timeline)).posts.map((p) => p.body)).toEqual([first.body, a.body, b.body]);
  });

  it('takes the patient\u2019s posts off the PC when the user leaves the care team', async () => {
    const nurseCache = join(nurse.dataDir, 'caches', `${nurseId}.timeline`);
    await nurse.core.readTimeline(timeline);
    const countIn = (file: string) => {
      const db = new Database(file, { readonly: true });
      try {
        return (db.prepare('select count(*) as n from posts where timeline_key = ?').get(`patient:${timeline.id}`) as { n: number }).n;
      } finally {
        db.close();
      }
    };
    expect(countIn(nurseCache)).toBe(3);

    await removeCareTeamMember(backend.database, timeline.id, nurseId, backend.clock.now());
    await nurse.core.syncNow();
    expect(countIn(nurseCache)).toBe(0);
    expect(changes(nurse.events)).toContainEqual({ kind: 'left', timeline });
    expect((await nurse.core.listTimelines()).timelines).toEqual([]);
    expect(await refusal(nurse.core.readTimeline(timeline))).toBe('PATIENT_NOT_ON_CARE_TEAM');
  });
});

describe('the timeline cache', () => {
  it('prunes posts older than 30 days and refuses rows opened with another key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'renkei-timeline-cache-'));
    dirs.push(dir);
    const key = randomBytes(32);
    const cache = TimelineCache.open(join(dir, 'u.timeline'), key);
    const now = new Date('2026-11-20T00:00:00Z');
    const at = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
    const view = (postId: string, seq: number, postedAt: string) =>
      ({ postId, seq, postedAt, body: postId, timeline: { kind: 'group', id: 'g' } }) as unknown as PostView;
    cache.putPost('group:g', view('old', 1, at(31)));
    cache.putPost('group:g', view('recent', 2, at(29)));
    expect(cache.prune(now)).toBe(1);
    expect(cache.posts('group:g', 0, 50).posts.map((p) => p.postId)).toEqual(['recent']);
    cache.close();
    const other = TimelineCache.open(join(dir, 'u.timeline'), randomBytes(32));
    expect(() => other.posts('group:g', 0, 50)).toThrow();
    other.close();
  });
});
