// The instruction in force, insurance and certification, end to end on real parts: the demo region
// (demo-coverage.ts seeds instructions in force, ending and ended, and certifications ending within
// 60 days) served by a real backend, synced by the real core, in Chromium. The doctor's list marks
// what needs doing, and 概要 shows both cards online and from the cache. The doctor records the
// renewed certification from the card: the real server refuses a period too long at its field,
// takes the corrected one as a new version, and the card (from the cache too) and the history show it. (That a role the chart
// policy keeps from instructions or INSURANCE gets no card and no mark is decided on the server:
// backend/test/coverage.test.ts.)
import type { Page } from '@playwright/test';
import { dayText, japanDayOf } from '@renkei/proto/calendar';
import { namespaceTestsUnavailable } from '@renkei/wireguard/testing';
import { startDemoRegion, type DemoRegion } from '../../region/demo-region';
import { expect, test } from './fixtures';

const unavailable = namespaceTestsUnavailable();
if (unavailable && process.env.CI) throw new Error(`CI must run the journey over the real tunnel: ${unavailable}`);

let region: DemoRegion;
test.describe.configure({ timeout: 300_000 });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  region = await startDemoRegion({ loginFailureDelayMs: 300, chart: true, patients: 6 });
});
test.afterAll(async () => {
  await region?.stop();
});

test.afterEach(({ renkei }) => {
  expect(renkei.problems, 'console errors (CSP violations, exceptions)').toEqual([]);
});

async function logIn(page: Page, loginId: string): Promise<void> {
  await expect(page.getByRole('heading', { name: 'ログイン' })).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('ユーザーID').fill(loginId);
  await page.getByLabel('パスワード').fill(region.password);
  await page.getByLabel('パスワード').press('Enter');
  await expect(page.getByRole('heading', { name: '担当患者' })).toBeVisible({ timeout: 30_000 });
}

