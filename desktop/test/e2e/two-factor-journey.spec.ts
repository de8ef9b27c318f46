// Two-factor login (issue 13), end to end on real parts: the screens in Chromium at 1366×768 over
// the real desktop core and a real backend with the demo region. The office requires it
// (`renkei-admin policy 2fa --require --facility …`); the doctor is led to the setup right after the
// password, scans the QR code (here: reads the key as text and computes the codes with Python's
// hmac, independently of the server's library), confirms with a first code, is shown the ten
// recovery codes once and goes on when they say 「保存しました」. Next time the code step follows
// the password: a code already used is refused, the next one is taken; a recovery code works once.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startDemoRegion, DEMO_FACILITY, type ClinicPc, type DemoRegion } from '../../region/demo-region';
import { expect, test, type RenkeiPage } from './fixtures';

const run = promisify(execFile);
const RFC6238 = fileURLToPath(new URL('../../../backend/test/support/rfc6238.py', import.meta.url));
const STEP_MS = 30_000;

let region: DemoRegion;
let pc: ClinicPc;
test.describe.configure({ timeout: 300_000 });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  region = await startDemoRegion({ clinicPcs: 1, loginFailureDelayMs: 300 });
  pc = region.pcs[0] as ClinicPc;
  await pc.api.enroll({ serverAddress: region.serverAddress, enrollmentCode: await region.inviteCode(), deviceName: '本院 診察室PC' });
  await region.approvePending();
  await pc.api.refreshDevice();
  await region.admin(['policy', '2fa', '--require', '--facility', DEMO_FACILITY]);
});
test.afterAll(async () => {
  await region?.stop();
});

test.afterEach(({ renkei }) => {
  expect(renkei.problems, 'console errors (CSP violations, exceptions)').toEqual([]);
});

/** What an authenticator app shows for the key, `offset` steps from now. */
async function codeFor(key: string, offset = 0): Promise<string> {
  const step = Math.floor(Date.now() / STEP_MS) + offset;
  const { stdout } = await run('python3', [RFC6238, key.replace(/\s/g, ''), String(step)]);
  return stdout.trim();
}

async function password(renkei: RenkeiPage) {
  const { page } = renkei;
  await expect(page.getByRole('heading', { name: 'ログイン' })).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('ユーザーID').fill('dr.kuroki');
  await page.getByLabel('パスワード').fill(region.password);
  await page.getByLabel('パスワード').press('Enter');
}

test('the doctor sets up an authenticator right after the password, keeps the recovery codes, then logs in with a code once and with a recovery code once', async ({
  renkei,
}) => {
  const { page } = renkei;
  await renkei.open(pc.api);
  await password(renkei);

  // The setup: the QR code (an SVG data: image the CSP allows) and the same key as text.
  await expect(page.getByRole('heading', { name: '2段階認証の設定' })).toBeVisible({ timeout: 30_000 });
  const qr = page.getByRole('img', { name: '認証アプリで読み取るQRコード' });
  await expect(qr).toBeVisible();
  expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
  // The image decoded: an SVG the browser could not read would have no width.
  expect(await qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
  const key = (await page.getByTestId('second-factor-secret').textContent())!;
  expect(key.replace(/\s/g, '')).toMatch(/^[A-Z2-7]{32}$/);
  await renkei.screenshot('two-factor-setup');

  // A wrong first code is refused with what to do; the right one finishes the setup.
  await page.getByRole('textbox', { name: '確認コード（6桁）' }).fill(await codeFor(key, -3));
  await page.getByRole('button', { name: '設定を完了' }).click();
  await expect(page.locator('.error-notice')).toContainText('認証アプリに表示されている最新の6桁');
  const firstCode = await codeFor(key);
  await page.getByRole('textbox', { name: '確認コード（6桁）' }).fill(firstCode);
  await page.getByRole('button', { name: '設定を完了' }).click();

  // The ten recovery codes, shown this once; the session begins when the doctor says they are saved.
  await expect(page.getByRole('heading', { name: 'リカバリーコードの保管' })).toBeVisible({ timeout: 30_000 });
  const codes = await page.getByRole('list', { name: 'リカバリーコード（10個）' }).locator('li').allTextContents();
  expect(codes).toHaveLength(10);
  for (const code of codes) expect(code).toMatch(/^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/);
  await expect(page.getByText('この画面は一度しか表示されません')).toBeVisible();
  expect((await pc.api.getStatus()).session).toBeNull();
  await renkei.screenshot('two-factor-recovery-codes');
  await page.getByRole('button', { name: '保存しました' }).click();
  await expect(page.getByRole('heading', { name: '担当患者' })).toBeVisible({ timeout: 30_000 });

  // Next login: the code step. The code used for the setup is refused (no replay); the next step's is taken.
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await password(renkei);
  await expect(page.getByRole('heading', { name: '確認コードの入力' })).toBeVisible({ timeout: 30_000 });
  await renkei.screenshot('two-factor-code-step');
  await page.getByRole('textbox', { name: '確認コード（6桁）' }).fill(firstCode);
  await page.getByRole('button', { name: '確認', exact: true }).click();
  await expect(page.locator('.error-notice')).toContainText('確認コードが正しくないか、すでに使われたか');
  await page.getByRole('textbox', { name: '確認コード（6桁）' }).fill(await codeFor(key, 1));
  await page.getByRole('button', { name: '確認', exact: true }).click();
  await expect(page.getByRole('heading', { name: '担当患者' })).toBeVisible({ timeout: 30_000 });

  // A lost phone: a recovery code, once.
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await password(renkei);
  await page.getByRole('button', { name: '認証アプリを使えない場合（リカバリーコードでログイン）' }).click();
  await expect(page.getByRole('heading', { name: 'リカバリーコードでログイン' })).toBeVisible();
  await page.getByRole('textbox', { name: 'リカバリーコード' }).fill(codes[0]!);
  await page.getByRole('button', { name: '確認', exact: true }).click();
  await expect(page.getByRole('heading', { name: '担当患者' })).toBeVisible({ timeout: 30_000 });

  await page.getByRole('button', { name: 'ログアウト' }).click();
  await password(renkei);
  await page.getByRole('button', { name: '認証アプリを使えない場合（リカバリーコードでログイン）' }).click();
  await page.getByRole('textbox', { name: 'リカバリーコード' }).fill(codes[0]!);
  await page.getByRole('button', { name: '確認', exact: true }).click();
  await expect(page.locator('.error-notice')).toContainText('リカバリーコードが正しくないか、すでに使われています');
  await renkei.screenshot('two-factor-recovery-spent');
  // Back to the password: the challenge is forgotten.
  await page.getByRole('button', { name: 'ユーザーIDとパスワードの入力に戻る' }).click();
  await expect(page.getByRole('heading', { name: 'ログイン' })).toBeVisible();
});
