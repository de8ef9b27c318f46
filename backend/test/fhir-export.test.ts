// The FHIR export of issue 15, checked by the offline validator against JP Core 1.1.2 and JP-CLINS
// 1.5.2 (test/fixtures/fhir, unmodified, CC BY-ND 4.0): a patient's record as a JP Core Bundle, with
// the care team's facts and hand-built hospital data (HospitalData, as the SS-MIX2 import will fill
// it), validates with no errors and keeps kana, codes, units and dates; broken exports are refused,
// so the checks can fail. No database: runs once, in the SQLite project.
import { describe, expect, it } from 'vitest';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { PatientOverview } from '@renkei/proto/generated/renkei/v1/PatientOverview';
import type { HospitalData } from '@renkei/proto/generated/renkei/v1/HospitalData';
import { patientRecordBundle } from '../src/interop/fhir/export/patient-record-bundle';
import { referralDocumentBundle } from '../src/interop/fhir/export/referral-document';
import { fhirErrors } from './support/fhir-validation';

const errorsOf = fhirErrors;
const describeOnce = describe.skipIf(process.env.RENKEI_TEST_ENGINE === 'postgres');

const exportedAt = new Date('2026-12-07T02:30:00Z'); // 11:30 in Japan

const hospital = { id: 'f0000000-0000-4000-8000-000000000009', name: '宮崎中央病院', kind: 'FACILITY_KIND_HOSPITAL' as const };
const source = (dataType: string) => ({
  hospital,
  hospitalPatientId: '9999013',
  dataType,
  orderNumber: '1',
  messageControlId: 'M1',
  createdAt: '2026-11-30T09:15',
});

export const hospitalData: HospitalData = {
  allergies: [
    {
      allergen: { code: '1149019F1', text: 'ロキソプロフェンナトリウム錠', system: 'HOT9' },
      allergenType: '薬剤',
      severity: '中等度',
      reactions: ['蕁麻疹', '呼吸困難'],
      onset: '2019-05',
      source: source('ADT-61'),
    },
  ],
  diagnoses: [
    { diagnosis: { code: 'T1XC', text: '2型糖尿病', system: 'MDCDX2' }, icd10Code: 'E11.9', start: '2015-04-01', main: true, source: source('PPR-01') },
    {
      diagnosis: { code: 'KCFD', text: '急性気管支炎', system: 'MDCDX2' },
      icd10Code: 'J20.9',
      start: '2026-10-02',
      end: '2026-10-20',
      outcome: '治癒',
      source: source('PPR-01'),
    },
  ],
  prescriptions: [
    {
      drug: { code: '103835401', text: 'アムロジピン錠5mg', system: 'HOT9' },
      dose: '1 錠',
      dailyDose: '1 錠',
      usage: { code: '1013044400000000', text: '1日1回朝食後', system: 'JAMISDP01' },
      days: 28,
      start: '2026-11-30',
      end: '2026-12-27',
      route: '経口',
      prescriptionNumber: 'RX-778',
      source: source('OMP-01'),
    },
    {
      drug: { code: '2149039F1020', text: 'カンデサルタン錠4mg', system: 'YJ' },
      dose: '1 錠',
      usage: { text: '1日1回朝食後' },
      days: 14,
      start: '2026-10-01',
      end: '2026-10-14',
      source: source('OMP-01'),
    },
  ],
  labResults: [
    {
      test: { code: '3D010000001926101', text: 'HbA1c(NGSP)', system: 'JC10' },
      value: '7.2',
      numeric: 7.2,
      hasNumeric: true,
      unit: '%',
      referenceRange: '4.6-6.2',
      abnormalFlags: ['H'],
      status: 'F',
      observedAt: '2026-11-30T09:05',
      specimen: '血液',
      testGroup: '生化学',
      source: source('OML-11'),
    },
    {
      test: { code: 'L-123', text: '尿蛋白定性', system: '99XYZ' },
      value: '(+)',
      hasNumeric: false,
      status: 'P',
      observedAt: '2026-11-30',
      specimen: '尿',
      source: source('OML-11'),
    },
  ],
  links: [{ hospital, hospitalPatientId: '9999013' }],
};

