// Insurance and certification (保険・認定) over the real API: versions with who and when, the card
// numbers checked at the boundary, the chart policy for INSURANCE, and what the overview and the
// patient list carry of it and of the 訪問看護指示書 in force, by the shared rules.
import { randomUUID } from 'node:crypto';
import { dayText, japanDayOf } from '@renkei/proto/calendar';
import { checkDigitOf } from '@renkei/proto/chart-rules';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, closeClients, failure, type Credentials } from './support/api-client';
import { closeDocumentClients, uploadDocument } from './support/document-transfer';
import { TestRegion } from './support/region';
import { startTestBackend, type TestBackend } from './support/test-backend';

let backend: TestBackend;
let region: TestRegion;
const who: Record<'doctor' | 'nurse' | 'careManager' | 'pharmacist' | 'careWorker', Credentials> = {} as never;
const users: Record<string, string> = {};
let pdfBytes: Buffer;

const INSTRUCTION = 'DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION';
const day = (days: number) => dayText(japanDayOf(backend.clock.now()).add({ days }));
const coverage = (method: 'GetCoverage' | 'RecordCoverage', request: object, caller: Credentials) =>
  call(region.clinical, 'CoverageService', method, request, caller);
const overview = (patientId: string, caller: Credentials) => call(region.clinical, 'PatientService', 'GetPatientOverview', { patientId }, caller);

const MEDICAL = {
  insurerNumber: '39131008',
  symbol: '',
  number: '12345678',
  branch: '01',
  copayTenths: 1,
  // A 公費負担者番号 (法別54: 難病) ending in its own check digit.
  publicExpenses: [{ payerNumber: `5445000${checkDigitOf('5445000')}`, recipientNumber: '', name: '指定難病' }],
};
const LONG_TERM_CARE = { insurerNumber: '452017', insuredNumber: '0000123456', copayTenths: 1 };

async function teamPatient(): Promise<string> {
  const patient = await region.patient();
  await region.join(patient.id, users.doctor!, 'CARE_TEAM_ROLE_ATTENDING_DOCTOR');
  await region.join(patient.id, users.nurse!, 'CARE_TEAM_ROLE_VISITING_NURSE');
  await region.join(patient.id, users.careManager!, 'CARE_TEAM_ROLE_CARE_MANAGER');
  await region.join(patient.id, users.pharmacist!, 'CARE_TEAM_ROLE_PHARMACIST');
  await region.join(patient.id, users.careWorker!, 'CARE_TEAM_ROLE_CARE_WORKER');
  return patient.id;
}

beforeAll(async () => {
  backend = await startTestBackend();
  region = new TestRegion(backend);
  const people = {
    doctor: await region.user('PROFESSION_DOCTOR', ['黒木', '健一']),
    nurse: await region.user('PROFESSION_NURSE', ['甲斐', '由美']),
    careManager: await region.user('PROFESSION_CARE_MANAGER', ['日高', '恵']),
    pharmacist: await region.user('PROFESSION_PHARMACIST', ['河野', '誠']),
    careWorker: await region.user('PROFESSION_CARE_WORKER', ['矢野', 'さくら']),
  };
  for (const [key, user] of Object.entries(people)) {
    users[key] = user.id;
    who[key as keyof typeof who] = await region.session(user.login_id);
  }
  const pdf = await PDFDocument.create();
  pdf.addPage([595, 842]).drawText('Visiting nursing instruction', { x: 50, y: 780, size: 14 });
  pdfBytes = Buffer.from(await pdf.save());
});
afterAll(async () => {
  closeClients();
  closeDocumentClients();
  await backend?.stop();
});

