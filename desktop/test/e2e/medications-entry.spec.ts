// Entering medications on 概要, end to end on real parts (demo region backend, real core, Chromium):
// the clinic's doctor adds a drug, changes its dose with a reason, and stops it, after which it
// leaves the current list; the server's refusal of a change without a reason shows at the field.
// A nurse (who may read but, by the chart policy, not write MEDICATIONS) is offered no buttons.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { startDemoRegion, type ClinicPc, type DemoRegion } from '../../region/demo-region';

const MODEL_PATIENT = '宮崎 未来斗';
const NURSING_STATION = '訪問看護ステーションひむか';
const DRUG = 'アムロジピン錠5mg';

let region: DemoRegion;
test.describe.configure({ timeout: 240_000, mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  region = await startDemoRegion({ chart: true, patients: 2, clinicPcs: 2, loginFailureDelayMs: 300 });
  const [clinicPc, stationPc] = region.pcs as [ClinicPc, ClinicPc];
  await clinicPc.api.enroll({ serverAddress: region.serverAddress, enrollmentCode: await region.inviteCode(), deviceName: '本院 診察室PC' });
  await stationPc.api.enroll({
    serverAddress: region.serverAddress,
    enrollmentCode: await region.inviteCode(NURSING_STATION),
    deviceName: 'ステーション事務所PC',
  });
  await region.approvePending();
  await clinicPc.api.refreshDevice();
  await stationPc.api.refreshDevice();
});
test.afterAll(async () => {
  await region?.stop();
});

