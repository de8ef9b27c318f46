// Exporting as FHIR through the API (issue 15), on the real backend over gRPC: the JSON a member
// gets validates against JP Core (the offline validator and the packages in test/fixtures/fhir),
// holds only what the caller's role may read, and is recorded as patient.fhir.export; a
// 診療情報提供書 exports only when finalised and when JP-CLINS's required numbers are known — with
// the offices' 保険医療機関番号 recorded on the facilities (as `renkei-admin facility
// set-institution-number` does), the document validates as JP_Bundle_eReferral and names the
// sender (the author's office) and the receiver (the 紹介先の医療機関コード the letter gives, else the
// office the form was addressed to) by them.
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setFacilityInstitutionNumber } from '../src/facilities/facilities';
import { linkHospitalPatient } from '../src/hospital-data/hospital-links';
import { call, closeClients, failure } from './support/api-client';
import { fhirErrors } from './support/fhir-validation';
import { TestRegion } from './support/region';
import { startTestBackend, type TestBackend } from './support/test-backend';

type Credentials = { device: string; session: string };
let backend: TestBackend;
let region: TestRegion;
let doctor: Credentials;
let doctorId: string;
let other: Credentials;
let patientId: string;

const errorsOf = fhirErrors;

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
  // The clinic's number and the hospital's: fictional, well formed for Miyazaki (45), valid 検証番号.
  const CLINIC_NUMBER = '4519900700';
  const HOSPITAL_NUMBER = '4519900809';
  let hospitalId: string;
  let clinicId: string;
  beforeAll(async () => {
    const hospital = region.office('FACILITY_KIND_HOSPITAL', '宮崎中央病院');
    hospitalId = await hospital.facilityId;
    clinicId = await region.facilityId;
    const liaison = await hospital.user('PROFESSION_MEDICAL_SOCIAL_WORKER', ['日向', '一郎']);
    await region.join(patientId, liaison.id, 'CARE_TEAM_ROLE_OTHER');
  });
  const setNumber = (facilityId: string, number: string | null) =>
    setFacilityInstitutionNumber(backend.database, facilityId, number, 'admin:test@host', backend.clock.now());
  const createForm = async (documentType: string, values: object, addresseeFacilityId = hospitalId) =>
    (
      await call(
        region.clinical,
        'FormService',
        'CreateForm',
        { patientId, documentType, title: '', valuesJson: JSON.stringify(values), addresseeFacilityId },
        doctor,
      )
    ).formId as string;
  const exportReferral = (formId: string) => call(region.clinical, 'PatientService', 'ExportReferralFhir', { patientId, formId, version: 0 }, doctor);
  const finalise = (formId: string, version: number) => call(region.clinical, 'FormService', 'FinaliseForm', { patientId, formId, version }, doctor);
  const amend = async (formId: string, baseVersion: number, values: object) =>
    (
      await call(
        region.clinical,
        'FormService',
        'SaveForm',
        { patientId, formId, baseVersion, amendFinalised: true, valuesJson: JSON.stringify(values) },
        doctor,
      )
    ).version as number;

  it('refuses a draft, and any other kind of form, with a clear reason', async () => {
    const draft = await createForm('DOCUMENT_TYPE_REFERRAL_LETTER', REFERRAL);
    const error = await failure(exportReferral(draft));
    expect(error).toMatchObject({ code: grpc.status.FAILED_PRECONDITION, reason: 'FHIR_EXPORT_NOT_FINALISED' });
    expect(error.message).toContain('下書き');
    const instruction = await createForm('DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION', {}, '');
    expect(await failure(exportReferral(instruction))).toMatchObject({ reason: 'FHIR_EXPORT_NOT_REFERRAL' });
    expect((await auditEvents(doctorId)).slice(-2).map((e) => [e.outcome, e.detail.reason])).toEqual([
      ['failed', 'FHIR_EXPORT_NOT_FINALISED'],
      ['failed', 'FHIR_EXPORT_NOT_REFERRAL'],
    ]);
  });

  it('refuses a finalised letter while its office’s or the receiver’s 保険医療機関番号 is not known (JP-CLINS requires them)', async () => {
    const formId = await createForm('DOCUMENT_TYPE_REFERRAL_LETTER', REFERRAL);
    await finalise(formId, 1);
    const refusal = await failure(exportReferral(formId));
    expect(refusal).toMatchObject({ reason: 'FHIR_EXPORT_SENDER_NUMBER_UNKNOWN' });
    expect(refusal.message).toContain('事務局に番号の登録を依頼してください');
    await setNumber(clinicId, CLINIC_NUMBER);
    const receiver = await failure(exportReferral(formId));
    expect(receiver).toMatchObject({ reason: 'FHIR_EXPORT_RECEIVER_NUMBER_UNKNOWN' });
    expect(receiver.message).toContain('「紹介先の医療機関コード」に番号を記入した版を確定');
    await setNumber(clinicId, null);
    await setNumber(hospitalId, HOSPITAL_NUMBER);
    expect(await failure(exportReferral(formId))).toMatchObject({ reason: 'FHIR_EXPORT_SENDER_NUMBER_UNKNOWN' });
    await setNumber(hospitalId, null);
  });

  it('with the numbers on record and the insurance recorded, the letter is an eReferral document that validates, naming both offices by their numbers', async () => {
    await setNumber(clinicId, CLINIC_NUMBER);
    await setNumber(hospitalId, HOSPITAL_NUMBER);
    await linkHospitalPatient(backend.database, { hospital: hospitalId, hospitalPatientId: '00012345', patientId }, 'admin:test@host', backend.clock.now());
    const formId = await createForm('DOCUMENT_TYPE_REFERRAL_LETTER', REFERRAL);
    await finalise(formId, 1);

    expect(await failure(exportReferral(formId))).toMatchObject({ reason: 'FHIR_EXPORT_INSURANCE_UNKNOWN' });
    await call(
      region.clinical,
      'CoverageService',
      'RecordCoverage',
      { patientId, baseVersion: 0, medical: { insurerNumber: '39131008', symbol: '', number: '12345678', branch: '01', copayTenths: 1 } },
      doctor,
    );
    expect(await failure(exportReferral(formId))).toMatchObject({ reason: 'FHIR_EXPORT_PATIENT_ADDRESS_UNKNOWN' });
    const withAddress = await amend(formId, 1, { ...REFERRAL, patientAddress: '宮崎県宮崎市橘通西1-1-1' });
    await finalise(formId, withAddress);

    const response = await exportReferral(formId);
    const bundle = JSON.parse(Buffer.from(response.json).toString('utf8'));
    expect(errorsOf(bundle)).toEqual([]);
    expect(bundle.meta.profile[0]).toContain('JP_Bundle_eReferral');
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
    const organizations = bundle.entry.filter((e: any) => e.resource.resourceType === 'Organization').map((e: any) => e.resource);
    expect(organizations.map((o: any) => [o.name, o.identifier[0].value])).toEqual([
      ['みやざき在宅クリニック', CLINIC_NUMBER],
      ['宮崎中央病院', HOSPITAL_NUMBER],
    ]);
    expect(bundle.identifier.value).toMatch(new RegExp(`^${CLINIC_NUMBER}\\^`));
    const patient = bundle.entry[1].resource;
    expect(patient.address).toEqual([{ text: '宮崎県宮崎市橘通西1-1-1', country: 'JP' }]);
    expect(patient.identifier).toContainEqual({ system: 'http://jpfhir.jp/fhir/clins/Idsystem/JP_Insurance_memberID', value: '39131008::12345678:01' });
    expect(patient.identifier).toContainEqual({ system: `urn:oid:1.2.392.100495.20.3.51.1${HOSPITAL_NUMBER}`, value: '00012345' });
    const pdf = Buffer.from(bundle.entry.at(-1).resource.content[0].attachment.data, 'base64');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(response.fileName).toMatch(/-fhir-\d{8}\.json$/);
    expect((await auditEvents(doctorId)).at(-1)).toMatchObject({ outcome: 'ok', detail: { kind: 'referral', formId, version: 2 } });
  });

  it('a letter readdressed by hand, or created with no addressee, names its receiver only by the number it gives: never guessed from text', async () => {
    const address = { patientAddress: '宮崎県宮崎市橘通西1-1-1' };
    const readdressed = await createForm('DOCUMENT_TYPE_REFERRAL_LETTER', { ...REFERRAL, ...address });
    await finalise(readdressed, 1);
    expect(await exportReferral(readdressed)).toHaveProperty('json');
    const other = await amend(readdressed, 1, { ...REFERRAL, ...address, toFacility: '県立宮崎病院' });
    await finalise(readdressed, other);
    expect(await failure(exportReferral(readdressed))).toMatchObject({ reason: 'FHIR_EXPORT_RECEIVER_NUMBER_UNKNOWN' });

    const unaddressed = await createForm('DOCUMENT_TYPE_REFERRAL_LETTER', { ...REFERRAL, ...address }, '');
    await finalise(unaddressed, 1);
    expect(await failure(exportReferral(unaddressed))).toMatchObject({ reason: 'FHIR_EXPORT_RECEIVER_NUMBER_UNKNOWN' });
  });

  it('a letter to a hospital that is not on Renkei goes out naming it by the 紹介先の医療機関コード the letter gives', async () => {
    const PREFECTURAL_HOSPITAL = '4519901005';
    const values = { ...REFERRAL, patientAddress: '宮崎県宮崎市橘通西1-1-1', toFacility: '県立宮崎病院', toDepartment: '外科' };
    // A wrong number is refused when the letter is saved, in the field's words; nothing is filed.
    const wrong = await failure(createForm('DOCUMENT_TYPE_REFERRAL_LETTER', { ...values, toInstitutionNumber: '4519901006' }, ''));
    expect(wrong.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(wrong.message).toContain('「紹介先の医療機関コード」: 保険医療機関番号の検証番号（最後の1桁）が合いません');

    // Typed as people type it: full-width, with a hyphen.
    const formId = await createForm('DOCUMENT_TYPE_REFERRAL_LETTER', { ...values, toInstitutionNumber: '４５１９９０１－００５' }, '');
    await finalise(formId, 1);
    const bundle = JSON.parse(Buffer.from((await exportReferral(formId)).json).toString('utf8'));
    expect(errorsOf(bundle)).toEqual([]);
    const organizations = bundle.entry.filter((e: any) => e.resource.resourceType === 'Organization').map((e: any) => e.resource);
    expect(organizations.map((o: any) => [o.name, o.identifier[0].value])).toEqual([
      ['みやざき在宅クリニック', CLINIC_NUMBER],
      ['県立宮崎病院', PREFECTURAL_HOSPITAL],
    ]);

    // The letter's number wins over the one on record for the office it was made for.
    const toHospital = await createForm('DOCUMENT_TYPE_REFERRAL_LETTER', {
      ...values,
      toFacility: REFERRAL.toFacility,
      toInstitutionNumber: PREFECTURAL_HOSPITAL,
    });
    await finalise(toHospital, 1);
    const named = JSON.parse(Buffer.from((await exportReferral(toHospital)).json).toString('utf8'));
    expect(named.entry.filter((e: any) => e.resource.resourceType === 'Organization').map((e: any) => e.resource.identifier[0].value)).toEqual([
      CLINIC_NUMBER,
      PREFECTURAL_HOSPITAL,
    ]);
  });
});
