// A new form starts with what Renkei knows (templates/form-prefill.ts), filled by the server in
// CreateForm from real records: the patient, their main diagnosis and allergies, the author and
// their office, and the addressee chosen from the care team's offices. The printed PDF shows the
// same values as the screen, since both read the stored first version.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { japanToday } from '@renkei/proto/calendar';
import type { TemplateValues } from '@renkei/proto/template-forms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, closeClients, failure, type Credentials } from './support/api-client';
import { TestRegion } from './support/region';
import { startTestBackend, type TestBackend } from './support/test-backend';

const run = promisify(execFile);

let backend: TestBackend;
let clinic: TestRegion;
let patientId: string;
let bareProfilePatientId: string;
let stationId: string;
let otherStationId: string;
let strangerOfficeId: string;
let secondClinicId: string;
const who: Record<'doctor' | 'nurse' | 'pharmacist', Credentials> = {} as never;

const formCall = <T = any>(method: string, request: object, credentials: Credentials): Promise<T> =>
  call<T>(clinic.clinical, 'FormService' as Parameters<typeof call>[1], method, request, credentials);
const valuesOf = (form: { valuesJson: string }): TemplateValues => JSON.parse(form.valuesJson) as TemplateValues;

function create(documentType: string, credentials: Credentials, extra: { valuesJson?: string; addresseeFacilityId?: string; patientId?: string } = {}) {
  return formCall(
    'CreateForm',
    {
      patientId: extra.patientId ?? patientId,
      documentType,
      title: '',
      valuesJson: extra.valuesJson ?? '{}',
      addresseeFacilityId: extra.addresseeFacilityId ?? '',
    },
    credentials,
  );
}

/** The Japan day now, before and after a call: a call may straddle midnight. */
async function onJapanDay<T>(action: () => Promise<T>): Promise<{ result: T; days: string[] }> {
  const before = japanToday(backend.clock.now());
  const result = await action();
  return { result, days: [before, japanToday(backend.clock.now())] };
}

async function setOffice(region: TestRegion, details: { postal_code: string; address: string; phone: string; fax: string }) {
  await backend.database.db
    .updateTable('facilities')
    .set(details)
    .where('id', '=', await region.facilityId)
    .execute();
}

