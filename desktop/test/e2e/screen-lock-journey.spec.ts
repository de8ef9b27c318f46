// The screen lock of a shared clinic PC (issue 13), end to end on real parts: the screens in
// Chromium at 1366×768 over the real desktop core and a real backend with the demo region, the
// page's clock controlled by Playwright (page.clock), so ten idle minutes pass in an instant. The
// visiting nurse half-types a 連絡帳 post and walks away: nine minutes later she types on, so the
// screen stays; ten minutes after that it locks. The page then holds no patient data (its whole
// content is checked) and the core refuses the patient list; a wrong password is counted, hers
// unlocks, and the post she was typing is still there. 画面をロック (Ctrl+L) locks at once and a
// reload cannot skip the lock. 「別のユーザーでログイン」 then hands the PC to a colleague of the
// station, whose own patients open (the nurse's patient, not on her team, is nowhere).
// With the server down, a colleague taking the locked PC is first told of the nurse's unsent post,
// which waits on the PC for her next login.
import { startDemoRegion, type ClinicPc, type DemoRegion } from '../../region/demo-region';
import { expect, test } from './fixtures';

const NURSING_STATION = '訪問看護ステーションひむか';
const MODEL_PATIENT = '宮崎 未来斗';
const DRAFT = '本日の訪問：仙骨部の発赤は 2cm に拡大。除圧マットを';
const DRAFT_MORE = '本日から使用しています。';

let region: DemoRegion;
let pc: ClinicPc;
test.describe.configure({ timeout: 300_000 });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  region = await startDemoRegion({ clinicPcs: 1, chart: true, patients: 4, loginFailureDelayMs: 300 });
  pc = region.pcs[0] as ClinicPc;
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

test('the nurse walks away: the screen locks after 10 idle minutes, hides every patient, unlocks with her password with her half-typed post kept, and hands over to a colleague', async ({
  renkei,
}) => {
  const { page } = renkei;
  await page.clock.install();
  await renkei.open(pc.api);
  await expect(page.getByRole('heading', { name: 'ログイン' })).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('ユーザーID').fill('ns.kai');
  await page.getByLabel('パスワード').fill(region.password);
  await page.getByLabel('パスワード').press('Enter');
  await expect(page.getByRole('heading', { name: '担当患者' })).toBeVisible({ timeout: 30_000 });
  await page.locator('.patient-row', { hasText: MODEL_PATIENT }).first().click({ timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 1 })).toContainText(MODEL_PATIENT);
  await page.getByRole('tab', { name: /^連絡帳/ }).click();
  await expect(page.getByTestId('post').first()).toBeVisible({ timeout: 30_000 });
  const compose = page.getByRole('textbox', { name: '連絡帳に投稿' });
  await compose.pressSequentially(DRAFT);

  // Nine minutes pass; she comes back and types on: the count starts again.
  await page.clock.runFor('09:00');
  await expect(page.getByRole('heading', { name: 'ロック中' })).toHaveCount(0);
  await compose.pressSequentially(DRAFT_MORE);
  await page.clock.runFor('09:50');
  await expect(page.getByRole('heading', { name: 'ロック中' })).toHaveCount(0);

  // Ten minutes without input: locked.
  await page.clock.runFor('00:15');
  await expect(page.getByRole('heading', { name: 'ロック中' })).toBeVisible({ timeout: 10_000 });
  await expect(page.getByLabel('甲斐 由美 さんのパスワード')).toBeFocused();
  await expect(page.getByText('訪問看護ステーションひむか').first()).toBeVisible();
  // No patient, post or draft anywhere in the page (hidden elements included).
  const locked = await page.content();
  for (const secret of ['宮崎', '未来斗', '仙骨部', '除圧マット', '担当患者']) expect(locked).not.toContain(secret);
  // The core itself refuses: a reloaded or tampered page gets nothing either.
  await expect(pc.api.searchPatients('')).rejects.toMatchObject({ detail: { reason: 'SCREEN_LOCKED' } });
  await renkei.screenshot('screen-lock-01-idle-locked');

  // A wrong password is counted; hers unlocks (Enter submits), back where she was, the post half-typed.
  const password = page.getByLabel('甲斐 由美 さんのパスワード');
  await password.fill('まちがい');
  await password.press('Enter');
  await expect(page.locator('.error-notice')).toContainText('あと4回間違えるとログアウトします');
  await expect(password).toBeFocused();
  await renkei.screenshot('screen-lock-02-wrong-password');
  await password.fill(region.password);
  await password.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(MODEL_PATIENT, { timeout: 30_000 });
  await expect(page.getByRole('textbox', { name: '連絡帳に投稿' })).toHaveValue(DRAFT + DRAFT_MORE);
  await expect(page.getByTestId('post').first()).toBeVisible({ timeout: 30_000 });

  // 画面をロック at once (Ctrl+L); a reload does not get past it.
  await page.keyboard.press('Control+L');
  await expect(page.getByRole('heading', { name: 'ロック中' })).toBeVisible({ timeout: 10_000 });
  await page.reload();
  await expect(page.getByRole('heading', { name: 'ロック中' })).toBeVisible({ timeout: 30_000 });
  expect(await page.content()).not.toContain('宮崎');
  await renkei.screenshot('screen-lock-03-after-reload');

  // A colleague of the station takes the PC (only the station's own staff may log in on it): the
  // nurse's session ends, hers opens, with her own patients.
  await page.getByRole('button', { name: '別のユーザーでログイン' }).click();
  await expect(page.getByRole('heading', { name: 'ログイン' })).toBeVisible({ timeout: 30_000 });
  expect((await pc.api.getStatus()).session).toBeNull();
  await page.getByLabel('ユーザーID').fill('ns.nagatomo');
  await page.getByLabel('パスワード').fill(region.password);
  await page.getByLabel('パスワード').press('Enter');
  await expect(page.getByRole('heading', { name: '担当患者' })).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.app-header__user-name')).toHaveText('長友 聡子');
  await expect.poll(() => page.locator('.patient-row').count(), { timeout: 30_000 }).toBeGreaterThan(0);
  await expect(page.locator('.patient-row', { hasText: MODEL_PATIENT })).toHaveCount(0);
  await renkei.screenshot('screen-lock-04-colleague-after-switch');
});

