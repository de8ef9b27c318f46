// Medications and vital signs, end to end on real parts: the demo region's 宮崎 未来斗 (his drug
// list and three weeks of vitals seeded through the backend's domain functions) opened on a real
// core in Chromium. 概要 shows the current list with 一包化 and the trend charts (uPlot, under the
// renderer's CSP: a violation fails the test); the visiting nurse records vitals from the SOAP
// editor, which stores the values and the note in one action, and 概要 then shows them. She then
// marks them 入力誤り from the 記録一覧: they leave the trend and stay in the list, struck with who
// marked them and why; the pharmacist (who reads vitals but may not write them) sees them struck
// and is offered no 入力誤り button.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { startDemoRegion, type ClinicPc, type DemoRegion } from '../../region/demo-region';

const MODEL_PATIENT = '宮崎 未来斗';
const NURSING_STATION = '訪問看護ステーションひむか';
const PHARMACY = 'たちばな調剤薬局';
const RECORDED = 'BP 132/78 P 96 T 38.5 SpO2 95%';

let region: DemoRegion;
test.describe.configure({ timeout: 240_000, mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  region = await startDemoRegion({ chart: true, patients: 2, clinicPcs: 2, loginFailureDelayMs: 300 });
  const [pc, pharmacyPc] = region.pcs as [ClinicPc, ClinicPc];
  await pc.api.enroll({ serverAddress: region.serverAddress, enrollmentCode: await region.inviteCode(NURSING_STATION), deviceName: 'ステーション事務所PC' });
  await pharmacyPc.api.enroll({ serverAddress: region.serverAddress, enrollmentCode: await region.inviteCode(PHARMACY), deviceName: '薬局 受付PC' });
  await region.approvePending();
  await pc.api.refreshDevice();
  await pharmacyPc.api.refreshDevice();
});

async function openModelPatient(page: Page, loginId: string): Promise<void> {
  await expect(page.getByRole('heading', { name: 'ログイン' })).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('ユーザーID').fill(loginId);
  await page.getByLabel('パスワード').fill(region.password);
  await page.getByLabel('パスワード').press('Enter');
  await expect(page.getByRole('heading', { name: '担当患者' })).toBeVisible({ timeout: 30_000 });
  await page.locator('.patient-row', { hasText: MODEL_PATIENT }).first().click({ timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 1 })).toContainText(MODEL_PATIENT);
}
test.afterAll(async () => {
  await region?.stop();
});

test.afterEach(({ renkei }) => {
  expect(renkei.problems, 'console errors (CSP violations, exceptions)').toEqual([]);
});

