// SS-MIX2 in, FHIR out (issue 15): the public sample storage imported by `renkei-admin import
// ssmix2` into the real database, then exported with ExportPatientFhir over gRPC: the Bundle
// validates against JP Core, and every hospital fact the overview shows comes out with its code,
// unit, value and date as the hospital sent them, and the patient's kana as the team recorded it.
// The sample has one sound patient folder (9999013: demographics and prescriptions); its allergy,
// diagnosis and lab-result samples name other patients in PID-3, so they are filed under those
// patients (as hospital-data.test.ts does) and all four hospital IDs are linked to one patient.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordConsent } from '../src/consent/consents';
import { createFacility } from '../src/facilities/facilities';
import { fhirErrors } from './support/fhir-validation';
import { closeClients } from './support/api-client';
import { TestRegion, call, startTestBackend, type TestBackend } from './support';

const bin = new URL('../bin/renkei-admin.mjs', import.meta.url).pathname;
const FIXTURE = new URL('./fixtures/ssmix2/sampleData', import.meta.url).pathname;
const REFILED: Record<string, string> = {
  '999/901/9999013/-/ADT-61/9999013_-_ADT-61_999999999999999_20111014232213000_-_1':
    '123/456/12345678/-/ADT-61/12345678_-_ADT-61_999999999999999_20111014232213000_-_1',
  '999/901/9999013/-/PPR-01/9999013_-_PPR-01_999999999999999_20111209163030000_01_1':
    '123/456/1234567890/-/PPR-01/1234567890_-_PPR-01_999999999999999_20111209163030000_01_1',
  '999/901/9999013/20111220/OML-11/9999013_20111220_OML-11_000000011000354_20111220103059000_01_1':
    '000/100/0001000052/20111219/OML-11/0001000052_20111219_OML-11_000000011000354_20111220103059000_01_1',
};
const HOSPITAL_IDS = ['9999013', '12345678', '1234567890', '0001000052'];

let backend: TestBackend;
let region: TestRegion;
let tree: string;
let patientId: string;
let doctor: { device: string; session: string };

function admin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, '--data-dir', backend.dataDir, ...args], { timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  backend = await startTestBackend();
  region = new TestRegion(backend, 'FACILITY_KIND_CLINIC', 'ひむか在宅クリニック');
  await createFacility(
    backend.database,
    { name: '宮崎中央病院', nameKana: 'ミヤザキチュウオウビョウイン', kind: 'FACILITY_KIND_HOSPITAL' },
    backend.clock.now(),
  );
  const doctorUser = await region.user('PROFESSION_DOCTOR', ['日高', '誠']);
  patientId = (
    await region.patient({
      familyName: '宮崎',
      givenName: '未来斗',
      familyNameKana: 'ミヤザキ',
      givenNameKana: 'ミクト',
      birthDate: '1948-04-05',
      sex: 'SEX_MALE',
    })
  ).id;
  await region.join(patientId, doctorUser.id, 'CARE_TEAM_ROLE_ATTENDING_DOCTOR');
  await recordConsent(
    backend.database,
    { kind: 'regional-office', label: 'test' },
    { patientId, obtainedOn: '2026-04-01', obtainedBy: '主治医 日高', scope: 'CONSENT_SCOPE_CARE_TEAM', note: '' },
    backend.clock.now(),
  );
  doctor = await region.session(doctorUser.login_id);
  tree = mkdtempSync(join(tmpdir(), 'renkei-round-trip-'));
  cpSync(FIXTURE, tree, { recursive: true });
  for (const [from, to] of Object.entries(REFILED)) {
    mkdirSync(dirname(join(tree, to)), { recursive: true });
    writeFileSync(join(tree, to), readFileSync(join(FIXTURE, from)));
  }
  for (const id of HOSPITAL_IDS) expect((await admin(['hospital', 'link', '宮崎中央病院', id, '--patient', patientId])).stderr).toBe('');
  const imported = await admin(['import', 'ssmix2', tree, '--facility', '宮崎中央病院']);
  expect(imported.code).toBe(0);
}, 180_000);

