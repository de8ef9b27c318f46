// The watched folder never misfiles, end to end on real parts: Japanese PDFs exported by
// LibreOffice land in the folder a real desktop core watches (behind it a real backend); the
// logged-in doctor's documents tab says whose document each looks like among their own patients —
// by the name and birth date printed in it, read by pdf.js — previews it in the chart's viewer,
// presets the kind the file name says, and will not file a file that names another patient until
// the doctor confirms, by name, the patient it goes to. Screenshots: watched-folder-journey-*.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatWarekiDay, parseDay } from '@renkei/proto/calendar';
import { namespaceTestsUnavailable } from '@renkei/wireguard/testing';
import type { Page } from '@playwright/test';
import { missingFixtureTools } from '@renkei/backend/test-support';
import { startDemoRegion, type DemoRegion } from '../../region/demo-region';
import type { PatientListItem } from '../../src/shared/desktop-api';
import { expect, test } from './fixtures';
import { japanesePdfs } from './japanese-pdf';

const unavailable = namespaceTestsUnavailable();
if (unavailable && process.env.CI) throw new Error(`CI must run the journey over the real tunnel: ${unavailable}`);

let region: DemoRegion;
let watchedDir: string;
test.describe.configure({ timeout: 300_000 });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  const missing = missingFixtureTools();
  if (missing.length > 0) throw new Error(`The watched-folder journey needs real PDFs made by LibreOffice: install ${missing.join(', ')}`);
  watchedDir = mkdtempSync(join(tmpdir(), 'renkei-watched-journey-'));
  region = await startDemoRegion({ loginFailureDelayMs: 300 });
});
test.afterAll(async () => {
  await region?.stop();
  if (watchedDir) rmSync(watchedDir, { recursive: true, force: true });
});

test.afterEach(({ renkei }) => {
  expect(renkei.problems, 'console errors (CSP violations, exceptions)').toEqual([]);
});

async function enrollAndLogIn(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: 'この端末の登録' })).toBeVisible();
  await page.getByLabel('サーバーアドレス').fill(region.serverAddress);
  await page.getByLabel('登録コード').fill(await region.inviteCode());
  await page.getByLabel('端末名').fill('本院 診察室PC');
  await page.getByLabel('端末名').press('Enter');
  await expect(page.getByRole('heading', { name: '事務局の承認待ち' })).toBeVisible({ timeout: 30_000 });
  await region.approvePending();
  await expect(page.getByRole('heading', { name: 'ログイン' })).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('ユーザーID').fill('dr.kuroki');
  await page.getByLabel('パスワード').fill(region.password);
  await page.getByLabel('パスワード').press('Enter');
  await expect(page.getByRole('heading', { name: '担当患者' })).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => page.locator('.patient-row').count(), { timeout: 30_000 }).toBeGreaterThan(5);
}

const written = (p: PatientListItem) => `${p.name.family} ${p.name.given}`;

