// The contact timeline (在宅連絡帳) through the real gRPC backend, on both engines: who sees a
// patient's timeline (the chart's rule), posts that are never written twice or overwritten,
// read markers that never move back, 確認, promotion to a progress note, and groups.
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeCareTeamMember } from '../src/care-teams/care-teams';
import { call, closeClients, failure, type Credentials } from './support/api-client';
import { TestRegion } from './support/region';
import { startTestBackend, type TestBackend } from './support/test-backend';

let backend: TestBackend;
let region: TestRegion;
let patientId: string;
let otherPatientId: string;
const users: Record<string, { id: string; login_id: string }> = {};
const who: Record<string, Credentials> = {};

const timeline = <T = any>(method: string, request: object, as: Credentials) => call<T>(region.clinical, 'TimelineService', method, request, as);
const onPatient = (id = patientId) => ({ patientId: id });
const post = (as: Credentials, fields: Record<string, unknown> = {}, on: object = onPatient()) =>
  timeline('WritePost', { timeline: on, clientRequestId: randomUUID(), body: '本日訪問。食事量は半分ほど。', ...fields }, as);

beforeAll(async () => {
  backend = await startTestBackend();
  region = new TestRegion(backend);
  const station = region.office('FACILITY_KIND_VISITING_NURSE_STATION', 'みらい訪問看護ステーション');
  users.doctor = await region.user('PROFESSION_DOCTOR', ['黒木', '健一']);
  users.nurse = await region.user('PROFESSION_NURSE', ['甲斐', '由美']);
  users.careWorker = await region.user('PROFESSION_CARE_WORKER', ['矢野', 'さくら']);
  users.outsider = await region.user('PROFESSION_NURSE', ['他人', '花子']);
  // From another office: on the team, but sees the patient only once a consent covers the office.
  users.stationNurse = await station.user('PROFESSION_NURSE', ['日高', '舞']);
  const patient = await region.patient({ familyName: '宮崎', givenName: '未来斗', familyNameKana: 'ミヤザキ', givenNameKana: 'ミクト' });
  const other = await region.patient({ familyName: '日向', givenName: '夏', familyNameKana: 'ヒュウガ', givenNameKana: 'ナツ' });
  patientId = patient.id;
  otherPatientId = other.id;
  await region.join(patientId, users.doctor.id, 'CARE_TEAM_ROLE_ATTENDING_DOCTOR');
  await region.join(patientId, users.nurse.id, 'CARE_TEAM_ROLE_VISITING_NURSE');
  await region.join(patientId, users.careWorker.id, 'CARE_TEAM_ROLE_CARE_WORKER');
  await region.join(patientId, users.stationNurse.id, 'CARE_TEAM_ROLE_VISITING_NURSE');
  await region.join(otherPatientId, users.doctor.id, 'CARE_TEAM_ROLE_ATTENDING_DOCTOR');
  await region.join(otherPatientId, users.outsider.id, 'CARE_TEAM_ROLE_VISITING_NURSE');
  for (const [name, user] of Object.entries(users)) who[name] = await region.session(user.login_id);
});
afterAll(async () => {
  closeClients();
  await backend?.stop();
});

