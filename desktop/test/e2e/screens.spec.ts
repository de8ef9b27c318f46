// Every screen, driven as a clinic user would (keyboard first), over the demo API, at 1366×768.
// Each test leaves screenshots in test-results/screenshots for a person to look at.
import { ERROR_REASONS } from '@renkei/proto/error-reasons';
import { SCRIPTED_LOGIN, ScriptedDesktopApi } from './scripted-desktop-api';
import { expect, test } from './fixtures';

const A_CODE = '1k4zq 7m2pd 9xw3a bc5ef 0gh1j km2np qr3st vw4xy z5678';

test.afterEach(({ renkei }) => {
  expect(renkei.problems, 'console errors (CSP violations, exceptions)').toEqual([]);
});

test('first run: the enrollment form catches a short code, registers, waits, and moves on once approved', async ({ renkei }) => {
  const api = new ScriptedDesktopApi();
  const { page } = renkei;
  await renkei.open(api);

  await expect(page.getByRole('heading', { name: 'この端末の登録' })).toBeVisible();
  await renkei.screenshot('01-enrollment');

  await page.getByLabel('サーバーアドレス').fill('renkei.example.jp:7443');
  await page.getByLabel('登録コード').fill('1K4ZQ-7M2PD-9XW3A');
  await page.getByLabel('端末名').fill('診察室PC-1');
  await page.getByLabel('端末名').press('Enter');
  await expect(page.getByText('登録コードは45文字ですが、入力は15文字です')).toBeVisible();
  await expect(page.getByLabel('登録コード')).toBeFocused();
  await renkei.screenshot('02-enrollment-short-code');
  expect(api.calls.filter((c) => c.method === 'enroll')).toEqual([]);

  await page.getByLabel('登録コード').fill(A_CODE);
  await page.getByLabel('登録コード').press('Enter');
  await expect(page.getByRole('heading', { name: '事務局の承認待ち' })).toBeVisible();
  expect(api.calls.find((c) => c.method === 'enroll')?.args[0]).toEqual({
    serverAddress: 'renkei.example.jp:7443',
    enrollmentCode: '1K4ZQ-7M2PD-9XW3A-BC5EF-0GH1J-KM2NP-QR3ST-VW4XY-Z5678',
    deviceName: '診察室PC-1',
  });
  await expect(page.getByText('診察室PC-1')).toBeVisible();
  await renkei.screenshot('03-awaiting-approval');

  api.approveOnNextRefresh = true;
  // No click: the screen asks again by itself every few seconds.
  await expect(page.getByRole('heading', { name: 'ログイン' })).toBeVisible({ timeout: 10_000 });
});

test('login: a wrong password says what to do, the right one opens the patient list', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  api.update({ session: null });
  const { page } = renkei;
  await renkei.open(api);

  await expect(page.getByLabel('ユーザーID')).toBeFocused();
  await page.getByLabel('ユーザーID').fill(SCRIPTED_LOGIN.loginId);
  await page.getByLabel('パスワード').fill('wrong');
  await page.getByLabel('パスワード').press('Enter');
  await expect(page.getByRole('alert')).toHaveText(ERROR_REASONS.LOGIN_FAILED.ja);
  await expect(page.getByLabel('パスワード')).toBeFocused();
  await renkei.screenshot('04-login-failed');

  await page.getByLabel('パスワード').fill(SCRIPTED_LOGIN.password);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: '担当患者' })).toBeVisible();
});

test('patient list: search as you type, arrow keys into the list, Enter opens, Esc comes back', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);

  const rows = page.locator('.patient-row');
  await expect(rows).toHaveCount(6);
  // Kana order, whatever the kanji: ササキ, タカナシ, タカハシ, テシガワラ, ヤマザキ, ヤマダ.
  await expect(rows.first()).toContainText('佐々木');
  await expect(rows.last()).toContainText('山田');
  await renkei.screenshot('05-patient-list');

  const search = page.getByLabel('患者を検索');
  await expect(search).toBeFocused();
  await search.pressSequentially('やま');
  await expect(rows).toHaveCount(2);
  await search.press('ArrowDown');
  await expect(rows.nth(0)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(rows.nth(1)).toBeFocused();
  await expect(rows.nth(1)).toContainText('山田');
  await renkei.screenshot('06-patient-search');
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { level: 1 })).toContainText('山田 太郎');
  await expect(page.getByText('1938年4月2日（昭和13年）')).toBeVisible();
  const severe = page.locator('.allergy--severe');
  await expect(severe).toContainText('ペニシリン系抗菌薬');
  await expect(severe).toContainText('重度');
  await expect(page.locator('.allergy').first()).toHaveClass(/allergy--severe/);
  await expect(page.getByText('〒880-0805')).toBeVisible();
  await renkei.screenshot('07-patient-overview');
  const careTeam = page.getByRole('region', { name: 'ケアチーム' });
  await careTeam.scrollIntoViewIfNeeded();
  await expect(careTeam.getByRole('row', { name: /田中 一郎/ })).toContainText('あなた');
  await expect(careTeam.getByRole('row', { name: /鈴木 恵子/ })).toContainText('訪問看護師');
  await renkei.screenshot('07b-care-team');

  await page.keyboard.press('Escape');
  await expect(search).toHaveValue('やま');
  await expect(rows.nth(1)).toBeFocused();
});

