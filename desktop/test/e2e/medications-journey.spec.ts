// Medications and vital signs, end to end on real parts: the demo region's 宮崎 未来斗 (his drug
// list and three weeks of vitals seeded through the backend's domain functions) opened on a real
// core in Chromium. 概要 shows the current list with 一包化 and the trend charts (uPlot, under the
// renderer's CSP: a violation fails the test); the visiting nurse records vitals from the SOAP
// editor, which stores the values and the note in one action, and 概要 then shows them.
import { expect, test } from './fixtures';
import { startDemoRegion, type ClinicPc, type DemoRegion } from '../../region/demo-region';

const MODEL_PATIENT = '宮崎 未来斗';
const NURSING_STATION = '訪問看護ステーションひむか';

let region: DemoRegion;
test.describe.configure({ timeout: 240_000 });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  region = await startDemoRegion({ chart: true, patients: 2, loginFailureDelayMs: 300 });
  const [pc] = region.pcs as [ClinicPc];
  await pc.api.enroll({ serverAddress: region.serverAddress, enrollmentCode: await region.inviteCode(NURSING_STATION), deviceName: 'ステーション事務所PC' });
  await region.approvePending();
  await pc.api.refreshDevice();
});
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
});