describe('who sees a patient timeline', () => {
  it('serves the care team, every role by default (the care worker writes too)', async () => {
    const written = await post(who.careWorker!, { body: '入浴介助時、背中に発赤あり。' });
    expect(written.author).toMatchObject({ userId: users.careWorker!.id, profession: 'PROFESSION_CARE_WORKER' });
    const read = await timeline('ReadTimeline', { timeline: onPatient() }, who.doctor!);
    expect(read.posts.map((p: { postId: string }) => p.postId)).toContain(written.postId);
    expect(read.summary.title).toBe('宮崎 未来斗');
    expect(read.summary.members.map((m: { userId: string }) => m.userId).sort()).toEqual([users.doctor!.id, users.nurse!.id, users.careWorker!.id].sort());
  });

  it('refuses an outsider every call, like the chart, and logs it', async () => {
    for (const [method, request] of [
      ['ReadTimeline', { timeline: onPatient() }],
      ['WritePost', { timeline: onPatient(), clientRequestId: randomUUID(), body: 'x' }],
      ['MarkRead', { timeline: onPatient(), upTo: 1 }],
    ] as const) {
      const error = await failure(timeline(method, request, who.outsider!));
      expect(error.reason).toBe('PATIENT_NOT_ON_CARE_TEAM');
    }
    const denials = await backend.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('actor_user_id', '=', users.outsider!.id)
      .where('outcome', '=', 'denied')
      .execute();
    expect(denials.map((d) => d.action)).toContain('/renkei.v1.TimelineService/WritePost');
    expect((await timeline('ListTimelines', {}, who.outsider!)).timelines.map((t: any) => t.timeline.patientId)).not.toContain(patientId);
  });

  it('asks a member from another office for consent first', async () => {
    expect((await failure(timeline('ReadTimeline', { timeline: onPatient() }, who.stationNurse!))).reason).toBe('CONSENT_REQUIRED');
  });

  it('stops serving a member the moment they leave the team', async () => {
    const leaver = await region.user('PROFESSION_PHARMACIST', ['薬師', '守']);
    await region.join(patientId, leaver.id, 'CARE_TEAM_ROLE_PHARMACIST');
    const session = await region.session(leaver.login_id);
    await timeline('ReadTimeline', { timeline: onPatient() }, session);
    await removeCareTeamMember(backend.database, patientId, leaver.id, backend.clock.now());
    expect((await failure(timeline('ReadTimeline', { timeline: onPatient() }, session))).reason).toBe('PATIENT_NOT_ON_CARE_TEAM');
  });

  it('follows the chart policy: a role the policy keeps from the timeline is refused, and its inbox leaves the timeline out', async () => {
    await timeline('WritePost', { timeline: onPatient(), clientRequestId: randomUUID(), body: '本日の訪問は15時です。' }, who.nurse!);
    const inbox = async () => (await timeline('ListTimelines', {}, who.careWorker!)).timelines.map((t: any) => t.timeline.patientId);
    expect(await inbox()).toContain(patientId);
    await backend.database.db
      .updateTable('chart_policy')
      .set({ can_read: 0, can_write: 0 })
      .where('record_kind', '=', 'TIMELINE')
      .where('role', '=', 'CARE_TEAM_ROLE_CARE_WORKER')
      .execute();
    try {
      expect((await failure(timeline('ReadTimeline', { timeline: onPatient() }, who.careWorker!))).reason).toBe('RECORD_NOT_VISIBLE_TO_ROLE');
      expect(await inbox()).not.toContain(patientId);
    } finally {
      await backend.database.db
        .updateTable('chart_policy')
        .set({ can_read: 1, can_write: 1 })
        .where('record_kind', '=', 'TIMELINE')
        .where('role', '=', 'CARE_TEAM_ROLE_CARE_WORKER')
        .execute();
    }
  });
});