test('overview: no allergy record reads 登録なし, never アレルギーなし', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  await page.getByText('髙橋 花子').click();
  const allergies = page.locator('.allergies');
  await expect(allergies).toContainText('登録なし');
  await expect(allergies).not.toContainText('アレルギーなし');
  await renkei.screenshot('08-overview-no-allergy-record');
});

test('long names and addresses wrap inside the layout', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  const row = page.locator('.patient-row', { hasText: '勅使河原' });
  const rowBox = await row.boundingBox();
  const nameBox = await row.locator('.person-name').boundingBox();
  expect(rowBox && nameBox && nameBox.x + nameBox.width <= rowBox.x + rowBox.width).toBe(true);
  expect(rowBox!.x + rowBox!.width).toBeLessThanOrEqual(1366);
  await row.click();
  await expect(page.getByText('グランドレジデンス')).toBeVisible();
  const profile = await page.locator('.card', { hasText: '基本情報' }).boundingBox();
  expect(profile!.x + profile!.width).toBeLessThanOrEqual(1366);
  await renkei.screenshot('09-overview-long-name');
});

test('text people typed is a bidi isolate, so a right-to-left mark in it cannot reorder what is beside it', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  const row = page.locator('.patient-row', { hasText: '山田' });
  const bidi = (locator: typeof row) => locator.first().evaluate((element) => element.ownerDocument.defaultView!.getComputedStyle(element).unicodeBidi);
  expect(await bidi(row.locator('.person-name'))).toBe('isolate');
  await row.click();
  expect(await bidi(page.getByRole('heading', { level: 1 }))).toBe('isolate');
  expect(await bidi(page.locator('.card', { hasText: '基本情報' }).locator('dd'))).toBe('isolate');
});

test('offline: the banner dates the data, and a long sync shows its progress', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  await expect(page.locator('.patient-row')).toHaveCount(6);

  const lastSyncedAt = new Date(Date.now() - 42 * 60_000);
  api.update({ online: false });
  api.setSync({ state: 'syncing', lastSyncedAt: lastSyncedAt.toISOString(), progress: { done: 1_250, total: 4_800 } });
  api.setTunnel({ phase: 'connecting' });
  const inJapan = (options: Intl.DateTimeFormatOptions, instant: Date) =>
    new Intl.DateTimeFormat('ja-JP', { ...options, timeZone: 'Asia/Tokyo' }).format(instant);
  const hhmm = inJapan({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }, lastSyncedAt);
  // Within 42 minutes after midnight in Japan the data is from yesterday, and the banner says its day too.
  const day = (instant: Date) => inJapan({ month: 'long', day: 'numeric' }, instant);
  const asOf = day(lastSyncedAt) === day(new Date()) ? hhmm : `${day(lastSyncedAt)} ${hhmm}`;
  await expect(page.getByTestId('offline-banner')).toContainText(`オフライン: ${asOf}時点のデータを表示しています`);
  await expect(page.getByTestId('sync-status')).toContainText('同期中 1,250 / 4,800件');
  await expect(page.locator('progress')).toHaveAttribute('value', '1250');
  await renkei.screenshot('10-offline-syncing');

  await page.locator('.patient-row').first().click();
  await expect(page.getByText(/この端末に保存された情報/)).toBeVisible();
  await renkei.screenshot('11-overview-from-cache');
});

test('status bar: tunnel service down, and a demo server without VPN, are said plainly', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  const tunnel = page.getByTestId('tunnel-status');
  await expect(tunnel).toContainText('接続済み（最終ハンドシェイク');

  api.setTunnel({ phase: 'error', serviceUnreachable: true, error: 'dial unix /run/renkei/tunnel.sock: connect: no such file or directory' });
  await expect(tunnel).toContainText('VPNサービスが起動していません');
  await expect(tunnel).toContainText('PCを再起動');
  await renkei.screenshot('12-tunnel-service-unreachable');

  api.setTunnel({ phase: 'down', serviceUnreachable: false, error: null });
  await tunnel.getByRole('button', { name: '接続' }).click();
  await expect(tunnel).toContainText('接続済み');

  api.setDevice('approved', { tunnelRequired: false });
  api.setTunnel({ phase: 'not-used' });
  await expect(tunnel).toContainText('VPNなし（デモ）');
  await renkei.screenshot('13-demo-without-vpn');
});

test('revoked: the device says it can no longer show patients, and who to call', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  await expect(page.locator('.patient-row')).toHaveCount(6);
  api.update({ session: null });
  api.setDevice('revoked');
  api.setTunnel({ phase: 'down' });
  await expect(page.getByRole('heading', { name: 'この端末の登録は取り消されました' })).toBeVisible();
  await expect(page.locator('.patient-row')).toHaveCount(0);
  await renkei.screenshot('14-revoked');
});

test('English: the switch changes every screen and is remembered', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'My patients' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await renkei.screenshot('15-patient-list-en');
  await page.locator('.patient-row', { hasText: '山田' }).click();
  await expect(page.getByText('2 Apr 1938 (Shōwa 13)')).toBeVisible();
  await renkei.screenshot('16-patient-overview-en');

  await page.reload();
  await expect(page.getByRole('heading', { name: 'My patients' })).toBeVisible();
  await page.getByRole('button', { name: '日本語' }).click();
  await expect(page.getByRole('heading', { name: '担当患者' })).toBeVisible();
});
