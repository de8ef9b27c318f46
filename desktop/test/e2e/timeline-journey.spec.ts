// The contact timeline (在宅連絡帳) between two offices, end to end on real parts: two browser
// sessions, each through its own development bridge over its own clinic PC's real desktop core
// (and, where the machine allows, its own WireGuard tunnel from its own network namespace), one
// real backend with the demo region's 宮崎 未来斗 and his week of posts. The visiting nurse asks the
// doctor to confirm a post with a photo dropped on it; it appears live on the doctor's 連絡帳 tab,
// the photo opening in his viewer; the doctor's screen marks it read and the nurse sees 既読 and
// who read it; the doctor confirms (確認しました) and the nurse sees it; the doctor turns the post
// into a progress note (the O section), finds it in 経過記録 under 【連絡帳より】, and both see the
// post marked as promoted.
import { readFile } from 'node:fs/promises';
import { buildDocumentFixtures, defaultFixtureDirectory } from '@renkei/backend/test-support';
import { namespaceTestsUnavailable } from '@renkei/wireguard/testing';
import type { Page } from '@playwright/test';
import { startDemoRegion, type ClinicPc, type DemoRegion } from '../../region/demo-region';
import type { RemoteDesktopApi } from '../../region/remote-desktop-api';
import { dropOnComposeBox } from './drop-files';
import { expect, test, type RenkeiPage } from './fixtures';

const unavailable = namespaceTestsUnavailable();
if (unavailable && process.env.CI) throw new Error(`CI must run the journey over the real tunnel: ${unavailable}`);

const NURSING_STATION = '訪問看護ステーションひむか';
const MODEL_PATIENT = '宮崎 未来斗';

let region: DemoRegion;
test.describe.configure({ timeout: 240_000 });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  region = await startDemoRegion({ clinicPcs: 2, chart: true, patients: 4, loginFailureDelayMs: 300 });
  // Enrolled and approved as the regional office would (journey.spec.ts goes through those screens).
  const [nursePc, doctorPc] = region.pcs as [ClinicPc, ClinicPc];
  await nursePc.api.enroll({
    serverAddress: region.serverAddress,
    enrollmentCode: await region.inviteCode(NURSING_STATION),
    deviceName: 'ステーション事務所PC',
  });
  await doctorPc.api.enroll({ serverAddress: region.serverAddress, enrollmentCode: await region.inviteCode(), deviceName: '本院 診察室PC' });
  await region.approvePending();
  for (const pc of [nursePc, doctorPc]) await pc.api.refreshDevice();
});
test.afterAll(async () => {
  await region?.stop();
});

test.afterEach(({ renkei, otherPc }) => {
  expect(renkei.problems, "console errors on the nurse's PC").toEqual([]);
  expect(otherPc.problems, "console errors on the doctor's PC").toEqual([]);
});

/** Opens the app on `pc`, logs `loginId` in and opens the model patient's 連絡帳. */
async function openTimeline(renkei: RenkeiPage, pc: RemoteDesktopApi, loginId: string): Promise<Page> {
  const { page } = renkei;
  await renkei.open(pc);
  await expect(page.getByRole('heading', { name: 'ログイン' })).toBeVisible({ timeout: 30_000 });
  if (region.network === 'namespaces') await expect(page.locator('.status-bar')).toContainText('接続済み', { timeout: 30_000 });
  await page.getByLabel('ユーザーID').fill(loginId);
  await page.getByLabel('パスワード').fill(region.password);
  await page.getByLabel('パスワード').press('Enter');
  await expect(page.getByRole('heading', { name: '担当患者' })).toBeVisible({ timeout: 30_000 });
  await page.locator('.patient-row', { hasText: MODEL_PATIENT }).first().click({ timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 1 })).toContainText(MODEL_PATIENT);
  await page.getByRole('tab', { name: /^連絡帳/ }).click();
  await expect(page.getByTestId('post').first()).toBeVisible({ timeout: 30_000 });
  return page;
}