describe('posts', () => {
  it('never posts twice for a retried request, even at once', async () => {
    const clientRequestId = randomUUID();
    const request = { timeline: onPatient(), clientRequestId, body: '夕方、38.2℃の発熱。', urgent: true };
    const answers = await Promise.all([
      timeline('WritePost', request, who.nurse!),
      timeline('WritePost', request, who.nurse!),
      timeline('WritePost', request, who.nurse!),
    ]);
    expect(new Set(answers.map((a) => a.postId)).size).toBe(1);
    const rows = await backend.database.db.selectFrom('timeline_posts').select('id').where('client_request_id', '=', clientRequestId).execute();
    expect(rows).toHaveLength(1);
    expect(answers[0]).toMatchObject({ urgent: true, version: 1, body: '夕方、38.2℃の発熱。' });
  });

  it('never posts twice for a retried first post, which makes the patient timeline at the same time', async () => {
    const fresh = await region.patient({ familyName: '新井', givenName: '初', familyNameKana: 'アライ', givenNameKana: 'ハツ' });
    await region.join(fresh.id, users.nurse!.id, 'CARE_TEAM_ROLE_VISITING_NURSE');
    const request = { timeline: onPatient(fresh.id), clientRequestId: randomUUID(), body: '初回訪問しました。' };
    const answers = await Promise.all([1, 2, 3, 4].map(() => timeline('WritePost', request, who.nurse!)));
    expect(new Set(answers.map((a) => a.postId)).size).toBe(1);
    const timelines = await backend.database.db.selectFrom('timelines').select('id').where('patient_id', '=', fresh.id).execute();
    expect(timelines).toHaveLength(1);
  });

  it('keeps newlines, refuses empty, oversized and spoofing text with the field named', async () => {
    const kept = await post(who.nurse!, { body: '1行目\n2行目\n\n4行目   \n' });
    expect(kept.body).toBe('1行目\n2行目\n\n4行目');
    for (const [body, reason] of [
      ['   \n ', 'POST_EMPTY'],
      ['あ'.repeat(4001), 'TOO_LONG'],
      ['ワーファリン 1mg \u202e日0.5\u202c', 'TEXT_DIRECTION_CONTROLS'],
    ] as const) {
      const error = await failure(post(who.nurse!, { body }));
      expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(error.fieldViolations).toEqual([expect.objectContaining({ field: 'body', reason })]);
    }
  });

  it('refuses a mention of a non-member and a reply to another timeline, writing nothing', async () => {
    const before = await backend.database.db
      .selectFrom('timeline_posts')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const mention = await failure(post(who.nurse!, { mentionedUserIds: [users.doctor!.id, users.outsider!.id] }));
    expect(mention.fieldViolations).toEqual([expect.objectContaining({ field: 'mentionedUserIds', reason: 'MENTION_NOT_MEMBER' })]);
    const elsewhere = await post(who.doctor!, {}, onPatient(otherPatientId));
    const reply = await failure(post(who.nurse!, { replyToPostId: elsewhere.postId }));
    expect(reply.fieldViolations).toEqual([expect.objectContaining({ field: 'replyToPostId', reason: 'REPLY_NOT_IN_TIMELINE' })]);
    const unknownAttachment = await failure(post(who.nurse!, { attachmentIds: [randomUUID()] }));
    expect(unknownAttachment.fieldViolations).toEqual([expect.objectContaining({ reason: 'ATTACHMENT_UNKNOWN' })]);
    const after = await backend.database.db
      .selectFrom('timeline_posts')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    // Only the other patient's post was written.
    expect(Number(after.n)).toBe(Number(before.n) + 1);
  });

  it('threads one level of replies', async () => {
    const parent = await post(who.nurse!, { body: '褥瘡の処置方法を相談したいです。' });
    const reply = await post(who.doctor!, { body: '明日の訪問で確認します。', replyToPostId: parent.postId });
    expect(reply.replyToPostId).toBe(parent.postId);
    const nested = await failure(post(who.nurse!, { replyToPostId: reply.postId }));
    expect(nested.fieldViolations).toEqual([expect.objectContaining({ reason: 'REPLY_TO_REPLY' })]);
  });

  it('edits as a new version and retracts leaving who and when; only the author, only the current version', async () => {
    const original = await post(who.nurse!, { body: '血圧 158/90' });
    expect((await failure(timeline('EditPost', { timeline: onPatient(), postId: original.postId, baseVersion: 1, body: '改ざん' }, who.doctor!))).reason).toBe(
      'POST_NOT_AUTHOR',
    );
    const edited = await timeline('EditPost', { timeline: onPatient(), postId: original.postId, baseVersion: 1, body: '血圧 138/80（再検）' }, who.nurse!);
    expect(edited).toMatchObject({ version: 2, body: '血圧 138/80（再検）' });
    expect((await failure(timeline('EditPost', { timeline: onPatient(), postId: original.postId, baseVersion: 1, body: 'x' }, who.nurse!))).reason).toBe(
      'POST_VERSION_SUPERSEDED',
    );
    const retracted = await timeline('RetractPost', { timeline: onPatient(), postId: original.postId, baseVersion: 2 }, who.nurse!);
    expect(retracted).toMatchObject({ version: 3, retracted: true, body: '' });
    const versions = await backend.database.db
      .selectFrom('timeline_post_versions')
      .selectAll()
      .where('post_id', '=', original.postId)
      .orderBy('version')
      .execute();
    // Nothing overwritten: every version is in the record.
    expect(versions.map((v) => [v.version, v.body, v.retracted])).toEqual([
      [1, '血圧 158/90', 0],
      [2, '血圧 138/80（再検）', 0],
      [3, '', 1],
    ]);
    const again = await failure(timeline('EditPost', { timeline: onPatient(), postId: original.postId, baseVersion: 3, body: 'x' }, who.nurse!));
    expect(again.fieldViolations).toEqual([expect.objectContaining({ reason: 'POST_RETRACTED' })]);
  });

  it('answers a post of another timeline like a missing one', async () => {
    const elsewhere = await post(who.doctor!, {}, onPatient(otherPatientId));
    expect((await failure(timeline('EditPost', { timeline: onPatient(), postId: elsewhere.postId, baseVersion: 1, body: 'x' }, who.doctor!))).reason).toBe(
      'RECORD_NOT_FOUND',
    );
  });
});

