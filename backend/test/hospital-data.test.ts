// Hospital data (病院データ, issue 15): the SS-MIX2 import into the database and the overview's
// hospital_data, over real SQLite/PostgreSQL, the real CLI and gRPC over TLS. The storage is the
// public sample tree (fixtures/ssmix2, Apache-2.0) and copies of it changed as a hospital's storage
// changes: a newer version of an order, a deletion (condition flag 0), and the guideline samples
// whose PID-3 names other patients filed under their own patient (as ssmix2-storage.test.ts does).
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateChartPolicy } from '../src/access/chart-access';
import { setChartPolicyCell } from '../src/access/chart-policy-admin';
import { DEFAULT_CHART_POLICY } from '../src/access/default-chart-policy';
import { recordConsent } from '../src/consent/consents';
import { archivePatient } from '../src/patients/patient-archive';
import { createFacility } from '../src/facilities/facilities';
import { LAB_RESULTS_PER_TEST } from '../src/hospital-data/hospital-data-overview';
import { linkHospitalPatient, unlinkHospitalPatient } from '../src/hospital-data/hospital-links';
import { importSsmix2 } from '../src/hospital-data/ssmix2-import';
import { closeClients, failure } from './support/api-client';
import { TestRegion, call, startTestBackend, type TestBackend } from './support';

const bin = new URL('../bin/renkei-admin.mjs', import.meta.url).pathname;
const FIXTURE = new URL('./fixtures/ssmix2/sampleData', import.meta.url).pathname;
const ADT61 = '999/901/9999013/-/ADT-61/9999013_-_ADT-61_999999999999999_20111014232213000_-_1';
const PPR01 = '999/901/9999013/-/PPR-01/9999013_-_PPR-01_999999999999999_20111209163030000_01_1';
const OMP01 = '999/901/9999013/20110701/OMP-01/9999013_20110701_OMP-01_000000011000185_20110701224603984_01_1';
const OML11 = '999/901/9999013/20111220/OML-11/9999013_20111220_OML-11_000000011000354_20111220103059000_01_1';

let backend: TestBackend;
let region: TestRegion;
let hospitalId: string;
let patientId: string;
let tree: string;
type Credentials = { device: string; session: string };
let doctor: Credentials;
let careWorker: Credentials;
let outsider: Credentials;
const temporary: string[] = [];

function admin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, '--data-dir', backend.dataDir, ...args], { timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function put(root: string, relativePath: string, bytes: Uint8Array | string): void {
  mkdirSync(dirname(join(root, relativePath)), { recursive: true });
  writeFileSync(join(root, relativePath), bytes);
}

/** The sample tree, with the ADT-61, PPR-01 and OML-11 samples also filed under the patients their PID-3 names. */
function sampleTree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'renkei-hospital-'));
  temporary.push(dir);
  cpSync(FIXTURE, dir, { recursive: true });
  const bytes = (path: string) => readFileSync(join(FIXTURE, path));
  put(dir, '123/456/12345678/-/ADT-61/12345678_-_ADT-61_999999999999999_20111014232213000_-_1', bytes(ADT61));
  put(dir, '123/456/1234567890/-/PPR-01/1234567890_-_PPR-01_999999999999999_20111209163030000_01_1', bytes(PPR01));
  put(dir, '000/100/0001000052/20111219/OML-11/0001000052_20111219_OML-11_000000011000354_20111220103059000_01_1', bytes(OML11));
  return dir;
}

const db = () => backend.database.db;
const now = () => backend.clock.now();

/** Everything the import may write, and the Renkei-entered records it must leave alone. */
async function snapshot() {
  const rows = async (table: 'hospital_messages' | 'hospital_allergies' | 'hospital_diagnoses' | 'hospital_prescriptions' | 'hospital_lab_results') =>
    (await db().selectFrom(table).selectAll().execute()).map((row) => JSON.stringify(row)).sort();
  return {
    messages: await rows('hospital_messages'),
    allergies: await rows('hospital_allergies'),
    diagnoses: await rows('hospital_diagnoses'),
    prescriptions: await rows('hospital_prescriptions'),
    labResults: await rows('hospital_lab_results'),
    renkeiAllergies: await db().selectFrom('allergies').selectAll().orderBy('id').execute(),
    renkeiDiagnoses: await db().selectFrom('diagnoses').selectAll().orderBy('id').execute(),
    renkeiMedications: await db().selectFrom('medication_versions').selectAll().orderBy('id').execute(),
    patients: await db().selectFrom('patients').select('id').orderBy('id').execute(),
  };
}

