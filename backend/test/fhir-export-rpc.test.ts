// Exporting as FHIR through the API (issue 15), on the real backend over gRPC: the JSON a member
// gets validates against JP Core (the offline validator and the packages in test/fixtures/fhir),
// holds only what the caller's role may read, and is recorded as patient.fhir.export; a
// 診療情報提供書 exports only when finalised and when JP-CLINS's required numbers are known — with
// them (given here by hand: Renkei records none yet), the document validates as JP_Bundle_eReferral.
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openUserScope } from '../src/access/call-scope';
import type { FhirJson } from '../src/interop/fhir/fhir-package';
import { isError } from '../src/interop/fhir/fhir-issue';
import { ProfileRegistry } from '../src/interop/fhir/profile-registry';
import { FhirValidator } from '../src/interop/fhir/resource-validator';
import { exportReferralFhir } from '../src/templates/referral-fhir-export';
import { call, closeClients, failure } from './support/api-client';
import { TestRegion } from './support/region';
import { startTestBackend, type TestBackend } from './support/test-backend';

type Credentials = { device: string; session: string };
let backend: TestBackend;
let region: TestRegion;
let validator: FhirValidator;
let doctor: Credentials;
let doctorId: string;
let other: Credentials;
let patientId: string;

const fixtures = new URL('./fixtures/fhir/', import.meta.url).pathname;
const errorsOf = (resource: unknown) => validator.validateResource(resource as FhirJson).filter(isError);

const REFERRAL = {
  toFacility: '宮崎中央病院',
  toDepartment: '循環器内科',
  toDoctor: '日向 一郎',
  writtenOn: '2026-12-04',
  fromFacility: 'みやざき在宅クリニック',
  fromDoctor: '黒木 健一',
  diagnosis: '慢性心不全',
  purpose: '心不全増悪の精査をお願いします。',
  allergies: 'ペニシリン系抗菌薬（蕁麻疹）',
  findings: '下腿浮腫、労作時息切れ。',
};

beforeAll(async () => {
  validator = new FhirValidator(
    new ProfileRegistry([`${fixtures}packages_snapshot/jp-core.r4-1.1.2.tgz`, `${fixtures}packages_snapshot/jp-clins.r4-1.5.2-snap.tgz`]),
  );
  backend = await startTestBackend();
  region = new TestRegion(backend);
  const doctorUser = await region.user('PROFESSION_DOCTOR', ['黒木', '健一']);
  const otherUser = await region.user('PROFESSION_DIETITIAN', ['児玉', '直子']);
  doctorId = doctorUser.id;
  const patient = await region.patient({ familyName: '宮崎', givenName: '未来斗', familyNameKana: 'ミヤザキ', givenNameKana: 'ミライト' });
  patientId = patient.id;
  await region.join(patientId, doctorUser.id, 'CARE_TEAM_ROLE_ATTENDING_DOCTOR');
  await region.join(patientId, otherUser.id, 'CARE_TEAM_ROLE_OTHER');
  doctor = await region.session(doctorUser.login_id);
  other = await region.session(otherUser.login_id);
  await call(
    region.clinical,
    'MedicationService',
    'AddMedication',
    { patientId, details: { drugName: 'フロセミド錠20mg', dose: '1錠', usage: '1日1回 朝食後' } },
    doctor,
  );
}, 60_000);
afterAll(async () => {
  closeClients();
  await backend?.stop();
});

async function exported(caller: Credentials) {
  const response = await call(region.clinical, 'PatientService', 'ExportPatientFhir', { patientId }, caller);
  return { bundle: JSON.parse(Buffer.from(response.json).toString('utf8')), fileName: response.fileName as string };
}
const types = (bundle: any): string[] => bundle.entry.map((e: any) => e.resource.resourceType);

async function auditEvents(userId: string) {
  const rows = await backend.database.db
    .selectFrom('audit_events')
    .select(['outcome', 'patient_id', 'detail'])
    .where('action', '=', 'patient.fhir.export')
    .where('actor_user_id', '=', userId)
    .orderBy('seq')
    .execute();
  return rows.map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }));
}

describe('ExportPatientFhir', () => {
  it('gives the attending doctor a JP Core Bundle that validates, with the kana name, diagnoses, allergies and medications, and records it', async () => {
    const { bundle, fileName } = await exported(doctor);
    expect(errorsOf(bundle)).toEqual([]);
    expect(types(bundle)).toEqual(['Patient', 'Condition', 'AllergyIntolerance', 'MedicationRequest']);
    expect(bundle.entry[0].resource.name[1]).toMatchObject({ text: 'ミヤザキ ミライト' });
    expect(bundle.entry[1].resource.code.coding[0]).toMatchObject({ code: 'I50.0' });
    expect(fileName).toMatch(/^fhir-patient-\d{6}-\d{8}\.json$/);
    expect((await auditEvents(doctorId)).at(-1)).toMatchObject({
      outcome: 'ok',
      patient_id: patientId,
      detail: { kind: 'patient', resources: { Patient: 1, Condition: 1, AllergyIntolerance: 1, MedicationRequest: 1 } },
    });
  });

  it('leaves out what the caller’s role may not read: no medications for a role without MEDICATIONS', async () => {
    const { bundle } = await exported(other);
    expect(types(bundle)).toEqual(['Patient', 'Condition', 'AllergyIntolerance']);
    expect(errorsOf(bundle)).toEqual([]);
  });
});