test('a PDF in the watched folder is matched to its patient, previewed, and filed on another chart only after the patient is confirmed', async ({ renkei }) => {
  const { page } = renkei;
  await renkei.open(region.clinic);
  await enrollAndLogIn(page);

  // Two of the doctor's own patients with different family names: one the documents are filed on, one another document names.
  const mine = (await region.clinic.searchPatients('')).patients;
  const here = mine[0]!;
  const other = mine.find((p) => p.name.family !== here.name.family && p.birthDate !== here.birthDate)!;
  // As EMRs print them: the name with its reading and the birth date in 和暦 on one, in 西暦 on the other.
  const pdfs = await japanesePdfs({
    [`退院時サマリー_${here.name.family}${here.name.given}`]: [
      '退院時サマリー',
      `患者氏名　${written(here)}（${here.name.familyKana} ${here.name.givenKana}）`,
      `生年月日　${formatWarekiDay(parseDay(here.birthDate)!)}`,
      '入院期間　令和8年11月1日〜令和8年11月20日',
    ],
    scan0001: ['診療情報提供書', `患者氏名　${written(other)} 様`, `生年月日　${other.birthDate.replaceAll('-', '/')}`, '紹介目的　皮膚潰瘍の評価'],
  });
  const summaryName = `退院時サマリー_${here.name.family}${here.name.given}.pdf`;
  for (const [name, bytes] of Object.entries(pdfs)) writeFileSync(join(watchedDir, `${name}.pdf`), bytes);
  await region.clinic.setWatchedFolder(watchedDir);

  await page
    .locator('.patient-row', { hasText: written(here) })
    .first()
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(written(here));
  await page.getByRole('tab', { name: /文書/ }).click();
  const panel = page.getByTestId('watched-folder-panel');
  const summaryRow = panel.locator('.watched-file', { hasText: summaryName });
  const scanRow = panel.locator('.watched-file', { hasText: 'scan0001.pdf' });
  await expect(summaryRow.getByTestId('filing-suggestion')).toHaveAttribute('data-state', 'match', { timeout: 30_000 });
  await expect(summaryRow.getByTestId('filing-suggestion')).toContainText(`${written(here)}さんの文書のようです（氏名・フリガナ・生年月日が一致）`);
  // scan0001.pdf says nothing in its name: its text names the other patient.
  await expect(scanRow.getByTestId('filing-suggestion')).toHaveAttribute('data-state', 'mismatch', { timeout: 30_000 });
  await expect(scanRow.getByTestId('filing-suggestion')).toContainText(`${written(other)}さんの文書のようです（氏名・生年月日が一致）`);
  await renkei.screenshot('watched-folder-journey-1-suggestions');

  // The preview: the chart's viewer paints the file before it is filed.
  await scanRow.getByRole('button', { name: '「scan0001.pdf」をプレビュー' }).click();
  const viewer = page.getByTestId('viewer-dialog');
  await expect(viewer.locator('canvas').first()).toBeVisible({ timeout: 30_000 });
  await renkei.screenshot('watched-folder-journey-2-preview');
  await page.keyboard.press('Escape');
  await expect(viewer).toHaveCount(0);

  // Filing the other patient's file here: refused until this patient is confirmed by name.
  await scanRow.getByRole('button', { name: `「scan0001.pdf」を${written(here)}さんの文書として登録` }).click();
  const dialog = page.getByTestId('upload-dialog');
  await expect(dialog.getByTestId('filing-suggestion')).toHaveAttribute('data-state', 'mismatch');
  await dialog.getByLabel('文書の種類').selectOption({ label: '診療情報提供書' });
  await dialog.getByLabel('発行日').fill('R8.11.20');
  await expect(dialog.getByTestId('day-input-echo')).toHaveText('令和8年11月20日（金）・2026年');
  await dialog.getByRole('button', { name: '登録する' }).click();
  await expect(dialog.getByRole('alert')).toContainText(`この文書が${written(here)}さんのものか確かめて`);
  await expect(dialog.getByTestId('upload-progress')).toHaveCount(0);
  const confirm = dialog.getByRole('checkbox', { name: new RegExp(`この文書が${written(here)}さん（.+生）のものであることを確かめました`) });
  await expect(confirm).toBeFocused();
  await renkei.screenshot('watched-folder-journey-3-confirm-patient');
  await confirm.check();
  await dialog.getByRole('button', { name: '登録する' }).click();
  await expect(dialog.getByTestId('upload-progress')).toContainText('100% 登録しました。', { timeout: 60_000 });
  await dialog.getByRole('button', { name: '閉じる', exact: true }).last().click();

  // This patient's own file: no confirmation asked, its kind taken from the file name.
  await summaryRow.getByRole('button', { name: `「${summaryName}」を${written(here)}さんの文書として登録` }).click();
  await expect(dialog.getByTestId('filing-suggestion')).toHaveAttribute('data-state', 'match', { timeout: 30_000 });
  await expect(dialog.getByLabel('文書の種類')).toHaveValue('DOCUMENT_TYPE_DISCHARGE_SUMMARY');
  await expect(dialog).toContainText('種類はファイル名から「退院時サマリー」を選びました。');
  await expect(dialog.getByRole('checkbox', { name: /確かめました/ })).toHaveCount(0);
  await renkei.screenshot('watched-folder-journey-4-matching-file');
  await dialog.getByRole('button', { name: '登録する' }).click();
  await expect(dialog.getByTestId('upload-progress')).toContainText('100% 登録しました。', { timeout: 60_000 });
  await dialog.getByRole('button', { name: '閉じる', exact: true }).last().click();
  await expect(panel).toContainText('登録を待っているファイルはありません。', { timeout: 30_000 });
  await expect(page.getByTestId('documents-table')).toContainText('scan0001');
  await expect(page.getByTestId('documents-table')).toContainText(`退院時サマリー_${here.name.family}${here.name.given}`);
});
