// Filing and reading a document, end to end on real parts: a PDF exported by LibreOffice (as a
// clinic's business software exports them) is dragged onto a patient in Chromium, staged through
// the development bridge into the real desktop core, streamed over the tunnel (where the machine
// allows one) to a real backend that checks it and files it, listed again, opened from the core's
// document cache and painted by pdf.js. A progress note is written on the way, so the chart's
// other writes are seen to reach the real server too.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { namespaceTestsUnavailable } from '@renkei/wireguard/testing';
import type { Locator, Page } from '@playwright/test';
import { buildDocumentFixtures, defaultFixtureDirectory, missingFixtureTools } from '@renkei/backend/test-support';
import { startDemoRegion, type DemoRegion } from '../../region/demo-region';
import { expect, test } from './fixtures';

const unavailable = namespaceTestsUnavailable();
if (unavailable && process.env.CI) throw new Error(`CI must run the journey over the real tunnel: ${unavailable}`);

/** The few browser globals used in the page (this file compiles without the DOM library). */
interface InPage {
  DataTransfer: new () => { items: { add(file: unknown): unknown } };
  File: new (parts: unknown[], name: string, options: { type: string }) => unknown;
}
interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
}

let region: DemoRegion;
let referralPdf: { name: string; bytes: Buffer };
test.describe.configure({ timeout: 240_000 });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  const missing = missingFixtureTools();
  if (missing.length > 0) throw new Error(`The chart journey needs a real PDF made by LibreOffice: install ${missing.join(', ')}`);
  // A 診療情報提供書 written in LibreOffice and exported with `soffice --headless --convert-to pdf`.
  const fixtures = await buildDocumentFixtures(defaultFixtureDirectory());
  referralPdf = { name: basename(fixtures.referralPdf), bytes: await readFile(fixtures.referralPdf) };
  region = await startDemoRegion({ loginFailureDelayMs: 300 });
});
test.afterAll(async () => {
  await region?.stop();
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

/** Share of the canvas that is not white: a painted page has text and lines on it. */
async function inkOf(canvas: Locator): Promise<number> {
  return canvas.evaluate((element) => {
    const painted = element as unknown as CanvasLike;
    const pixels = painted.getContext('2d')!.getImageData(0, 0, painted.width, painted.height).data;
    let ink = 0;
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! < 200 || pixels[i + 1]! < 200 || pixels[i + 2]! < 200) ink++;
    return ink / (pixels.length / 4);
  });
}

test('drag a PDF onto a patient, see it filed with its progress, and read it in the viewer', async ({ renkei }) => {
  const { page } = renkei;
  await renkei.open(region.clinic);
  await enrollAndLogIn(page);

  const row = page.locator('.patient-row').first();
  const name = (await row.locator('.person-name__written').textContent())!.trim();
  await row.click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
  await renkei.screenshot('chart-journey-1-patient');

  // A progress note, written and read back from the server.
  await page.getByRole('tab', { name: '経過記録' }).click();
  await page.getByRole('button', { name: '経過記録を書く' }).click();
  await page.getByLabel('S（主観的情報）').fill('紹介状の件、本人・家族とも了承');
  await page.getByLabel('P（計画）').fill('皮膚科へ診療情報提供書を送付');
  await page.getByRole('button', { name: '経過記録を保存' }).click();
  await expect(page.getByTestId('chart-notice')).toContainText('経過記録を保存しました。', { timeout: 30_000 });
  await expect(page.locator('article.note').first()).toContainText('紹介状の件、本人・家族とも了承');
  await expect(page.locator('article.note').first()).toContainText('黒木');

  // The drop: a DataTransfer holding a File with the PDF's bytes, dropped on the patient screen.
  const dataTransfer = await page.evaluateHandle(
    ({ fileName, data }) => {
      const inPage = globalThis as unknown as InPage;
      const transfer = new inPage.DataTransfer();
      transfer.items.add(new inPage.File([new Uint8Array(data)], fileName, { type: 'application/pdf' }));
      return transfer;
    },
    { fileName: referralPdf.name, data: Array.from(referralPdf.bytes) },
  );
  const zone = page.getByTestId('patient-drop-zone');
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await expect(zone).toHaveClass(/chart--drop-target/);
  await renkei.screenshot('chart-journey-2-dragging');
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });

  const dialog = page.getByTestId('upload-dialog');
  await expect(dialog).toBeVisible({ timeout: 30_000 });
  await expect(dialog).toContainText(referralPdf.name);
  await expect(dialog.getByLabel('題名')).toHaveValue(referralPdf.name.replace(/\.pdf$/, ''));
  await dialog.getByLabel('文書の種類').selectOption({ label: '診療情報提供書' });
  await dialog.getByLabel('題名').fill('診療情報提供書（皮膚科へ）');
  await dialog.getByLabel('発行日').fill('2026-11-20');
  await dialog.getByLabel('発行者').fill('みやざき在宅クリニック 黒木健一');
  await renkei.screenshot('chart-journey-3-upload-dialog');
  await dialog.getByRole('button', { name: '登録する' }).click();

  const progress = dialog.getByTestId('upload-progress');
  await expect(progress).toContainText('100% 登録しました。', { timeout: 60_000 });
  await expect(progress.locator('progress')).toHaveAttribute('value', '100');
  await renkei.screenshot('chart-journey-4-filed');
  await dialog.getByRole('button', { name: '閉じる', exact: true }).last().click();
  await expect(dialog).toHaveCount(0);

  const filed = page.getByTestId('documents-table').getByRole('row', { name: /診療情報提供書（皮膚科へ）/ });
  await expect(filed).toBeVisible({ timeout: 30_000 });
  await expect(filed).toContainText('2026年11月20日');
  await expect(filed).toContainText('みやざき在宅クリニック 黒木健一');
  await expect(filed).toContainText('第1版');

  // Opened from the list: pdf.js paints the LibreOffice page.
  await filed.getByRole('button', { name: '診療情報提供書（皮膚科へ）' }).click();
  const viewer = page.getByTestId('viewer-dialog');
  const canvas = viewer.locator('canvas').first();
  await expect(canvas).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => inkOf(canvas), { timeout: 30_000 }).toBeGreaterThan(0.005);
  await renkei.screenshot('chart-journey-5-viewer');
  await page.keyboard.press('Escape');
  await expect(viewer).toHaveCount(0);

  // And the overview lists it among the patient's documents.
  await page.getByRole('tab', { name: '概要' }).click();
  await expect(page.getByRole('region', { name: '文書' })).toContainText('診療情報提供書（皮膚科へ）');
});