afterAll(async () => {
  closeClients();
  await backend?.stop();
  if (tree) rmSync(tree, { recursive: true, force: true });
});

const codesOf = (concept: any): { system: string; code: string }[] => (concept?.coding ?? []).map((c: any) => ({ system: c.system, code: c.code }));
const resources = (bundle: any, type: string): any[] => bundle.entry.map((e: any) => e.resource).filter((r: any) => r.resourceType === type);

describe('SS-MIX2 in, JP Core out', { timeout: 120_000 }, () => {
  it('keeps kana, codes, units, values and dates of every hospital fact, and the Bundle validates', async () => {
    const overview = await call(region.clinical, 'PatientService', 'GetPatientOverview', { patientId }, doctor);
    const hospital = overview.hospitalData;
    expect(hospital.prescriptions.length).toBeGreaterThan(0);
    expect(hospital.labResults.length).toBeGreaterThan(0);
    expect(hospital.diagnoses.length).toBeGreaterThan(0);
    expect(hospital.allergies.length).toBeGreaterThan(0);

    const response = await call(region.clinical, 'PatientService', 'ExportPatientFhir', { patientId }, doctor);
    const bundle = JSON.parse(Buffer.from(response.json).toString('utf8'));
    expect(fhirErrors(bundle)).toEqual([]);

    // The patient's kana, as the team recorded it (the SYL representation).
    const patient = resources(bundle, 'Patient')[0];
    const kana = patient.name.find((n: any) => n.extension?.some((x: any) => x.valueCode === 'SYL'));
    expect(kana).toMatchObject({ family: 'ミヤザキ', given: ['ミクト'] });

    // Every lab result: its code, value and unit, and the day it was taken.
    const observations = resources(bundle, 'Observation');
    for (const result of hospital.labResults) {
      const match = observations.find((o) => codesOf(o.code).some((c) => c.code === result.test.code));
      expect(match, `Observation for ${result.test.code}`).toBeDefined();
      if (result.hasNumeric) expect(match.valueQuantity).toMatchObject({ value: result.numeric, ...(result.unit && { unit: result.unit }) });
      else expect(match.valueString).toBe(result.value.trim());
      if (result.observedAt) expect(match.effectiveDateTime.slice(0, 10)).toBe(result.observedAt.slice(0, 10));
    }
    // Every hospital prescription: its drug code, and its period from the start day.
    const requests = resources(bundle, 'MedicationRequest');
    for (const prescription of hospital.prescriptions) {
      const match = requests.find((r) => codesOf(r.medicationCodeableConcept).some((c) => c.code === prescription.drug.code));
      expect(match, `MedicationRequest for ${prescription.drug.code}`).toBeDefined();
      if (prescription.start) expect(match.dosageInstruction[0].timing.repeat.boundsPeriod.start.slice(0, 10)).toBe(prescription.start.slice(0, 10));
      if (prescription.days) expect(match.dispenseRequest.expectedSupplyDuration.value).toBe(prescription.days);
    }
    // Every hospital diagnosis, with its ICD-10 code where the hospital sent one.
    const conditions = resources(bundle, 'Condition');
    for (const diagnosis of hospital.diagnoses) {
      const match = conditions.find((c) => c.code.text === diagnosis.diagnosis.text || codesOf(c.code).some((x) => x.code === diagnosis.diagnosis.code));
      expect(match, `Condition for ${diagnosis.diagnosis.text}`).toBeDefined();
      if (diagnosis.icd10Code) expect(codesOf(match.code).map((c) => c.code)).toContain(diagnosis.icd10Code);
      if (diagnosis.start) expect(match.onsetDateTime.slice(0, 10)).toBe(diagnosis.start.slice(0, 10));
    }
    // Every hospital allergy, by its allergen.
    const allergies = resources(bundle, 'AllergyIntolerance');
    for (const allergy of hospital.allergies) {
      expect(allergies.some((a) => a.code.text === allergy.allergen.text || codesOf(a.code).some((c) => c.code === allergy.allergen.code))).toBe(true);
    }
  });
});