const feedHead = async () =>
  Number(
    (
      await db()
        .selectFrom('patient_changes')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .executeTakeFirst()
    )?.seq ?? 0,
  );
const overview = (who: Credentials) => call(region.clinical, 'PatientService', 'GetPatientOverview', { patientId }, who);

beforeAll(async () => {
  backend = await startTestBackend();
  region = new TestRegion(backend, 'FACILITY_KIND_CLINIC', 'ひむか在宅クリニック');
  hospitalId = (
    await createFacility(backend.database, { name: '宮崎中央病院', nameKana: 'ミヤザキチュウオウビョウイン', kind: 'FACILITY_KIND_HOSPITAL' }, now())
  ).id;
  const helpers = region.office('FACILITY_KIND_CARE_SERVICE', 'ヘルパーステーションみらい');
  const doctorUser = await region.user('PROFESSION_DOCTOR', ['日高', '誠']);
  const careWorkerUser = await helpers.user('PROFESSION_CARE_WORKER', ['矢野', '花']);
  const outsiderUser = await region.user('PROFESSION_DOCTOR', ['河野', '修']);
  // The sample hospital patient 9999013 (患者 太郎) is born 1948-04-05, male: the same person, named otherwise here.
  patientId = (await region.patient({ birthDate: '1948-04-05', sex: 'SEX_MALE' })).id;
  await region.join(patientId, doctorUser.id, 'CARE_TEAM_ROLE_ATTENDING_DOCTOR');
  await helpers.join(patientId, careWorkerUser.id, 'CARE_TEAM_ROLE_CARE_WORKER');
  await recordConsent(
    backend.database,
    { kind: 'regional-office', label: 'test' },
    { patientId, obtainedOn: '2026-04-01', obtainedBy: '主治医 日高', scope: 'CONSENT_SCOPE_CARE_TEAM', note: '' },
    now(),
  );
  doctor = await region.session(doctorUser.login_id);
  careWorker = await helpers.session(careWorkerUser.login_id);
  outsider = await region.session(outsiderUser.login_id);
  tree = sampleTree();
});

