// What a role may not read is said as such (issue 12, defect 3), end to end on real parts: the
// screens in Chromium over the real desktop core and a real backend with the demo region (through
// the tunnel where the machine allows). A care worker's role reads the care plan only: the chart
// must say 「あなたの役割では閲覧できない記録があります」 where notes, documents and forms are kept from
// them, never 「まだありません」 (nothing was shared) nor 「サーバーに接続できないため…」 (offline).
import { namespaceTestsUnavailable } from '@renkei/wireguard/testing';
import type { Page } from '@playwright/test';
import { startDemoRegion, type DemoRegion } from '../../region/demo-region';
import { expect, test } from './fixtures';

const unavailable = namespaceTestsUnavailable();
if (unavailable && process.env.CI) throw new Error(`CI must run the journey over the real tunnel: ${unavailable}`);

const HELPER_STATION = 'ヘルパーステーションみらい';
const HIDDEN = 'あなたの役割では閲覧できない記録があります';

let region: DemoRegion;
test.describe.configure({ timeout: 240_000 });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  region = await startDemoRegion({ loginFailureDelayMs: 300, chart: true });
});
test.afterAll(async () => {
  await region?.stop();
});

test.afterEach(({ renkei }) => {
  expect(renkei.problems, 'console errors (CSP violations, exceptions)').toEqual([]);
});

async function enrollAndLogIn(page: Page, loginId: string): Promise<void> {
  await expect(page.getByRole('heading', { name: 'この端末の登録' })).toBeVisible();
  await page.getByLabel('サーバーアドレス').fill(region.serverAddress);
  await page.getByLabel('登録コード').fill(await region.inviteCode(HELPER_STATION));
  await page.getByLabel('端末名').fill('ヘルパー事務所PC');
  await page.getByLabel('端末名').press('Enter');
  await expect(page.getByRole('heading', { name: '事務局の承認待ち' })).toBeVisible({ timeout: 30_000 });
  await region.approvePending();
  await expect(page.getByRole('heading', { name: 'ログイン' })).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('ユーザーID').fill(loginId);
  await page.getByLabel('パスワード').fill(region.password);
  await page.getByLabel('パスワード').press('Enter');
  await expect(page.getByRole('heading', { name: '担当患者' })).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => page.locator('.patient-row').count(), { timeout: 30_000 }).toBeGreaterThan(0);
}

test('a care worker reads that notes, documents and forms are kept from their role, online, not that there are none or that the server is away', async ({
  renkei,
}) => {
  const { page } = renkei;
  await renkei.open(region.clinic);
  await enrollAndLogIn(page, 'cw.yano');
  await page.locator('.patient-row').first().click();
  await expect(page.getByRole('tab', { name: '概要' })).toBeVisible();
  // Online: what follows is the role's limit, not an outage.
  await expect.poll(async () => (await region.clinic.getStatus()).online).toBe(true);

  // 概要: the latest notes, which the role may not read.
  const latestNotes = page.locator('section.card', { has: page.getByRole('heading', { name: '最近の経過記録' }) });
  await expect(latestNotes).toContainText(HIDDEN);
  await expect(latestNotes).not.toContainText('まだありません');

  await page.getByRole('tab', { name: '経過記録' }).click();
  const notes = page.locator('section.notes');
  await expect(notes).toContainText(HIDDEN);
  await expect(notes).not.toContainText('サーバーに接続できないため');
  await expect(notes).not.toContainText('まだありません');
  await expect(page.getByRole('alert')).toHaveCount(0);
  // Nothing to tick and paste: the role may neither read notes nor write a form.
  await expect(notes).not.toContainText('書類に貼り付けたい記録にチェックを入れてください');
  await expect(notes).not.toContainText('閲覧のみ');
  await renkei.screenshot('role-limits-notes-care-worker');

  await page.getByRole('tab', { name: '文書' }).click();
  await expect(page.locator('section[aria-labelledby="documents-heading"]')).toContainText(HIDDEN);
  await page.getByRole('tab', { name: '書類' }).click();
  const forms = page.locator('section[aria-labelledby="forms-heading"]');
  await expect(forms).toContainText(HIDDEN);
  await expect(forms).not.toContainText('まだありません');
  await expect(forms).not.toContainText('サーバーに接続できないため');

  // 同意: recording and withdrawing are the registering office's; the care worker is not offered them.
  await page.getByRole('tab', { name: '同意' }).click();
  const consent = page.getByRole('tabpanel', { name: '同意' });
  await expect(consent).toContainText('同意の記録・撤回は、');
  await expect(consent.getByRole('button', { name: /同意を記録|撤回を記録/ })).toHaveCount(0);
});