beforeAll(async () => {
  backend = await startTestBackend();
  clinic = new TestRegion(backend, 'FACILITY_KIND_CLINIC', 'みやざき在宅クリニック');
  await setOffice(clinic, { postal_code: '880-0805', address: '宮崎市橘通東3丁目1-11', phone: '0985-20-1001', fax: '0985-20-2001' });
  const station = clinic.office('FACILITY_KIND_VISITING_NURSE_STATION', 'ひまわり訪問看護ステーション');
  await setOffice(station, { postal_code: '880-0001', address: '宮崎市橘通西1丁目', phone: '0985-30-1000', fax: '0985-30-2000' });
  const otherStation = clinic.office('FACILITY_KIND_VISITING_NURSE_STATION', 'あおぞら訪問看護ステーション');
  const pharmacy = clinic.office('FACILITY_KIND_PHARMACY', 'たちばな薬局');
  const stranger = clinic.office('FACILITY_KIND_VISITING_NURSE_STATION', 'よその訪問看護ステーション');
  stationId = await station.facilityId;
  otherStationId = await otherStation.facilityId;
  strangerOfficeId = await stranger.facilityId;

  const doctor = await clinic.user('PROFESSION_DOCTOR', ['黒木', '健一']);
  const nurse = await station.user('PROFESSION_NURSE', ['日高', '美香']);
  const pharmacist = await pharmacy.user('PROFESSION_PHARMACIST', ['橘', '薫']);
  const careManager = await clinic.office('FACILITY_KIND_CARE_MANAGEMENT_OFFICE', 'すまいる居宅介護支援事業所').user('PROFESSION_CARE_MANAGER', ['川越', '誠']);
  await stranger.user('PROFESSION_NURSE', ['外山', '進']);

  patientId = (
    await clinic.patient({
      familyName: '宮崎',
      givenName: 'ハル',
      postalCode: '880-0812',
      address: '宮崎市高千穂通2丁目5-8',
      phone: '0985-22-3344',
      careLevel: 'CARE_LEVEL_CARE_3',
      diagnoses: [
        { name: '高血圧症', icd10Code: 'I10', primary: false },
        { name: '慢性心不全', icd10Code: 'I50.0', primary: true },
      ],
      allergies: [{ substance: 'ペニシリン系抗菌薬', reaction: '蕁麻疹', severity: 'ALLERGY_SEVERITY_MODERATE' }],
    })
  ).id;
  bareProfilePatientId = (await clinic.patient({ careLevel: 'CARE_LEVEL_UNSPECIFIED', diagnoses: [], allergies: [] })).id;
  for (const id of [patientId, bareProfilePatientId]) {
    await clinic.join(id, doctor.id, 'CARE_TEAM_ROLE_ATTENDING_DOCTOR');
    await station.join(id, nurse.id, 'CARE_TEAM_ROLE_VISITING_NURSE');
  }
  const otherNurse = await otherStation.user('PROFESSION_NURSE', ['青木', '空']);
  await otherStation.join(bareProfilePatientId, otherNurse.id, 'CARE_TEAM_ROLE_VISITING_NURSE');
  // A second clinic's doctor also attends the bare patient: a nurse's plan then has two clinics to go to.
  const secondClinic = clinic.office('FACILITY_KIND_CLINIC', 'やまびこ診療所');
  secondClinicId = await secondClinic.facilityId;
  await secondClinic.join(bareProfilePatientId, (await secondClinic.user('PROFESSION_DOCTOR', ['山田', '一郎'])).id, 'CARE_TEAM_ROLE_ATTENDING_DOCTOR');
  await clinic.join(patientId, pharmacist.id, 'CARE_TEAM_ROLE_PHARMACIST');
  await clinic.join(patientId, careManager.id, 'CARE_TEAM_ROLE_CARE_MANAGER');

  who.doctor = await clinic.session(doctor.login_id);
  who.nurse = await station.session(nurse.login_id);
  who.pharmacist = await pharmacy.session(pharmacist.login_id);
  // The other offices see the patient once consent is recorded (the registering clinic records it).
  for (const id of [patientId, bareProfilePatientId]) {
    await call(
      clinic.clinical,
      'ConsentService',
      'RecordConsent',
      { patientId: id, obtainedOn: japanToday(backend.clock.now()), obtainedBy: '主治医 黒木', scope: 'CONSENT_SCOPE_CARE_TEAM' },
      who.doctor,
    );
  }
});

afterAll(async () => {
  closeClients();
  await backend?.stop();
});

