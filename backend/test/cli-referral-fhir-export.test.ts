// renkei-admin export fhir --form (issue 15): the regional office exports a finalised 診療情報提供書
// as a JP-CLINS eReferral document only as a named clinician's read, on their behalf. A real
// renkei-admin child process on the data directory of a running backend, where the letter was
// written, finalised and its offices' numbers recorded through the real API. The document it writes
// validates (the offline validator and the packages in test/fixtures/fhir); the audit log names the
// clinician as the actor, no device, the operator by label, with the reason; and the same checks as
// the app refuse (and record) a user off the care team, a role the chart policy keeps from referral
// letters, and a disabled user, writing nothing. Mistyped commands are refused before anything is read.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setFacilityInstitutionNumber } from '../src/facilities/facilities';
import { disableUser } from '../src/users/users';
import { call, closeClients } from './support/api-client';
import { fhirErrors } from './support/fhir-validation';
import { TestRegion } from './support/region';
import { startTestBackend, type TestBackend } from './support/test-backend';

// Cold renkei-admin processes take seconds each on a loaded 2-core machine (see cli-chart.test.ts).
const CLI_TEST_TIMEOUT_MS = 180_000;
const bin = new URL('../bin/renkei-admin.mjs', import.meta.url).pathname;

// Fictional, well formed for Miyazaki (45), with valid 検証番号 (as in fhir-export-rpc.test.ts).
const CLINIC_NUMBER = '4519900700';
const HOSPITAL_NUMBER = '4519900809';
const REASON = '宮崎中央病院への紹介状の電子送付（黒木医師の依頼）';

let backend: TestBackend;
let outDir: string;
let patientId: string;
let formId: string;
type Member = { id: string; login_id: string };
let doctor: Member;
let careWorker: Member;
let outsider: Member;
let retired: Member;

function admin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, '--data-dir', backend.dataDir, ...args], { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const exportAs = (login: string, out: string, extra: string[] = []) =>
  admin(['export', 'fhir', '--form', formId, '--for', login, '--reason', REASON, '--out', out, ...extra]);

async function exportEvents(userId?: string) {
  let query = backend.database.db
    .selectFrom('audit_events')
    .select(['outcome', 'patient_id', 'actor_user_id', 'actor_device_id', 'actor_label', 'detail'])
    .where('action', '=', 'patient.fhir.export')
    .orderBy('seq');
  if (userId) query = query.where('actor_user_id', '=', userId);
  const rows = await query.execute();
  return rows.map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }));
}