test('the doctor sees instructions and certifications to act on in the list and 概要, offline too', async ({ renkei }) => {
  const { page } = renkei;
  await renkei.open(region.clinic);
  await expect(page.getByRole('heading', { name: 'この端末の登録' })).toBeVisible();
  await page.getByLabel('サーバーアドレス').fill(region.serverAddress);
  await page.getByLabel('登録コード').fill(await region.inviteCode());
  await page.getByLabel('端末名').fill('本院 診察室PC');
  await page.getByLabel('端末名').press('Enter');
  await expect(page.getByRole('heading', { name: '事務局の承認待ち' })).toBeVisible({ timeout: 30_000 });
  await region.approvePending();
  await logIn(page, 'dr.kuroki');

  // dr.kuroki's patients (demo-coverage.ts): instructions ending in 9 and 3 days and one ended,
  // certifications ending in 45, 20 and (宮崎 未来斗) 50 days.
  const rows = page.locator('.patient-row');
  await expect.poll(() => page.getByTestId('certification-mark').count(), { timeout: 60_000 }).toBe(3);
  await expect(page.getByTestId('instruction-mark')).toHaveCount(3);
  await expect(page.getByTestId('instruction-mark').filter({ hasText: '指示書 期限切れ' })).toHaveCount(1);
  await expect(page.getByTestId('instruction-mark').filter({ hasText: '指示書 あと3日' })).toHaveCount(1);
  const model = rows.filter({ hasText: '宮崎 未来斗' });
  await expect(model.getByTestId('certification-mark')).toHaveText('認定 あと50日');
  await expect(model.getByTestId('instruction-mark')).toHaveCount(0);
  await renkei.screenshot('coverage-journey-1-list-marks');

  await model.click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('宮崎 未来斗');
  const instruction = page.getByRole('region', { name: '訪問看護指示書' });
  const coverage = page.getByRole('region', { name: '保険・認定' });
  await expect(instruction).toContainText('有効（あと150日）');
  await expect(instruction).toContainText('指示期間');
  await expect(coverage).toContainText('認定期限まであと50日');
  await expect(coverage).toContainText('要介護3');
  await expect(coverage).toContainText('39450010');
  await expect(coverage).toContainText('指定難病');
  await instruction.scrollIntoViewIfNeeded();
  await renkei.screenshot('coverage-journey-2-overview');

  // The renewal's result arrives: the doctor records it from the card.
  const day = (days: number) => dayText(japanDayOf(new Date()).add({ days }));
  await coverage.getByRole('button', { name: '保険・認定を変更' }).click();
  const dialog = page.getByTestId('coverage-dialog');
  const medical = dialog.getByTestId('coverage-medical');
  await expect(medical.getByLabel('保険者番号', { exact: true })).toHaveValue('39450010');
  await expect(medical.getByLabel('公費の種類')).toHaveValue('指定難病');
  // A mistyped 公費負担者番号 is said as it is typed, by the rule the server applies.
  const payer = medical.getByLabel('公費負担者番号');
  const rightPayer = await payer.inputValue();
  await payer.fill(`${rightPayer.slice(0, 7)}${(Number(rightPayer.at(-1)) + 1) % 10}`);
  await expect(medical).toContainText('公費負担者番号の検証番号（最後の1桁）が合いません');
  await payer.fill(rightPayer);
  await expect(medical).not.toContainText('が合いません');
  const certification = dialog.getByTestId('coverage-certification');
  await certification.getByLabel('要介護度').selectOption({ label: '要介護2' });
  await certification.getByLabel('有効期間の開始日').fill(day(1));
  // Five years: more than a renewal may run. Only the server knows that rule; it says so at the field.
  const until = certification.getByLabel('有効期間の終了日');
  await until.fill(day(1 + 5 * 365));
  await dialog.getByLabel('変更理由').fill('更新認定の結果（要介護3→2）');
  await dialog.getByTestId('coverage-save').click();
  await expect(certification).toContainText('認定の有効期間は48か月以内です', { timeout: 30_000 });
  await expect(until).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByLabel('変更理由')).toHaveValue('更新認定の結果（要介護3→2）');
  await renkei.screenshot('coverage-journey-3-server-refusal');
  await until.fill(day(365));
  await dialog.getByTestId('coverage-save').click();
  await expect(dialog).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByText(/保険・認定を保存しました（第2版）/)).toBeVisible();
  await expect(coverage).toContainText('要介護2');
  await expect(coverage).toContainText('第2版');
  await expect(coverage).not.toContainText('認定期限まで');
  // The header follows: the certification's level is the patient's care level.
  await expect(page.getByTestId('patient-header')).toContainText('要介護2');

  await coverage.getByRole('button', { name: '履歴' }).click();
  const versions = page.getByTestId('coverage-history-dialog').getByTestId('coverage-version');
  await expect(versions).toHaveCount(2, { timeout: 30_000 });
  await expect(versions.nth(0)).toContainText('変更理由: 更新認定の結果（要介護3→2）');
  await expect(versions.nth(0)).toContainText('黒木');
  await renkei.screenshot('coverage-journey-4-history');
  await page.keyboard.press('Escape');

  // The server goes away: both cards still read, from this PC's encrypted cache.
  if (region.network === 'namespaces') await region.clinic.disconnectTunnel();
  else await region.stopServer();
  await page.keyboard.press('Escape');
  // The list, from this PC's cache, no longer marks a certification to renew.
  await expect(model.getByTestId('certification-mark')).toHaveCount(0);
  await expect(page.getByTestId('certification-mark')).toHaveCount(2);
  await model.click();
  await expect(page.locator('.offline-banner')).toContainText('時点のデータを表示しています', { timeout: 30_000 });
  await expect(instruction).toContainText('有効（あと150日）');
  // The version recorded here is what this PC's cache holds.
  await expect(coverage).toContainText('要介護2');
  await expect(coverage).toContainText('第2版');
  await expect(coverage).not.toContainText('認定期限まで');
  await expect(coverage.getByRole('button', { name: '保険・認定を変更' })).toHaveAttribute('aria-disabled', 'true');
  await renkei.screenshot('coverage-journey-5-offline');
});