export const overview: PatientOverview = {
  patient: {
    id: 'a0000000-0000-4000-8000-000000000001',
    name: { family: '宮崎', given: '未来斗', familyKana: 'ミヤザキ', givenKana: 'ミライト' },
    birthDate: '1938-04-02',
    sex: 'SEX_MALE',
    postalCode: '880-0001',
    address: '宮崎県宮崎市橘通西1-1-1',
    phone: '0985-00-0000',
    regionalNumber: 123,
  },
  diagnoses: [
    { name: '慢性心不全', icd10Code: 'I50.0', onsetDate: '2020-06-01', primary: true, note: 'NYHA II' },
    { name: '腰部脊柱管狭窄症', icd10Code: '', onsetDate: '', primary: false, note: '' },
  ],
  allergies: [
    { substance: 'ペニシリン系抗菌薬', reaction: '蕁麻疹', severity: 'ALLERGY_SEVERITY_SEVERE', notedOn: '2018-07-10' },
    { substance: 'そば', reaction: '', severity: 'ALLERGY_SEVERITY_UNSPECIFIED', notedOn: '' },
  ],
  medications: [
    {
      medicationId: 'b0000000-0000-4000-8000-000000000001',
      version: 2,
      details: {
        drugName: 'フロセミド錠20mg',
        dose: '1錠',
        usage: '1日1回 朝食後',
        prescriber: 'みやざき在宅クリニック 黒木',
        startedOn: '2026-04-01',
        handling: ['MEDICATION_HANDLING_ONE_DOSE_PACKAGE'],
        note: '',
      },
      recordedAt: { seconds: Math.floor(Date.parse('2026-04-01T01:00:00Z') / 1000), nanos: 0 },
    },
  ],
  hospitalData,
};

function resources(bundle: Bundle): Resource[] {
  return (bundle.entry ?? []).map((e) => e.resource!);
}
function ofType<T extends Resource['resourceType']>(bundle: Bundle, type: T): Extract<Resource, { resourceType: T }>[] {
  return resources(bundle).filter((r): r is Extract<Resource, { resourceType: T }> => r.resourceType === type);
}