describe('recording insurance and certification', () => {
  it('keeps every version with who recorded it, and sets the patient’s care level from the certification', async () => {
    const patientId = await teamPatient();
    expect((await coverage('GetCoverage', { patientId }, who.doctor)).versions).toEqual([]);

    const first = await coverage(
      'RecordCoverage',
      {
        patientId,
        baseVersion: 0,
        medical: MEDICAL,
        longTermCare: LONG_TERM_CARE,
        certification: { careLevel: 'CARE_LEVEL_CARE_2', validFrom: day(-300), validUntil: day(65) },
        disabilityIndependence: 'DISABILITY_INDEPENDENCE_B1',
        dementiaIndependence: 'DEMENTIA_INDEPENDENCE_IIA',
      },
      who.careManager,
    );
    expect(first).toMatchObject({ version: 1, superseded: false, recordedBy: { userId: users.careManager, profession: 'PROFESSION_CARE_MANAGER' } });
    expect(first.medical).toMatchObject({ insurerNumber: '39131008', copayTenths: 1 });

    // Renewed by the nurse who saw the new card; full-width digits and hyphens are forgiven.
    const second = await coverage(
      'RecordCoverage',
      {
        patientId,
        baseVersion: 1,
        medical: { ...MEDICAL, insurerNumber: '３９１３－１００８', copayTenths: 2 },
        longTermCare: LONG_TERM_CARE,
        certification: { careLevel: 'CARE_LEVEL_CARE_3', validFrom: day(66), validUntil: day(66 + 730) },
        changeReason: '区分変更・負担割合証の更新',
      },
      who.nurse,
    );
    expect(second).toMatchObject({ version: 2, changeReason: '区分変更・負担割合証の更新', medical: { insurerNumber: '39131008', copayTenths: 2 } });

    const history = await coverage('GetCoverage', { patientId }, who.pharmacist);
    expect(history.versions.map((v: { version: number; superseded: boolean }) => [v.version, v.superseded])).toEqual([
      [2, false],
      [1, true],
    ]);
    expect(history.versions[1].recordedBy.userId).toBe(users.careManager);
    expect((await overview(patientId, who.doctor)).patient.careLevel).toBe('CARE_LEVEL_CARE_3');

    // A writer who saw version 1 is told someone else updated it, not silently overwritten.
    const stale = await failure(coverage('RecordCoverage', { patientId, baseVersion: 1, longTermCare: LONG_TERM_CARE }, who.doctor));
    expect(stale).toMatchObject({ reason: 'COVERAGE_VERSION_SUPERSEDED', metadata: { currentVersion: '2' } });
  });

  it('refuses wrong card numbers, co-payments and periods, field by field', async () => {
    const patientId = await teamPatient();
    const refused = await failure(
      coverage(
        'RecordCoverage',
        {
          patientId,
          medical: { ...MEDICAL, insurerNumber: '39131009', copayTenths: 4 },
          longTermCare: { ...LONG_TERM_CARE, insuredNumber: '12345' },
          certification: { careLevel: 'CARE_LEVEL_CARE_1', validFrom: day(0), validUntil: day(-1) },
        },
        who.doctor,
      ),
    );
    expect(refused.reason).toBe('INVALID_REQUEST');
    expect(refused.fieldViolations).toEqual(
      expect.arrayContaining([
        { field: 'medical.insurerNumber', reason: 'INSURANCE_NUMBER_CHECK_DIGIT', parameters: { number: 'medicalInsurer' } },
        { field: 'medical.copayTenths', reason: 'NOT_A_COPAY' },
        { field: 'longTermCare.insuredNumber', reason: 'INSURANCE_NUMBER_LENGTH', parameters: { number: 'careInsured' } },
        { field: 'certification.validUntil', reason: 'END_BEFORE_START' },
      ]),
    );
    const noPeriod = await failure(coverage('RecordCoverage', { patientId, certification: { careLevel: 'CARE_LEVEL_SUPPORT_1' } }, who.doctor));
    expect(noPeriod.fieldViolations).toEqual([{ field: 'certification.validFrom', reason: 'CERTIFICATION_NEEDS_PERIOD' }]);
    const empty = await failure(coverage('RecordCoverage', { patientId, medical: { insurerNumber: '', number: '' } }, who.doctor));
    expect(empty.fieldViolations).toEqual([{ field: '(request)', reason: 'COVERAGE_EMPTY' }]);
    // 申請中 has no period yet: accepted without one.
    await expect(coverage('RecordCoverage', { patientId, certification: { careLevel: 'CARE_LEVEL_APPLYING' } }, who.doctor)).resolves.toMatchObject({
      version: 1,
    });
  });
});

