// The account (issue 13), end to end on real parts: the screens in Chromium over the real desktop core
// and a real backend with the demo region. The office asks the visiting nurse for a new password
// (`renkei-admin user password ns.kai`): after her login the app shows the password change alone, checks
// the rule while she types, keeps what she typed when the server refuses it, and goes on to her patients
// once it is changed. Then, by choice, she sets up two-factor login from 「アカウント」 (the key read as
// text, the codes computed by Python's hmac, independently of the server's library), is shown the ten
// recovery codes once, and issues new ones after her password.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startDemoRegion, type ClinicPc, type DemoRegion } from '../../region/demo-region';
import { expect, test } from './fixtures';

const run = promisify(execFile);
const RFC6238 = fileURLToPath(new URL('../../../backend/test/support/rfc6238.py', import.meta.url));
const STEP_MS = 30_000;
const NEW_PASSWORD = 'houmon-kango-2026!';

let region: DemoRegion;
let pc: ClinicPc;
test.describe.configure({ timeout: 300_000 });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  region = await startDemoRegion({ clinicPcs: 1, loginFailureDelayMs: 300 });
  pc = region.pcs[0] as ClinicPc;
  await pc.api.enroll({
    serverAddress: region.serverAddress,
    enrollmentCode: await region.inviteCode('訪問看護ステーションひむか'),
    deviceName: '訪問看護ステーション PC',
  });
  await region.approvePending();
  await pc.api.refreshDevice();
  await region.admin(['user', 'password', 'ns.kai']);
});
test.afterAll(async () => {
  await region?.stop();
});

test.afterEach(({ renkei }) => {
  expect(renkei.problems, 'console errors (CSP violations, exceptions)').toEqual([]);
});

async function codeFor(key: string, offset = 0): Promise<string> {
  const step = Math.floor(Date.now() / STEP_MS) + offset;
  const { stdout } = await run('python3', [RFC6238, key.replace(/\s/g, ''), String(step)]);
  return stdout.trim();
}

test('a nurse asked for a new password changes it first, then sets up two-factor login by choice and issues new recovery codes', async ({ renkei }) => {
  const { page } = renkei;
  await renkei.open(pc.api);
  await expect(page.getByRole('heading', { name: 'ログイン' })).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('ユーザーID').fill('ns.kai');
  await page.getByLabel('パスワード').fill(region.password);
  await page.getByLabel('パスワード').press('Enter');

  // Only the password change: no patients, no アカウント or PC settings in the header.
  await expect(page.getByRole('heading', { name: 'パスワードの変更が必要です' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('heading', { name: '担当患者' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'アカウント' })).toHaveCount(0);
  await expect(page.getByTestId('password-rule')).toContainText('13文字以上で、英字・数字・記号をそれぞれ1文字以上含めてください');

  // Checked while typing, by the same rule.
  await page.getByLabel('現在のパスワード').fill(region.password);
  await page.getByLabel('新しいパスワード', { exact: true }).fill('kangoshi');
  await expect(page.getByText('パスワードは13文字以上にしてください。')).toBeVisible();
  await expect(page.getByText('数字（0〜9）を1文字以上含めてください。')).toBeVisible();
  await renkei.screenshot('account-password-required');

  // The server's refusal of a wrong current password is said at its field; what was typed stays.
  await page.getByLabel('現在のパスワード').fill('not-my-password-1');
  await page.getByLabel('新しいパスワード', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('新しいパスワード（確認）').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'パスワードを変更' }).click();
  await expect(page.getByText('現在のパスワードが正しくありません。')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByLabel('新しいパスワード', { exact: true })).toHaveValue(NEW_PASSWORD);

  await page.getByLabel('現在のパスワード').fill(region.password);
  await page.getByRole('button', { name: 'パスワードを変更' }).click();
  await expect(page.getByRole('heading', { name: '担当患者' })).toBeVisible({ timeout: 30_000 });

  // By choice: two-factor login from アカウント.
  await page.getByRole('button', { name: 'アカウント' }).click();
  const dialog = page.getByTestId('account-dialog');
  await expect(dialog.getByTestId('two-factor-state')).toHaveText('未設定', { timeout: 30_000 });
  await dialog.getByRole('button', { name: '設定する' }).click();
  const qr = dialog.getByRole('img', { name: '認証アプリで読み取るQRコード' });
  await expect(qr).toBeVisible({ timeout: 30_000 });
  expect(await qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
  const key = (await dialog.getByTestId('second-factor-secret').textContent())!;
  await renkei.screenshot('account-two-factor-setup');
  await dialog.getByRole('textbox', { name: '確認コード（6桁）' }).fill(await codeFor(key, -4));
  await dialog.getByRole('button', { name: '設定を完了' }).click();
  await expect(dialog.locator('.error-notice')).toContainText('認証アプリに表示されている最新の6桁', { timeout: 30_000 });
  await dialog.getByRole('textbox', { name: '確認コード（6桁）' }).fill(await codeFor(key));
  await dialog.getByRole('button', { name: '設定を完了' }).click();
  const codeList = dialog.getByRole('list', { name: 'リカバリーコード（10個）' });
  await expect(codeList).toBeVisible({ timeout: 30_000 });
  const codes = await codeList.locator('li').allTextContents();
  expect(codes).toHaveLength(10);
  await expect(dialog.getByText('この画面は一度しか表示されません')).toBeVisible();
  await renkei.screenshot('account-recovery-codes');
  await dialog.getByRole('button', { name: '保存しました' }).click();
  await expect(dialog.getByTestId('two-factor-state')).toContainText('設定済み', { timeout: 30_000 });
  await expect(dialog.getByText('未使用のリカバリーコード: 10個')).toBeVisible();

  // New recovery codes after the password.
  await dialog.getByRole('button', { name: '回復コードを再発行' }).click();
  await dialog.getByLabel('パスワード（本人確認）').fill(NEW_PASSWORD);
  await dialog.getByRole('button', { name: '再発行する' }).click();
  await expect(codeList.locator('li').first()).not.toHaveText(codes[0]!, { timeout: 30_000 });
  const again = await codeList.locator('li').allTextContents();
  expect(again).toHaveLength(10);
  expect(again.filter((code) => codes.includes(code))).toEqual([]);
  await dialog.getByRole('button', { name: '保存しました' }).click();
  await renkei.screenshot('account-two-factor-on');

  // The next login asks for the code.
  await page.getByRole('button', { name: '閉じる' }).first().click();
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await page.getByLabel('ユーザーID').fill('ns.kai');
  await page.getByLabel('パスワード').fill(NEW_PASSWORD);
  await page.getByLabel('パスワード').press('Enter');
  await expect(page.getByRole('heading', { name: '確認コードの入力' })).toBeVisible({ timeout: 30_000 });
});
