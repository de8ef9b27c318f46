// A clinic user's first day, end to end on real parts: the screens in Debian Chromium, through the
// development bridge, over the real desktop core, a real backend with the demo region and, where
// the machine allows (root, wireguard-go), the real WireGuard tunnel between network namespaces.
// enroll → approval → login → search a patient by kana → overview → the tunnel goes down → the
// offline banner appears and the overview still reads from the cache.
import { namespaceTestsUnavailable } from '@renkei/wireguard/testing';
import { startDemoRegion, type DemoRegion } from '../../region/demo-region';
import { expect, test } from './fixtures';

const unavailable = namespaceTestsUnavailable();
if (unavailable && process.env.CI) throw new Error(`CI must run the journey over the real tunnel: ${unavailable}`);

const katakanaToHiragana = (text: string) => text.replace(/[ァ-ヶ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));

let region: DemoRegion;
test.describe.configure({ timeout: 240_000 });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  region = await startDemoRegion({ loginFailureDelayMs: 300 });
});
test.afterAll(async () => {
  await region?.stop();
});

test.afterEach(({ renkei }) => {
  expect(renkei.problems, 'console errors (CSP violations, exceptions)').toEqual([]);
});

test('enroll, log in, find a patient by kana, read the overview, and keep reading it offline', async ({ renkei }) => {
  const { page } = renkei;
  await renkei.open(region.clinic);

  // First run: the PC is not enrolled.
  await expect(page.getByRole('heading', { name: 'この端末の登録' })).toBeVisible();
  await page.getByLabel('サーバーアドレス').fill(region.serverAddress);
  await page.getByLabel('登録コード').fill((await region.inviteCode()).toLowerCase().replace(/-/g, ' '));
  await page.getByLabel('端末名').fill('本院 診察室PC');
  await renkei.screenshot('journey-1-enrollment');
  await page.getByLabel('端末名').press('Enter');

  await expect(page.getByRole('heading', { name: '事務局の承認待ち' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('本院 診察室PC')).toBeVisible();
  await renkei.screenshot('journey-2-awaiting-approval');

  // The regional office approves; the screen notices by itself.
  await region.approvePending();
  await expect(page.getByRole('heading', { name: 'ログイン' })).toBeVisible({ timeout: 30_000 });
  if (region.network === 'namespaces') await expect(page.locator('.status-bar')).toContainText('接続済み', { timeout: 30_000 });
  else await expect(page.locator('.status-bar')).toContainText('VPNなし');
  await renkei.screenshot('journey-3-login');

  await page.getByLabel('ユーザーID').fill('dr.kuroki');
  await page.getByLabel('パスワード').fill('not-the-password-1');
  await page.getByLabel('パスワード').press('Enter');
  await expect(page.getByRole('alert')).toContainText('ユーザーIDまたはパスワードが正しくありません');
  await page.getByLabel('パスワード').fill(region.password);
  await page.getByLabel('パスワード').press('Enter');

  // The patient list fills from the first sync.
  await expect(page.getByRole('heading', { name: '担当患者' })).toBeVisible({ timeout: 30_000 });
  const rows = page.locator('.patient-row');
  await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(20);
  await renkei.screenshot('journey-4-patient-list');

  // Search by the kana reading, typed in hiragana.
  const { patients } = await region.clinic.searchPatients('');
  const patient = patients.find((p) => p.name.familyKana.length >= 3)!;
  const search = page.getByLabel('患者を検索');
  await search.pressSequentially(katakanaToHiragana(patient.name.familyKana + patient.name.givenKana));
  await expect(rows.filter({ hasText: patient.name.family }).first()).toBeVisible();
  await expect.poll(() => rows.count()).toBeLessThan(patients.length);
  await renkei.screenshot('journey-5-search-by-kana');

  await rows
    .filter({ hasText: `${patient.name.family} ${patient.name.given}` })
    .first()
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`${patient.name.family} ${patient.name.given}`);
  await expect(page.getByText(/（(昭和|大正)\d+年）/).first()).toBeVisible();
  await expect(page.getByRole('region', { name: 'ケアチーム' })).toContainText('黒木');
  await renkei.screenshot('journey-6-overview');

  // The tunnel goes down (without a tunnel, the server does): the offline banner appears, and the
  // overview still reads, from the cache.
  if (region.network === 'namespaces') await region.clinic.disconnectTunnel();
  else await region.stopServer();
  await page.keyboard.press('Escape');
  await rows
    .filter({ hasText: `${patient.name.family} ${patient.name.given}` })
    .first()
    .click();
  await expect(page.locator('.offline-banner')).toContainText('時点のデータを表示しています', { timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`${patient.name.family} ${patient.name.given}`);
  await expect(page.getByRole('region', { name: 'ケアチーム' })).toContainText('黒木');
  await renkei.screenshot('journey-7-offline-overview');
  expect((await region.clinic.getPatientOverview(patient.id)).source).toBe('cache');
});