test('a post asking for confirmation: live on the other PC, read, confirmed, and promoted to a progress note', async ({ renkei, otherPc }) => {
  const [nursePc, doctorPc] = region.pcs.map((pc) => pc.api) as [RemoteDesktopApi, RemoteDesktopApi];
  const nurse = await openTimeline(renkei, nursePc, 'ns.kai');
  const doctor = await openTimeline(otherPc, doctorPc, 'dr.kuroki');
  await renkei.screenshot('timeline-journey-01-nurse-timeline');
  await otherPc.screenshot('timeline-journey-02-doctor-timeline');

  // The nurse writes, asking everyone to confirm.
  const body = '本日の訪問：仙骨部の発赤は 2cm に拡大、表皮剥離なし。\n除圧マットを本日から使用しています。ご確認ください。';
  // A photo of paper, as staff share a letter the family kept (the document fixtures' JPEG of a
  // 診療情報提供書, which the server's content check accepts).
  const photo = {
    name: '診療情報提供書_写真.jpg',
    bytes: await readFile((await buildDocumentFixtures(defaultFixtureDirectory())).photoJpeg),
    type: 'image/jpeg',
  };
  const box = nurse.getByRole('textbox', { name: '連絡帳に投稿' });
  await box.fill(body);
  await nurse.getByLabel('確認依頼').check();
  // The photo, dropped on the compose box, listed before it goes.
  await dropOnComposeBox(nurse, photo);
  await expect(nurse.getByRole('list', { name: '添付（写真・PDF）' })).toContainText(photo.name);
  await nurse.getByRole('button', { name: '投稿', exact: true }).click();
  const asNurseSees = nurse.getByTestId('post').filter({ hasText: '仙骨部の発赤は 2cm に拡大' });
  await expect(asNurseSees).toContainText('確認依頼');
  await expect(box).toHaveValue('');
  await renkei.screenshot('timeline-journey-03-nurse-posted');

  // Live on the doctor's PC: the post appears in the open tab without reloading anything.
  const asDoctorSees = doctor.getByTestId('post').filter({ hasText: '仙骨部の発赤は 2cm に拡大' });
  await expect(asDoctorSees).toBeVisible({ timeout: 15_000 });
  await expect(asDoctorSees).toContainText('甲斐');
  await expect(asDoctorSees).toContainText('確認依頼');
  await expect(asDoctorSees.locator('.post__body')).toHaveText(body);
  // The photo came with it, and opens in the doctor's viewer with its bytes checked.
  await expect(asDoctorSees).toContainText(photo.name);
  await asDoctorSees.getByRole('button', { name: `${photo.name} を開く` }).click();
  const viewer = doctor.getByTestId('viewer-dialog');
  await expect(viewer.locator('img.document-page__image')).toBeVisible();
  await otherPc.screenshot('timeline-journey-04b-doctor-opens-the-photo');
  await viewer.getByRole('button', { name: '閉じる' }).click();
  await otherPc.screenshot('timeline-journey-04-doctor-sees-it-live');

  // Shown on the doctor's screen = read: the nurse's 既読 count follows, and the reader list names him.
  const readButton = asNurseSees.getByRole('button', { name: /既読 1\/\d+/ });
  await expect(readButton).toBeVisible({ timeout: 15_000 });
  await readButton.click();
  const readers = nurse.getByTestId('post-readers');
  const doctorRow = readers.locator('.readers__row', { hasText: '黒木' });
  await expect(doctorRow).toContainText('に既読');
  await expect(doctorRow).toContainText('未確認');
  await expect(readers.locator('.readers__row--unread').first()).toContainText('未読');
  await renkei.screenshot('timeline-journey-05-nurse-sees-who-read');
  await readers.getByRole('button', { name: '閉じる' }).click();

  // The doctor confirms; the nurse sees 確認 1/n, and when.
  await asDoctorSees.getByRole('button', { name: '確認しました' }).click();
  await expect(asDoctorSees).toContainText('確認済み');
  await expect(asNurseSees.getByRole('button', { name: /確認 1\/\d+/ })).toBeVisible({ timeout: 15_000 });
  await asNurseSees.getByRole('button', { name: /既読 1\/\d+/ }).click();
  await expect(readers.locator('.readers__row', { hasText: '黒木' })).toContainText('に確認');
  await renkei.screenshot('timeline-journey-06-nurse-sees-confirmed');
  await readers.getByRole('button', { name: '閉じる' }).click();

  // The doctor takes the post into the chart, as objective findings.
  await asDoctorSees.getByRole('checkbox', { name: '経過記録に転記する投稿として選ぶ' }).check();
  await doctor.getByRole('button', { name: '選んだ 1件を経過記録に転記' }).click();
  await doctor.getByRole('radio', { name: 'O（客観的情報）' }).check();
  await otherPc.screenshot('timeline-journey-07-doctor-promotes');
  await doctor.getByRole('button', { name: '経過記録に転記', exact: true }).click();
  await expect(doctor.getByText('経過記録に転記しました。')).toBeVisible({ timeout: 15_000 });
  await expect(asDoctorSees).toContainText('経過記録に転記済み（黒木 健一');
  // The nurse's PC is told too.
  await expect(asNurseSees).toContainText('経過記録に転記済み（黒木 健一', { timeout: 15_000 });
  await renkei.screenshot('timeline-journey-08-nurse-sees-promoted');

  await doctor.getByRole('tab', { name: '経過記録' }).click();
  const note = doctor.locator('article.note', { hasText: '仙骨部の発赤は 2cm に拡大' });
  await expect(note).toBeVisible({ timeout: 15_000 });
  await expect(note).toContainText('【連絡帳より】');
  await expect(note).toContainText('甲斐');
  await expect(note.locator('.soap__letter')).toHaveText(['O']);
  await otherPc.screenshot('timeline-journey-09-doctor-note');
});
