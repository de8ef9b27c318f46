// FormService through the real gRPC backend: shared forms several professions edit at once.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { describeViolation } from '@renkei/proto';
import { mergeTemplateValues, type TemplateValues } from '@renkei/proto/template-forms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCurrentForms, loadLatestFinalisedForms } from '../src/templates/form-records';
import { call, closeClients, failure, type Credentials } from './support/api-client';
import { TestRegion } from './support/region';
import { startTestBackend, type TestBackend } from './support/test-backend';

const run = promisify(execFile);

let backend: TestBackend;
let region: TestRegion;
let patientId: string;
let otherPatientId: string;
let outsiderPatientId: string;
const who: Record<'doctor' | 'substitute' | 'nurse' | 'careManager' | 'careWorker' | 'outsider', Credentials> = {} as never;
const ids: Record<string, string> = {};

// api-client's ServiceName predates the chart services; the client itself loads any renkei.v1 service.
const formCall = <T = any>(method: string, request: object, credentials: Credentials): Promise<T> =>
  call<T>(region.clinical, 'FormService' as Parameters<typeof call>[1], method, request, credentials);

const INSTRUCTION = 'DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION';

/** A 訪問看護指示書 with every required field. */
const COMPLETE_INSTRUCTION: TemplateValues = {
  instructionKind: 'NORMAL',
  instructionPeriod: { from: '2025-04-01', to: '2025-09-30' },
  issuedOn: '2025-03-28',
  mainDiagnosis: '慢性心不全',
  conditionSummary: 'NYHA II度。利尿薬で体重管理中。',
  careNotes: '毎日の体重測定。2kg以上の増加で連絡。',
  emergencyContact: 'くろき在宅クリニック 0985-00-0000（24時間）',
  facilityName: 'くろき在宅クリニック',
  doctorName: '黒木 一郎',
  addresseeStation: 'ひまわり訪問看護ステーション',
};

const valuesOf = (form: { valuesJson: string }): TemplateValues => JSON.parse(form.valuesJson) as TemplateValues;

async function createInstruction(values: TemplateValues = {}, title = '') {
  return formCall('CreateForm', { patientId, documentType: INSTRUCTION, title, valuesJson: JSON.stringify(values) }, who.doctor);
}

beforeAll(async () => {
  backend = await startTestBackend();
  region = new TestRegion(backend);
  const doctor = await region.user('PROFESSION_DOCTOR', ['黒木', '一郎']);
  const substitute = await region.user('PROFESSION_DOCTOR', ['佐藤', '花子']);
  const nurse = await region.user('PROFESSION_NURSE', ['日高', '美香']);
  const careManager = await region.user('PROFESSION_CARE_MANAGER', ['川越', '誠']);
  const careWorker = await region.user('PROFESSION_CARE_WORKER', ['甲斐', '優子']);
  const outsider = await region.user('PROFESSION_DOCTOR', ['外山', '進']);
  Object.assign(ids, { doctor: doctor.id, substitute: substitute.id, nurse: nurse.id });

  patientId = (await region.patient()).id;
  otherPatientId = (await region.patient({ familyName: '日南', givenName: '次郎', familyNameKana: 'ニチナン', givenNameKana: 'ジロウ' })).id;
  outsiderPatientId = (await region.patient({ familyName: '串間', givenName: '三郎', familyNameKana: 'クシマ', givenNameKana: 'サブロウ' })).id;
  await region.join(patientId, doctor.id, 'CARE_TEAM_ROLE_ATTENDING_DOCTOR');
  await region.join(patientId, substitute.id, 'CARE_TEAM_ROLE_SUBSTITUTE_DOCTOR');
  await region.join(patientId, nurse.id, 'CARE_TEAM_ROLE_VISITING_NURSE');
  await region.join(patientId, careManager.id, 'CARE_TEAM_ROLE_CARE_MANAGER');
  await region.join(patientId, careWorker.id, 'CARE_TEAM_ROLE_CARE_WORKER');
  await region.join(otherPatientId, doctor.id, 'CARE_TEAM_ROLE_ATTENDING_DOCTOR');
  await region.join(outsiderPatientId, outsider.id, 'CARE_TEAM_ROLE_ATTENDING_DOCTOR');

  who.doctor = await region.session(doctor.login_id);
  who.substitute = await region.session(substitute.login_id);
  who.nurse = await region.session(nurse.login_id);
  who.careManager = await region.session(careManager.login_id);
  who.careWorker = await region.session(careWorker.login_id);
  who.outsider = await region.session(outsider.login_id);
});