test.afterEach(({ renkei }) => {
  expect(renkei.problems, 'console errors (CSP violations, exceptions)').toEqual([]);
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

test('a doctor adds a drug on 概要, changes its dose with a reason, and stops it; it leaves the current list', async ({ renkei }) => {
  const { page } = renkei;
  await renkei.open(region.pcs[0]!.api);
  await openModelPatient(page, 'dr.kuroki');

  const card = page.locator('section[aria-labelledby="overview-medications-heading"]');
  const rows = card.locator('tbody tr');
  await expect(rows.first()).toBeVisible({ timeout: 30_000 });
  const before = await rows.count();
  expect(before).toBeGreaterThan(0);

  // Add: a drug name is required before anything is sent.
  await card.getByRole('button', { name: '薬剤を追加' }).click();
  const dialog = page.getByTestId('medication-dialog');
  await expect(dialog.getByRole('heading', { name: '薬剤を追加' })).toBeVisible();
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText('薬剤名を入力してください')).toBeVisible();
  // A name longer than the server takes (200 characters): its refusal shows at the field.
  await dialog.getByLabel('薬剤名').fill('錠'.repeat(201));
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByLabel('薬剤名')).toHaveAttribute('aria-invalid', 'true', { timeout: 30_000 });
  await expect(dialog.getByText('薬剤名を入力してください')).toBeHidden();
  await renkei.screenshot('medications-entry-0-server-refusal');
  await dialog.getByLabel('薬剤名').fill(DRUG);
  await expect(dialog.getByLabel('薬剤名')).not.toHaveAttribute('aria-invalid', 'true');
  await dialog.getByLabel('用量').fill('1錠');
  await dialog.getByLabel('用法').fill('1日1回 朝食後');
  await dialog.getByLabel('処方医').fill('みやざき在宅クリニック 黒木');
  await dialog.getByLabel('開始日').fill('R8.12.1');
  await expect(dialog.getByText('令和8年12月1日')).toBeVisible();
  await dialog.getByLabel('一包化').check();
  await dialog.getByLabel('粉砕不可').check();
  await dialog.getByLabel('備考').fill('血圧手帳を確認');
  await renkei.screenshot('medications-entry-1-add-dialog');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });

  const row = rows.filter({ hasText: DRUG });
  await expect(rows).toHaveCount(before + 1, { timeout: 30_000 });
  await expect(row).toContainText('1錠');
  await expect(row).toContainText('一包化');
  await expect(row).toContainText('粉砕不可');
  await expect(row).toContainText('第1版');

  // Change the dose: the reason is required, and a refusal from the server shows at its field.
  await row.getByRole('button', { name: `変更: ${DRUG}` }).click();
  await expect(dialog.getByLabel('薬剤名')).toHaveValue(DRUG);
  await dialog.getByLabel('用量').fill('2錠');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText('理由を入力してください')).toBeVisible();
  await expect(dialog.getByLabel('変更の理由')).toBeFocused();
  await dialog.getByLabel('変更の理由').fill('家庭血圧が高いため増量');
  await dialog.getByLabel('開始日').fill('2026-13-40');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText('日付が正しくありません')).toBeVisible();
  await dialog.getByLabel('開始日').fill('2026-12-01');
  await renkei.screenshot('medications-entry-2-change-dialog');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });
  await expect(row).toContainText('2錠', { timeout: 30_000 });
  await expect(row).toContainText('第2版');

  // Stop: a change with the day it was stopped; the entry leaves the current list.
  await row.getByRole('button', { name: `中止: ${DRUG}` }).click();
  await expect(dialog.getByRole('heading', { name: `薬剤を中止: ${DRUG}` })).toBeVisible();
  await expect(dialog.getByLabel('中止日')).not.toHaveValue('');
  await dialog.getByLabel('中止の理由').fill('めまいの訴えがあり中止');
  await renkei.screenshot('medications-entry-3-stop-dialog');
  await dialog.getByRole('button', { name: '中止する' }).click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });
  await expect(rows).toHaveCount(before, { timeout: 30_000 });
  await expect(card).not.toContainText(DRUG);

  // The history keeps it: stopped, with the reason, and every version with what it changed.
  await card.getByRole('button', { name: '服薬の履歴（中止した薬剤を含む）' }).click();
  const history = page.getByTestId('medication-history');
  const stoppedRow = history.locator('tbody tr', { hasText: DRUG });
  await expect(stoppedRow).toContainText('中止', { timeout: 30_000 });
  await expect(stoppedRow).toContainText('理由: めまいの訴えがあり中止');
  await expect(stoppedRow).toContainText('2026年12月1日〜');
  await stoppedRow.getByRole('button', { name: `${DRUG}の変更履歴` }).click();
  const versions = history.getByRole('region', { name: `${DRUG}の変更履歴` }).getByRole('listitem');
  await expect(versions).toHaveCount(3, { timeout: 30_000 });
  await expect(versions.nth(0)).toContainText('第1版');
  await expect(versions.nth(0)).toContainText('1錠');
  await expect(versions.nth(1)).toContainText('理由: 家庭血圧が高いため増量');
  await expect(versions.nth(1)).toContainText('第1版からの変更');
  await expect(versions.nth(1)).toContainText('2錠');
  await expect(versions.nth(2)).toContainText('理由: めまいの訴えがあり中止');
  await expect(versions.nth(2)).toContainText('中止日');
  await renkei.screenshot('medications-entry-4-history');
  await page.keyboard.press('Escape');
  await expect(history).toBeHidden();
});

test('a nurse reads the list and its history (the drug the doctor stopped) but is offered no button to add, change or stop', async ({ renkei }) => {
  const { page } = renkei;
  await renkei.open(region.pcs[1]!.api);
  await openModelPatient(page, 'ns.kai');

  const card = page.locator('section[aria-labelledby="overview-medications-heading"]');
  await expect(card.locator('tbody tr').first()).toBeVisible({ timeout: 30_000 });
  await expect(card.getByRole('button')).toHaveText(['履歴']);
  await expect(page.getByRole('button', { name: '薬剤を追加' })).toHaveCount(0);
  await card.getByRole('button', { name: '服薬の履歴（中止した薬剤を含む）' }).click();
  await expect(page.getByTestId('medication-history').locator('tbody tr', { hasText: DRUG })).toContainText('中止', { timeout: 30_000 });
});