test('概要 shows the medication list and the vital-sign trends; vitals recorded from the SOAP editor land in O and in the trend', async ({ renkei }) => {
  const { page } = renkei;
  await renkei.open(region.pcs[0]!.api);
  await expect(page.getByRole('heading', { name: 'ログイン' })).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('ユーザーID').fill('ns.kai');
  await page.getByLabel('パスワード').fill(region.password);
  await page.getByLabel('パスワード').press('Enter');
  await expect(page.getByRole('heading', { name: '担当患者' })).toBeVisible({ timeout: 30_000 });
  await page.locator('.patient-row', { hasText: MODEL_PATIENT }).first().click({ timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 1 })).toContainText(MODEL_PATIENT);

  const medications = page.locator('section[aria-labelledby="overview-medications-heading"]');
  await expect(medications.locator('tbody tr')).toHaveCount(4);
  await expect(medications.locator('tbody tr', { hasText: 'マグネシウム酸化物錠330mg' })).toContainText('一包化');
  // Stopped last week: kept in the history, not on the current list.
  await expect(medications).not.toContainText('ロキソプロフェン');

  const vitals = page.locator('section[aria-labelledby="overview-vitals-heading"]');
  await expect(vitals.locator('figure[data-sign="bp"] canvas')).toBeVisible();
  await expect(vitals.locator('figure[data-sign="weight"] canvas')).toBeVisible();
  await renkei.screenshot('medications-1-overview');

  await page.getByRole('tab', { name: '経過記録' }).click();
  await page.getByRole('button', { name: '経過記録を書く' }).click();
  await page.getByLabel('体温', { exact: true }).fill('38.5');
  await page.getByLabel('血圧（上）', { exact: true }).fill('70');
  await page.getByLabel('血圧（下）', { exact: true }).fill('90');
  await expect(page.getByRole('alert').filter({ hasText: '拡張期血圧' })).toBeVisible();
  await page.getByLabel('血圧（上）', { exact: true }).fill('132');
  await page.getByLabel('血圧（下）', { exact: true }).fill('78');
  await page.getByLabel('脈拍', { exact: true }).fill('96');
  await page.getByLabel('SpO2', { exact: true }).fill('95');
  await expect(page.getByText('Oに記載: BP 132/78 P 96 T 38.5 SpO2 95%')).toBeVisible();
  await page.getByLabel('S（主観的情報）').fill('昼から悪寒あり');
  await renkei.screenshot('medications-2-vitals-entry');
  await page.getByRole('button', { name: '経過記録を保存' }).click();
  await expect(page.getByTestId('chart-notice')).toContainText('経過記録を保存しました。', { timeout: 30_000 });
  await expect(page.locator('article.note').first()).toContainText('BP 132/78 P 96 T 38.5 SpO2 95%');

  await page.getByRole('tab', { name: '概要' }).click();
  await expect(vitals).toContainText('BP 132/78 P 96 T 38.5 SpO2 95%', { timeout: 30_000 });
  await renkei.screenshot('medications-3-overview-after');

  // 132 was meant for another patient: withdrawn from the 記録一覧 as 入力誤り, with the reason.
  await vitals.getByRole('button', { name: 'バイタルの記録一覧（入力誤りを含む）' }).click();
  const list = page.getByTestId('vitals-list');
  const row = list.locator('tbody tr', { hasText: RECORDED });
  await expect(row).toHaveCount(1, { timeout: 30_000 });
  await expect(row).toContainText('甲斐 由美');
  await expect(row).toContainText('経過記録と一緒に記録');
  await row.getByRole('button', { name: /のバイタルを入力誤りとする$/ }).click();
  const marking = page.getByTestId('vitals-entered-in-error');
  await expect(marking).toContainText(RECORDED);
  await expect(marking).toContainText('経過記録のO（客観）に書かれた値は変わりません');
  await marking.getByRole('button', { name: '入力誤りとして記録' }).click();
  await expect(marking).toContainText('取り消す理由を入力してください。');
  await marking.getByLabel('取り消す理由').fill('別の患者の測定値を入力したため');
  await renkei.screenshot('medications-4-vitals-entered-in-error');
  await marking.getByRole('button', { name: '入力誤りとして記録' }).click();
  await expect(marking).toBeHidden({ timeout: 30_000 });
  await expect(page.getByTestId('chart-notice')).toContainText('バイタルを入力誤りとして記録しました。');

  // Struck in the list, with who marked it and why; no second 入力誤り button on it.
  await expect(row).toHaveClass(/vitals-list__entered-in-error/, { timeout: 30_000 });
  await expect(row.locator('del.vitals-list__values')).toHaveText(RECORDED);
  await expect(row).toContainText(/入力誤り（甲斐 由美（訪問看護ステーションひむか）・/);
  await expect(row).toContainText('理由: 別の患者の測定値を入力したため');
  await expect(row.getByRole('button', { name: /入力誤りとする/ })).toHaveCount(0);
  await expect(row.getByRole('button', { name: '経過記録を開く' })).toBeVisible();
  await renkei.screenshot('medications-5-vitals-list-struck');
  await list.getByRole('button', { name: '閉じる' }).click();

  // Out of the trend: the latest observation is the one before it again.
  await expect(vitals.locator('.vitals-latest')).not.toContainText(RECORDED, { timeout: 30_000 });
  await expect(vitals.locator('figure[data-sign="bp"] canvas')).toBeVisible();
  await renkei.screenshot('medications-6-overview-after-entered-in-error');
  // The note written with the values is unchanged (its writer withdraws it by the notes' rule): the
  // list's 「経過記録を開く」 brings that very note into view and focus.
  await vitals.getByRole('button', { name: 'バイタルの記録一覧（入力誤りを含む）' }).click();
  await page.getByTestId('vitals-list').getByRole('button', { name: '経過記録を開く' }).click();
  await expect(page.getByRole('tab', { name: '経過記録' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('article.note:focus')).toContainText(RECORDED, { timeout: 30_000 });
  await expect(page.locator('article.note').first()).toContainText(RECORDED);
  await renkei.screenshot('medications-7-note-unchanged');
});

test('the pharmacist, who reads vital signs but may not write them, sees the withdrawn values struck and no 入力誤り button', async ({ renkei }) => {
  const { page } = renkei;
  await renkei.open(region.pcs[1]!.api);
  await openModelPatient(page, 'ph.kodama');
  const vitals = page.locator('section[aria-labelledby="overview-vitals-heading"]');
  await expect(vitals.locator('figure[data-sign="bp"] canvas')).toBeVisible({ timeout: 30_000 });
  await expect(vitals.locator('.vitals-latest')).not.toContainText(RECORDED);
  await vitals.getByRole('button', { name: 'バイタルの記録一覧（入力誤りを含む）' }).click();
  const list = page.getByTestId('vitals-list');
  await expect(list.locator('tbody tr').first()).toBeVisible({ timeout: 30_000 });
  await expect(list.locator('tbody tr', { hasText: RECORDED })).toHaveClass(/vitals-list__entered-in-error/);
  await expect(list.getByRole('button', { name: /入力誤りとする/ })).toHaveCount(0);
  await expect(list.locator('tbody tr').first().locator('th')).toContainText(/^\d{4}\/\d{2}\/\d{2} /);
  await list.getByRole('button', { name: '閉じる' }).click();
  // The chart's 和暦 option reaches the list's times too.
  await page.getByLabel('日付を和暦で表示').check();
  await vitals.getByRole('button', { name: 'バイタルの記録一覧（入力誤りを含む）' }).click();
  await expect(list.locator('tbody tr').first().locator('th')).toContainText(/^令和\d+年/);
  await expect(list.getByRole('columnheader', { name: '操作' })).toHaveCount(0);
  await renkei.screenshot('medications-8-vitals-list-pharmacist');

  // In English too: the struck record says who withdrew it and why.
  await list.getByRole('button', { name: '閉じる' }).click();
  await page.getByRole('button', { name: 'English' }).click();
  await vitals.getByRole('button', { name: 'All vital sign records (entered in error too)' }).click();
  await expect(list.locator('tbody tr', { hasText: RECORDED })).toContainText('Entered in error (甲斐 由美');
  await expect(list.locator('tbody tr', { hasText: RECORDED })).toContainText('The O of the progress note recorded with them is unchanged.');
  await renkei.screenshot('medications-9-vitals-list-english');
});