beforeAll(async () => {
  backend = await startTestBackend();
  outDir = mkdtempSync(join(tmpdir(), 'renkei-cli-referral-'));
  const clinic = new TestRegion(backend, 'FACILITY_KIND_CLINIC', 'みやざき在宅クリニック');
  const hospital = clinic.office('FACILITY_KIND_HOSPITAL', '宮崎中央病院');
  doctor = await clinic.user('PROFESSION_DOCTOR', ['黒木', '健一']);
  careWorker = await clinic.user('PROFESSION_CARE_WORKER', ['矢野', 'さくら']);
  outsider = await clinic.user('PROFESSION_NURSE', ['甲斐', '由美']);
  retired = await clinic.user('PROFESSION_DOCTOR', ['日高', '誠']);
  patientId = (await clinic.patient({ familyName: '宮崎', givenName: '未来斗', familyNameKana: 'ミヤザキ', givenNameKana: 'ミライト' })).id;
  await clinic.join(patientId, doctor.id, 'CARE_TEAM_ROLE_ATTENDING_DOCTOR');
  await clinic.join(patientId, careWorker.id, 'CARE_TEAM_ROLE_CARE_WORKER');
  await clinic.join(patientId, retired.id, 'CARE_TEAM_ROLE_SUBSTITUTE_DOCTOR');
  await disableUser(backend.database, retired.id, backend.clock.now());
  // The letter is addressed to an office of the care team: the hospital's liaison is on it.
  const liaison = await hospital.user('PROFESSION_MEDICAL_SOCIAL_WORKER', ['日向', '一郎']);
  await clinic.join(patientId, liaison.id, 'CARE_TEAM_ROLE_OTHER');
  for (const [facilityId, number] of [
    [await clinic.facilityId, CLINIC_NUMBER],
    [await hospital.facilityId, HOSPITAL_NUMBER],
  ] as const) {
    await setFacilityInstitutionNumber(backend.database, facilityId, number, 'admin:test@host', backend.clock.now());
  }

  // The doctor writes, as in the app: the insurance (JP-CLINS names the patient by it), then the letter, finalised.
  const session = await clinic.session(doctor.login_id);
  await call(
    clinic.clinical,
    'CoverageService',
    'RecordCoverage',
    { patientId, baseVersion: 0, medical: { insurerNumber: '39131008', symbol: '', number: '12345678', branch: '01', copayTenths: 1 } },
    session,
  );
  const values = {
    toFacility: '宮崎中央病院',
    toDepartment: '循環器内科',
    toDoctor: '日向 一郎',
    writtenOn: '2026-12-04',
    fromFacility: 'みやざき在宅クリニック',
    fromDoctor: '黒木 健一',
    patientAddress: '宮崎県宮崎市橘通西1-1-1',
    diagnosis: '慢性心不全',
    purpose: '心不全増悪の精査をお願いします。',
    allergies: 'ペニシリン系抗菌薬（蕁麻疹）',
    findings: '下腿浮腫、労作時息切れ。',
  };
  formId = (
    await call(
      clinic.clinical,
      'FormService',
      'CreateForm',
      {
        patientId,
        documentType: 'DOCUMENT_TYPE_REFERRAL_LETTER',
        title: '',
        valuesJson: JSON.stringify(values),
        addresseeFacilityId: await hospital.facilityId,
      },
      session,
    )
  ).formId as string;
  await call(clinic.clinical, 'FormService', 'FinaliseForm', { patientId, formId, version: 1 }, session);
}, CLI_TEST_TIMEOUT_MS);
afterAll(async () => {
  closeClients();
  await backend?.stop();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('renkei-admin export fhir --form', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it("writes the attending doctor's read of the letter as a JP-CLINS eReferral document that validates, recorded as theirs through renkei-admin", async () => {
    const out = join(outDir, 'referral.json');
    const result = await exportAs(doctor.login_id, out);
    expect(result.stderr).toContain('書き出しました');
    expect(result.code).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const bundle = JSON.parse(readFileSync(out, 'utf8'));
    expect(fhirErrors(bundle)).toEqual([]);
    expect(bundle.meta.profile[0]).toContain('JP_Bundle_eReferral');
    const organizations = bundle.entry.filter((e: any) => e.resource.resourceType === 'Organization').map((e: any) => e.resource);
    expect(organizations.map((o: any) => [o.name, o.identifier[0].value])).toEqual([
      ['みやざき在宅クリニック', CLINIC_NUMBER],
      ['宮崎中央病院', HOSPITAL_NUMBER],
    ]);
    expect(bundle.entry.at(-1).resource.resourceType).toBe('DocumentReference');

    const events = await exportEvents(doctor.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toEqual({
      outcome: 'ok',
      patient_id: patientId,
      actor_user_id: doctor.id,
      actor_device_id: null,
      actor_label: expect.stringMatching(/^admin:.+@.+/),
      detail: expect.objectContaining({ kind: 'referral', formId, version: 1, via: 'renkei-admin', purpose: REASON, out }),
    });
    // What the letter says stays in the file: the log keeps ids, counts and the reason.
    expect(JSON.stringify(events[0]!.detail)).not.toContain('心不全増悪');

    // The patient's access log as people read it says the office ran it in the doctor's name, and who.
    const log = await admin(['audit', 'export', '--patient', patientId]);
    expect(log.code).toBe(0);
    const row = log.stdout.split('\r\n').find((line) => line.includes('FHIR形式での出力') && line.includes('黒木 健一'));
    expect(row).toContain(`"利用者（事務局が代理で実行: ${events[0]!.actor_label}）"`);
  });

  it('never overwrites a file, and records that the document made was not written', async () => {
    const out = join(outDir, 'existing.json');
    writeFileSync(out, 'keep me');
    const result = await exportAs(doctor.login_id, out);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('書き出せません');
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    expect((await exportEvents(doctor.id)).slice(-2).map((e) => [e.outcome, e.detail.reason, e.actor_device_id])).toEqual([
      ['ok', undefined, null],
      ['failed', 'FILE_NOT_WRITTEN', null],
    ]);
  });

  it('refuses, records and writes nothing for a role the chart policy keeps from 診療情報提供書, a user off the care team, or a disabled user', async () => {
    const cases: [Member, string, string][] = [
      [careWorker, 'RECORD_NOT_VISIBLE_TO_ROLE', 'ケアチームでの役割'],
      [outsider, 'PATIENT_NOT_ON_CARE_TEAM', 'ケアチームに登録されていません'],
      [retired, 'USER_DISABLED', '利用停止されています'],
    ];
    for (const [user, reason, says] of cases) {
      const out = join(outDir, `${user.login_id}.json`);
      const result = await exportAs(user.login_id, out);
      expect(result.code, reason).toBe(2);
      expect(result.stderr, reason).toContain(`${user.login_id} の閲覧としては書き出せません`);
      expect(result.stderr, reason).toContain(says);
      expect(result.stderr, reason).toMatch(/^Error: /m);
      expect(existsSync(out), reason).toBe(false);
      expect(await exportEvents(user.id), reason).toEqual([
        {
          outcome: 'denied',
          patient_id: patientId,
          actor_user_id: user.id,
          actor_device_id: null,
          actor_label: expect.stringMatching(/^admin:/),
          detail: expect.objectContaining({ reason, via: 'renkei-admin', purpose: REASON }),
        },
      ]);
    }
  });

  it('refuses a command without a reason, with both or neither of --patient and --form, or an unknown form: nothing read, written or recorded', async () => {
    const recorded = (await exportEvents()).length;
    const out = join(outDir, 'mistyped.json');
    const cases: [string[], string][] = [
      [['--form', formId, '--for', doctor.login_id], '--reason'],
      [['--form', formId, '--for', doctor.login_id, '--reason', '  '], '--reason'],
      [['--form', formId, '--for', doctor.login_id, '--reason', '紹介のため\n（黒木医師の依頼）'], 'reason:'],
      [['--form', formId, '--reason', REASON], '--for'],
      [['--patient', patientId, '--form', formId, '--for', doctor.login_id, '--reason', REASON], '--patient か --form のどちらか一つ'],
      [['--for', doctor.login_id, '--reason', REASON], 'Give exactly one of --patient, --form'],
      [['--patient', patientId, '--for', doctor.login_id], '--for は --form と一緒に指定します'],
      [
        ['--form', '00000000-0000-4000-8000-000000000000', '--for', doctor.login_id, '--reason', REASON],
        '書類ID 00000000-0000-4000-8000-000000000000 は登録されていません',
      ],
    ];
    for (const [args, says] of cases) {
      const result = await admin(['export', 'fhir', ...args, '--out', out]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toContain(says);
      expect(result.stderr, args.join(' ')).toMatch(/エラー/);
      expect(existsSync(out), args.join(' ')).toBe(false);
    }
    expect((await exportEvents()).length).toBe(recorded);
  });
});