afterAll(async () => {
  closeClients();
  await backend?.stop();
});

describe('creating and reading forms', () => {
  it("creates version 1 with the form's Japanese title and the saver as they are now", async () => {
    const created = await createInstruction({ mainDiagnosis: '慢性心不全' });
    expect(created).toMatchObject({
      version: 1,
      currentVersion: 1,
      basedOnVersion: 0,
      patientId,
      documentType: INSTRUCTION,
      title: '訪問看護指示書',
      finalised: false,
      finalisedBy: null,
    });
    // The server prefills the rest from the patient and the author (form-prefill.test.ts).
    expect(valuesOf(created)).toMatchObject({ mainDiagnosis: '慢性心不全' });
    expect(created.savedBy).toMatchObject({ userId: ids.doctor, name: { family: '黒木', given: '一郎' }, profession: 'PROFESSION_DOCTOR' });
    expect(created.savedBy.facilityName).toMatch(/^テスト診療所/);
    expect(created.savedBy.deviceId).toBe(who.doctor.device!.split('.')[0]);
    expect(Number(created.savedAt.seconds)).toBeGreaterThan(0);

    const current = await formCall('GetForm', { patientId, formId: created.formId, version: 0 }, who.doctor);
    expect(current).toEqual(created);
    const versions = await formCall('ListFormVersions', { patientId, formId: created.formId }, who.doctor);
    expect(versions.versions).toEqual([created]);
  });

  it('keeps a title given, and lists current versions newest first', async () => {
    const older = await createInstruction({}, '訪問看護指示書（4月〜）');
    backend.clock.advance(1000);
    const plan = await formCall(
      'CreateForm',
      { patientId, documentType: 'DOCUMENT_TYPE_VISITING_NURSING_PLAN', title: '', valuesJson: '{"nursingGoal":"在宅生活の継続"}' },
      who.nurse,
    );
    backend.clock.advance(1000);
    expect(older.title).toBe('訪問看護指示書（4月〜）');
    expect(plan).toMatchObject({ title: '訪問看護計画書', version: 1, documentType: 'DOCUMENT_TYPE_VISITING_NURSING_PLAN' });

    const listed = (await formCall('ListForms', { patientId }, who.doctor)).forms as any[];
    const order = listed.map((f) => f.formId);
    expect(order.indexOf(plan.formId)).toBeLessThan(order.indexOf(older.formId));
    expect(listed.every((f) => f.version === f.currentVersion)).toBe(true);
  });

  it('accepts an empty values_json as an empty form, prefilled as "{}" is', async () => {
    const created = await formCall('CreateForm', { patientId, documentType: INSTRUCTION, title: '', valuesJson: '' }, who.doctor);
    const fromBraces = await formCall('CreateForm', { patientId, documentType: INSTRUCTION, title: '', valuesJson: '{}' }, who.doctor);
    expect(valuesOf(created)).toMatchObject({ mainDiagnosis: '慢性心不全', doctorName: '黒木 一郎' });
    expect(Object.keys(valuesOf(created)).sort()).toEqual(Object.keys(valuesOf(fromBraces)).sort());
  });

  it('answers a form of another patient, or a version that does not exist, as not found', async () => {
    const created = await createInstruction();
    for (const request of [
      { patientId: otherPatientId, formId: created.formId, version: 0 },
      { patientId, formId: created.formId, version: 2 },
      { patientId, formId: '00000000-0000-4000-8000-000000000000', version: 0 },
    ]) {
      const error = await failure(formCall('GetForm', request, who.doctor));
      expect(error.code).toBe(grpc.status.NOT_FOUND);
      expect(error.reason).toBe('RECORD_NOT_FOUND');
    }
    const save = await failure(
      formCall('SaveForm', { patientId: otherPatientId, formId: created.formId, baseVersion: 1, valuesJson: '{}', amendFinalised: false }, who.doctor),
    );
    expect(save.reason).toBe('RECORD_NOT_FOUND');
  });
});

