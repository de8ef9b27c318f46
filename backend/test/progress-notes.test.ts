// ProgressNoteService through the real gRPC backend: append-only SOAP notes, corrected only by
// their author, never silently changed, with every read and write in the access log.
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, closeClients, failure, type Credentials } from './support/api-client';
import { TestRegion } from './support/region';
import { startTestBackend, type TestBackend } from './support/test-backend';

let backend: TestBackend;
let region: TestRegion;
let patientId: string;
let otherPatientId: string;
let doctor: Credentials;
let nurse: Credentials;
let careWorker: Credentials;
const userIds: Record<string, string> = {};
let doctorDeviceId: string;
let facilityId: string;

const notes = <T = any>(method: string, request: object, who: Credentials) => call<T>(region.clinical, 'ProgressNoteService', method, request, who);

const SOAP = {
  subjective: '「夜間の息苦しさは減った」と本人。',
  objective: 'BP 132/78, HR 76, SpO2 96%（室内気）。下腿浮腫 軽度。体重 52.4kg（前回比 -0.6kg）。',
  assessment: '慢性心不全は利尿薬調整後、代償されている。',
  plan: 'フロセミド 20mg 継続。体重 2kg 増加で連絡するよう家族に説明。次回訪問 2週間後。',
};

/** An ISO instant `minutes` from the backend's clock. */
const at = (minutes: number) => new Date(backend.clock.now().getTime() + minutes * 60_000).toISOString();

beforeAll(async () => {
  backend = await startTestBackend();
  region = new TestRegion(backend);
  facilityId = await region.facilityId;
  const d = await region.user('PROFESSION_DOCTOR', ['黒木', '健一']);
  const n = await region.user('PROFESSION_NURSE', ['甲斐', '由美']);
  const w = await region.user('PROFESSION_CARE_WORKER', ['矢野', 'さくら']);
  Object.assign(userIds, { doctor: d.id, nurse: n.id, careWorker: w.id });
  const patient = await region.patient();
  const other = await region.patient({ familyName: '日向', givenName: '夏', familyNameKana: 'ヒュウガ', givenNameKana: 'ナツ' });
  patientId = patient.id;
  otherPatientId = other.id;
  await region.join(patientId, d.id, 'CARE_TEAM_ROLE_ATTENDING_DOCTOR');
  await region.join(patientId, n.id, 'CARE_TEAM_ROLE_VISITING_NURSE');
  await region.join(patientId, w.id, 'CARE_TEAM_ROLE_CARE_WORKER');
  await region.join(otherPatientId, d.id, 'CARE_TEAM_ROLE_ATTENDING_DOCTOR');
  doctor = await region.session(d.login_id);
  doctorDeviceId = doctor.device!.split('.')[0]!;
  nurse = await region.session(n.login_id);
  careWorker = await region.session(w.login_id);
});
afterAll(async () => {
  closeClients();
  await backend?.stop();
});