afterAll(async () => {
  closeClients();
  await backend?.stop();
  temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

describe('renkei-admin import ssmix2', { timeout: 180_000 }, () => {
  it('refuses bad input with a precise Japanese error and changes nothing', async () => {
    const before = await snapshot();
    const clinic = await admin(['import', 'ssmix2', tree, '--facility', 'ひむか在宅クリニック']);
    expect(clinic.code).toBe(2);
    expect(clinic.stderr).toContain('「ひむか在宅クリニック」は病院ではありません');
    const unknown = await admin(['import', 'ssmix2', tree, '--facility', '架空病院']);
    expect(unknown.stderr).toContain('「架空病院」という事業所は登録されていません');
    const missing = await admin(['import', 'ssmix2', join(tree, 'no-such-folder'), '--facility', '宮崎中央病院']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('SS-MIX2 ストレージ「');
    expect(missing.stderr).toContain('が見つかりません');
    const since = await admin(['import', 'ssmix2', tree, '--facility', '宮崎中央病院', '--since', '2024-02-30']);
    expect(since.stderr).toContain('since: 存在する日付を YYYY-MM-DD の形式で入力してください');
    const patient = await admin(['import', 'ssmix2', tree, '--facility', '宮崎中央病院', '--patient', '../999']);
    expect(patient.stderr).toContain('病院の患者ID「../999」は使えません');
    const link = await admin(['hospital', 'link', 'ひむか在宅クリニック', '9999013', '--patient', patientId]);
    expect(link.stderr).toContain('は病院ではありません');
    expect(await snapshot()).toEqual(before);
    expect(await db().selectFrom('hospital_patient_links').selectAll().execute()).toEqual([]);
  });

  it('imports the linked patient: each broken file refused for its reason, the rest imported, unlinked patients listed', async () => {
    const linked = await admin(['hospital', 'link', '宮崎中央病院', '9999013', '--patient', patientId]);
    expect(linked.stderr).toBe('');
    const before = await snapshot();
    const feedBefore = await feedHead();
    const run = await admin(['import', 'ssmix2', tree, '--facility', '宮崎中央病院', '--json']);
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout);
    expect(result.counts['ADT-00']).toEqual({ imported: 1, unchanged: 0, superseded: 0, withdrawn: 0, heldBack: 0, refused: 0, notImported: 0 });
    expect(result.counts['OMP-01']).toMatchObject({ imported: 1, refused: 0 });
    // The 9999013 copies of these name other patients in PID-3: refused; the refiled ones are unlinked.
    expect(result.counts['ADT-61']).toMatchObject({ imported: 0, refused: 1 });
    expect(result.counts['OMP-11']).toMatchObject({ refused: 4, notImported: 0 });
    expect(result.counts['OML-01']).toMatchObject({ notImported: 1 });
    const reasons = Object.fromEntries(result.refusals.map((r: { path: string; reason: { code: string; ja: string; en: string } }) => [r.path, r.reason]));
    expect(Object.keys(reasons)).toHaveLength(14);
    expect(reasons[ADT61].code).toBe('patient_mismatch');
    expect(reasons[ADT61].ja).toContain('電文の患者ID（PID-3「12345678」）がファイル名の患者ID「9999013」と違います');
    expect(reasons[ADT61].en).toContain('differs from the file name');
    expect(reasons[OML11].code).toBe('patient_mismatch');
    expect(reasons['000/000/0000001/20000401/OMP-11/0000001_20000401_OMP-11_123456789012345_20110701113813225_01_1'].code).toBe('malformed_hl7');
    expect(result.unmatched).toEqual([
      { hospitalPatientId: '0001000052', orders: 1 },
      { hospitalPatientId: '12345678', orders: 1 },
      { hospitalPatientId: '1234567890', orders: 1 },
    ]);
    expect(result.patients).toEqual([
      {
        hospitalPatientId: '9999013',
        patientId,
        created: false,
        changed: true,
        differences: [
          { field: 'kanjiName', hospital: '患者 太郎', renkei: '宮崎 ハル' },
          { field: 'kanaName', hospital: 'カンジャ タロウ', renkei: 'ミヤザキ ハル' },
        ],
      },
    ]);
    expect(result.identityMismatches).toEqual([]);

    const after = await snapshot();
    expect(after.messages).toHaveLength(2);
    const prescriptions = await db().selectFrom('hospital_prescriptions').selectAll().orderBy('position').execute();
    expect(prescriptions.map((p) => [p.patient_id, p.drug_code, p.dose, p.days, p.start_text, p.end_text, p.start_on, p.end_on])).toEqual([
      [patientId, '108665201', '1 錠', 5, '2011-07-01T00:00', '2011-07-05', '2011-07-01', '2011-07-05'],
      [patientId, '110626901', '2 錠', 5, '2011-07-01T00:00', '2011-07-05', '2011-07-01', '2011-07-05'],
      [patientId, '100607002', '50 ミリグラム', 14, '2011-07-01T00:00', '2011-07-14', '2011-07-01', '2011-07-14'],
    ]);
    const source = await db().selectFrom('hospital_messages').selectAll().where('data_type', '=', 'OMP-01').executeTakeFirstOrThrow();
    expect(source).toMatchObject({
      facility_id: hospitalId,
      hospital_patient_id: '9999013',
      order_number: '000000011000185',
      path: OMP01,
      message_control_id: '20110701000001',
      created_at: '2011-07-01T22:46:03.984',
    });
    // Renkei's own allergies, diagnoses and medications are not touched; no patient was created.
    expect({ ...after, messages: [], prescriptions: [] }).toEqual({ ...before, messages: [], prescriptions: [] });
    expect(await feedHead()).toBeGreaterThan(feedBefore);
    const audit = await db()
      .selectFrom('audit_events')
      .select(['action', 'patient_id', 'detail'])
      .where('action', 'like', 'hospital.%')
      .orderBy('seq')
      .execute();
    expect(audit.map((e) => [e.action, e.patient_id])).toEqual([
      ['hospital.link', patientId],
      ['hospital.import', patientId],
      ['hospital.import.run', null],
    ]);
  });

  it('prints the summary in Japanese; importing the same files again changes nothing', async () => {
    const before = await snapshot();
    const feedBefore = await feedHead();
    const run = await admin(['import', 'ssmix2', tree, '--facility', '宮崎中央病院']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/ADT-00\s+0\s+1\s+0\s+0\s+0\s+0\s+0/);
    expect(run.stdout).toMatch(/OMP-01\s+0\s+1\s+0\s+0\s+0\s+0\s+0/);
    expect(run.stdout).toContain('紐づけのない病院の患者：3 人');
    // Imported, and said: the hospital names the patient otherwise.
    expect(run.stdout).toContain('病院の患者基本情報（ADT-00）と記載が違う患者：1 人');
    expect(run.stdout).toContain('氏名：病院「患者 太郎」／Renkei「宮崎 ハル」');
    expect(run.stdout).toContain('病院の患者ID 12345678（オーダ 1 件）');
    expect(run.stdout).toContain('拒否したファイル：14 件');
    expect(run.stdout).toContain(OML11);
    expect(run.stdout).toContain('別の患者の記録を取り込まないよう、読み込みません');
    expect(await snapshot()).toEqual(before);
    expect(await feedHead()).toBe(feedBefore);
  });

  it('imports allergies, diagnoses and lab results once their hospital patients are linked', async () => {
    for (const id of ['12345678', '1234567890', '0001000052'])
      await linkHospitalPatient(backend.database, { hospital: '宮崎中央病院', hospitalPatientId: id, patientId }, 'test', now());
    const result = await importSsmix2(backend.database, { storageRoot: tree, hospital: hospitalId }, 'test', now());
    expect(result.unmatched).toEqual([]);
    expect(result.counts['ADT-61']).toMatchObject({ imported: 1, refused: 1 });
    expect(result.counts['PPR-01']).toMatchObject({ imported: 1, refused: 1 });
    expect(result.counts['OML-11']).toMatchObject({ imported: 1, refused: 1 });
    expect(result.counts['OMP-01']).toMatchObject({ imported: 0, unchanged: 1 });
    const labs = await db().selectFrom('hospital_lab_results').selectAll().where('patient_id', '=', patientId).orderBy('position').execute();
    expect(labs.map((l) => [l.test_code, l.test_text, l.value, l.numeric_value, l.unit, l.reference_range, l.observed_at, l.specimen])).toEqual([
      ['3A016000002327102', 'A/G比', '1.7', 1.7, '', '1.2-2.0', '2011-12-19T15:00', '血清'],
      ['3A010000002327101', '総蛋白', '7.2', 7.2, 'g/dl', '6.70-8.3', '2011-12-19T15:00', '血清'],
      ['3A015000002327101', 'アルブミン', '4.9', 4.9, 'g/dl', '3.7-5.5', '2011-12-19T15:00', '血清'],
    ]);
  });

  it('replaces an order with its newer version instead of adding to it', async () => {
    const newer = OMP01.replace('20110701224603984', '20110702090000000');
    const bytes = readFileSync(join(tree, OMP01), 'latin1').replace('20110701000001', '20110702000001');
    put(tree, newer, Buffer.from(bytes, 'latin1'));
    const result = await importSsmix2(backend.database, { storageRoot: tree, hospital: hospitalId }, 'test', now());
    expect(result.counts['OMP-01']).toMatchObject({ imported: 0, superseded: 1, unchanged: 0 });
    const messages = await db().selectFrom('hospital_messages').selectAll().where('data_type', '=', 'OMP-01').execute();
    expect(messages.map((m) => [m.path, m.message_control_id, m.created_at])).toEqual([[newer, '20110702000001', '2011-07-02T09:00:00.000']]);
    expect(await db().selectFrom('hospital_prescriptions').select('message_id').execute()).toEqual(Array(3).fill({ message_id: messages[0]!.id }));
  });

  it('withdraws an order the hospital deleted (condition flag 0)', async () => {
    const deletion = OMP01.replace('20110701224603984', '20110703090000000').replace(/_1$/, '_0');
    put(tree, deletion, readFileSync(join(tree, OMP01)));
    const feedBefore = await feedHead();
    const result = await importSsmix2(backend.database, { storageRoot: tree, hospital: hospitalId }, 'test', now());
    expect(result.counts['OMP-01']).toMatchObject({ withdrawn: 1, imported: 0, superseded: 0 });
    expect(await db().selectFrom('hospital_prescriptions').selectAll().execute()).toEqual([]);
    expect(await db().selectFrom('hospital_messages').selectAll().where('data_type', '=', 'OMP-01').execute()).toEqual([]);
    expect(await feedHead()).toBeGreaterThan(feedBefore);
    // The deletion applied, the same tree again is unchanged.
    const again = await importSsmix2(backend.database, { storageRoot: tree, hospital: hospitalId }, 'test', now());
    expect(again.counts['OMP-01']).toMatchObject({ withdrawn: 0, unchanged: 1 });
    expect(again.patients.every((p) => !p.changed)).toBe(true);
  });
});

describe('hospital_data in the overview', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    // The prescriptions back (a fresh copy of the tree), to see who reads them.
    const fresh = sampleTree();
    await unlinkHospitalPatient(backend.database, { hospital: hospitalId, hospitalPatientId: '9999013' }, 'test', now());
    await linkHospitalPatient(backend.database, { hospital: hospitalId, hospitalPatientId: '9999013', patientId }, 'test', now());
    await importSsmix2(backend.database, { storageRoot: fresh, hospital: hospitalId, patientId: '9999013' }, 'test', now());
  });

  it('gives the doctor everything with its source: allergies, diagnoses, the most recent prescriptions, lab results, the links', async () => {
    const data = (await overview(doctor)).hospitalData;
    expect(
      data.allergies.map((a: { allergen: { text: string }; allergenType: string; severity: string; reactions: string[]; onset: string }) => [
        a.allergen.text,
        a.allergenType,
        a.severity,
        a.reactions,
        a.onset,
      ]),
    ).toEqual([
      ['スギ', '花粉アレルギー', '軽度', ['目のかゆみ'], '1996-01'],
      ['ソバ', '食物アレルギー', '中等度', ['湿疹'], '小学校低学年の頃'],
      ['ハウスダスト', '環境アレルギー', '軽度', ['くしゃみ'], '2003-02'],
      ['アリナミン', '薬剤アレルギー', '中等度', ['のどの渇きが止まらない'], '2007-07-10'],
    ]);
    expect(data.allergies[0].source).toMatchObject({
      hospital: { id: hospitalId, name: '宮崎中央病院' },
      hospitalPatientId: '12345678',
      dataType: 'ADT-61',
      orderNumber: '999999999999999',
    });
    expect(data.diagnoses.length).toBeGreaterThan(0);
    expect(data.diagnoses[0].source.dataType).toBe('PPR-01');
    // All ended in 2011: the most recent prescription day's are shown, each with its period.
    expect(data.prescriptions.map((p: { drug: { code: string }; start: string; end: string }) => [p.drug.code, p.start, p.end])).toEqual([
      ['108665201', '2011-07-01T00:00', '2011-07-05'],
      ['110626901', '2011-07-01T00:00', '2011-07-05'],
      ['100607002', '2011-07-01T00:00', '2011-07-14'],
    ]);
    expect(data.prescriptions[0].source).toMatchObject({
      messageControlId: '20110701000001',
      createdAt: '2011-07-01T22:46:03',
      orderNumber: '000000011000185',
    });
    expect(data.labResults.map((l: { test: { text: string }; hasNumeric: boolean; numeric: number }) => [l.test.text, l.hasNumeric, l.numeric])).toEqual([
      ['A/G比', true, 1.7],
      ['総蛋白', true, 7.2],
      ['アルブミン', true, 4.9],
    ]);
    expect(data.links.map((l: { hospitalPatientId: string; lastImportedAt: unknown }) => [l.hospitalPatientId, l.lastImportedAt !== null])).toEqual([
      ['0001000052', true],
      ['12345678', true],
      ['1234567890', true],
      ['9999013', true],
    ]);
  });

  it('gives a care worker allergies and diagnoses, no lab results, and prescriptions only while the policy lets them read medications', async () => {
    const data = (await overview(careWorker)).hospitalData;
    expect(data.allergies).toHaveLength(4);
    expect(data.diagnoses.length).toBeGreaterThan(0);
    expect(data.labResults).toEqual([]);
    expect(data.prescriptions).toHaveLength(3);
    await setChartPolicyCell(
      backend.database,
      { recordKind: 'MEDICATIONS', role: 'CARE_TEAM_ROLE_CARE_WORKER', canRead: false, canWrite: false },
      'test',
      now(),
    );
    try {
      const without = (await overview(careWorker)).hospitalData;
      expect(without.prescriptions).toEqual([]);
      expect(without.allergies).toHaveLength(4);
    } finally {
      await setChartPolicyCell(
        backend.database,
        { recordKind: 'MEDICATIONS', role: 'CARE_TEAM_ROLE_CARE_WORKER', canRead: true, canWrite: false },
        'test',
        now(),
      );
    }
  });

  it('gives someone not on the team nothing, and the regional office only the links', async () => {
    const refused = await failure(overview(outsider));
    expect(refused.reason).toBe('PATIENT_NOT_ON_CARE_TEAM');
    const shown = await admin(['patient', 'show', patientId]);
    const office = JSON.parse(shown.stdout).hospitalData;
    expect(office).toMatchObject({ allergies: [], diagnoses: [], prescriptions: [], labResults: [] });
    expect(office.links).toHaveLength(4);
  });

  it('shows prescriptions not yet ended rather than the most recent, and at most 10 values of a test, newest first', async () => {
    const message = await db().selectFrom('hospital_messages').selectAll().where('data_type', '=', 'OML-11').executeTakeFirstOrThrow();
    const today = now().toISOString().slice(0, 10);
    const row = { message_id: message.id, patient_id: patientId, detail_json: '{}' };
    const drug = (code: string, start: string, end: string | null) => ({
      ...row,
      id: randomUUID(),
      position: 0,
      drug_code: code,
      drug_text: code,
      drug_system: 'HOT9',
      dose: '1 錠',
      daily_dose: '',
      usage_code: '',
      usage_text: '',
      usage_system: '',
      days: 0,
      start_text: start,
      end_text: end ?? '',
      start_on: start,
      end_on: end,
      route: '',
      prescription_number: '',
    });
    await db()
      .insertInto('hospital_prescriptions')
      .values([drug('ONGOING', '2026-01-05', '2099-12-31'), drug('ENDED', '2026-01-05', '2026-01-10')])
      .execute();
    await db()
      .insertInto('hospital_lab_results')
      .values(
        Array.from({ length: 12 }, (_, i) => ({
          ...row,
          id: randomUUID(),
          position: i,
          test_code: 'TREND',
          test_text: 'CRP',
          test_system: 'JC10',
          value: String(i),
          numeric_value: i,
          unit: 'mg/dL',
          reference_range: '',
          abnormal_flags: '[]',
          status: 'F',
          observed_at: `2025-${String(i + 1).padStart(2, '0')}-01`,
          specimen: '',
          test_group: '',
        })),
      )
      .execute();
    const data = (await overview(doctor)).hospitalData;
    expect(today < '2099-12-31').toBe(true);
    expect(data.prescriptions.map((p: { drug: { code: string } }) => p.drug.code)).toEqual(['ONGOING']);
    const trend = data.labResults.filter((l: { test: { code: string } }) => l.test.code === 'TREND');
    expect(trend).toHaveLength(LAB_RESULTS_PER_TEST);
    expect(trend.map((l: { value: string }) => l.value)).toEqual(['11', '10', '9', '8', '7', '6', '5', '4', '3', '2']);
  });

  it('removes what a link brought when it is unlinked', async () => {
    const result = await admin(['hospital', 'unlink', '宮崎中央病院', '0001000052']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('紐づけを外しました');
    const labs = await db().selectFrom('hospital_lab_results').select('test_code').where('test_code', '!=', 'TREND').execute();
    expect(labs).toEqual([]);
    const links = await admin(['hospital', 'links', '--facility', '宮崎中央病院', '--json']);
    expect(JSON.parse(links.stdout).map((l: { hospitalPatientId: string }) => l.hospitalPatientId)).toEqual(['12345678', '1234567890', '9999013']);
  });
});

