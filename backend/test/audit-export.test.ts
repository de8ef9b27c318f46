// The access log as the regional office hands it out, and the checks that it was not rewritten:
// renkei-admin (a real child process) on the data directory of a running backend, after users did
// real things through the API. The CSV is parsed by an independent CSV library (csv-parse) and
// matched against what the test did; the chain is then truncated and rewritten under the CLI's
// eyes, with hashes this file computes itself.
import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { japanDayOf } from '@renkei/proto/calendar';
import { recordConsent } from '../src/consent/consents';
import { closeClients, failure } from './support/api-client';
import { TestRegion, call, startTestBackend, type TestBackend } from './support';

// Several cold renkei-admin processes per test (~2.5 s each on an idle machine): see cli.test.ts.
const CLI_TEST_TIMEOUT_MS = 180_000;
const bin = new URL('../bin/renkei-admin.mjs', import.meta.url).pathname;

let backend: TestBackend;
let region: TestRegion;
let station: TestRegion;
let outDir: string;
let patientId: string;
let doctor: { id: string; login_id: string };
let nurse: { id: string; login_id: string };
let outsider: { id: string; login_id: string };
let doctorDevice: { id: string; credential: string };

function admin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, '--data-dir', backend.dataDir, ...args], { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

type CsvRow = Record<string, string>;

function parseCsv(text: string): { header: string[]; rows: CsvRow[] } {
  const records: string[][] = parse(text, { bom: true });
  const [header, ...body] = records;
  return { header: header!, rows: body.map((cells) => Object.fromEntries(header!.map((name, i) => [name, cells[i]!]))) };
}

async function exportCount(): Promise<number> {
  const row = await backend.database.db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('action', '=', 'audit.export')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

beforeAll(async () => {
  backend = await startTestBackend();
  outDir = mkdtempSync(join(tmpdir(), 'renkei-audit-export-'));
  region = new TestRegion(backend, 'FACILITY_KIND_CLINIC', 'ひむか在宅クリニック');
  station = region.office('FACILITY_KIND_VISITING_NURSE_STATION', '訪問看護ステーションあおしま');
  doctor = await region.user('PROFESSION_DOCTOR', ['日高', '誠']);
  nurse = await station.user('PROFESSION_NURSE', ['永友', '恵']);
  outsider = await region.user('PROFESSION_CARE_MANAGER', ['黒木', '修']);
  const patient = await region.patient();
  patientId = patient.id;
  await region.join(patientId, doctor.id, 'CARE_TEAM_ROLE_ATTENDING_DOCTOR');
  await station.join(patientId, nurse.id, 'CARE_TEAM_ROLE_VISITING_NURSE');
  // The patient's consent lets the nurse's station see the chart; the office records it.
  await recordConsent(
    backend.database,
    { kind: 'regional-office', label: 'admin:test@office' },
    { patientId, obtainedOn: japanDayOf(backend.clock.now()).toString(), obtainedBy: '事務局 佐藤', scope: 'CONSENT_SCOPE_CARE_TEAM' },
    backend.clock.now(),
  );

  doctorDevice = await region.approvedDevice();
  const doctorSession = await region.session(doctor.login_id, doctorDevice);
  const nurseSession = await station.session(nurse.login_id);
  const outsiderSession = await region.session(outsider.login_id);
  await call(region.clinical, 'PatientService', 'GetPatientOverview', { patientId }, doctorSession);
  await call(
    region.clinical,
    'ProgressNoteService',
    'WriteNote',
    { patientId, soap: { subjective: '夜間の咳が減った', objective: '', assessment: '', plan: '経過観察' }, clientRequestId: randomUUID() },
    doctorSession,
  );
  await call(region.clinical, 'PatientService', 'GetPatientOverview', { patientId }, nurseSession);
  const refused = await failure(call(region.clinical, 'PatientService', 'GetPatientOverview', { patientId }, outsiderSession));
  expect(refused.reason).toBe('PATIENT_NOT_ON_CARE_TEAM');
});

afterAll(async () => {
  closeClients();
  await backend?.stop();
  rmSync(outDir, { recursive: true, force: true });
});

describe('renkei-admin audit export', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it("writes a patient's access log as CSV for Excel: BOM, Japanese headers, Japan time, names and words, newest first", async () => {
    const result = await admin(['audit', 'export', '--patient', patientId]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('\uFEFF"日時（日本時間）"')).toBe(true);
    expect(result.stdout).toContain('\r\n');
    const { header, rows } = parseCsv(result.stdout);
    expect(header).toEqual([
      '日時（日本時間）',
      '操作者',
      '操作者の区分',
      '職種',
      '所属事業所',
      '端末',
      '端末の設置事業所',
      '操作',
      '結果',
      '患者',
      '患者ID',
      '理由',
      '詳細',
      '記録番号',
    ]);

    // Exactly what the test did about this patient, newest first: the regional office's tool keeps its
    // stored label in 操作者 and is named 「事務局」 beside it.
    const seen = rows.map((r) => [r['操作者'], r['操作者の区分'], r['職種'], r['所属事業所'], r['操作'], r['結果']]);
    expect(seen).toEqual([
      ['黒木 修', '利用者', 'ケアマネジャー', 'ひむか在宅クリニック', expect.stringContaining('GetPatientOverview'), '拒否'],
      ['永友 恵', '利用者', '看護師', '訪問看護ステーションあおしま', '患者基本情報の閲覧', '成功'],
      ['日高 誠', '利用者', '医師', 'ひむか在宅クリニック', '経過記録の記入', '成功'],
      ['日高 誠', '利用者', '医師', 'ひむか在宅クリニック', '患者基本情報の閲覧', '成功'],
      ['admin:test@office', '事務局', '', '', '同意の登録', '成功'],
    ]);
    expect(rows.every((r) => r['患者'] === '宮崎 ハル' && r['患者ID'] === patientId)).toBe(true);
    expect(rows[4]!['端末']).toBe('');
    expect(rows[3]!['端末']).toBe('テスト端末');
    expect(rows[1]!['端末の設置事業所']).toBe('訪問看護ステーションあおしま');
    expect(rows[0]!['理由']).toBe('PATIENT_NOT_ON_CARE_TEAM');

    // The time is the stored instant in Japan time (UTC+9), to the second.
    const stored = await backend.database.db
      .selectFrom('audit_events')
      .select(['seq', 'at'])
      .where('seq', '=', Number(rows[0]!['記録番号']))
      .executeTakeFirstOrThrow();
    const jst = new Date(Date.parse(stored.at) + 9 * 3600_000).toISOString();
    expect(rows[0]!['日時（日本時間）']).toBe(`${jst.slice(0, 4)}/${jst.slice(5, 7)}/${jst.slice(8, 10)} ${jst.slice(11, 19)}`);
  });

  it('records each export, so the next export of the patient shows who read the log', async () => {
    const before = await exportCount();
    const out = join(outDir, 'patient.csv');
    const result = await admin(['audit', 'export', '--patient', patientId, '--out', out]);
    expect(result.code).toBe(0);
    expect(await exportCount()).toBe(before + 1);
    const { rows } = parseCsv(readFileSync(out, 'utf8'));
    // Newest first: the earlier export heads this one.
    expect(rows[0]!['操作']).toBe('アクセス記録の出力');
    expect(rows[0]!['操作者']).toMatch(/^admin:/);
    expect(rows[0]!['操作者の区分']).toBe('事務局');
    expect(rows.filter((r) => r['操作'] === 'アクセス記録の出力').length).toBeGreaterThanOrEqual(1);

    // The file is not overwritten by a second export to the same name.
    const again = await admin(['audit', 'export', '--patient', patientId, '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('書き出せません');
    expect(await exportCount()).toBe(before + 1);
  });

  it("exports a user's and a device's events for the regional office", async () => {
    const byUser = parseCsv((await admin(['audit', 'export', '--user', nurse.login_id])).stdout).rows;
    expect(byUser.map((r) => r['操作'])).toEqual(['患者基本情報の閲覧', 'ログイン']);
    expect(byUser.every((r) => r['操作者'] === '永友 恵')).toBe(true);

    const byDevice = parseCsv((await admin(['audit', 'export', '--device', doctorDevice.id.slice(0, 8)])).stdout).rows;
    // The device's own enrollment and the office's approval are its events too.
    expect(byDevice.map((r) => r['操作'])).toEqual(['経過記録の記入', '患者基本情報の閲覧', 'ログイン', '端末の承認', '端末の登録申請']);
    expect(byDevice.every((r) => r['端末'] === 'テスト端末')).toBe(true);
    expect(byDevice.slice(0, 3).every((r) => r['操作者'] === '日高 誠')).toBe(true);
  });

  it('keeps to the period, counted in days in Japan, the last day included', async () => {
    const today = japanDayOf(backend.clock.now());
    const day = (offset: number) => today.add({ days: offset }).toString();
    const rowsFor = async (...period: string[]) => parseCsv((await admin(['audit', 'export', '--user', doctor.login_id, ...period])).stdout).rows;
    expect(await rowsFor('--from', day(0), '--to', day(0))).toHaveLength(3);
    expect(await rowsFor('--from', day(1))).toHaveLength(0);
    expect(await rowsFor('--to', day(-1))).toHaveLength(0);
  });

  it('refuses unknown patients, users and devices, bad dates and a period ending before it starts, writing nothing', async () => {
    const before = await exportCount();
    const out = join(outDir, 'refused.csv');
    const cases: [string[], RegExp][] = [
      [['--patient', randomUUID()], /患者ID .* は登録されていません/],
      [['--patient', 'not-an-id'], /IDの形式が正しくありません/],
      [['--user', 'nobody.here'], /ユーザーID「nobody.here」は登録されていません/],
      [['--device', 'ffffffff'], /「ffffffff」に該当する端末はありません/],
      [['--patient', patientId, '--from', '2026-02-30'], /from: 存在する日付を YYYY-MM-DD/],
      [['--patient', patientId, '--to', '2026/12/01'], /to: 存在する日付を YYYY-MM-DD/],
      [['--patient', patientId, '--from', '2026-12-02', '--to', '2026-12-01'], /終了日は開始日以降/],
      [['--patient', patientId, '--user', doctor.login_id], /いずれか一つ/],
      [[], /いずれか一つ/],
    ];
    for (const [args, message] of cases) {
      const result = await admin(['audit', 'export', ...args, '--out', out]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(existsSync(out), args.join(' ')).toBe(false);
    }
    expect(await exportCount()).toBe(before);
  });
});

const GENESIS = '0'.repeat(64);

/** The chain's hash, computed here from its definition rather than by the code under test. */
function hashOf(
  prevHash: string,
  r: {
    at: string;
    actor_user_id: string | null;
    actor_device_id: string | null;
    actor_label: string;
    action: string;
    patient_id: string | null;
    outcome: string;
    detail: string;
  },
) {
  const fields = [r.at, r.actor_user_id, r.actor_device_id, r.actor_label, r.action, r.patient_id, r.outcome, r.detail];
  return createHash('sha256').update(prevHash).update(JSON.stringify(fields)).digest('hex');
}

describe('renkei-admin audit head and verify', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('anchors the head; verify then catches a deleted last event, and a whole chain rewritten after the anchor', async () => {
    const anchorFile = join(outDir, 'anchor.json');
    const head = await admin(['audit', 'head', '--out', anchorFile]);
    expect(head.code).toBe(0);
    const anchor = JSON.parse(readFileSync(anchorFile, 'utf8')) as { seq: number; hash: string };
    expect(head.stdout).toContain(anchor.hash);
    const last = await backend.database.db.selectFrom('audit_events').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(anchor).toMatchObject({ seq: Number(last.seq), hash: last.hash });

    expect((await admin(['audit', 'verify', '--anchor', anchorFile])).code).toBe(0);
    expect((await admin(['audit', 'verify', '--anchor', anchor.hash])).code).toBe(0);

    // Something happens after the anchor, then its record is deleted: a chain that still links.
    await call(region.clinical, 'PatientService', 'GetPatientOverview', { patientId }, await region.session(doctor.login_id, doctorDevice));
    const newest = await backend.database.db.selectFrom('audit_events').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    await sql`delete from audit_events where seq = ${Number(newest.seq)}`.execute(backend.database.db);
    const truncated = await admin(['audit', 'verify']);
    expect(truncated.code).toBe(3);
    expect(truncated.stderr).toContain('末尾の記録の削除を検出しました');
    expect(truncated.stderr).toContain(`events ${Number(newest.seq)} to ${Number(newest.seq)} are missing`);

    // Whoever deleted it now rewrites the whole chain (an event edited, every hash recomputed, the
    // head moved along): consistent inside the database, so verify alone passes...
    const rows = await backend.database.db.selectFrom('audit_events').selectAll().orderBy('seq').execute();
    let prev = GENESIS;
    for (const row of rows) {
      const changed = row.action === 'note.write' ? { ...row, outcome: 'denied' as const } : row;
      const hash = hashOf(prev, changed);
      await backend.database.db.updateTable('audit_events').set({ outcome: changed.outcome, prev_hash: prev, hash }).where('seq', '=', row.seq).execute();
      prev = hash;
    }
    await backend.database.db
      .updateTable('audit_head')
      .set({ seq: Number(rows.at(-1)!.seq), hash: prev })
      .execute();
    const alone = await admin(['audit', 'verify']);
    expect(alone.code).toBe(0);

    // ...but not against the head the office kept.
    const anchored = await admin(['audit', 'verify', '--anchor', anchorFile]);
    expect(anchored.code).toBe(3);
    expect(anchored.stderr).toContain('記録が作り直されています');
    const byHash = await admin(['audit', 'verify', '--anchor', anchor.hash]);
    expect(byHash.code).toBe(3);
    expect(byHash.stderr).toContain('見つかりません');
  });

  it('refuses an anchor that is neither a file written by audit head nor a hash', async () => {
    const bogus = join(outDir, 'bogus.json');
    writeFileSync(bogus, JSON.stringify({ seq: 1, hash: 'x' }));
    for (const value of [bogus, join(outDir, 'missing.json'), 'abc123']) {
      const result = await admin(['audit', 'verify', '--anchor', value]);
      expect(result.code, value).toBe(2);
      expect(result.stderr, value).toContain('audit head --out');
    }
  });
});