describe('concurrent edits', () => {
  it('lets one of two saves on the same version win; the other merges and saves on the new base', async () => {
    const created = await createInstruction({ mainDiagnosis: '慢性心不全', careNotes: '体重測定' });
    // Both open version 1.
    const [doctorsCopy, substitutesCopy] = await Promise.all([
      formCall('GetForm', { patientId, formId: created.formId, version: 0 }, who.doctor),
      formCall('GetForm', { patientId, formId: created.formId, version: 0 }, who.substitute),
    ]);
    const base = valuesOf(doctorsCopy);
    const doctorsEdit = { ...base, mainDiagnosis: '慢性心不全（増悪）' };
    const substitutesEdit = { ...valuesOf(substitutesCopy), emergencyContact: '佐藤 花子 090-0000-0000' };

    const saves = await Promise.allSettled([
      formCall('SaveForm', { patientId, formId: created.formId, baseVersion: 1, valuesJson: JSON.stringify(doctorsEdit), amendFinalised: false }, who.doctor),
      formCall(
        'SaveForm',
        { patientId, formId: created.formId, baseVersion: 1, valuesJson: JSON.stringify(substitutesEdit), amendFinalised: false },
        who.substitute,
      ),
    ]);
    const won = saves.filter((s) => s.status === 'fulfilled');
    expect(won).toHaveLength(1);
    const doctorWon = saves[0].status === 'fulfilled';
    const [winner, loserCredentials, loserEdit, winnerName] = doctorWon
      ? [(saves[0] as PromiseFulfilledResult<any>).value, who.substitute, substitutesEdit, '黒木 一郎']
      : [(saves[1] as PromiseFulfilledResult<any>).value, who.doctor, doctorsEdit, '佐藤 花子'];
    expect(winner).toMatchObject({ version: 2, basedOnVersion: 1, currentVersion: 2 });

    const lost = (saves.find((s) => s.status === 'rejected') as PromiseRejectedResult).reason.error;
    expect(lost.code).toBe(grpc.status.ABORTED);
    expect(lost.reason).toBe('TEMPLATE_VERSION_CONFLICT');
    expect(lost.metadata).toMatchObject({ currentVersion: '2', editor: winnerName });
    expect(lost.message).toContain(`${winnerName}さんがこの書類を更新しました（第2版）`);

    // The loser fetches the current version, merges field by field and saves on it.
    const theirs = await formCall('GetForm', { patientId, formId: created.formId, version: Number(lost.metadata.currentVersion) }, loserCredentials);
    const { merged, conflicts } = mergeTemplateValues(base, loserEdit, valuesOf(theirs), 'VISITING_NURSING_INSTRUCTION');
    expect(conflicts).toEqual([]);
    const saved = await formCall(
      'SaveForm',
      { patientId, formId: created.formId, baseVersion: theirs.version, valuesJson: JSON.stringify(merged), amendFinalised: false },
      loserCredentials,
    );
    expect(saved).toMatchObject({ version: 3, basedOnVersion: 2, currentVersion: 3 });
    expect(valuesOf(saved)).toMatchObject({ mainDiagnosis: '慢性心不全（増悪）', emergencyContact: '佐藤 花子 090-0000-0000', careNotes: '体重測定' });

    // Nothing was overwritten: every version stays readable as it was saved.
    const history = (await formCall('ListFormVersions', { patientId, formId: created.formId }, who.nurse)).versions as any[];
    expect(history.map((v) => [v.version, v.basedOnVersion, v.currentVersion])).toEqual([
      [1, 0, 3],
      [2, 1, 3],
      [3, 2, 3],
    ]);
    expect(valuesOf(history[0])).toEqual(base);
    expect(valuesOf(history[1])).toEqual(doctorWon ? doctorsEdit : substitutesEdit);
    expect(history[2].savedBy.name.family).toBe(doctorWon ? '佐藤' : '黒木');
  });

  it('lets exactly one of many parallel saves on the same base succeed, and keeps every version', async () => {
    const created = await createInstruction({ careNotes: '版1' });
    const writers = [who.doctor, who.substitute];
    const attempts = Array.from({ length: 10 }, (_, i) => ({ credentials: writers[i % 2]!, values: { careNotes: `並行保存 ${i}` } }));
    const results = await Promise.allSettled(
      attempts.map((a) =>
        formCall('SaveForm', { patientId, formId: created.formId, baseVersion: 1, valuesJson: JSON.stringify(a.values), amendFinalised: false }, a.credentials),
      ),
    );
    const succeeded = results.flatMap((r, i) => (r.status === 'fulfilled' ? [{ form: r.value, attempt: i }] : []));
    expect(succeeded).toHaveLength(1);
    const winner = succeeded[0]!;
    expect(winner.form.version).toBe(2);
    const winnerName = winner.attempt % 2 === 0 ? '黒木 一郎' : '佐藤 花子';
    for (const result of results) {
      if (result.status === 'fulfilled') continue;
      const error = (result.reason as { error: any }).error;
      expect(error.reason).toBe('TEMPLATE_VERSION_CONFLICT');
      expect(error.metadata).toMatchObject({ currentVersion: '2', editor: winnerName });
    }

    // Then saves that each fetch the current version first all succeed, one after another.
    for (let i = 0; i < 3; i++) {
      const current = await formCall('GetForm', { patientId, formId: created.formId, version: 0 }, who.doctor);
      await formCall(
        'SaveForm',
        { patientId, formId: created.formId, baseVersion: current.version, valuesJson: JSON.stringify({ careNotes: `順次 ${i}` }), amendFinalised: false },
        who.doctor,
      );
    }
    const history = (await formCall('ListFormVersions', { patientId, formId: created.formId }, who.doctor)).versions as any[];
    expect(history.map((v) => v.version)).toEqual([1, 2, 3, 4, 5]);
    expect(history.map((v) => valuesOf(v).careNotes)).toEqual(['版1', `並行保存 ${winner.attempt}`, '順次 0', '順次 1', '順次 2']);
    for (const v of history) {
      const single = await formCall('GetForm', { patientId, formId: created.formId, version: v.version }, who.doctor);
      expect(single).toEqual(v);
    }
  });

  it('refuses a base version that is not the current one', async () => {
    const created = await createInstruction();
    const ahead = await failure(
      formCall('SaveForm', { patientId, formId: created.formId, baseVersion: 5, valuesJson: '{}', amendFinalised: false }, who.doctor),
    );
    expect(ahead.reason).toBe('TEMPLATE_VERSION_CONFLICT');
    expect(ahead.metadata).toMatchObject({ currentVersion: '1', editor: '黒木 一郎' });
    const zero = await failure(
      formCall('SaveForm', { patientId, formId: created.formId, baseVersion: 0, valuesJson: '{}', amendFinalised: false }, who.doctor),
    );
    expect(zero.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(zero.fieldViolations[0]?.field).toBe('baseVersion');
  });
});

describe('finalisation', () => {
  it('refuses while required fields are missing, naming them', async () => {
    const created = await createInstruction({ mainDiagnosis: '慢性心不全' });
    const error = await failure(formCall('FinaliseForm', { patientId, formId: created.formId, version: 1 }, who.doctor));
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error.reason).toBe('INVALID_REQUEST');
    const fields = error.fieldViolations.map((v) => v.field);
    expect(fields).toContain('valuesJson.careNotes');
    expect(fields).toContain('valuesJson.instructionPeriod');
    expect(fields).not.toContain('valuesJson.mainDiagnosis');
    expect(error.message).toContain('「療養生活指導上の留意事項」は確定の前に入力が必要です');
    const current = await formCall('GetForm', { patientId, formId: created.formId, version: 0 }, who.doctor);
    expect(current.finalised).toBe(false);
  });

  it('records who finalised and when, locks the version, and amends only on purpose', async () => {
    const created = await createInstruction({ mainDiagnosis: '慢性心不全' });
    const complete = await formCall(
      'SaveForm',
      { patientId, formId: created.formId, baseVersion: 1, valuesJson: JSON.stringify(COMPLETE_INSTRUCTION), amendFinalised: false },
      who.substitute,
    );

    // Only the current version can be finalised.
    const stale = await failure(formCall('FinaliseForm', { patientId, formId: created.formId, version: 1 }, who.doctor));
    expect(stale.reason).toBe('TEMPLATE_VERSION_CONFLICT');
    expect(stale.metadata).toMatchObject({ currentVersion: '2', editor: '佐藤 花子' });

    const before = backend.clock.now().getTime();
    const finalised = await formCall('FinaliseForm', { patientId, formId: created.formId, version: complete.version }, who.doctor);
    expect(finalised).toMatchObject({ version: 2, finalised: true, currentVersion: 2 });
    expect(finalised.finalisedBy).toMatchObject({ userId: ids.doctor, name: { family: '黒木', given: '一郎' }, profession: 'PROFESSION_DOCTOR' });
    expect(finalised.finalisedBy.deviceId).toBe(who.doctor.device!.split('.')[0]);
    expect(Number(finalised.finalisedAt.seconds) * 1000).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    // The saver is still the one who wrote it.
    expect(finalised.savedBy.name.family).toBe('佐藤');

    const again = await failure(formCall('FinaliseForm', { patientId, formId: created.formId, version: 2 }, who.doctor));
    expect(again.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(again.reason).toBe('TEMPLATE_FINALISED');

    const locked = await failure(
      formCall(
        'SaveForm',
        {
          patientId,
          formId: created.formId,
          baseVersion: 2,
          valuesJson: JSON.stringify({ ...COMPLETE_INSTRUCTION, careNotes: '変更' }),
          amendFinalised: false,
        },
        who.doctor,
      ),
    );
    expect(locked.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(locked.reason).toBe('TEMPLATE_FINALISED');
    expect(locked.metadata.version).toBe('2');
    expect(locked.message).toContain('第2版は確定済みのため変更できません');

    const amended = await formCall(
      'SaveForm',
      { patientId, formId: created.formId, baseVersion: 2, valuesJson: JSON.stringify({ ...COMPLETE_INSTRUCTION, careNotes: '変更' }), amendFinalised: true },
      who.doctor,
    );
    expect(amended).toMatchObject({ version: 3, basedOnVersion: 2, finalised: false, finalisedBy: null, currentVersion: 3 });
    // The finalised version stays as it was.
    const official = await formCall('GetForm', { patientId, formId: created.formId, version: 2 }, who.nurse);
    expect(official).toMatchObject({ finalised: true, currentVersion: 3 });
    expect(valuesOf(official)).toEqual(COMPLETE_INSTRUCTION);
  });
});

describe('validation', () => {
  const expectInvalid = async (valuesJson: string, field: string, text: string) => {
    const error = await failure(formCall('CreateForm', { patientId, documentType: INSTRUCTION, title: '', valuesJson }, who.doctor));
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error.reason).toBe('INVALID_REQUEST');
    expect(error.fieldViolations.map((v) => v.field)).toContain(field);
    expect(error.message).toContain(text);
    expect(error.message).toMatch(/^入力内容に誤りがあります: /);
  };

  it('refuses a direction mark inside a value, even written as a JSON escape', async () => {
    const valuesJson = JSON.stringify({ careNotes: 'ワーファリン 1mg XX日0.5 継続' }).replace('XX', '\\u202e');
    expect(valuesJson).toContain('\\u202e');
    await expectInvalid(valuesJson, 'valuesJson.careNotes', '文字の並び順を変える制御文字');
  });

  it('refuses a field the form does not have', async () => {
    await expectInvalid(JSON.stringify({ bogus: 'x' }), 'valuesJson.bogus', '「bogus」は訪問看護指示書にない項目です');
  });

  it('refuses a value longer than its field allows', async () => {
    await expectInvalid(JSON.stringify({ mainDiagnosis: 'あ'.repeat(201) }), 'valuesJson.mainDiagnosis', '200文字以内で入力してください（現在201文字）');
  });

  it('refuses an instruction period longer than its kind allows', async () => {
    await expectInvalid(
      JSON.stringify({ instructionKind: 'NORMAL', instructionPeriod: { from: '2025-04-01', to: '2025-10-01' } }),
      'valuesJson.instructionPeriod',
      '訪問看護指示の期間は6か月以内です',
    );
    await expectInvalid(
      JSON.stringify({ instructionKind: 'SPECIAL', instructionPeriod: { from: '2025-04-01', to: '2025-04-15' } }),
      'valuesJson.instructionPeriod',
      '特別訪問看護指示の期間は14日以内です',
    );
    // A save is checked the same way.
    const created = await createInstruction({ instructionKind: 'DRIP_INFUSION', instructionPeriod: { from: '2025-04-01', to: '2025-04-07' } });
    const error = await failure(
      formCall(
        'SaveForm',
        {
          patientId,
          formId: created.formId,
          baseVersion: 1,
          valuesJson: JSON.stringify({ instructionKind: 'DRIP_INFUSION', instructionPeriod: { from: '2025-04-01', to: '2025-04-08' } }),
          amendFinalised: false,
        },
        who.doctor,
      ),
    );
    expect(error.fieldViolations.map((v) => v.field)).toEqual(['valuesJson.instructionPeriod']);
  });

  it('refuses values that are not a JSON object, or too large', async () => {
    await expectInvalid('{not json', 'valuesJson', 'JSONの形式が正しくありません');
    await expectInvalid('[1,2]', 'valuesJson', '入力内容の形式が正しくありません');
    await expectInvalid(JSON.stringify({ conditionSummary: 'あ'.repeat(70_000) }), 'valuesJson', '入力内容が大きすぎます（上限 200 KB）');
  });

  it('refuses a document type that has no form, and a bad title', async () => {
    for (const documentType of ['DOCUMENT_TYPE_CARE_PLAN', 'DOCUMENT_TYPE_UNSPECIFIED']) {
      const error = await failure(formCall('CreateForm', { patientId, documentType, title: '', valuesJson: '{}' }, who.doctor));
      expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(error.fieldViolations[0]).toEqual({ field: 'documentType', reason: 'NOT_A_CHOICE' });
      expect(error.message).toContain('documentType: 選択肢から選んでください');
    }
    const title = await failure(formCall('CreateForm', { patientId, documentType: INSTRUCTION, title: 'あ'.repeat(101), valuesJson: '{}' }, who.doctor));
    expect(title.fieldViolations[0]).toEqual({ field: 'title', reason: 'TOO_LONG', parameters: { max: '100' } });
    // The server sends the reason; each reader's words are their own language's.
    expect(describeViolation(title.fieldViolations[0]!.reason, title.fieldViolations[0]!.parameters, 'en')).toBe('Use at most 100 characters.');
    expect(describeViolation(title.fieldViolations[0]!.reason, title.fieldViolations[0]!.parameters, 'ja')).toBe('100文字以内で入力してください。');
  });
});

describe('who may do what (default chart policy)', () => {
  let instructionId: string;
  beforeAll(async () => {
    instructionId = (await createInstruction(COMPLETE_INSTRUCTION)).formId;
  });

  it('keeps the instruction from a care worker altogether', async () => {
    const create = await failure(formCall('CreateForm', { patientId, documentType: INSTRUCTION, title: '', valuesJson: '{}' }, who.careWorker));
    expect(create.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(create.reason).toBe('RECORD_NOT_WRITABLE_BY_ROLE');
    for (const method of ['GetForm', 'RenderFormPdf']) {
      const read = await failure(formCall(method, { patientId, formId: instructionId, version: 0 }, who.careWorker));
      expect(read.reason).toBe('RECORD_NOT_VISIBLE_TO_ROLE');
      expect(read.message).toContain('訪問看護指示書');
    }
    const history = await failure(formCall('ListFormVersions', { patientId, formId: instructionId }, who.careWorker));
    expect(history.reason).toBe('RECORD_NOT_VISIBLE_TO_ROLE');
    const listed = await formCall('ListForms', { patientId }, who.careWorker);
    expect(listed.forms).toEqual([]);
  });

  it('lets a care manager read the instruction but not write or finalise it', async () => {
    const read = await formCall('GetForm', { patientId, formId: instructionId, version: 0 }, who.careManager);
    expect(valuesOf(read)).toMatchObject(COMPLETE_INSTRUCTION);
    expect((await formCall('ListForms', { patientId }, who.careManager)).forms.map((f: any) => f.formId)).toContain(instructionId);
    const attempts = [
      () => formCall('CreateForm', { patientId, documentType: INSTRUCTION, title: '', valuesJson: '{}' }, who.careManager),
      () => formCall('SaveForm', { patientId, formId: instructionId, baseVersion: 1, valuesJson: '{}', amendFinalised: false }, who.careManager),
      () => formCall('FinaliseForm', { patientId, formId: instructionId, version: 1 }, who.careManager),
    ];
    for (const attempt of attempts) {
      const error = await failure(attempt());
      expect(error.reason).toBe('RECORD_NOT_WRITABLE_BY_ROLE');
      expect(error.metadata.role).toBe('CARE_TEAM_ROLE_CARE_MANAGER');
      expect(error.message).toContain('あなたのケアチームでの役割（ケアマネジャー）では');
    }
    // Nothing was written by the refused calls.
    expect((await formCall('GetForm', { patientId, formId: instructionId, version: 0 }, who.doctor)).version).toBe(1);
  });

  it('lets a visiting nurse write the plan but only read the instruction', async () => {
    const plan = await formCall('CreateForm', { patientId, documentType: 'DOCUMENT_TYPE_VISITING_NURSING_PLAN', title: '', valuesJson: '{}' }, who.nurse);
    expect(plan.version).toBe(1);
    const save = await failure(formCall('SaveForm', { patientId, formId: instructionId, baseVersion: 1, valuesJson: '{}', amendFinalised: false }, who.nurse));
    expect(save.reason).toBe('RECORD_NOT_WRITABLE_BY_ROLE');
    expect((await formCall('GetForm', { patientId, formId: instructionId, version: 0 }, who.nurse)).formId).toBe(instructionId);
  });

  it('refuses anyone off the care team before looking at the form', async () => {
    const error = await failure(formCall('GetForm', { patientId, formId: instructionId, version: 0 }, who.outsider));
    expect(error.reason).toBe('PATIENT_NOT_ON_CARE_TEAM');
    // And the outsider's own patient does not have this form.
    const mine = await failure(formCall('GetForm', { patientId: outsiderPatientId, formId: instructionId, version: 0 }, who.outsider));
    expect(mine.reason).toBe('RECORD_NOT_FOUND');
  });
});

describe('printing', () => {
  it("renders a real PDF with the patient's name and the values, named after the form and version", async () => {
    const created = await createInstruction(COMPLETE_INSTRUCTION);
    const second = await formCall(
      'SaveForm',
      {
        patientId,
        formId: created.formId,
        baseVersion: 1,
        valuesJson: JSON.stringify({ ...COMPLETE_INSTRUCTION, mainDiagnosis: '慢性心不全・高血圧症' }),
        amendFinalised: false,
      },
      who.substitute,
    );
    await formCall('FinaliseForm', { patientId, formId: created.formId, version: second.version }, who.doctor);

    const rendered = await formCall('RenderFormPdf', { patientId, formId: created.formId, version: 0 }, who.careManager);
    expect(rendered.fileName).toBe('訪問看護指示書_宮崎ハル_第2版.pdf');
    const pdf = Buffer.from(rendered.pdf);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(pdf);
    expect(text).toContain('宮崎');
    expect(text).toContain('ハル');
    expect(text).toContain('慢性心不全・高血圧症');
    expect(text).toContain('くろき在宅クリニック');
    expect(text).toContain('黒木 一郎');
    // Who finalised it (name, profession, office) and who saved the version printed.
    expect(text).toContain('第2版・確定: 黒木 一郎（医師・テスト診療所');
    expect(text).toContain('最終編集: 佐藤 花子');

    // An older version prints as it was, with its own number.
    const first = await formCall('RenderFormPdf', { patientId, formId: created.formId, version: 1 }, who.doctor);
    expect(first.fileName).toBe('訪問看護指示書_宮崎ハル_第1版.pdf');
    const firstText = await pdfText(Buffer.from(first.pdf));
    expect(firstText).not.toContain('高血圧症');
    expect(firstText).toContain('慢性心不全');
  });

  it('makes a safe file name of any title', async () => {
    const created = await createInstruction({}, '指示書 4/1〜"特別"');
    const rendered = await formCall('RenderFormPdf', { patientId, formId: created.formId, version: 0 }, who.doctor);
    expect(rendered.fileName).toBe('指示書_4_1〜_特別_宮崎ハル_第1版.pdf');
  });
});

async function pdfText(pdf: Buffer): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'renkei-form-pdf-'));
  try {
    const file = join(dir, 'form.pdf');
    writeFileSync(file, pdf);
    const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', file, '-']);
    return stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('what else a write leaves behind', () => {
  it('tells every device the patient changed, and audits every call without the values', async () => {
    const feedHead = async () =>
      Number(
        (
          await backend.database.db
            .selectFrom('patient_changes')
            .select((eb) => eb.fn.max('seq').as('s'))
            .executeTakeFirst()
        )?.s ?? 0,
      );
    const changesFor = async (after: number) =>
      backend.database.db.selectFrom('patient_changes').select('patient_id').where('seq', '>', after).where('user_id', 'is', null).execute();

    let head = await feedHead();
    const created = await createInstruction({ mainDiagnosis: '監査用の病名' });
    expect((await changesFor(head)).map((c) => c.patient_id)).toEqual([patientId]);
    head = await feedHead();
    await formCall(
      'SaveForm',
      { patientId, formId: created.formId, baseVersion: 1, valuesJson: JSON.stringify(COMPLETE_INSTRUCTION), amendFinalised: false },
      who.doctor,
    );
    expect((await changesFor(head)).map((c) => c.patient_id)).toEqual([patientId]);
    head = await feedHead();
    await formCall('FinaliseForm', { patientId, formId: created.formId, version: 2 }, who.doctor);
    expect((await changesFor(head)).map((c) => c.patient_id)).toEqual([patientId]);
    // Reading changes nothing.
    head = await feedHead();
    await formCall('GetForm', { patientId, formId: created.formId, version: 0 }, who.doctor);
    expect(await changesFor(head)).toEqual([]);

    await formCall('ListForms', { patientId }, who.doctor);
    await formCall('ListFormVersions', { patientId, formId: created.formId }, who.doctor);
    await formCall('RenderFormPdf', { patientId, formId: created.formId, version: 0 }, who.doctor);
    await failure(formCall('GetForm', { patientId, formId: created.formId, version: 0 }, who.careWorker));

    const events = await backend.database.db
      .selectFrom('audit_events')
      .select(['action', 'outcome', 'actor_user_id', 'actor_device_id', 'detail'])
      .where('patient_id', '=', patientId)
      .where('action', 'like', 'form.%')
      .orderBy('seq')
      .execute();
    const aboutThisForm = events.filter((e) => (JSON.parse(e.detail) as { formId?: string }).formId === created.formId);
    expect(aboutThisForm.map((e) => `${e.action}:${e.outcome}`)).toEqual([
      'form.create:ok',
      'form.save:ok',
      'form.finalise:ok',
      'form.read:ok',
      'form.versions:ok',
      'form.render:ok',
      'form.read:denied',
    ]);
    expect(aboutThisForm.every((e) => e.actor_user_id !== null && e.actor_device_id !== null)).toBe(true);
    const finalise = JSON.parse(aboutThisForm[2]!.detail);
    expect(finalise).toMatchObject({ version: 2, profession: 'PROFESSION_DOCTOR' });
    const list = events.filter((e) => e.action === 'form.list').at(-1)!;
    expect(JSON.parse(list.detail).forms).toContain(created.formId);
    // Values never reach the log.
    for (const event of events) {
      expect(event.detail).not.toContain('監査用の病名');
      expect(event.detail).not.toContain('くろき在宅クリニック');
    }
  });
});

describe('loadCurrentForms (for the patient overview)', () => {
  it('returns the current version of every form of each patient, newest first, in a fixed number of queries', async () => {
    backend.clock.advance(1000);
    const other = await formCall(
      'CreateForm',
      { patientId: otherPatientId, documentType: 'DOCUMENT_TYPE_REFERRAL_LETTER', title: '', valuesJson: JSON.stringify({ toFacility: '宮崎県立宮崎病院' }) },
      who.doctor,
    );
    backend.clock.advance(1000);
    const saved = await formCall(
      'SaveForm',
      {
        patientId: otherPatientId,
        formId: other.formId,
        baseVersion: 1,
        valuesJson: JSON.stringify({ toFacility: '宮崎大学医学部附属病院' }),
        amendFinalised: false,
      },
      who.doctor,
    );

    const forms = await loadCurrentForms(backend.database, [patientId, otherPatientId, outsiderPatientId]);
    expect(forms.get(outsiderPatientId)).toEqual([]);
    expect(forms.get(otherPatientId)).toEqual([saved]);
    const mine = forms.get(patientId)!;
    const listed = (await formCall('ListForms', { patientId }, who.doctor)).forms;
    // The doctor may read every kind, so the overview and the list agree.
    expect(mine).toEqual(listed);
    expect(mine.every((f) => f.version === f.currentVersion && f.valuesJson !== '')).toBe(true);
  });

  it('keeps the finalised version in force while its amendment is a draft', async () => {
    const created = await formCall(
      'CreateForm',
      { patientId: otherPatientId, documentType: INSTRUCTION, title: '', valuesJson: JSON.stringify(COMPLETE_INSTRUCTION) },
      who.doctor,
    );
    await formCall('FinaliseForm', { patientId: otherPatientId, formId: created.formId, version: 1 }, who.doctor);
    const draft = await formCall(
      'SaveForm',
      {
        patientId: otherPatientId,
        formId: created.formId,
        baseVersion: 1,
        valuesJson: JSON.stringify({ ...COMPLETE_INSTRUCTION, careNotes: '改訂中' }),
        amendFinalised: true,
      },
      who.doctor,
    );
    const current = (await loadCurrentForms(backend.database, [otherPatientId])).get(otherPatientId)!;
    expect(current.find((f) => f.formId === created.formId)).toEqual(draft);
    const inForce = (await loadLatestFinalisedForms(backend.database, [otherPatientId, outsiderPatientId])).get(otherPatientId)!;
    expect(inForce).toHaveLength(1);
    expect(inForce[0]).toMatchObject({ formId: created.formId, version: 1, finalised: true, currentVersion: 2 });
    expect(valuesOf(inForce[0] as { valuesJson: string })).toMatchObject(COMPLETE_INSTRUCTION);
  });
});