describe('registering patients from ADT-00 (--create-patients)', { timeout: 120_000 }, () => {
  it('registers and links the hospital patient from its demographics; those without ADT-00 stay unmatched with the reason', async () => {
    await createFacility(backend.database, { name: '登呂病院', nameKana: 'トロビョウイン', kind: 'FACILITY_KIND_HOSPITAL' }, now());
    const before = await db().selectFrom('patients').select('id').execute();
    const run = await admin(['import', 'ssmix2', tree, '--facility', '登呂病院', '--create-patients', '--json']);
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout);
    expect(result.patients).toHaveLength(1);
    expect(result.patients[0]).toMatchObject({ hospitalPatientId: '9999013', created: true, changed: true });
    expect(result.unmatched.map((u: { hospitalPatientId: string; notCreated: { ja: string } }) => [u.hospitalPatientId, u.notCreated.ja])).toEqual([
      ['0001000052', expect.stringContaining('患者基本情報（ADT-00）がないため登録できません')],
      ['12345678', expect.stringContaining('ADT-00')],
      ['1234567890', expect.stringContaining('ADT-00')],
    ]);
    const created = await db().selectFrom('patients').selectAll().where('id', '=', result.patients[0].patientId).executeTakeFirstOrThrow();
    expect(created).toMatchObject({
      family_name: '患者',
      given_name: '太郎',
      family_name_kana: 'カンジャ',
      given_name_kana: 'タロウ',
      birth_date: '1948-04-05',
      sex: 'SEX_MALE',
      postal_code: '422-8033',
      address: '静岡県静岡市登呂１－３－５',
      phone: '054-000-0000',
    });
    expect(Number(created.regional_number)).toBe(before.length + 1);
    const link = await db().selectFrom('hospital_patient_links').selectAll().where('patient_id', '=', created.id).executeTakeFirstOrThrow();
    expect(link.hospital_patient_id).toBe('9999013');
    expect(await db().selectFrom('patients').select('id').execute()).toHaveLength(before.length + 1);
    const audit = await db().selectFrom('audit_events').select('action').where('patient_id', '=', created.id).orderBy('seq').execute();
    expect(audit.map((e) => e.action)).toEqual(['hospital.import.patient-created', 'hospital.import']);
  });
});