describeOnce('the patient record as JP Core', () => {
  it('validates with no errors, each entry against its JP Core profile', () => {
    const bundle = patientRecordBundle(overview, { exportedAt });
    expect(errorsOf(bundle)).toEqual([]);
    expect(resources(bundle).map((r) => [r.resourceType, r.meta?.profile?.[0]?.split('/').pop()])).toEqual([
      ['Patient', 'JP_Patient'],
      ['Condition', 'JP_Condition'],
      ['Condition', 'JP_Condition'],
      ['Condition', 'JP_Condition'],
      ['Condition', 'JP_Condition'],
      ['AllergyIntolerance', 'JP_AllergyIntolerance'],
      ['AllergyIntolerance', 'JP_AllergyIntolerance'],
      ['AllergyIntolerance', 'JP_AllergyIntolerance'],
      ['MedicationRequest', 'JP_MedicationRequest'],
      ['MedicationRequest', 'JP_MedicationRequest'],
      ['MedicationRequest', 'JP_MedicationRequest'],
      ['Observation', 'JP_Observation_LabResult'],
      ['Observation', 'JP_Observation_LabResult'],
    ]);
  });

  it('keeps the kanji and kana names, the regional number, birth date, sex, address and phone', () => {
    const [patient] = ofType(patientRecordBundle(overview, { exportedAt }), 'Patient');
    expect(patient!.name).toEqual([
      expect.objectContaining({ text: '宮崎 未来斗', family: '宮崎', given: ['未来斗'], extension: [expect.objectContaining({ valueCode: 'IDE' })] }),
      expect.objectContaining({
        text: 'ミヤザキ ミライト',
        family: 'ミヤザキ',
        given: ['ミライト'],
        extension: [expect.objectContaining({ valueCode: 'SYL' })],
      }),
    ]);
    expect(patient!.identifier).toEqual([{ system: 'https://renkei.jp/fhir/IdSystem/regional-patient-number', value: '000123' }]);
    expect(patient).toMatchObject({ birthDate: '1938-04-02', gender: 'male', telecom: [{ system: 'phone', value: '0985-00-0000' }] });
    expect(patient!.address).toEqual([{ text: '宮崎県宮崎市橘通西1-1-1', postalCode: '880-0001', country: 'JP' }]);
  });

  it('names the hospital patient ID with the institution OID where the hospital’s 保険医療機関番号 is known', () => {
    const bundle = patientRecordBundle(overview, { exportedAt, institutionNumbers: new Map([[hospital.id, '4510123456']]) });
    const [patient] = ofType(bundle, 'Patient');
    expect(patient!.identifier).toContainEqual({ system: 'urn:oid:1.2.392.100495.20.3.51.14510123456', value: '9999013' });
    expect(errorsOf(bundle)).toEqual([]);
  });

  it('keeps codes from the JP Core naming systems: ICD-10, MEDIS, HOT9, YJ, JLAC10', () => {
    const bundle = patientRecordBundle(overview, { exportedAt });
    const codings = JSON.stringify(bundle);
    const [heart, , diabetes, bronchitis] = ofType(bundle, 'Condition');
    expect(heart!.code).toEqual({
      coding: [{ system: 'http://jpfhir.jp/fhir/core/mhlw/CodeSystem/ICD10-2013-full', code: 'I50.0', display: '慢性心不全' }],
      text: '慢性心不全',
    });
    expect(diabetes!.code!.coding).toEqual([
      { system: 'http://medis.or.jp/CodeSystem/master-disease-exCode', code: 'T1XC', display: '2型糖尿病' },
      { system: 'http://jpfhir.jp/fhir/core/mhlw/CodeSystem/ICD10-2013-full', code: 'E11.9', display: '2型糖尿病' },
    ]);
    expect(bronchitis).toMatchObject({ clinicalStatus: { coding: [{ code: 'resolved' }] }, onsetDateTime: '2026-10-02', abatementDateTime: '2026-10-20' });
    const [, amlodipine, candesartan] = ofType(bundle, 'MedicationRequest');
    expect(amlodipine!.medicationCodeableConcept!.coding).toEqual([
      { system: 'urn:oid:1.2.392.200119.4.403.1', code: '103835401', display: 'アムロジピン錠5mg' },
    ]);
    expect(candesartan!.medicationCodeableConcept!.coding).toEqual([
      { system: 'urn:oid:1.2.392.100495.20.1.73', code: '2149039F1020', display: 'カンデサルタン錠4mg' },
    ]);
    expect(candesartan!.status).toBe('completed');
    expect(amlodipine).toMatchObject({
      status: 'active',
      authoredOn: '2026-11-30',
      dispenseRequest: { expectedSupplyDuration: { value: 28, code: 'd' } },
      dosageInstruction: [{ doseAndRate: [{ doseQuantity: { value: 1, unit: '錠' } }], route: { text: '経口' } }],
    });
    expect(codings).toContain('"urn:oid:1.2.392.200119.4.504"');
  });

  it('keeps lab values with their units, ranges, flags, specimen and Japan time', () => {
    const [hba1c, urine] = ofType(patientRecordBundle(overview, { exportedAt }), 'Observation');
    expect(hba1c).toMatchObject({
      status: 'final',
      code: { coding: [{ system: 'urn:oid:1.2.392.200119.4.504', code: '3D010000001926101', display: 'HbA1c(NGSP)' }], text: 'HbA1c(NGSP)' },
      effectiveDateTime: '2026-11-30T09:05:00+09:00',
      valueQuantity: { value: 7.2, unit: '%' },
      referenceRange: [{ low: { value: 4.6, unit: '%' }, high: { value: 6.2, unit: '%' }, text: '4.6-6.2' }],
      interpretation: [{ coding: [{ code: 'H' }] }],
      specimen: { display: '血液' },
    });
    expect(hba1c!.note![0]!.text).toBe('病院データ: 宮崎中央病院 (患者ID 9999013, OML-11, 2026-11-30T09:15)');
    expect(urine).toMatchObject({ status: 'preliminary', valueString: '(+)', effectiveDateTime: '2026-11-30' });
    expect(urine!.code!.coding![0]!.system).toBe(`https://renkei.jp/fhir/CodeSystem/hospital-local-code/${hospital.id}`);
  });

  it('the care team’s drugs have no code: the drug is text, with dose, 用法 and 一包化', () => {
    const [furosemide] = ofType(patientRecordBundle(overview, { exportedAt }), 'MedicationRequest');
    expect(furosemide).toMatchObject({
      medicationCodeableConcept: { text: 'フロセミド錠20mg' },
      authoredOn: '2026-04-01',
      requester: { display: 'みやざき在宅クリニック 黒木' },
      dosageInstruction: [{ text: '1錠 1日1回 朝食後', additionalInstruction: [{ text: '一包化' }] }],
    });
    expect(furosemide!.medicationCodeableConcept!.coding).toBeUndefined();
  });

  it('exports only what the overview holds: an overview without medications and hospital data has none', () => {
    const bundle = patientRecordBundle({ ...overview, medications: [], hospitalData: null }, { exportedAt });
    expect(ofType(bundle, 'MedicationRequest')).toEqual([]);
    expect(ofType(bundle, 'Observation')).toEqual([]);
    expect(errorsOf(bundle)).toEqual([]);
  });

  it('a broken export is refused: a lab result without its specimen, a Patient without identifier', () => {
    const bundle = patientRecordBundle(overview, { exportedAt });
    const broken = structuredClone(bundle);
    delete (ofType(broken, 'Observation')[0] as { specimen?: unknown }).specimen;
    expect(errorsOf(broken)).toEqual([expect.objectContaining({ location: expect.stringContaining('Bundle.entry[11].resource') })]);
    const noId = structuredClone(bundle);
    ofType(noId, 'Patient')[0]!.identifier = [];
    expect(errorsOf(noId).length).toBeGreaterThan(0);
  });
});

