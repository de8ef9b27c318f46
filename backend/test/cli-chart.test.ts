// renkei-admin for the shared chart, as the regional office runs it: the chart policy matrix,
// patients' consent, and the demo region's chart. A real child process on a fresh data directory.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHART_POLICY } from '../src/access/default-chart-policy';
import { TEST_ENGINE, createPostgresDatabase } from './support/test-backend';

// Each test runs several renkei-admin processes, as the office does, and each starts cold: Node
// compiles the TypeScript and loads the database, PKI and PDF libraries, ~2.5 s on an idle 2-core
// machine. The project's 30 s per test is too little for eight of those on a loaded CI machine; this
// limit only guards against a hang.
const CLI_TEST_TIMEOUT_MS = 120_000;

const bin = new URL('../bin/renkei-admin.mjs', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'renkei-cli-chart-'));
const drops: (() => Promise<void>)[] = [];
let dataDir = join(root, 'region');
let patientId: string;

function admin(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [bin, '--data-dir', dataDir, ...args],
      { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
    child.stdin!.end(stdin);
  });
}

async function json(args: string[], stdin = '') {
  const result = await admin([...args, '--json'], stdin);
  if (result.code !== 0) throw new Error(`renkei-admin ${args.join(' ')} failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

async function init(): Promise<void> {
  const extra: string[] = [];
  if (TEST_ENGINE === 'postgres') {
    const db = await createPostgresDatabase();
    drops.push(db.drop);
    extra.push('--database-url', db.url);
  }
  const result = await admin(['init', '--region', '宮崎市', '--public-host', '127.0.0.1', '--tunnel', 'none', ...extra]);
  expect(result.code).toBe(0);
}

beforeAll(async () => {
  await init();
  await json(['facility', 'add', '--name', 'みやざき在宅クリニック', '--kana', 'ミヤザキザイタククリニック', '--kind', 'clinic']);
  await json(['facility', 'add', '--name', '訪問看護ステーションひむか', '--kana', 'ホウモンカンゴステーションヒムカ', '--kind', 'visiting-nurse-station']);
  await json(
    [
      'user',
      'add',
      '--login-id',
      'dr.kuroki',
      '--name',
      '黒木 健一',
      '--kana',
      'クロキ ケンイチ',
      '--profession',
      'doctor',
      '--facility',
      'みやざき在宅クリニック',
      '--password-stdin',
    ],
    'a-good-password-1\n',
  );
  const patient = await json([
    'patient',
    'add',
    '--name',
    '宮崎 ハル',
    '--kana',
    'ミヤザキ ハル',
    '--birth-date',
    '1938-04-02',
    '--sex',
    'female',
    '--facility',
    'みやざき在宅クリニック',
  ]);
  patientId = patient.id;
  expect((await admin(['team', 'add', patientId, 'dr.kuroki', '--role', 'attending-doctor'])).code).toBe(0);
});
afterAll(async () => {
  for (const drop of drops) await drop();
  rmSync(root, { recursive: true, force: true });
});

describe('renkei-admin policy', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('shows the whole matrix in Japanese, and every cell as JSON', async () => {
    const shown = await admin(['policy', 'show']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('◎ 読み書き');
    expect(shown.stdout).toContain('経過記録');
    expect(shown.stdout).toContain('介護職');
    expect(shown.stdout.split('\n').find((line) => line.startsWith('ケアプラン'))).toMatch(/◎/);
    const cells = await json(['policy', 'show']);
    expect(cells).toHaveLength(DEFAULT_CHART_POLICY.length);
    expect(
      cells.find((c: { role: string; recordKind: string }) => c.role === 'CARE_TEAM_ROLE_CARE_WORKER' && c.recordKind === 'DOCUMENT_TYPE_REFERRAL_LETTER'),
    ).toMatchObject({ canRead: false, canWrite: false });
  });

  it('shows one role and sets one cell, naming who changed it', async () => {
    const role = await admin(['policy', 'show', '--role', 'care-worker']);
    expect(role.stdout).toContain('介護職 が読み書きできる記録');
    const set = await admin(['policy', 'set', '--record-kind', 'progress-notes', '--role', 'care-worker', '--read', 'yes', '--write', 'no']);
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('閲覧方針を変更しました');
    expect(set.stdout).toContain('介護職 × 経過記録: 読み取り 不可・書き込み 不可 → 読み取り 可・書き込み 不可');
    const cells = await json(['policy', 'show', '--role', 'care-worker']);
    expect(cells.find((c: { recordKind: string }) => c.recordKind === 'PROGRESS_NOTES')).toMatchObject({
      canRead: true,
      canWrite: false,
      updatedBy: expect.stringMatching(/^admin:/),
    });
  });

  it('refuses write without read, and unknown kinds and roles, changing nothing', async () => {
    const writeOnly = await admin(['policy', 'set', '--record-kind', 'care-plan', '--role', 'care-worker', '--read', 'no', '--write', 'yes']);
    expect(writeOnly.code).toBe(2);
    expect(writeOnly.stderr).toContain('書き込みを許可する場合は、読み取りも許可してください');
    const cells = await json(['policy', 'show', '--role', 'care-worker']);
    expect(cells.find((c: { recordKind: string }) => c.recordKind === 'DOCUMENT_TYPE_CARE_PLAN')).toMatchObject({ canRead: true, canWrite: false });
    const badKind = await admin(['policy', 'set', '--record-kind', 'diary', '--role', 'care-worker', '--read', 'yes', '--write', 'no']);
    expect(badKind.code).not.toBe(0);
    expect(badKind.stderr).toContain('progress-notes');
    expect(badKind.stderr).toContain('referral-letter');
    const badAnswer = await admin(['policy', 'set', '--record-kind', 'care-plan', '--role', 'care-worker', '--read', 'maybe', '--write', 'no']);
    expect(badAnswer.code).not.toBe(0);
    expect(badAnswer.stderr).toContain('yes or no');
  });
});

describe('renkei-admin consent', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('explains a listed consent without offices, and records nothing', async () => {
    const result = await admin([
      'consent',
      'record',
      '--patient',
      patientId,
      '--obtained-on',
      '2025-04-01',
      '--obtained-by',
      '主治医 黒木',
      '--scope',
      'listed',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('同意の対象とする事業所を1つ以上指定してください');
    expect((await json(['consent', 'show', '--patient', patientId])).history).toEqual([]);
  });

  it('records, shows and withdraws a consent', async () => {
    const recorded = await admin([
      'consent',
      'record',
      '--patient',
      patientId,
      '--obtained-on',
      '2025-04-01',
      '--obtained-by',
      '主治医 黒木',
      '--scope',
      'listed',
      '--facility',
      '訪問看護ステーションひむか',
      '--note',
      '長女同席',
    ]);
    expect(recorded.code).toBe(0);
    expect(recorded.stdout).toContain('同意を記録しました');
    expect(recorded.stdout).toContain('共有: あり');
    expect(recorded.stdout).toContain('訪問看護ステーションひむか');

    const status = await json(['consent', 'show', '--patient', patientId]);
    expect(status).toMatchObject({
      shared: true,
      current: {
        obtainedOn: '2025-04-01',
        scope: 'CONSENT_SCOPE_LISTED_FACILITIES',
        note: '長女同席',
        recordedBy: { userId: '', facilityName: '医師会事務局' },
      },
    });
    expect(status.current.facilities.map((f: { name: string }) => f.name)).toEqual(['訪問看護ステーションひむか']);

    const replaced = await json([
      'consent',
      'record',
      '--patient',
      patientId,
      '--obtained-on',
      '2025-05-01',
      '--obtained-by',
      '主治医 黒木',
      '--scope',
      'care-team',
    ]);
    expect(replaced.history.map((c: { withdrawalReason: string }) => c.withdrawalReason)).toEqual(['', '新しい同意書に差し替え']);

    const withdrawn = await admin(['consent', 'withdraw', '--patient', patientId, '--withdrawn-on', '2025-06-01', '--reason', '本人の申し出により撤回']);
    expect(withdrawn.code).toBe(0);
    expect(withdrawn.stdout).toContain('共有: なし');
    expect(withdrawn.stdout).toContain('本人の申し出により撤回');
    // The regional office sees the profile and the consent, none of the clinical chart.
    const overview = JSON.parse((await admin(['patient', 'show', patientId])).stdout);
    expect(overview.chart).toMatchObject({ consent: { shared: false }, latestNotes: [], documents: [], myAccess: [] });
  });

  it('keeps the audit chain intact', async () => {
    const tail = await json(['audit', 'tail', '-n', '200']);
    const actions = new Set(tail.map((e: { action: string }) => e.action));
    for (const action of ['policy.show', 'policy.set', 'consent.record', 'consent.withdraw', 'consent.read']) expect(actions).toContain(action);
    expect((await admin(['audit', 'verify'])).code).toBe(0);
  });
});

describe('renkei-admin demo', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('records consent for every demo patient, and with --chart writes progress notes and the contact timeline from enrolled office PCs', async () => {
    dataDir = join(root, 'demo');
    await init();
    const region = await json(['demo', '--patients', '6', '--chart', '--password-stdin'], 'demo-password-1\n');
    // The six asked for, and the pilot's model patient with his week on the timeline.
    expect(region.patientIds).toHaveLength(7);
    const model = region.patientIds.at(-1);
    for (const id of [region.patientIds[0], region.patientIds.at(-1)]) {
      const status = await json(['consent', 'show', '--patient', id]);
      expect(status).toMatchObject({ shared: true, current: { scope: 'CONSENT_SCOPE_CARE_TEAM', obtainedBy: expect.stringMatching(/^主治医 /) } });
    }
    const devices = await json(['device', 'list']);
    // One PC per office that wrote: the two clinics, the station, the pharmacy, the care managers,
    // the care workers, the hospital and the regional office.
    expect(devices.map((d: { state: string }) => d.state)).toEqual(Array(8).fill('DEVICE_STATE_APPROVED'));
    const events = await json(['audit', 'tail', '-n', '500']);
    const notes = events.filter((e: { action: string }) => e.action === 'note.write');
    expect(notes.length).toBeGreaterThanOrEqual(12);
    expect(new Set(notes.map((e: { patient_id: string }) => e.patient_id)).size).toBe(7);
    expect(new Set(events.filter((e: { action: string }) => e.action === 'consent.record').map((e: { patient_id: string }) => e.patient_id)).size).toBe(7);
    const posts = events.filter((e: { action: string }) => e.action === 'timeline.post');
    expect(posts.filter((e: { patient_id: string }) => e.patient_id === model)).toHaveLength(13);
    // The regional group's two posts are about no patient.
    expect(posts.filter((e: { patient_id: string | null }) => e.patient_id === null)).toHaveLength(2);
    expect(events.filter((e: { action: string }) => e.action === 'timeline.promote')).toHaveLength(1);
    // Insurance and certification for each of the six and the model patient; instructions in
    // force, ending and ended for five of the six and the model patient (demo-coverage.ts).
    expect(new Set(events.filter((e: { action: string }) => e.action === 'coverage.record').map((e: { patient_id: string }) => e.patient_id)).size).toBe(7);
    expect(events.filter((e: { action: string }) => e.action === 'form.finalise')).toHaveLength(6);
    // Medications and three weeks of vital signs for the model patient and two others.
    const medicated = new Set(events.filter((e: { action: string }) => e.action === 'medication.add').map((e: { patient_id: string }) => e.patient_id));
    expect(medicated.has(model)).toBe(true);
    expect(medicated.size).toBe(3);
    expect(events.filter((e: { action: string; patient_id: string }) => e.action === 'vitals.record' && e.patient_id === model)).toHaveLength(8);
    // The demo hospital's SS-MIX2 sample imported for the model patient (demo-hospital-data.ts):
    // linked to 9999013, its ADT-00 and OMP-01 stored, the rest refused as the importer must.
    expect(await json(['hospital', 'links'])).toEqual([
      expect.objectContaining({ hospitalPatientId: '9999013', patientId: model, facilityName: '宮崎中央病院 地域連携室' }),
    ]);
    const imported = events.find((e: { action: string; patient_id: string }) => e.action === 'hospital.import' && e.patient_id === model);
    expect(JSON.parse(imported.detail).counts['OMP-01']).toMatchObject({ imported: 1 });
    const again = await json([
      'import',
      'ssmix2',
      new URL('../src/cli/demo/ssmix2-sample/storage', import.meta.url).pathname,
      '--facility',
      '宮崎中央病院 地域連携室',
    ]);
    expect(again.counts['OMP-01']).toMatchObject({ imported: 0, unchanged: 1 });
    expect(again.counts['ADT-00']).toMatchObject({ imported: 0, unchanged: 1 });
    expect((await admin(['audit', 'verify'])).code).toBe(0);
  }, 180_000);
});
