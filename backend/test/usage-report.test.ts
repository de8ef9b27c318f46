// renkei-admin report on a small region with known activity in October and November 2026: the
// activity goes through the real RPCs (so logins, calls and their audit entries are the server's
// own), the report is written by the real command in a child process, and its CSV and PDF are read
// back and checked count by count, with the month boundary taken in Japan time.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeDevice } from '../src/devices/devices';
import { call, closeClients, type Credentials } from './support/api-client';
import { closeDocumentClients, uploadDocument } from './support/document-transfer';
import { wordsOf } from './support/pdf-words';
import { TEST_PASSWORD, TestRegion } from './support/region';
import { startTestBackend, type TestBackend } from './support/test-backend';

const run = promisify(execFile);
const bin = new URL('../bin/renkei-admin.mjs', import.meta.url).pathname;
// A cold renkei-admin process (TypeScript, database, PDF and chart libraries) takes seconds on a
// loaded 2-core machine; this only guards against a hang.
const TEST_TIMEOUT_MS = 120_000;

let backend: TestBackend;
const INSTRUCTION_VALUES = {
  instructionKind: 'SPECIAL',
  instructionPeriod: { from: '2026-11-10', to: '2026-11-16' },
  issuedOn: '2026-11-10',
  mainDiagnosis: '慢性心不全',
  conditionSummary: '安定。',
  careNotes: '体重と浮腫を確認。',
  addresseeStation: 'みらい訪問看護ステーション',
};
let outDir: string;

/** Sets the backend's clock to a time in Japan, e.g. "2026-10-31T23:30". */
function setJapanTime(local: string): void {
  const target = Date.parse(`${local}:00+09:00`);
  backend.clock.advance(target - backend.clock.now().getTime());
}

