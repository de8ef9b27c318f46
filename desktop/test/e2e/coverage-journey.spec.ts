// The instruction in force, insurance and certification, end to end on real parts: the demo region
// (demo-coverage.ts seeds instructions in force, ending and ended, and certifications ending within
// 60 days) served by a real backend, synced by the real core, in Chromium. The doctor's list marks
// what needs doing, and 概要 shows both cards online and from the cache. (That a role the chart
// policy keeps from instructions or INSURANCE gets no card and no mark is decided on the server:
// backend/test/coverage.test.ts.)
import type { Page } from '@playwright/test';
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

  // The server goes away: both cards still read, from this PC's encrypted cache.
  if (region.network === 'namespaces') await region.clinic.disconnectTunnel();
  else await region.stopServer();
  await page.keyboard.press('Escape');
  await model.click();
  await expect(page.locator('.offline-banner')).toContainText('時点のデータを表示しています', { timeout: 30_000 });
  await expect(instruction).toContainText('有効（あと150日）');
  await expect(coverage).toContainText('認定期限まであと50日');
  await renkei.screenshot('coverage-journey-3-offline');
});
