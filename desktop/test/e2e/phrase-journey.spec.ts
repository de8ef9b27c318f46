// 定型文 end to end on real parts (Chromium over the real desktop core and a real backend with the
// demo region): a nurse adds her own phrase for S in 「定型文の管理」, then picks it from S's
// 「定型文」 list; it goes in at the cursor, between the words already typed, and the note is saved.
// Then she starts a 訪問看護報告書: it is addressed to the attending doctor's clinic on the team
// (already chosen), and an office phrase for forms goes into a free-text field with the keyboard.
import type { Page } from '@playwright/test';
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

/** The nurse's patient list, logging in first unless her session from the test before is still open. */
async function nursesPatients(page: Page): Promise<void> {
  const patients = page.getByRole('heading', { name: '担当患者' });
  const login = page.getByRole('heading', { name: 'ログイン' });
  await expect(patients.or(login)).toBeVisible({ timeout: 30_000 });
  if (await login.isVisible()) {
    await page.getByLabel('ユーザーID').fill('ns.kai');
    await page.getByLabel('パスワード').fill(region.password);
    await page.getByLabel('パスワード').press('Enter');
  }
  await expect(patients).toBeVisible({ timeout: 30_000 });
}

test('a nurse’s new report goes to the attending doctor’s clinic, and an office phrase goes into a form field', async ({ renkei }) => {
  const { page } = renkei;
  await renkei.open(region.pcs[0]!.api);
  await nursesPatients(page);
  await page.locator('.patient-row').first().click({ timeout: 30_000 });
  await page.getByRole('tab', { name: '書類' }).click();
  await page.getByRole('button', { name: '新しい書類を作成' }).click();
  const dialog = page.getByRole('dialog', { name: '新しい書類' });
  await dialog.getByLabel('書類の種類').selectOption({ label: '訪問看護報告書' });
  // The team's one attending doctor: their clinic is already chosen, and nothing else is offered.
  const addressee = dialog.getByLabel('宛先');
  await expect(addressee.locator('option')).toHaveCount(1);
  await expect(addressee.locator('option')).toHaveText(/^みやざき在宅クリニック（主治医 (黒木 健一|日高 真理)）$/);
  const doctor = (await addressee.locator('option').textContent())!.match(/主治医 (.+)）$/)![1]!;
  await renkei.screenshot('phrases-2-new-report-addressee');
  await dialog.getByRole('button', { name: '作成を始める' }).click();
  const editor = page.getByTestId('form-editor');
  await expect(editor.getByLabel('宛先', { exact: true }).locator('option:checked')).toHaveText(`みやざき在宅クリニック（主治医 ${doctor}）`);

  // An office phrase for forms, added from the field's own picker.
  const pickerButton = editor.getByRole('button', { name: '定型文（病状の経過（ADLを含む））' });
  await pickerButton.click();
  await expect(page.getByRole('menuitem', { name: '定型文の管理…' })).toBeFocused();
  // Her S phrase (SOAP only) is not offered in a form.
  await expect(page.getByRole('menuitem', { name: /訴えなし/ })).toHaveCount(0);
  await page.keyboard.press('Enter');
  const manager = page.getByTestId('phrase-manager');
  await manager.getByLabel('登録先').selectOption({ label: '事業所' });
  await expect(manager.getByLabel('使う欄')).toHaveValue('PHRASE_TARGET_FORM');
  await manager.getByLabel('見出し').fill('状態安定');
  await manager.getByLabel('本文').fill('状態安定。著変なし。');
  await manager.getByRole('button', { name: '追加' }).click();
  await expect(manager.locator('.phrase-manager__row', { hasText: '状態安定' })).toContainText('事業所（訪問看護ステーションひむか）');
  await manager.getByRole('button', { name: '閉じる' }).click();

  // With the keyboard: the list opens on the phrase, Enter puts it at the cursor.
  const course = editor.getByLabel('病状の経過（ADLを含む）', { exact: true });
  await course.fill('本人より。夜間よく眠れた。');
  await course.evaluate((el) => (el as unknown as { setSelectionRange(a: number, b: number): void }).setSelectionRange(5, 5));
  await pickerButton.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem', { name: /状態安定/ })).toBeFocused();
  await renkei.screenshot('phrases-3-form-field-picker');
  await page.keyboard.press('Enter');
  await expect(course).toHaveValue('本人より。状態安定。著変なし。夜間よく眠れた。');
  await expect(course).toBeFocused();

  await editor.getByRole('button', { name: '作成して保存' }).click();
  await expect(page.getByTestId('chart-notice')).toContainText('第1版として保存しました。', { timeout: 30_000 });
  // The server wrote the addressee in, with the doctor's name; the phrase was saved with the text.
  await expect(editor.getByLabel('主治医（宛先）')).toHaveValue(`${doctor}（みやざき在宅クリニック）`);
  await expect(editor.getByLabel('病状の経過（ADLを含む）', { exact: true })).toHaveValue('本人より。状態安定。著変なし。夜間よく眠れた。');
  await expect(editor.getByLabel('訪問看護ステーション名')).toHaveValue('訪問看護ステーションひむか');
  await editor.getByLabel('主治医（宛先）').scrollIntoViewIfNeeded();
  await renkei.screenshot('phrases-4-report-created');
});
