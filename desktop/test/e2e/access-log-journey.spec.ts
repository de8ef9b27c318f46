// A patient's アクセス記録 end to end on real parts: the screens in Chromium at 1366×768 over the
// real desktop core and a real backend with the demo region (through the tunnel where the machine
// allows). The care worker on the model patient's team opens the record at her office's PC and is
// told she may not read its access log; the attending doctor then reads it at the clinic and finds
// her visit and her refused attempt, with her office and PC, as the server recorded them, newest
// first; the regional office's entries said 「事務局」. He saves the log with 「CSVで保存」: the core
// writes the file where the (stand-in) save dialog says, and the server records the export.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { namespaceTestsUnavailable } from '@renkei/wireguard/testing';
import type { Page } from '@playwright/test';
import { startDemoRegion, type ClinicPc, type DemoRegion } from '../../region/demo-region';
import type { RemoteDesktopApi } from '../../region/remote-desktop-api';
import { logInOnDemo } from './demo-journeys';
import { expect, test, type RenkeiPage } from './fixtures';

const unavailable = namespaceTestsUnavailable();
if (unavailable && process.env.CI) throw new Error(`CI must run the journey over the real tunnel: ${unavailable}`);

const HELPER_STATION = 'ヘルパーステーションみらい';
const MODEL_PATIENT = '宮崎 未来斗';

let region: DemoRegion;
let helperPc: ClinicPc;
let doctorPc: ClinicPc;
const saveDir = mkdtempSync(join(tmpdir(), 'renkei-access-log-csv-'));
test.describe.configure({ timeout: 300_000, mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  region = await startDemoRegion({ clinicPcs: 2, chart: true, loginFailureDelayMs: 300 });
  [helperPc, doctorPc] = region.pcs as [ClinicPc, ClinicPc];
  await helperPc.api.enroll({ serverAddress: region.serverAddress, enrollmentCode: await region.inviteCode(HELPER_STATION), deviceName: 'ヘルパー事務所PC' });
  await doctorPc.api.enroll({ serverAddress: region.serverAddress, enrollmentCode: await region.inviteCode(), deviceName: '本院 診察室PC' });
  await region.approvePending();
  for (const pc of [helperPc, doctorPc]) await pc.api.refreshDevice();
});
test.afterAll(async () => {
  rmSync(saveDir, { recursive: true, force: true });
  await region?.stop();
});

test.afterEach(({ renkei }) => {
  expect(renkei.problems, 'console errors (CSP violations, exceptions)').toEqual([]);
});

async function logIn(renkei: RenkeiPage, pc: RemoteDesktopApi, loginId: string): Promise<Page> {
  const { page } = renkei;
  await renkei.open(pc, { chooseSavePath: async (suggested) => join(saveDir, suggested) });
  await logInOnDemo(page, region, loginId);
  return page;
}

test('a care worker on the team is refused the access log, and the attending doctor finds her visit and her attempt in it', async ({ renkei }) => {
  const helper = await logIn(renkei, helperPc.api, 'cw.yano');
  await helper.locator('.patient-row', { hasText: MODEL_PATIENT }).first().click({ timeout: 30_000 });
  await expect(helper.getByRole('heading', { level: 1 })).toContainText(MODEL_PATIENT);
  await helper.getByTestId('open-access-log').click();
  const refused = helper.getByTestId('access-log-dialog');
  await expect(refused.getByRole('alert')).toContainText('主治医と、患者を登録した事業所の職員だけです', { timeout: 30_000 });
  await expect(refused.getByRole('table')).toHaveCount(0);
  await renkei.screenshot('access-log-journey-care-worker-refused');
  await refused.getByRole('button', { name: '閉じる' }).first().click();
  await helper.getByRole('button', { name: 'ログアウト' }).click();

  const doctor = await logIn(renkei, doctorPc.api, 'dr.kuroki');
  await doctor.locator('.patient-row', { hasText: MODEL_PATIENT }).first().click({ timeout: 30_000 });
  await doctor.getByTestId('open-access-log').click();
  const dialog = doctor.getByTestId('access-log-dialog');
  const rows = dialog.locator('tbody tr');
  await expect(rows.first()).toBeVisible({ timeout: 30_000 });
  // Newest first: today's visit and attempt before the demo's seeded history; read on to the end.
  const more = dialog.getByTestId('access-log-more');
  for (let i = 0; i < 40 && (await more.count()) > 0; i++) {
    const before = await rows.count();
    await more.click();
    await expect.poll(() => rows.count()).toBeGreaterThan(before);
  }
  const byHelper = rows.filter({ hasText: '矢野 さくら' });
  await expect(byHelper.filter({ hasText: '患者基本情報の閲覧' }).last()).toContainText('ヘルパー事務所PC');
  const attempt = byHelper.filter({ hasText: 'アクセス記録の閲覧' }).last();
  await expect(attempt).toContainText('拒否');
  await expect(attempt).toContainText(HELPER_STATION);
  await expect(attempt).toHaveClass(/access-log__row--refused/);
  // Her attempt came after her visit, so it is listed above it.
  const texts = await rows.allInnerTexts();
  const attemptAt = texts.findIndex((t) => t.includes('矢野 さくら') && t.includes('アクセス記録の閲覧'));
  const visitAt = texts.findIndex((t) => t.includes('矢野 さくら') && t.includes('患者基本情報の閲覧'));
  expect(attemptAt).toBeGreaterThanOrEqual(0);
  expect(attemptAt).toBeLessThan(visitAt);
  // The demo's consent was recorded by the regional office's tool: 「事務局」, with its stored label.
  const office = dialog.getByTestId('access-log-actor-office').filter({ hasText: '事務局' }).first();
  await expect(office).toContainText('admin:');
  await office.scrollIntoViewIfNeeded();
  await renkei.screenshot('access-log-journey-doctor-reads');

  // Saved as CSV: the whole log, newest first, in the columns of renkei-admin audit export.
  await dialog.getByRole('button', { name: 'CSVで保存' }).click();
  const saved = dialog.getByTestId('access-log-saved');
  await expect(saved).toContainText('に保存しました', { timeout: 30_000 });
  // (The clinic host's core suggests the server's name in the app; over the pipe the stand-in names it.)
  const fileName = /「([^」]+\.csv)」/.exec((await saved.textContent()) ?? '')![1]!;
  const csv = readFileSync(join(saveDir, fileName), 'utf8');
  expect(csv.startsWith('\uFEFF"日時（日本時間）","操作者","操作者の区分","職種"')).toBe(true);
  const lines = csv
    .slice(1)
    .split('\r\n')
    .filter((l) => l !== '');
  const count = Number(/(\d+)件/.exec((await saved.textContent()) ?? '')![1]);
  expect(lines).toHaveLength(count + 1);
  const seqs = lines.slice(1).map((l) => Number(/"(\d+)"$/.exec(l)![1]));
  expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
  expect(csv).toContain('"事務局"');
  expect(csv).toContain('矢野 さくら');
  await renkei.screenshot('access-log-journey-saved-csv');
  // The server recorded the export: it heads the log when shown again.
  await dialog.getByRole('button', { name: '表示', exact: true }).click();
  await expect(rows.first()).toContainText('アクセス記録のCSV保存', { timeout: 30_000 });
  await expect(rows.first()).toContainText('黒木');
});