const letterValues = {
  toFacility: '宮崎中央病院',
  toDepartment: '循環器内科',
  toDoctor: '日向 一郎 先生',
  writtenOn: '2026-12-04',
  fromFacility: 'みやざき在宅クリニック',
  fromAddress: '宮崎県宮崎市橘通東2-2-2',
  fromPhone: '0985-11-1111',
  fromDoctor: '黒木 太郎',
  patientAddress: '宮崎県宮崎市橘通西1-1-1',
  patientPhone: '0985-00-0000',
  diagnosis: '慢性心不全\n腰部脊柱管狭窄症',
  purpose: '心不全増悪の精査をお願いします。',
  history: '2015年 2型糖尿病',
  allergies: 'ペニシリン系抗菌薬（蕁麻疹）',
  findings: '11月末より下腿浮腫、労作時息切れ。',
  course: '利尿薬を増量し経過観察中。',
  prescription: 'フロセミド錠20mg 1錠 朝食後',
  remarks: '',
};

const letter = {
  formId: 'c0000000-0000-4000-8000-000000000001',
  version: 3,
  values: letterValues,
  finalisedAt: new Date('2026-12-04T06:00:00Z'),
  sender: { name: 'みやざき在宅クリニック', institutionNumber: '4510987654', address: '宮崎県宮崎市橘通東2-2-2', phone: '0985-11-1111' },
  receiver: { name: '宮崎中央病院', institutionNumber: '4510123456' },
  pdf: new TextEncoder().encode('%PDF-1.7 test'),
  pdfFileName: '診療情報提供書_宮崎未来斗_v3.pdf',
};

const insured: PatientOverview = {
  ...overview,
  coverage: { medical: { insurerNumber: '39451234', symbol: '宮崎', number: '1234567', branch: '01', copayTenths: 1 } },
};

