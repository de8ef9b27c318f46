// 定型文 end to end on real parts (Chromium over the real desktop core and a real backend with the
// demo region): a nurse adds her own phrase for S in 「定型文の管理」, then picks it from S's
// 「定型文」 list; it goes in at the cursor, between the words already typed, and the note is saved.
import { startDemoRegion, type ClinicPc, type DemoRegion } from '../../region/demo-region';
import { expect, test } from './fixtures';

const NURSING_STATION = '訪問看護ステーションひむか';
let region: DemoRegion;
test.describe.configure({ timeout: 300_000 });

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

test('a nurse adds a phrase and inserts it into S at the cursor, then saves the note', async ({ renkei }) => {
  const { page } = renkei;
  await renkei.open(region.pcs[0]!.api);
  await expect(page.getByRole('heading', { name: 'ログイン' })).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('ユーザーID').fill('ns.kai');
  await page.getByLabel('パスワード').fill(region.password);
  await page.getByLabel('パスワード').press('Enter');
  await expect(page.getByRole('heading', { name: '担当患者' })).toBeVisible({ timeout: 30_000 });
  await page.locator('.patient-row').first().click({ timeout: 30_000 });
  await page.getByRole('tab', { name: '経過記録' }).click();
  await page.getByRole('button', { name: '経過記録を書く' }).click();

  await page.getByRole('button', { name: '定型文（S）' }).click();
  await page.getByRole('menuitem', { name: '定型文の管理…' }).click();
  const manager = page.getByTestId('phrase-manager');
  await manager.getByLabel('見出し').fill('訴えなし');
  await manager.getByLabel('本文').fill('特に訴えなし。');
  await manager.getByRole('button', { name: '追加' }).click();
  await expect(manager.locator('.phrase-manager__row', { hasText: '訴えなし' })).toContainText('自分');
  await manager.getByRole('button', { name: '閉じる' }).click();

  const s = page.getByLabel('S（主観的情報）');
  await s.fill('本人より。夜間よく眠れた。');
  // The cursor after 「本人より。」: the phrase goes in there, not at the end.
  await s.evaluate((el) => (el as unknown as { setSelectionRange(a: number, b: number): void }).setSelectionRange(5, 5));
  await page.getByRole('button', { name: '定型文（S）' }).click();
  await expect(page.getByRole('menuitem', { name: /訴えなし/ })).toBeFocused();
  await renkei.screenshot('phrases-1-picker');
  await page.keyboard.press('Enter');
  await expect(s).toHaveValue('本人より。特に訴えなし。夜間よく眠れた。');
  await expect(s).toBeFocused();
  await page.getByRole('button', { name: '経過記録を保存' }).click();
  await expect(page.getByTestId('chart-notice')).toContainText('経過記録を保存しました。', { timeout: 30_000 });
  await expect(page.locator('article.note').first()).toContainText('本人より。特に訴えなし。夜間よく眠れた。');
});