describe('a new 訪問看護指示書 is prefilled by the server', () => {
  it('from the patient, the main diagnosis with its code, the allergies, the doctor and their office, and the team’s one station', async () => {
    const { result, days } = await onJapanDay(() => create('DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION', who.doctor));
    const values = valuesOf(result);
    expect(days).toContain(values.issuedOn);
    expect(values).toMatchObject({
      patientAddress: '〒880-0812 宮崎市高千穂通2丁目5-8',
      patientPhone: '0985-22-3344',
      // The primary diagnosis, not the first one recorded.
      mainDiagnosis: '慢性心不全',
      mainDiagnosisCode: 'I50.0',
      careLevel: 'CARE_LEVEL_CARE_3',
      specialNotes: '薬物等のアレルギー: ペニシリン系抗菌薬（蕁麻疹）',
      emergencyContact: 'みやざき在宅クリニック 0985-20-1001',
      facilityName: 'みやざき在宅クリニック',
      facilityAddress: '〒880-0805 宮崎市橘通東3丁目1-11',
      facilityPhone: '0985-20-1001',
      facilityFax: '0985-20-2001',
      doctorName: '黒木 健一',
      addresseeStation: 'ひまわり訪問看護ステーション',
    });
    // Nothing is invented: no period, no kind, no medication (none is recorded yet).
    expect(values).not.toHaveProperty('instructionPeriod');
    expect(values).not.toHaveProperty('instructionKind');
    expect(values).not.toHaveProperty('medication');
    expect(result.version).toBe(1);
  });

  it('lists the current medications, one a line with their handling, and leaves a stopped one out', async () => {
    const medication = (method: string, request: object) => call<any>(clinic.clinical, 'MedicationService', method, request, who.doctor);
    const details = { dose: '1錠', usage: '1日1回 朝食後', prescriber: '黒木', startedOn: '2026-10-01', handling: [] as string[], note: '' };
    await medication('AddMedication', {
      patientId: bareProfilePatientId,
      details: { ...details, drugName: 'フロセミド錠20mg', handling: ['MEDICATION_HANDLING_ONE_DOSE_PACKAGE'] },
    });
    const stopped = await medication('AddMedication', { patientId: bareProfilePatientId, details: { ...details, drugName: 'ロキソプロフェン錠60mg' } });
    await medication('ChangeMedication', {
      patientId: bareProfilePatientId,
      medicationId: stopped.medicationId,
      baseVersion: 1,
      details: { ...details, drugName: 'ロキソプロフェン錠60mg', stoppedOn: '2026-10-20' },
      reason: '疼痛軽快のため中止',
    });
    const values = valuesOf(
      await create('DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION', who.doctor, { patientId: bareProfilePatientId, addresseeFacilityId: stationId }),
    );
    expect(values.medication).toBe('フロセミド錠20mg 1錠 1日1回 朝食後（一包化）');
  });

  it('addresses the station the doctor chose from the care team, guesses none of two, and refuses an office not on the team', async () => {
    // The bare patient has two stations on the team: none is guessed.
    const unaddressed = valuesOf(await create('DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION', who.doctor, { patientId: bareProfilePatientId }));
    expect(unaddressed).not.toHaveProperty('addresseeStation');
    const other = await create('DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION', who.doctor, {
      patientId: bareProfilePatientId,
      addresseeFacilityId: otherStationId,
    });
    expect(valuesOf(other).addresseeStation).toBe('あおぞら訪問看護ステーション');
    const chosen = await create('DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION', who.doctor, { addresseeFacilityId: stationId });
    expect(valuesOf(chosen).addresseeStation).toBe('ひまわり訪問看護ステーション');

    const refused = await failure(create('DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION', who.doctor, { addresseeFacilityId: strangerOfficeId }));
    expect(refused.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(refused.fieldViolations).toEqual([expect.objectContaining({ field: 'addresseeFacilityId', reason: 'ADDRESSEE_NOT_ON_CARE_TEAM' })]);
    const notAnId = await failure(create('DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION', who.doctor, { addresseeFacilityId: 'ひまわり' }));
    expect(notAnId.fieldViolations[0]?.field).toBe('addresseeFacilityId');
  });

  it('keeps what the client sent over the prefilled values, and leaves out what the patient lacks', async () => {
    const sent = await create('DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION', who.doctor, {
      valuesJson: JSON.stringify({ mainDiagnosis: '心不全（拡張型心筋症）', facilityFax: '' }),
    });
    expect(valuesOf(sent)).toMatchObject({
      mainDiagnosis: '心不全（拡張型心筋症）',
      mainDiagnosisCode: 'I50.0',
      facilityFax: '',
      facilityPhone: '0985-20-1001',
    });

    const bare = valuesOf(await create('DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION', who.doctor, { patientId: bareProfilePatientId }));
    for (const key of ['mainDiagnosis', 'mainDiagnosisCode', 'careLevel', 'specialNotes', 'patientPhone']) expect(bare).not.toHaveProperty(key);
    expect(bare.facilityName).toBe('みやざき在宅クリニック');
  });

  it('prints the prefilled values on the PDF, as the screen shows them', async () => {
    const created = await create('DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION', who.doctor);
    const printed = await formCall('RenderFormPdf', { patientId, formId: created.formId, version: 0 }, who.doctor);
    const dir = await mkdtemp(join(tmpdir(), 'renkei-prefill-'));
    try {
      const path = join(dir, 'form.pdf');
      await writeFile(path, printed.pdf);
      const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', path, '-']);
      const text = stdout.replace(/\s+/g, '');
      for (const expected of ['宮崎市高千穂通2丁目5-8', 'I50.0', '0985-20-2001', 'ひまわり訪問看護ステーション', '黒木健一']) expect(text).toContain(expected);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the other forms start from their author and addressee', () => {
  it('a nurse’s 訪問看護計画書 names the station, the nurse and the attending doctor', async () => {
    const { result, days } = await onJapanDay(() => create('DOCUMENT_TYPE_VISITING_NURSING_PLAN', who.nurse));
    const values = valuesOf(result);
    expect(days).toContain(values.createdOn);
    expect(values).toMatchObject({
      careLevel: 'CARE_LEVEL_CARE_3',
      patientAddress: '〒880-0812 宮崎市高千穂通2丁目5-8',
      stationName: 'ひまわり訪問看護ステーション',
      nurseAuthor: '日高 美香',
      addresseeDoctor: '黒木 健一（みやざき在宅クリニック）',
    });
    expect(values).not.toHaveProperty('therapistAuthor');
    expect(values).not.toHaveProperty('managerName'); // who manages the station is not known here: written by hand
  });

  it('a nurse’s 訪問看護報告書 carries the patient’s 要介護認定 and address, as the official sheet opens with them', async () => {
    const { result, days } = await onJapanDay(() => create('DOCUMENT_TYPE_VISITING_NURSING_REPORT', who.nurse));
    const values = valuesOf(result);
    expect(days).toContain(values.reportedOn);
    expect(values).toMatchObject({
      careLevel: 'CARE_LEVEL_CARE_3',
      patientAddress: '〒880-0812 宮崎市高千穂通2丁目5-8',
      stationName: 'ひまわり訪問看護ステーション',
      reporterName: '日高 美香',
      addresseeDoctor: '黒木 健一（みやざき在宅クリニック）',
    });
  });

  it('a nurse’s plan goes to the attending doctor of the clinic she chose; of two clinics none is guessed', async () => {
    const chosen = valuesOf(
      await create('DOCUMENT_TYPE_VISITING_NURSING_PLAN', who.nurse, { patientId: bareProfilePatientId, addresseeFacilityId: secondClinicId }),
    );
    expect(chosen.addresseeDoctor).toBe('山田 一郎（やまびこ診療所）');
    // Not chosen: the first attending doctor stays the addressee, as before there was a choice.
    const unchosen = valuesOf(await create('DOCUMENT_TYPE_VISITING_NURSING_PLAN', who.nurse, { patientId: bareProfilePatientId }));
    expect(unchosen.addresseeDoctor).toBe('黒木 健一（みやざき在宅クリニック）');
  });

  it('a pharmacist’s 居宅療養管理指導報告書 names the pharmacy, the prescriber and the care manager', async () => {
    const values = valuesOf(await create('DOCUMENT_TYPE_HOME_MEDICAL_MANAGEMENT_REPORT', who.pharmacist));
    expect(values).toMatchObject({
      pharmacyName: 'たちばな薬局',
      pharmacistName: '橘 薫',
      prescriber: '黒木 健一（みやざき在宅クリニック）',
      addresseeDoctor: '黒木 健一（みやざき在宅クリニック）',
      addresseeCareManager: '川越 誠（すまいる居宅介護支援事業所）',
    });
  });

  it('a doctor’s 診療情報提供書 lists every diagnosis with its code and the allergies', async () => {
    const values = valuesOf(await create('DOCUMENT_TYPE_REFERRAL_LETTER', who.doctor, { addresseeFacilityId: stationId }));
    expect(values).toMatchObject({
      toFacility: 'ひまわり訪問看護ステーション',
      fromFacility: 'みやざき在宅クリニック',
      fromAddress: '〒880-0805 宮崎市橘通東3丁目1-11',
      fromDoctor: '黒木 健一',
      diagnosis: '慢性心不全（I50.0）\n高血圧症（I10）',
      allergies: 'ペニシリン系抗菌薬（蕁麻疹）',
      patientAddress: '〒880-0812 宮崎市高千穂通2丁目5-8',
      patientPhone: '0985-22-3344',
    });
  });
});