test('five wrong passwords on the lock screen end the session, and the login screen says why', async ({ renkei }) => {
  const { page } = renkei;
  // Whoever the test before left logged in on this PC leaves first.
  await pc.api.logout();
  await renkei.open(pc.api);
  await expect(page.getByRole('heading', { name: 'ログイン' })).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('ユーザーID').fill('ns.kai');
  await page.getByLabel('パスワード').fill(region.password);
  await page.getByLabel('パスワード').press('Enter');
  await expect(page.getByRole('heading', { name: '担当患者' })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: '画面をロック' }).click();
  const password = page.getByLabel('甲斐 由美 さんのパスワード');
  for (let attempt = 1; attempt <= 5; attempt++) {
    await password.fill(`まちがい${attempt}`);
    await password.press('Enter');
    if (attempt < 5) await expect(page.locator('.error-notice')).toContainText(`あと${5 - attempt}回`);
  }
  await expect(page.getByRole('heading', { name: 'ログイン' })).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.error-notice')).toContainText('5回続けて間違えたため、ログアウトしました');
  await renkei.screenshot('screen-lock-05-attempts-exhausted');
});

// Last in this file: the server stays down.
test('a colleague taking the locked PC is first told of the unsent post, which stays on the PC for its author', async ({ renkei }) => {
  const { page } = renkei;
  await pc.api.logout();
  await renkei.open(pc.api);
  await expect(page.getByRole('heading', { name: 'ログイン' })).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('ユーザーID').fill('ns.kai');
  await page.getByLabel('パスワード').fill(region.password);
  await page.getByLabel('パスワード').press('Enter');
  await page.locator('.patient-row', { hasText: MODEL_PATIENT }).first().click({ timeout: 30_000 });
  await page.getByRole('tab', { name: /^連絡帳/ }).click();
  await expect(page.getByTestId('post').first()).toBeVisible({ timeout: 30_000 });

  // The line drops; her post waits on this PC.
  await region.stopServer();
  await page.getByRole('textbox', { name: '連絡帳に投稿' }).fill('夕方の訪問：食事摂取は半分。');
  await page.getByRole('button', { name: '投稿', exact: true }).click();
  await expect(page.getByTestId('post').filter({ hasText: '夕方の訪問' })).toContainText('未送信', { timeout: 30_000 });

  await page.getByRole('button', { name: '画面をロック' }).click();
  await expect(page.getByRole('heading', { name: 'ロック中' })).toBeVisible({ timeout: 10_000 });
  await page.getByRole('button', { name: '別のユーザーでログイン' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('甲斐 由美 さんの未送信の投稿が 1 件あります');
  // Nothing of the post itself is shown to whoever stands at the PC.
  expect(await page.content()).not.toContain('食事摂取');
  await renkei.screenshot('screen-lock-06-switch-with-unsent-post');

  // Cancelled: still her locked session.
  await dialog.getByRole('button', { name: 'キャンセル' }).click();
  await expect(page.getByRole('heading', { name: 'ロック中' })).toBeVisible();
  expect((await pc.api.getStatus()).session).not.toBeNull();

  // Confirmed: her session ends, the post stays queued on this PC for her next login.
  await page.getByRole('button', { name: '別のユーザーでログイン' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'ログアウトして切り替える' }).click();
  await expect(page.getByRole('heading', { name: 'ログイン' })).toBeVisible({ timeout: 30_000 });
  expect((await pc.api.getStatus()).session).toBeNull();

  // She logs in again (offline, with the password this PC knows): her post is still waiting.
  await page.getByLabel('ユーザーID').fill('ns.kai');
  await page.getByLabel('パスワード').fill(region.password);
  await page.getByLabel('パスワード').press('Enter');
  await expect(page.getByRole('heading', { name: '担当患者' })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: '画面をロック' }).click();
  await page.getByRole('button', { name: '別のユーザーでログイン' }).click();
  await expect(page.getByRole('dialog')).toContainText('甲斐 由美 さんの未送信の投稿が 1 件あります');
});