function admin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, '--data-dir', backend.dataDir, ...args], { timeout: 90_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

function parseCsv(text: string): Record<string, string>[] {
  expect(text.startsWith('\ufeff')).toBe(true);
  const [header, ...rows] = text
    .slice(1)
    .trimEnd()
    .split('\r\n')
    .map((line) => line.split(','));
  return rows.map((cells) => Object.fromEntries(header!.map((h, i) => [h, cells[i]!])));
}

beforeAll(async () => {
  backend = await startTestBackend();
  outDir = mkdtempSync(join(tmpdir(), 'renkei-report-'));
  const pdf = await PDFDocument.create();
  pdf.addPage([595, 842]).drawText('Referral letter', { x: 50, y: 780, size: 14 });
  const letter = join(outDir, 'letter.pdf');
  writeFileSync(letter, await pdf.save());
  const notes = (request: object, who: Credentials) => call(clinic.clinical, 'ProgressNoteService', 'WriteNote', request, who);
  const post = (on: object, body: string, who: Credentials) =>
    call(clinic.clinical, 'TimelineService', 'WritePost', { timeline: on, clientRequestId: randomUUID(), body }, who);
  const soap = { subjective: '', objective: 'BP 128/74', assessment: '', plan: '経過観察' };

  // October: a clinic and a care management office join; the clinic's doctor and nurse sign in and
  // share; the care manager is registered but does nothing.
  setJapanTime('2026-10-15T10:00');
  const clinic = new TestRegion(backend, 'FACILITY_KIND_CLINIC', 'みやざき在宅クリニック');
  const office = clinic.office('FACILITY_KIND_CARE_MANAGEMENT_OFFICE', 'ひなた居宅介護支援事業所');
  const doctor = await clinic.user('PROFESSION_DOCTOR', ['黒木', '健一']);
  const nurse = await clinic.user('PROFESSION_NURSE', ['甲斐', '由美']);
  const careManager = await office.user('PROFESSION_CARE_MANAGER', ['日高', '恵']);
  const patient = await clinic.patient();
  await clinic.join(patient.id, doctor.id, 'CARE_TEAM_ROLE_ATTENDING_DOCTOR');
  await clinic.join(patient.id, nurse.id, 'CARE_TEAM_ROLE_VISITING_NURSE');
  // The care manager's office is the one partner office the clinic's items reach, until she leaves the team on 5 November.
  await clinic.join(patient.id, careManager.id, 'CARE_TEAM_ROLE_CARE_MANAGER');
  const doctorPc = await clinic.approvedDevice();
  const nursePc = await clinic.approvedDevice();
  let asDoctor = await clinic.session(doctor.login_id, doctorPc); // October login 1
  let asNurse = await clinic.session(nurse.login_id, nursePc); // October login 2
  // A wrong password is a refused login: not counted.
  await call(clinic.clinical, 'AuthService', 'Login', { loginId: nurse.login_id, password: `${TEST_PASSWORD}x` }, { device: nursePc.credential }).catch(
    () => undefined,
  );
  await notes({ patientId: patient.id, soap }, asDoctor); // October note 1
  await post({ patientId: patient.id }, '本日訪問。食事量は半分ほど。', asNurse); // October post 1; the patient's timeline starts

  // 23:30 on 31 October in Japan: still October.
  setJapanTime('2026-10-31T23:30');
  asDoctor = await clinic.session(doctor.login_id, doctorPc); // October login 3
  await notes({ patientId: patient.id, soap }, asDoctor); // October note 2

  // 00:30 on 1 November in Japan (15:30 on 31 October UTC): November's.
  setJapanTime('2026-11-01T00:30');
  asNurse = await clinic.session(nurse.login_id, nursePc); // November login 1
  await post({ patientId: patient.id }, '夜間に発熱、37.8℃。', asNurse); // November post 1

  setJapanTime('2026-11-05T10:00');
  await backend.database.db
    .updateTable('care_team_memberships')
    .set({ left_at: backend.clock.now().toISOString() })
    .where('patient_id', '=', patient.id)
    .where('user_id', '=', careManager.id)
    .execute();

  setJapanTime('2026-11-10T10:00');
  asDoctor = await clinic.session(doctor.login_id, doctorPc); // November login 2
  const form = await call(
    clinic.clinical,
    'FormService',
    'CreateForm',
    {
      patientId: patient.id,
      documentType: 'DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION',
      title: '訪問看護指示書',
      valuesJson: JSON.stringify(INSTRUCTION_VALUES),
    },
    asDoctor,
  ); // November form 1 (a version saved)
  await call(clinic.clinical, 'FormService', 'FinaliseForm', { patientId: patient.id, formId: form.formId, version: form.version }, asDoctor); // November form 2 (finalised)
  await uploadDocument(
    clinic.clinical,
    asDoctor,
    {
      patientId: patient.id,
      uploadId: randomUUID(),
      documentType: 'DOCUMENT_TYPE_REFERRAL_LETTER',
      title: '',
      fileName: 'letter.pdf',
      issuedOn: '2026-11-09',
      issuer: '宮崎病院',
    } as never,
    readFileSync(letter),
  ); // November document 1
  const group = await call(
    clinic.clinical,
    'TimelineService',
    'CreateGroup',
    { clientRequestId: randomUUID(), title: '在宅連携の会', memberUserIds: [nurse.id] },
    asDoctor,
  );
  await post({ groupId: group.timeline.groupId }, '来週の勉強会の資料です。', asDoctor); // November post 2
  await clinic.patient({ familyName: '日向', givenName: '夏', familyNameKana: 'ヒュウガ', givenNameKana: 'ナツ' }); // November's new patient
  await clinic.user('PROFESSION_PHARMACIST', ['椎葉', '翔']);
  await revokeDevice(backend.database, nursePc.id, 'test', backend.clock.now());
  setJapanTime('2026-12-07T09:00');
}, TEST_TIMEOUT_MS);

afterAll(async () => {
  closeClients();
  closeDocumentClients();
  await backend?.stop();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('renkei-admin report', { timeout: TEST_TIMEOUT_MS }, () => {
  it('writes the CSV with each month counted in Japan time, and the PDF with its titles, numbers, charts and assumptions', async () => {
    const dir = join(outDir, 'range');
    mkdirSync(dir);
    const result = await admin(['report', '--from', '2026-10', '--to', '2026-11', '--out', dir]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['renkei-usage-2026-10_2026-11.csv', 'renkei-usage-2026-10_2026-11.pdf']);

    const rows = parseCsv(readFileSync(join(dir, 'renkei-usage-2026-10_2026-11.csv'), 'utf8'));
    expect(rows.map((r) => r['年月'])).toEqual(['2026-10', '2026-11']);
    const [october, november] = rows as [Record<string, string>, Record<string, string>];
    expect(october).toMatchObject({
      '登録利用者数（月末）': '3',
      利用者_医師: '1',
      利用者_看護師: '1',
      利用者_ケアマネジャー: '1',
      利用者_薬剤師: '0',
      '登録事業所数（月末）': '2',
      事業所_診療所: '1',
      事業所_居宅介護支援事業所: '1',
      '稼働端末数（月末）': '2',
      'ログイン数（延べ）': '3',
      実利用者数: '2',
      投稿数: '1',
      経過記録: '2',
      文書: '0',
      様式: '0',
      '記録操作数（計）': '2',
      '登録患者数（月末）': '1',
      新規登録患者数: '1',
      '患者グループ数（連絡帳・月末）': '1',
      'グループ数（月末）': '0',
      // 3 shared items, each reaching the one other office on the team: 3 calls and FAXes replaced by 3
      // shares, nothing saved; the pilot's 4 offices would have said 3 × 4 min × 3 saved.
      共有件数: '3',
      '連携先への延べ共有数（実測）': '3',
      '平均連携先数（実測）': '1',
      '1対1想定（分）': '12',
      '1対n（分）': '12',
      '削減時間（分）': '0',
      '効果額（円）': '0',
      '削減時間_実証モデルの仮定（分）': '36',
      '効果額_実証モデルの仮定（円）': '720',
    });
    expect(november).toMatchObject({
      '登録利用者数（月末）': '4',
      利用者_薬剤師: '1',
      '登録事業所数（月末）': '2',
      '稼働端末数（月末）': '1',
      'ログイン数（延べ）': '2',
      実利用者数: '2',
      投稿数: '2',
      経過記録: '0',
      文書: '1',
      様式: '2',
      '記録操作数（計）': '3',
      '登録患者数（月末）': '2',
      新規登録患者数: '1',
      '患者グループ数（連絡帳・月末）': '1',
      'グループ数（月末）': '1',
      // Only the post of 1 November reached the care manager's office; she had left by the form and the
      // document, and the group post stayed within the clinic.
      共有件数: '5',
      '連携先への延べ共有数（実測）': '1',
      '平均連携先数（実測）': '0.2',
      '1対1想定（分）': '4',
      '1対n（分）': '4',
      '削減時間（分）': '0',
      '効果額（円）': '0',
      '削減時間_実証モデルの仮定（分）': '60',
      '効果額_実証モデルの仮定（円）': '1200',
    });

    const pdf = readFileSync(join(dir, 'renkei-usage-2026-10_2026-11.pdf'));
    const { words, pages, pageText } = await wordsOf(pdf, outDir, 'check.pdf');
    const text = Array.from({ length: pages }, (_, i) => pageText(i + 1)).join('');
    expect(text).toContain('在宅医療介護連携システム利用状況報告');
    expect(text).toContain('テスト地域');
    expect(text).toContain('対象期間:2026年10月〜2026年11月');
    for (const heading of ['1.月別の利用状況', '2.投稿と記録操作', '4.費用対効果の試算']) expect(text).toContain(heading);
    // The monthly table's rows: 利用者, 事業所, 端末, ログイン, 実利用者, 投稿, 記録操作, 患者, 患者グループ.
    const rowOf = (label: string) => {
      const first = words.find((w) => w.text === label)!;
      return words.filter((w) => w.page === first.page && Math.abs(w.yMin - first.yMin) < 3 && w !== first).map((w) => w.text);
    };
    expect(rowOf('2026年10月')).toEqual(['3', '2', '2', '3', '2', '1', '2', '1', '1']);
    expect(rowOf('2026年11月')).toEqual(['4', '2', '1', '2', '2', '2', '3', '2', '1']);
    // The charts are drawn as text and shapes: their titles and month labels are in the PDF's text.
    expect(text).toContain('ログイン数と実利用者数');
    expect(text).toContain('投稿と記録操作');
    // The estimate's total and its stated assumptions.
    expect(text).toContain('1,920'); // the pilot's assumption, beside the measured 0
    expect(text).toContain('0.50'); // 4 offices reached by 8 items
    for (const assumption of ['電話（約2分）とFAX（約2分）', '連携先の数は実測', '連携先4事業所', '1,200円', '日経ヘルスケア2018年2月', '削減率75%']) {
      expect(text.replace(/\s/g, '')).toContain(assumption);
    }

    // One month alone: the same counts as in the range.
    const single = join(outDir, 'single');
    mkdirSync(single);
    const one = await admin(['report', '--month', '2026-11', '--out', single, '--json']);
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout)).toEqual({ pdf: join(single, 'renkei-usage-2026-11.pdf'), csv: join(single, 'renkei-usage-2026-11.csv') });
    expect(parseCsv(readFileSync(join(single, 'renkei-usage-2026-11.csv'), 'utf8'))).toEqual([november]);
    expect((await wordsOf(readFileSync(join(single, 'renkei-usage-2026-11.pdf')), outDir, 'single.pdf')).pageText(1)).toContain('対象期間:2026年11月');

    await run('pdftoppm', ['-png', '-r', '80', join(outDir, 'check.pdf'), join(outDir, 'page')]);
    mkdirSync('test-results', { recursive: true });
    for (const file of readdirSync(outDir).filter((f) => f.startsWith('page')))
      writeFileSync(join('test-results', `usage-report-${file}`), readFileSync(join(outDir, file)));
  });

  it('refuses a month that does not exist, a range backwards, and a period given twice or not at all, writing nothing', async () => {
    const dir = join(outDir, 'refused-period');
    mkdirSync(dir);
    const badMonth = await admin(['report', '--month', '2026-13', '--out', dir]);
    expect(badMonth.code).toBe(2);
    expect(badMonth.stderr).toContain('--month "2026-13" は年月として読めません。YYYY-MM（例: 2026-11）で指定してください');
    const backwards = await admin(['report', '--from', '2026-11', '--to', '2026-10', '--out', dir]);
    expect(backwards.code).toBe(2);
    expect(backwards.stderr).toContain('--from 2026-11 が --to 2026-10 より後です');
    const both = await admin(['report', '--month', '2026-11', '--from', '2026-10', '--to', '2026-11', '--out', dir]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--month と --from/--to は同時に指定できません');
    const none = await admin(['report', '--out', dir]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('対象月を --month YYYY-MM、または期間を --from YYYY-MM --to YYYY-MM で指定してください');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a missing or unwritable folder and a name taken by a folder, writing nothing', async () => {
    const dir = join(outDir, 'refused-folder');
    mkdirSync(dir);
    const missing = await admin(['report', '--month', '2026-11', '--out', join(dir, 'nowhere')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('がありません');
    // A folder no one may create files in, root included (/proc): refused, with the system's reason.
    const proc = await admin(['report', '--month', '2026-11', '--out', '/proc']);
    expect(proc.code).toBe(2);
    expect(proc.stderr).toMatch(/出力先 \/proc に書き込めません（E[A-Z]+）。書き込みできるフォルダーを --out に指定してください/);
    // Something other than an earlier report where the report would go: refused before writing.
    mkdirSync(join(dir, 'renkei-usage-2026-11.csv'));
    const occupied = await admin(['report', '--month', '2026-11', '--out', dir]);
    expect(occupied.code).toBe(2);
    expect(occupied.stderr).toContain('はファイルではないため上書きできません');
    expect(readdirSync(dir)).toEqual(['renkei-usage-2026-11.csv']);
    rmSync(join(dir, 'renkei-usage-2026-11.csv'), { recursive: true });
    chmodSync(dir, 0o500);
    try {
      const readOnly = await admin(['report', '--month', '2026-11', '--out', dir]);
      // root may write anywhere; everyone else is refused.
      if (process.getuid?.() !== 0) {
        expect(readOnly.code).toBe(2);
        expect(readOnly.stderr).toContain('に書き込めません（EACCES）');
      }
    } finally {
      chmodSync(dir, 0o700);
    }
    expect(readdirSync(dir).filter((f) => f !== 'renkei-usage-2026-11.pdf' && f !== 'renkei-usage-2026-11.csv')).toEqual([]);
    if (process.getuid?.() !== 0) expect(readdirSync(dir)).toEqual([]);
  });
});