describe('progress notes', () => {
  it('writes a SOAP note with the author as they are now (profession, office, device) and lists it for the team', async () => {
    const observedAt = at(-60);
    const written = await notes('WriteNote', { patientId, soap: SOAP, observedAt }, doctor);
    expect(written).toMatchObject({ version: 1, patientId, soap: SOAP, status: 'NOTE_STATUS_CURRENT', superseded: false, correctionReason: '' });
    expect(written.author).toMatchObject({
      userId: userIds.doctor,
      name: { family: '黒木', given: '健一' },
      profession: 'PROFESSION_DOCTOR',
      facilityId,
      deviceId: doctorDeviceId,
    });
    expect(written.author.facilityName).toMatch(/^テスト診療所/);
    expect(written.observedAt).toBe(observedAt);
    expect(Number(written.recordedAt.seconds)).toBeGreaterThan(0);

    const listed = await notes('ListNotes', { patientId }, nurse);
    expect(listed.notes.map((n: { noteId: string }) => n.noteId)).toContain(written.noteId);
  });

  it('takes the observation time as the author gives it in any offset, and now when empty', async () => {
    const tokyo = await notes(
      'WriteNote',
      { patientId: otherPatientId, soap: { subjective: '', objective: '体温 36.8℃', assessment: '', plan: '' }, observedAt: '2024-05-01T09:30:00+09:00' },
      doctor,
    );
    expect(tokyo.observedAt).toBe('2024-05-01T00:30:00.000Z');
    const now = await notes('WriteNote', { patientId: otherPatientId, soap: { subjective: '', objective: '', assessment: '', plan: '臨時往診' } }, doctor);
    expect(Math.abs(Date.parse(now.observedAt) - backend.clock.now().getTime())).toBeLessThan(10_000);
  });

  it('lists newest observation first (then newest recorded), a page at a time, with an opaque token', async () => {
    const patient = await region.patient({ familyName: '順番', givenName: '確認', familyNameKana: 'ジュンバン', givenNameKana: 'カクニン' });
    await region.join(patient.id, userIds.doctor!, 'CARE_TEAM_ROLE_ATTENDING_DOCTOR');
    const observed = ['2025-01-03T10:00:00Z', '2025-01-01T10:00:00Z', '2025-01-02T10:00:00Z', '2025-01-02T10:00:00Z', '2025-01-05T10:00:00Z'];
    const written = [];
    for (const [i, observedAt] of observed.entries()) {
      written.push(await notes('WriteNote', { patientId: patient.id, soap: { ...SOAP, subjective: `記録${i}` }, observedAt }, doctor));
      backend.clock.advance(1000);
    }
    const expected = [written[4], written[0], written[3], written[2], written[1]].map((n) => n.noteId);
    const seen: string[] = [];
    let pageToken = '';
    let pages = 0;
    do {
      const page = await notes('ListNotes', { patientId: patient.id, pageSize: 2, pageToken }, doctor);
      expect(page.notes.length).toBeLessThanOrEqual(2);
      seen.push(...page.notes.map((n: { noteId: string }) => n.noteId));
      pageToken = page.nextPageToken;
      pages += 1;
    } while (pageToken !== '');
    expect(seen).toEqual(expected);
    expect(pages).toBe(3);

    const bad = await failure(notes('ListNotes', { patientId: patient.id, pageToken: 'not-a-token' }, doctor));
    expect(bad.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(bad.fieldViolations[0]?.field).toBe('pageToken');
  });

  it('corrects a note as a new version; the old one stays readable, marked superseded, in the history', async () => {
    const original = await notes('WriteNote', { patientId, soap: SOAP, observedAt: at(-30) }, doctor);
    const corrected = await notes(
      'CorrectNote',
      {
        patientId,
        noteId: original.noteId,
        baseVersion: 1,
        soap: { ...SOAP, objective: SOAP.objective.replace('52.4kg', '53.4kg') },
        reason: '体重の転記誤り',
      },
      doctor,
    );
    expect(corrected).toMatchObject({
      noteId: original.noteId,
      version: 2,
      correctionReason: '体重の転記誤り',
      superseded: false,
      status: 'NOTE_STATUS_CURRENT',
    });
    expect(corrected.observedAt).toBe(original.observedAt);

    const listed = (await notes('ListNotes', { patientId }, nurse)).notes.filter((n: { noteId: string }) => n.noteId === original.noteId);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ version: 2 });
    expect(listed[0].soap.objective).toContain('53.4kg');

    const history = await notes('GetNoteHistory', { patientId, noteId: original.noteId }, nurse);
    expect(history.versions.map((v: { version: number; superseded: boolean }) => [v.version, v.superseded])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect(history.versions[0].soap.objective).toContain('52.4kg');
  });

  it('corrects the observed time of a note dated wrongly, the earlier time kept in the history', async () => {
    const original = await notes('WriteNote', { patientId, soap: SOAP, observedAt: at(-60 * 24) }, doctor);
    const observedAt = at(-90);
    const moved = await notes(
      'CorrectNote',
      { patientId, noteId: original.noteId, baseVersion: 1, soap: SOAP, reason: '訪問日の入力誤り', observedAt },
      doctor,
    );
    expect(moved).toMatchObject({ version: 2, observedAt, correctionReason: '訪問日の入力誤り' });
    expect(moved.soap).toEqual(original.soap);

    const history = await notes('GetNoteHistory', { patientId, noteId: original.noteId }, nurse);
    expect(history.versions.map((v: { observedAt: string }) => v.observedAt)).toEqual([original.observedAt, observedAt]);
    // The list is in observed order: the note now sits at its corrected time.
    const listed = (await notes('ListNotes', { patientId }, nurse)).notes.find((n: { noteId: string }) => n.noteId === original.noteId);
    expect(listed.observedAt).toBe(observedAt);

    // The same rules as for a new note: not in the future, a time it can read.
    const future = await failure(
      notes('CorrectNote', { patientId, noteId: original.noteId, baseVersion: 2, soap: SOAP, reason: '再訂正', observedAt: at(10) }, doctor),
    );
    expect(future.fieldViolations[0]).toMatchObject({ field: 'observedAt' });
    expect(future.message).toContain('未来の日時は指定できません');
    const malformed = await failure(
      notes('CorrectNote', { patientId, noteId: original.noteId, baseVersion: 2, soap: SOAP, reason: '再訂正', observedAt: '2025/01/01 10:00' }, doctor),
    );
    expect(malformed.message).toContain('形式で入力してください');
  });

  it('refuses to correct a version that is no longer current, naming the current one', async () => {
    const original = await notes('WriteNote', { patientId, soap: SOAP }, doctor);
    await notes('CorrectNote', { patientId, noteId: original.noteId, baseVersion: 1, soap: SOAP, reason: '追記' }, doctor);
    const stale = await failure(notes('CorrectNote', { patientId, noteId: original.noteId, baseVersion: 1, soap: SOAP, reason: '古い版から修正' }, doctor));
    expect(stale.code).toBe(grpc.status.ABORTED);
    expect(stale.reason).toBe('NOTE_VERSION_SUPERSEDED');
    expect(stale.metadata.currentVersion).toBe('2');
    expect(stale.message).toContain('第2版');
  });

  it('of two corrections of the same version sent at once, exactly one succeeds', async () => {
    const original = await notes('WriteNote', { patientId, soap: SOAP }, doctor);
    for (let round = 0; round < 3; round++) {
      const base = round + 1;
      const results = await Promise.allSettled(
        [1, 2, 3].map((n) =>
          notes(
            'CorrectNote',
            { patientId, noteId: original.noteId, baseVersion: base, soap: { ...SOAP, plan: `修正 ${round}-${n}` }, reason: `同時修正 ${n}` },
            doctor,
          ),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
        expect(r.reason.error.reason).toBe('NOTE_VERSION_SUPERSEDED');
        expect(r.reason.error.metadata.currentVersion).toBe(String(base + 1));
      }
    }
    const rows = await backend.database.db
      .selectFrom('progress_note_versions')
      .select(['version', 'is_current'])
      .where('note_id', '=', original.noteId)
      .orderBy('version')
      .execute();
    expect(rows.map((r) => [Number(r.version), Number(r.is_current)])).toEqual([
      [1, 0],
      [2, 0],
      [3, 0],
      [4, 1],
    ]);
  });

  it('lets only the author correct or withdraw a note, and logs the refusal', async () => {
    const original = await notes('WriteNote', { patientId, soap: SOAP }, doctor);
    const correct = await failure(notes('CorrectNote', { patientId, noteId: original.noteId, baseVersion: 1, soap: SOAP, reason: '代わりに修正' }, nurse));
    expect(correct.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(correct.reason).toBe('NOTE_NOT_AUTHOR');
    expect(correct.message).toContain('記載した本人だけ');
    const mark = await failure(notes('MarkNoteEnteredInError', { patientId, noteId: original.noteId, baseVersion: 1, reason: '代わりに取消' }, nurse));
    expect(mark.reason).toBe('NOTE_NOT_AUTHOR');
    const denied = await backend.database.db
      .selectFrom('audit_events')
      .select(['action', 'detail'])
      .where('actor_user_id', '=', userIds.nurse!)
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied.map((d) => d.action)).toEqual(expect.arrayContaining(['note.correct', 'note.entered-in-error']));
    expect((await notes('GetNoteHistory', { patientId, noteId: original.noteId }, doctor)).versions).toHaveLength(1);
  });

  it('marks a note entered in error instead of deleting it: hidden from the list unless asked, kept in the history', async () => {
    const original = await notes('WriteNote', { patientId, soap: { ...SOAP, subjective: '別の患者の記録' }, observedAt: at(-5) }, doctor);
    const marked = await notes('MarkNoteEnteredInError', { patientId, noteId: original.noteId, baseVersion: 1, reason: '別の患者のカルテに記載した' }, doctor);
    expect(marked).toMatchObject({ version: 2, status: 'NOTE_STATUS_ENTERED_IN_ERROR', correctionReason: '別の患者のカルテに記載した' });
    expect(marked.soap.subjective).toBe('別の患者の記録');

    const plain = (await notes('ListNotes', { patientId, pageSize: 200 }, nurse)).notes.map((n: { noteId: string }) => n.noteId);
    expect(plain).not.toContain(original.noteId);
    const all = (await notes('ListNotes', { patientId, pageSize: 200, includeEnteredInError: true }, nurse)).notes;
    expect(all.find((n: { noteId: string }) => n.noteId === original.noteId)).toMatchObject({ status: 'NOTE_STATUS_ENTERED_IN_ERROR', version: 2 });
    const history = await notes('GetNoteHistory', { patientId, noteId: original.noteId }, nurse);
    expect(history.versions.map((v: { status: string }) => v.status)).toEqual(['NOTE_STATUS_CURRENT', 'NOTE_STATUS_ENTERED_IN_ERROR']);

    const again = await failure(notes('CorrectNote', { patientId, noteId: original.noteId, baseVersion: 2, soap: SOAP, reason: '戻す' }, doctor));
    expect(again.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(again.message).toContain('取り消されているため');
  });

  it('returns the note already written when a request is retried with the same client_request_id, even at once', async () => {
    const clientRequestId = randomUUID();
    const first = await notes('WriteNote', { patientId, soap: SOAP, clientRequestId }, doctor);
    const retry = await notes('WriteNote', { patientId, soap: SOAP, clientRequestId }, doctor);
    expect(retry.noteId).toBe(first.noteId);
    expect(retry.version).toBe(1);

    const racing = randomUUID();
    const both = await Promise.all([1, 2, 3].map(() => notes('WriteNote', { patientId, soap: SOAP, clientRequestId: racing }, doctor)));
    expect(new Set(both.map((n) => n.noteId)).size).toBe(1);
    const rows = await backend.database.db
      .selectFrom('progress_note_versions')
      .select('id')
      .where('client_request_id', 'in', [clientRequestId, racing])
      .execute();
    expect(rows).toHaveLength(2);

    const stolen = await failure(notes('WriteNote', { patientId, soap: SOAP, clientRequestId }, nurse));
    expect(stolen.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(stolen.fieldViolations[0]?.field).toBe('clientRequestId');
  });

  it('explains invalid notes field by field, in Japanese', async () => {
    const empty = await failure(notes('WriteNote', { patientId, soap: { subjective: '  ', objective: '', assessment: '', plan: '' } }, doctor));
    expect(empty.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(empty.fieldViolations).toEqual([{ field: 'soap', reason: 'SOAP_EMPTY' }]);
    expect(empty.message).toContain('いずれかを入力してください');

    const long = await failure(notes('WriteNote', { patientId, soap: { ...SOAP, objective: 'あ'.repeat(10_001) } }, doctor));
    expect(long.fieldViolations).toEqual([{ field: 'soap.objective', reason: 'TOO_LONG', parameters: { max: '10000' } }]);
    expect((await notes('WriteNote', { patientId, soap: { ...SOAP, objective: 'あ'.repeat(10_000) } }, doctor)).soap.objective).toHaveLength(10_000);

    const future = await failure(notes('WriteNote', { patientId, soap: SOAP, observedAt: at(10) }, doctor));
    expect(future.fieldViolations[0]).toMatchObject({ field: 'observedAt' });
    expect(future.message).toContain('未来の日時は指定できません');
    expect((await notes('WriteNote', { patientId, soap: SOAP, observedAt: at(3) }, doctor)).version).toBe(1);

    const ancient = await failure(notes('WriteNote', { patientId, soap: SOAP, observedAt: '1989-12-31T12:00:00+09:00' }, doctor));
    expect(ancient.message).toContain('1990年以降');
    const malformed = await failure(notes('WriteNote', { patientId, soap: SOAP, observedAt: '2025/01/01 10:00' }, doctor));
    expect(malformed.message).toContain('形式で入力してください');

    const original = await notes('WriteNote', { patientId, soap: SOAP }, doctor);
    const noReason = await failure(notes('CorrectNote', { patientId, noteId: original.noteId, baseVersion: 1, soap: SOAP, reason: ' ' }, doctor));
    expect(noReason.fieldViolations).toEqual([{ field: 'reason', reason: 'REQUIRED' }]);
    const longReason = await failure(notes('MarkNoteEnteredInError', { patientId, noteId: original.noteId, baseVersion: 1, reason: 'あ'.repeat(501) }, doctor));
    expect(longReason.fieldViolations).toEqual([{ field: 'reason', reason: 'TOO_LONG', parameters: { max: '500' } }]);
  });

  it('answers a note of another patient like a missing one', async () => {
    const elsewhere = await notes('WriteNote', { patientId: otherPatientId, soap: SOAP }, doctor);
    const history = await failure(notes('GetNoteHistory', { patientId, noteId: elsewhere.noteId }, doctor));
    expect(history.code).toBe(grpc.status.NOT_FOUND);
    expect(history.reason).toBe('RECORD_NOT_FOUND');
    const correct = await failure(notes('CorrectNote', { patientId, noteId: elsewhere.noteId, baseVersion: 1, soap: SOAP, reason: '誤り' }, doctor));
    expect(correct.reason).toBe('RECORD_NOT_FOUND');
  });

  it('applies the chart policy: a care worker neither reads nor writes progress notes by default', async () => {
    const read = await failure(notes('ListNotes', { patientId }, careWorker));
    expect(read.reason).toBe('RECORD_NOT_VISIBLE_TO_ROLE');
    expect(read.message).toContain('経過記録');
    expect(read.message).toContain('介護職');
    const write = await failure(notes('WriteNote', { patientId, soap: SOAP }, careWorker));
    expect(write.reason).toBe('RECORD_NOT_WRITABLE_BY_ROLE');
  });

  it('puts the latest five notes on the overview and every write in the change feed', async () => {
    const patient = await region.patient({ familyName: '概要', givenName: '確認', familyNameKana: 'ガイヨウ', givenNameKana: 'カクニン' });
    await region.join(patient.id, userIds.doctor!, 'CARE_TEAM_ROLE_ATTENDING_DOCTOR');
    const start = await call(region.clinical, 'SyncService', 'PullChanges', { cursor: '' }, doctor);
    let cursor = start.nextCursor;
    for (let more = start.hasMore; more;) {
      const page = await call(region.clinical, 'SyncService', 'PullChanges', { cursor }, doctor);
      cursor = page.nextCursor;
      more = page.hasMore;
    }
    const written = [];
    for (let i = 0; i < 7; i++)
      written.push(await notes('WriteNote', { patientId: patient.id, soap: { ...SOAP, subjective: `第${i}回` }, observedAt: at(-100 + i) }, doctor));
    const pulled = await call(region.clinical, 'SyncService', 'PullChanges', { cursor }, doctor);
    const change = pulled.changes.find((c: { patientId: string }) => c.patientId === patient.id);
    expect(change.upserted.chart.latestNotes.map((n: { noteId: string }) => n.noteId)).toEqual(
      written
        .slice(2)
        .reverse()
        .map((n) => n.noteId),
    );

    await notes('MarkNoteEnteredInError', { patientId: patient.id, noteId: written[6].noteId, baseVersion: 1, reason: '重複' }, doctor);
    const overview = await call(region.clinical, 'PatientService', 'GetPatientOverview', { patientId: patient.id }, doctor);
    expect(overview.chart.latestNotes.map((n: { noteId: string }) => n.noteId)).toEqual(
      written
        .slice(1, 6)
        .reverse()
        .map((n) => n.noteId),
    );
    const after = await call(region.clinical, 'SyncService', 'PullChanges', { cursor: pulled.nextCursor }, doctor);
    expect(after.changes.map((c: { patientId: string }) => c.patientId)).toContain(patient.id);
  });

  it('orders notes observed at the same time by when they were recorded, newest first, on the overview', async () => {
    const patient = await region.patient({ familyName: '同時', givenName: '観察', familyNameKana: 'ドウジ', givenNameKana: 'カンサツ' });
    await region.join(patient.id, userIds.doctor!, 'CARE_TEAM_ROLE_ATTENDING_DOCTOR');
    const observedAt = at(-30);
    const written = [];
    for (let i = 0; i < 7; i++) {
      backend.clock.advance(1000);
      written.push(await notes('WriteNote', { patientId: patient.id, soap: { ...SOAP, subjective: `同時刻${i}` }, observedAt }, doctor));
    }
    const overview = await call(region.clinical, 'PatientService', 'GetPatientOverview', { patientId: patient.id }, doctor);
    expect(overview.chart.latestNotes.map((n: { noteId: string }) => n.noteId)).toEqual(
      written
        .slice(2)
        .reverse()
        .map((n) => n.noteId),
    );
  });

  it('logs every read and write with user, device and patient', async () => {
    const events = await backend.database.db
      .selectFrom('audit_events')
      .select(['action', 'actor_user_id', 'actor_device_id', 'patient_id', 'outcome'])
      .where('action', 'like', 'note.%')
      .where('outcome', '=', 'ok')
      .execute();
    expect(new Set(events.map((e) => e.action))).toEqual(new Set(['note.write', 'note.correct', 'note.entered-in-error', 'note.list', 'note.history']));
    for (const e of events) {
      expect(e.actor_user_id).toBeTruthy();
      expect(e.actor_device_id).toBeTruthy();
      expect(e.patient_id).toBeTruthy();
    }
    const writes = events.filter((e) => e.action === 'note.write' && e.actor_user_id === userIds.doctor);
    expect(writes.every((e) => e.actor_device_id === doctorDeviceId)).toBe(true);
  });
});