describe('read state', () => {
  it('counts unread and mentions from the marker, which never moves back', async () => {
    const own = await region.patient({ familyName: '小林', givenName: '一', familyNameKana: 'コバヤシ', givenNameKana: 'ハジメ' });
    await region.join(own.id, users.doctor!.id);
    await region.join(own.id, users.nurse!.id, 'CARE_TEAM_ROLE_VISITING_NURSE');
    const on = onPatient(own.id);
    const first = await post(who.nurse!, { body: '定期訪問。' }, on);
    const second = await post(who.nurse!, { body: '@黒木 先生 至急ご相談', urgent: true, mentionedUserIds: [users.doctor!.id] }, on);
    const inbox = async () => (await timeline('ListTimelines', {}, who.doctor!)).timelines.find((t: any) => t.timeline.patientId === own.id);
    expect(await inbox()).toMatchObject({ unread: 2, mentions: 1, urgentUnread: 1 });

    expect((await timeline('MarkRead', { timeline: on, upTo: Number(second.seq) }, who.doctor!)).readUpTo).toBe(Number(second.seq));
    // Back: ignored, the marker stays.
    expect((await timeline('MarkRead', { timeline: on, upTo: Number(first.seq) }, who.doctor!)).readUpTo).toBe(Number(second.seq));
    expect(await inbox()).toMatchObject({ unread: 0, mentions: 0, urgentUnread: 0 });
    const ahead = await failure(timeline('MarkRead', { timeline: on, upTo: Number(second.seq) + 1000 }, who.doctor!));
    expect(ahead.fieldViolations).toEqual([expect.objectContaining({ field: 'upTo', reason: 'READ_MARKER_AHEAD' })]);

    const readers = await timeline('GetPostReaders', { timeline: on, postId: first.postId }, who.nurse!);
    expect(readers.readers).toHaveLength(1);
    expect(readers.readers[0]).toMatchObject({ member: { userId: users.doctor!.id } });
    expect(Number(readers.readers[0].readAt.seconds)).toBeGreaterThan(0);
  });

  it('takes 確認 once per member on posts that ask for it, not on one’s own', async () => {
    const asking = await post(who.nurse!, { body: '明日から内服変更です。ご確認ください。', asksConfirmation: true });
    const confirmed = await timeline('ConfirmPost', { timeline: onPatient(), postId: asking.postId }, who.careWorker!);
    expect(confirmed.confirmations.map((c: { userId: string }) => c.userId)).toEqual([users.careWorker!.id]);
    const twice = await timeline('ConfirmPost', { timeline: onPatient(), postId: asking.postId }, who.careWorker!);
    expect(twice.confirmations).toEqual(confirmed.confirmations);
    expect((await failure(timeline('ConfirmPost', { timeline: onPatient(), postId: asking.postId }, who.nurse!))).fieldViolations[0]?.reason).toBe('OWN_POST');
    const plain = await post(who.nurse!);
    expect((await failure(timeline('ConfirmPost', { timeline: onPatient(), postId: plain.postId }, who.doctor!))).fieldViolations[0]?.reason).toBe(
      'CONFIRMATION_NOT_ASKED',
    );
    const readers = await timeline('GetPostReaders', { timeline: onPatient(), postId: asking.postId }, who.nurse!);
    const byUser = new Map(readers.readers.map((r: any) => [r.member.userId, r]));
    expect((byUser.get(users.careWorker!.id) as any).confirmedAt).toBeTruthy();
    expect((byUser.get(users.doctor!.id) as any).confirmedAt).toBeNull();
  });
});