describeOnce('a 診療情報提供書 as a JP-CLINS eReferral document', () => {
  const institutionNumbers = new Map([[hospital.id, '4510123456']]);

  it('validates against JP_Bundle_eReferral with no errors: Composition first, its sections, every entry its eCS profile', () => {
    const bundle = referralDocumentBundle(letter, insured, { exportedAt, institutionNumbers });
    expect(errorsOf(bundle)).toEqual([]);
    expect(resources(bundle).map((r) => r.resourceType)).toEqual([
      'Composition',
      'Patient',
      'Practitioner',
      'Practitioner',
      'Organization',
      'Organization',
      'Condition',
      'Condition',
      'Condition',
      'Condition',
      'MedicationRequest',
      'MedicationRequest',
      'MedicationRequest',
      'Observation',
      'Observation',
      'DocumentReference',
    ]);
    const [composition] = ofType(bundle, 'Composition');
    expect(composition!.section!.map((s) => [s.code!.coding![0]!.code, s.title])).toEqual([
      ['920', '紹介元情報'],
      ['910', '紹介先情報'],
      ['300', '構造情報'],
      ['230', 'PDF'],
    ]);
    expect(composition!.section![2]!.section!.map((s) => s.title)).toEqual([
      '紹介目的',
      '傷病名・主訴',
      '現病歴',
      '既往歴',
      'アレルギー・不耐性反応',
      '臨床経過',
      '投薬指示',
      '検査結果',
    ]);
    expect(composition!.section![2]!.section![0]!.text!.div).toContain('心不全増悪の精査をお願いします。');
    expect(composition).toMatchObject({ date: '2026-12-04T15:00:00+09:00', event: [{ period: { start: '2026-12-04' } }] });
  });

  it('keeps the patient’s kana and insurance member ID, the offices’ numbers, the doctors’ names and the PDF', () => {
    const bundle = referralDocumentBundle(letter, insured, { exportedAt, institutionNumbers });
    const [patient] = ofType(bundle, 'Patient');
    expect(patient!.name![1]).toMatchObject({ text: 'ミヤザキ ミライト' });
    expect(patient!.identifier).toContainEqual({ system: 'http://jpfhir.jp/fhir/clins/Idsystem/JP_Insurance_memberID', value: '39451234:宮崎:1234567:01' });
    const [sender, receiver] = ofType(bundle, 'Organization');
    expect(sender).toMatchObject({ name: 'みやざき在宅クリニック', identifier: [{ value: '4510987654' }] });
    expect(receiver).toMatchObject({ name: '宮崎中央病院', extension: [{ valueCodeableConcept: { text: '循環器内科' } }] });
    expect(ofType(bundle, 'Practitioner').map((p) => p.name![0])).toEqual([
      expect.objectContaining({ text: '黒木 太郎', family: '黒木', given: ['太郎'] }),
      expect.objectContaining({ text: '日向 一郎', family: '日向', given: ['一郎'] }),
    ]);
    const [document] = ofType(bundle, 'DocumentReference');
    expect(Buffer.from(document!.content[0]!.attachment.data!, 'base64').toString()).toBe('%PDF-1.7 test');
    const [heart] = ofType(bundle, 'Condition');
    expect(heart!.code!.coding![0]).toEqual({ system: 'http://medis.or.jp/CodeSystem/master-disease-keyNumber', code: '99999999', display: '慢性心不全' });
    expect(ofType(bundle, 'Observation')[0]).toMatchObject({
      valueQuantity: { value: 7.2, unit: '%' },
      extension: [{ valueIdentifier: { value: '4510123456' } }],
    });
  });

  it('leaves out lab results of a hospital whose 保険医療機関番号 is not known', () => {
    const bundle = referralDocumentBundle(letter, insured, { exportedAt });
    expect(ofType(bundle, 'Observation')).toEqual([]);
    expect(errorsOf(bundle)).toEqual([]);
  });

  it('is refused when broken: the Composition not first, the patient without an insurance member ID, a section missing', () => {
    const bundle = referralDocumentBundle(letter, insured, { exportedAt, institutionNumbers });
    const notFirst = structuredClone(bundle);
    notFirst.entry = [notFirst.entry![1]!, notFirst.entry![0]!, ...notFirst.entry!.slice(2)];
    expect(errorsOf(notFirst)).toEqual([expect.objectContaining({ location: 'Bundle', message: expect.stringContaining('bdl-11') })]);
    expect(errorsOf(referralDocumentBundle(letter, overview, { exportedAt }))).toContainEqual(
      expect.objectContaining({ message: expect.stringContaining('valid-system-insurance-patientIdentifier') }),
    );
    const noPurpose = structuredClone(bundle);
    const structured = ofType(noPurpose, 'Composition')[0]!.section![2]!;
    structured.section = structured.section!.filter((s) => s.title !== '紹介目的');
    expect(errorsOf(noPurpose).length).toBeGreaterThan(0);
  });
});