describe('the hospital’s ADT-00 against the linked patient', { timeout: 120_000 }, () => {
  it('imports nothing for a linked patient the hospital says is born on another day or of the other sex, and says so', async () => {
    await createFacility(backend.database, { name: '日南病院', nameKana: 'ニチナンビョウイン', kind: 'FACILITY_KIND_HOSPITAL' }, now());
    // A mistyped link: 9999013 recorded for a woman born 1938.
    const someoneElse = (await region.patient({ familyName: '日南', givenName: '花', familyNameKana: 'ニチナン', givenNameKana: 'ハナ' })).id;
    expect((await admin(['hospital', 'link', '日南病院', '9999013', '--patient', someoneElse])).stderr).toBe('');
    const feedBefore = await feedHead();
    const run = await admin(['import', 'ssmix2', tree, '--facility', '日南病院', '--patient', '9999013', '--json']);
    // A nightly job must notice: the import ran, but a person has to look at the link.
    expect(run.code).toBe(3);
    expect(run.stderr).toBe('確認が必要な患者がいます（終了コード 3） / 1 patient(s) held back as possibly someone else: check the links (exit status 3)\n');
    const result = JSON.parse(run.stdout);
    expect(result.patients).toEqual([]);
    expect(result.identityMismatches).toEqual([
      {
        hospitalPatientId: '9999013',
        patientId: someoneElse,
        orders: expect.any(Number),
        mismatches: [
          { field: 'birthDate', hospital: '1948-04-05', renkei: '1938-04-02' },
          { field: 'sex', hospital: 'SEX_MALE', renkei: 'SEX_FEMALE' },
        ],
      },
    ]);
    expect(await db().selectFrom('hospital_messages').select('id').where('patient_id', '=', someoneElse).execute()).toEqual([]);
    expect(await feedHead()).toBe(feedBefore);
    // The log says which fields, not the hospital's values.
    const logged = await db()
      .selectFrom('audit_events')
      .select('detail')
      .where('action', '=', 'hospital.import.run')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(logged.detail).identityMismatches).toEqual([{ hospitalPatientId: '9999013', patientId: someoneElse, fields: ['birthDate', 'sex'] }]);
    expect(logged.detail).not.toContain('1948');

    const text = await admin(['import', 'ssmix2', tree, '--facility', '日南病院', '--patient', '9999013']);
    expect(text.code).toBe(3);
    expect(text.stdout).toContain('別人の可能性がある患者：1 人（生年月日または性別が病院の患者基本情報（ADT-00）と違うため取り込んでいません');
    expect(text.stdout).toContain('生年月日：病院「1948-04-05」／Renkei「1938-04-02」');
    expect(text.stdout).toContain('性別：病院「男」／Renkei「女」');
  });

  it('imports the same person written otherwise, reporting only what differs: an address in other digits and hyphens is the same', async () => {
    await unlinkHospitalPatient(backend.database, { hospital: '日南病院', hospitalPatientId: '9999013' }, 'test', now());
    const samePerson = (
      await region.patient({
        familyName: '患者',
        givenName: '太朗',
        familyNameKana: 'カンジャ',
        givenNameKana: 'タロウ',
        birthDate: '1948-04-05',
        sex: 'SEX_MALE',
        postalCode: '422-8033',
        address: '静岡県静岡市登呂1-3-5',
        phone: '0985-11-2222',
      })
    ).id;
    await linkHospitalPatient(backend.database, { hospital: '日南病院', hospitalPatientId: '9999013', patientId: samePerson }, 'test', now());
    const result = await importSsmix2(backend.database, { storageRoot: tree, hospital: '日南病院', patientId: '9999013' }, 'test', now());
    expect(result.identityMismatches).toEqual([]);
    expect(result.patients).toEqual([
      {
        hospitalPatientId: '9999013',
        patientId: samePerson,
        created: false,
        changed: true,
        differences: [
          { field: 'kanjiName', hospital: '患者 太郎', renkei: '患者 太朗' },
          { field: 'phone', hospital: '054-000-0000', renkei: '0985-11-2222' },
        ],
      },
    ]);

    // Once the office archives the patient, the record is closed: the import adds nothing and says so.
    await archivePatient(backend.database, samePerson, '転居のため', 'test', now());
    const feedBefore = await feedHead();
    const closed = await importSsmix2(backend.database, { storageRoot: tree, hospital: '日南病院', patientId: '9999013' }, 'test', now());
    expect(closed.patients).toEqual([]);
    expect(closed.archived).toEqual([{ hospitalPatientId: '9999013', patientId: samePerson, orders: expect.any(Number) }]);
    expect(await feedHead()).toBe(feedBefore);
    const text = await admin(['import', 'ssmix2', tree, '--facility', '日南病院', '--patient', '9999013']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('アーカイブ済みの患者：1 人（記録が閉じられているため取り込んでいません）');
    expect(text.stdout).toContain(`病院の患者ID 9999013 → 患者 ${samePerson}`);
  });
});