describe('the chart policy for INSURANCE', () => {
  it('lets clinical roles and the care manager read, the pharmacist not write, and the care worker neither', async () => {
    const patientId = await teamPatient();
    await coverage('RecordCoverage', { patientId, longTermCare: LONG_TERM_CARE }, who.doctor);

    const write = await failure(coverage('RecordCoverage', { patientId, baseVersion: 1, longTermCare: LONG_TERM_CARE }, who.pharmacist));
    expect(write).toMatchObject({ reason: 'RECORD_NOT_WRITABLE_BY_ROLE', metadata: { recordKind: 'INSURANCE' } });
    const read = await failure(coverage('GetCoverage', { patientId }, who.careWorker));
    expect(read).toMatchObject({ reason: 'RECORD_NOT_VISIBLE_TO_ROLE', metadata: { recordKind: 'INSURANCE' } });

    expect((await overview(patientId, who.pharmacist)).coverage).toMatchObject({ version: 1, longTermCare: { insuredNumber: '0000123456' } });
    expect((await overview(patientId, who.careManager)).coverage).toMatchObject({ version: 1 });
    // The care worker's overview (cached on their PC) does not hold the numbers at all.
    expect((await overview(patientId, who.careWorker)).coverage).toBeNull();
  });
});

describe('the instruction in force and the list marks', () => {
  function fileInstruction(patientId: string, validFrom: string, validUntil: string) {
    return uploadDocument(
      region.clinical,
      who.doctor,
      {
        patientId,
        uploadId: randomUUID(),
        documentType: INSTRUCTION,
        title: '訪問看護指示書',
        fileName: 'shijisho.pdf',
        issuedOn: validFrom,
        issuer: '黒木',
        validFrom,
        validUntil,
      },
      pdfBytes,
    );
  }

  async function marksOf(patientId: string, caller: Credentials) {
    const list = await call(region.clinical, 'PatientService', 'ListPatients', { pageSize: 500 }, caller);
    return list.patients.find((p: { id: string }) => p.id === patientId)?.marks;
  }

  it('shows the instruction with its period always, and marks the list only when it ends soon or has ended', async () => {
    const patientId = await teamPatient();
    expect((await overview(patientId, who.nurse)).instructionInForce).toBeNull();

    const filed = await fileInstruction(patientId, day(-100), day(40));
    expect((await overview(patientId, who.nurse)).instructionInForce).toEqual({
      documentId: filed.document.documentId,
      formId: '',
      title: '訪問看護指示書',
      validFrom: day(-100),
      validUntil: day(40),
      state: 'INSTRUCTION_STATE_IN_FORCE',
      daysLeft: 40,
    });
    expect(await marksOf(patientId, who.nurse)).toEqual({ instruction: null, certification: null });

    const patient2 = await teamPatient();
    await fileInstruction(patient2, day(-150), day(10));
    await coverage(
      'RecordCoverage',
      { patientId: patient2, certification: { careLevel: 'CARE_LEVEL_CARE_1', validFrom: day(-300), validUntil: day(45) } },
      who.careManager,
    );
    expect(await marksOf(patient2, who.nurse)).toEqual({
      instruction: expect.objectContaining({ state: 'INSTRUCTION_STATE_ENDING', daysLeft: 10, validUntil: day(10) }),
      certification: { validUntil: day(45), expired: false, daysLeft: 45 },
    });
    // A care worker reads neither instructions nor INSURANCE: no marks about them.
    expect(await marksOf(patient2, who.careWorker)).toEqual({ instruction: null, certification: null });
    // Nor the instruction on the overview, though they read care plans, so the documents the
    // overview loads once for its parts include the instruction.
    expect((await overview(patient2, who.careWorker)).instructionInForce).toBeNull();
    expect((await overview(patient2, who.careWorker)).chart?.documents).toEqual([]);
    // The care manager reads both.
    expect(await marksOf(patient2, who.careManager)).toMatchObject({ instruction: { state: 'INSTRUCTION_STATE_ENDING' }, certification: { daysLeft: 45 } });

    const patient3 = await teamPatient();
    await fileInstruction(patient3, day(-150), day(-3));
    const search = await call(
      region.clinical,
      'PatientService',
      'SearchPatients',
      { query: '' + (await overview(patient3, who.nurse)).patient.name.family },
      who.nurse,
    );
    const row = search.patients.find((p: { id: string }) => p.id === patient3);
    expect(row.marks.instruction).toMatchObject({ state: 'INSTRUCTION_STATE_ENDED', daysLeft: -3 });
  });
});