describe('promotion to a progress note', () => {
  it('turns posts into one note with their provenance, once', async () => {
    const a = await post(who.nurse!, { body: '右下腿に浮腫あり。' });
    const b = await post(who.careWorker!, { body: '昼食は全量摂取。' });
    const request = { patientId, postIds: [a.postId, b.postId], section: 'SOAP_SECTION_OBJECTIVE' };
    const [first, second] = await Promise.all([timeline('PromoteToNote', request, who.doctor!), timeline('PromoteToNote', request, who.doctor!)]);
    expect(second.note.noteId).toBe(first.note.noteId);
    expect([first.alreadyPromoted, second.alreadyPromoted].sort()).toEqual([false, true]);
    expect(first.note.soap.objective).toMatch(/^【連絡帳より】\d{4}-\d{2}-\d{2} \d{2}:\d{2} 看護師 甲斐 由美（/);
    expect(first.note.soap.objective).toContain('右下腿に浮腫あり。');
    expect(first.note.soap.objective).toContain('介護職');
    expect(first.posts.every((p: any) => p.promotedNoteId === first.note.noteId && p.promotedBy.userId === users.doctor!.id)).toBe(true);
    const notes = await backend.database.db.selectFrom('timeline_promotions').select('note_id').where('post_id', 'in', [a.postId, b.postId]).execute();
    expect(new Set(notes.map((n) => n.note_id))).toEqual(new Set([first.note.noteId]));

    const overlapping = await failure(timeline('PromoteToNote', { ...request, postIds: [a.postId, (await post(who.nurse!)).postId] }, who.doctor!));
    expect(overlapping.fieldViolations).toEqual([expect.objectContaining({ field: 'postIds.0', reason: 'POST_ALREADY_PROMOTED' })]);
  });

  it('needs the right to write progress notes', async () => {
    const p = await post(who.nurse!);
    const error = await failure(timeline('PromoteToNote', { patientId, postIds: [p.postId], section: 'SOAP_SECTION_SUBJECTIVE' }, who.careWorker!));
    expect(error.reason).toBe('RECORD_NOT_WRITABLE_BY_ROLE');
  });
});

describe('groups', () => {
  it('shows a group to its members only; the owner adds and removes, a member may leave', async () => {
    const group = await timeline(
      'CreateGroup',
      { clientRequestId: randomUUID(), title: '宮崎市 在宅医療連携の会', memberUserIds: [users.nurse!.id, users.stationNurse!.id] },
      who.doctor!,
    );
    const on = { groupId: group.timeline.groupId };
    expect(group.members.map((m: any) => m.userId).sort()).toEqual([users.doctor!.id, users.nurse!.id, users.stationNurse!.id].sort());
    // A group implies no patient: the member from another office needs no consent here.
    await post(who.stationNurse!, { body: '来週の勉強会の資料です。' }, on);
    expect((await failure(timeline('ReadTimeline', { timeline: on }, who.outsider!))).reason).toBe('TIMELINE_NOT_MEMBER');
    expect((await failure(timeline('ReadTimeline', { timeline: { groupId: randomUUID() } }, who.outsider!))).reason).toBe('TIMELINE_NOT_MEMBER');
    expect((await failure(timeline('AddGroupMember', { groupId: on.groupId, userId: users.outsider!.id }, who.nurse!))).reason).toBe(
      'TIMELINE_NOT_GROUP_OWNER',
    );

    await timeline('AddGroupMember', { groupId: on.groupId, userId: users.outsider!.id }, who.doctor!);
    expect((await timeline('ReadTimeline', { timeline: on }, who.outsider!)).posts).toHaveLength(1);
    await timeline('RemoveGroupMember', { groupId: on.groupId, userId: users.outsider!.id }, who.doctor!);
    expect((await failure(timeline('ReadTimeline', { timeline: on }, who.outsider!))).reason).toBe('TIMELINE_NOT_MEMBER');
    await timeline('RemoveGroupMember', { groupId: on.groupId, userId: users.nurse!.id }, who.nurse!);
    expect((await failure(timeline('ReadTimeline', { timeline: on }, who.nurse!))).reason).toBe('TIMELINE_NOT_MEMBER');
  });
});