describe('ExportReferralFhir', () => {
  const createForm = async (documentType: string, values: object) =>
    (
      await call(
        region.clinical,
        'FormService',
        'CreateForm',
        { patientId, documentType, title: '', valuesJson: JSON.stringify(values), addresseeFacilityId: '' },
        doctor,
      )
    ).formId as string;
  const exportReferral = (formId: string) => call(region.clinical, 'PatientService', 'ExportReferralFhir', { patientId, formId, version: 0 }, doctor);

  it('refuses a draft, and any other kind of form, with a clear reason', async () => {
    const draft = await createForm('DOCUMENT_TYPE_REFERRAL_LETTER', REFERRAL);
    const error = await failure(exportReferral(draft));
    expect(error).toMatchObject({ code: grpc.status.FAILED_PRECONDITION, reason: 'FHIR_EXPORT_NOT_FINALISED' });
    expect(error.message).toContain('下書き');
    const instruction = await createForm('DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION', {});
    expect(await failure(exportReferral(instruction))).toMatchObject({ reason: 'FHIR_EXPORT_NOT_REFERRAL' });
    expect((await auditEvents(doctorId)).slice(-2).map((e) => [e.outcome, e.detail.reason])).toEqual([
      ['failed', 'FHIR_EXPORT_NOT_FINALISED'],
      ['failed', 'FHIR_EXPORT_NOT_REFERRAL'],
    ]);
  });

  it('refuses a finalised letter while the offices’ 保険医療機関番号 are not on record (JP-CLINS requires them)', async () => {
    const formId = await createForm('DOCUMENT_TYPE_REFERRAL_LETTER', REFERRAL);
    await call(region.clinical, 'FormService', 'FinaliseForm', { patientId, formId, version: 1 }, doctor);
    expect(await failure(exportReferral(formId))).toMatchObject({ reason: 'FHIR_EXPORT_INSTITUTION_NUMBER_UNKNOWN' });
  });

  it('with the numbers known and the insurance recorded, the letter is an eReferral document that validates, with its PDF', async () => {
    const formId = await createForm('DOCUMENT_TYPE_REFERRAL_LETTER', REFERRAL);
    await call(region.clinical, 'FormService', 'FinaliseForm', { patientId, formId, version: 1 }, doctor);
    const numbers = new Map([
      ['みやざき在宅クリニック', '4510987654'],
      ['宮崎中央病院', '4510123456'],
    ]);
    const directory = { numberOf: (office: { name: string }) => numbers.get(office.name) };
    const device = await region.approvedDevice();
    const deviceRow = await backend.database.db.selectFrom('devices').selectAll().where('id', '=', device.id).executeTakeFirstOrThrow();
    const user = await backend.database.db.selectFrom('users').selectAll().where('id', '=', doctorId).executeTakeFirstOrThrow();
    const scope = await openUserScope(backend.database, { user, device: deviceRow }, backend.clock.now()).openPatient(patientId, 'test');

    await expect(exportReferralFhir(scope, { formId, version: 0 }, directory)).rejects.toMatchObject({ reason: 'FHIR_EXPORT_INSURANCE_UNKNOWN' });
    await call(
      region.clinical,
      'CoverageService',
      'RecordCoverage',
      { patientId, baseVersion: 0, medical: { insurerNumber: '39131008', symbol: '', number: '12345678', branch: '01', copayTenths: 1 } },
      doctor,
    );
    await expect(exportReferralFhir(scope, { formId, version: 0 }, directory)).rejects.toMatchObject({ reason: 'FHIR_EXPORT_PATIENT_ADDRESS_UNKNOWN' });
    const withAddress = (
      await call(
        region.clinical,
        'FormService',
        'SaveForm',
        { patientId, formId, baseVersion: 1, amendFinalised: true, valuesJson: JSON.stringify({ ...REFERRAL, patientAddress: '宮崎県宮崎市橘通西1-1-1' }) },
        doctor,
      )
    ).version as number;
    await call(region.clinical, 'FormService', 'FinaliseForm', { patientId, formId, version: withAddress }, doctor);
    const file = await exportReferralFhir(scope, { formId, version: 0 }, directory);
    const bundle = JSON.parse(file.json.toString('utf8'));
    expect(errorsOf(bundle)).toEqual([]);
    expect(types(bundle)).toEqual([
      'Composition',
      'Patient',
      'Practitioner',
      'Practitioner',
      'Organization',
      'Organization',
      'Condition',
      'MedicationRequest',
      'DocumentReference',
    ]);
    expect(bundle.entry[1].resource.address).toEqual([{ text: '宮崎県宮崎市橘通西1-1-1', country: 'JP' }]);
    expect(bundle.entry[1].resource.identifier).toContainEqual({
      system: 'http://jpfhir.jp/fhir/clins/Idsystem/JP_Insurance_memberID',
      value: '39131008::12345678:01',
    });
    const pdf = Buffer.from(bundle.entry.at(-1).resource.content[0].attachment.data, 'base64');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(file.fileName).toMatch(/-fhir-\d{8}\.json$/);
    expect((await auditEvents(doctorId)).at(-1)).toMatchObject({ outcome: 'ok', detail: { kind: 'referral', formId, version: 2 } });
  });
});