describe('LAB_RESULTS in the chart policy', () => {
  it('is read by the clinical roles and the care manager, by no care worker, and written by nobody', () => {
    const rules = DEFAULT_CHART_POLICY.filter((rule) => rule.recordKind === 'LAB_RESULTS');
    expect(rules.filter((rule) => rule.canWrite)).toEqual([]);
    const readers = rules.filter((rule) => rule.canRead).map((rule) => rule.role);
    expect(readers).toContain('CARE_TEAM_ROLE_ATTENDING_DOCTOR');
    expect(readers).toContain('CARE_TEAM_ROLE_VISITING_NURSE');
    expect(readers).toContain('CARE_TEAM_ROLE_CARE_MANAGER');
    expect(readers).not.toContain('CARE_TEAM_ROLE_CARE_WORKER');
    const vitals = DEFAULT_CHART_POLICY.filter((rule) => rule.recordKind === 'VITAL_SIGNS' && rule.canRead).map((rule) => rule.role);
    expect(readers).toEqual(vitals);
    // A policy row saying otherwise (written into the table by hand) still lets nobody write.
    const access = evaluateChartPolicy(
      ['CARE_TEAM_ROLE_ATTENDING_DOCTOR'],
      [{ record_kind: 'LAB_RESULTS', role: 'CARE_TEAM_ROLE_ATTENDING_DOCTOR', can_read: 1, can_write: 1 }],
    );
    expect(access.may('LAB_RESULTS', 'read')).toBe(true);
    expect(access.may('LAB_RESULTS', 'write')).toBe(false);
  });

  it('refuses `policy set` letting a role write lab results', async () => {
    const set = await admin(['policy', 'set', '--record-kind', 'lab-results', '--role', 'attending-doctor', '--read', 'yes', '--write', 'yes']);
    expect(set.stderr).toContain('病院からの取り込みだけで記録されます');
    expect(set.code).toBe(2);
    const cell = await db()
      .selectFrom('chart_policy')
      .selectAll()
      .where('record_kind', '=', 'LAB_RESULTS')
      .where('role', '=', 'CARE_TEAM_ROLE_ATTENDING_DOCTOR')
      .executeTakeFirstOrThrow();
    expect(cell).toMatchObject({ can_read: 1, can_write: 0 });
  });
});
