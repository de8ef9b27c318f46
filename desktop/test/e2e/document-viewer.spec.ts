// The document viewers in Chromium, on real files made here and now: a Japanese PDF from
// LibreOffice, a two-page CCITT G4 fax TIFF at fax resolution (204×98 dpi) from poppler and
// libtiff, a PNG, a password-protected PDF, a broken one, and a hand-written PDF whose Japanese
// font is not embedded (so its text appears only if the bundled Adobe-Japan1 CMaps load).
//
// The viewer runs alone on a harness page (test/renderer/viewer-harness), built with the
// renderer's Vite config and served by the development bridge with the app's CSP and file rules,
// so a worker, CMap or font the bundle failed to carry, or a CSP violation, fails here.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { crc32 } from 'node:zlib';
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { build } from 'vite';
import { startDevBridge, type DevBridge } from '../../src/dev-bridge/dev-bridge';
import { TEST_RESULTS_DIR } from './chromium';
import { ScriptedDesktopApi } from './scripted-desktop-api';
import { SCREENSHOT_DIR } from './fixtures';

const run = promisify(execFile);

const HARNESS_ROOT = fileURLToPath(new URL('../renderer/viewer-harness/', import.meta.url));
const HARNESS_BUILD = join(TEST_RESULTS_DIR, 'viewer-harness');
const FILES = join(TEST_RESULTS_DIR, 'viewer-files');

type MediaType = 'application/pdf' | 'image/jpeg' | 'image/png' | 'image/tiff';

interface Files {
  pdf: Buffer;
  longPdf: Buffer;
  encryptedPdf: Buffer;
  faxTiff: Buffer;
  png: Buffer;
  nonEmbeddedFontPdf: Buffer;
}

let files: Files;
let bridge: DevBridge;

/** A4 pages of Japanese text, as a word processor would write them: two, or `pages`. */
const fodt = (pages = 2) => `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
  office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:automatic-styles>
  <style:style style:name="Big" style:family="paragraph"><style:text-properties fo:font-size="28pt" style:font-size-asian="28pt"/></style:style>
  <style:style style:name="NewPage" style:family="paragraph"><style:paragraph-properties fo:break-before="page"/><style:text-properties fo:font-size="28pt" style:font-size-asian="28pt"/></style:style>
 </office:automatic-styles>
 <office:body><office:text>
  <text:p text:style-name="Big">訪問看護指示書</text:p>
  <text:p text:style-name="Big">患者氏名：山田 太郎</text:p>
  <text:p text:style-name="NewPage">2ページ目：服薬情報</text:p>
${Array.from({ length: pages - 2 }, (_, i) => `  <text:p text:style-name="NewPage">${i + 3}ページ目：経過記録</text:p>`).join('\n')}
 </office:text></office:body>
</office:document>
`;

/**
 * A one-page PDF in the style of Japanese EMR and form software: a Type0 font HeiseiKakuGo-W5
 * with the predefined UniJIS-UCS2-H encoding and no font file. pdf.js can draw its text only with
 * the UniJIS-UCS2-H and Adobe-Japan1-UCS2 CMaps, which the app must carry itself.
 */
function nonEmbeddedFontPdf(): Buffer {
  const ucs2 = (text: string) => [...text].map((c) => c.charCodeAt(0).toString(16).padStart(4, '0')).join('');
  const content = `BT /F1 48 Tf 72 700 Td <${ucs2('訪問看護指示書')}> Tj ET\nBT /F1 48 Tf 72 600 Td <${ucs2('山田太郎様')}> Tj ET\n`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type0 /BaseFont /HeiseiKakuGo-W5 /Encoding /UniJIS-UCS2-H /DescendantFonts [6 0 R] >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}endstream`,
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /HeiseiKakuGo-W5 /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 5 >> /FontDescriptor 7 0 R /DW 1000 >>',
    '<< /Type /FontDescriptor /FontName /HeiseiKakuGo-W5 /Flags 4 /FontBBox [-92 -250 1010 922] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

async function makeFiles(): Promise<Files> {
  rmSync(FILES, { recursive: true, force: true });
  mkdirSync(FILES, { recursive: true });
  const source = join(FILES, 'shiji.fodt');
  const longSource = join(FILES, 'keika.fodt');
  writeFileSync(source, fodt());
  writeFileSync(longSource, fodt(40));
  // A private LibreOffice profile: no clash with a desktop session or another run.
  const profile = `-env:UserInstallation=file://${join(FILES, 'lo-profile')}`;
  const soffice = (outdir: string, filter: string, ...inputs: string[]) =>
    run('soffice', [profile, '--headless', '--norestore', '--convert-to', filter, '--outdir', outdir, ...inputs], { timeout: 90_000 });
  try {
    await soffice(FILES, 'pdf', source, longSource);
  } catch (thrown) {
    throw new Error(`LibreOffice could not make the test PDF (apt-get install -y libreoffice-writer-nogui): ${String(thrown)}`, { cause: thrown });
  }
  const pdfPath = join(FILES, 'shiji.pdf');
  const encryptedDir = join(FILES, 'encrypted');
  await soffice(
    encryptedDir,
    'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"himitsu"}}',
    source,
  );
  // A fax as FAX software files it: 1-bit, 204×98 dpi ("standard" mode), G4, one file, two pages.
  await run('pdftoppm', ['-mono', '-rx', '204', '-ry', '98', '-tiff', pdfPath, join(FILES, 'fax')]);
  await run('tiffcp', ['-c', 'g4', join(FILES, 'fax-1.tif'), join(FILES, 'fax-2.tif'), join(FILES, 'fax.tif')]);
  await run('pdftoppm', ['-png', '-r', '50', '-singlefile', pdfPath, join(FILES, 'scan')]);
  return {
    pdf: readFileSync(pdfPath),
    longPdf: readFileSync(join(FILES, 'keika.pdf')),
    encryptedPdf: readFileSync(join(encryptedDir, 'shiji.pdf')),
    faxTiff: readFileSync(join(FILES, 'fax.tif')),
    png: readFileSync(join(FILES, 'scan.png')),
    nonEmbeddedFontPdf: nonEmbeddedFontPdf(),
  };
}

const test = base.extend<{ viewer: { page: Page; show(bytes: Buffer, mediaType: MediaType, title: string): Promise<void>; console: string[] } }>({
  viewer: async ({ page }, use) => {
    const console: string[] = [];
    page.on('console', (message) => console.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => console.push(`pageerror: ${error.message}`));
    await page.goto(bridge.url);
    await expect(page.locator('body[data-harness-ready="true"]')).toBeAttached();
    await use({
      page,
      console,
      async show(bytes, mediaType, title) {
        await page.evaluate((document) => (globalThis as unknown as InPage).renkeiViewerHarness.show(document), {
          base64: bytes.toString('base64'),
          mediaType,
          title,
        });
        await expect(page.getByRole('heading', { name: title })).toBeVisible();
      },
    });
    // Errors (a CSP violation, an exception, pdf.js failing to load a CMap) fail every test.
    expect(console.filter((line) => /^(error|pageerror)|CMap|Unable to load|Content Security Policy/i.test(line))).toEqual([]);
  },
});

// Only what the functions run in the page touch: this file is compiled without the DOM library.
interface ImageLike {
  naturalWidth: number;
  naturalHeight: number;
  complete: boolean;
}
interface InPage {
  renkeiViewerHarness: { show(document: { base64: string; mediaType: MediaType; title: string }): void };
  document: {
    title: string;
    documentElement: { classList: { contains(name: string): boolean } };
    querySelectorAll(selector: string): Iterable<ImageLike>;
  };
  print(): void;
  printed?: unknown;
}
interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
}

/** The share of a page's canvas pixels that are not white: text and lines drawn. */
async function inkOf(page: Locator): Promise<number> {
  const canvas = page.locator('canvas');
  await expect(canvas).toBeAttached();
  return canvas.evaluate((element) => {
    const canvas = element as unknown as CanvasLike;
    const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let ink = 0;
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! < 200 || pixels[i + 1]! < 200 || pixels[i + 2]! < 200) ink++;
    return ink / (pixels.length / 4);
  });
}

/** Replaces the print dialog with a note of what it would have printed. */
async function stubPrintDialog(page: Page): Promise<void> {
  await page.evaluate(() => {
    const inPage = globalThis as unknown as InPage;
    inPage.print = () => {
      inPage.printed = {
        printing: inPage.document.documentElement.classList.contains('document-printing'),
        title: inPage.document.title,
        pages: [...inPage.document.querySelectorAll('.document-print img')].map((image) => ({
          width: image.naturalWidth,
          height: image.naturalHeight,
          complete: image.complete,
        })),
      };
    };
  });
}

function printed(page: Page): Promise<unknown> {
  return page.evaluate(() => (globalThis as unknown as InPage).printed ?? null);
}

async function canvasWidth(page: Locator): Promise<number> {
  return page.locator('canvas').evaluate((element) => (element as unknown as CanvasLike).width);
}

async function boxOf(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await locator.boundingBox();
  if (box === null) throw new Error('not rendered');
  return box;
}

test.describe('document viewer', () => {
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    files = await makeFiles();
    await build({
      configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)),
      root: HARNESS_ROOT,
      logLevel: 'warn',
      build: { outDir: HARNESS_BUILD, emptyOutDir: true },
    });
    bridge = await startDevBridge({ api: new ScriptedDesktopApi(), rendererDir: HARNESS_BUILD });
  });

  test.afterAll(async () => {
    await bridge?.close();
  });

  test('a Japanese PDF: painted pages, 1 / 2, next page, zoom, print', async ({ viewer }) => {
    const { page } = viewer;
    await viewer.show(files.pdf, 'application/pdf', '訪問看護指示書.pdf');

    const toolbar = page.getByRole('toolbar', { name: '文書の操作' });
    await expect(toolbar).toContainText('1 / 2');
    const first = page.locator('.document-page[data-page="1"]');
    await expect.poll(() => inkOf(first)).toBeGreaterThan(0.002);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'viewer-01-pdf.png') });

    await toolbar.getByRole('button', { name: '次へ' }).click();
    await expect(toolbar).toContainText('2 / 2');
    await expect(toolbar.getByRole('button', { name: '次へ' })).toBeDisabled();
    const second = page.locator('.document-page[data-page="2"]');
    await expect(second).toBeInViewport();
    await expect.poll(() => inkOf(second)).toBeGreaterThan(0.001);

    // PageUp goes back; it is the viewer's key, not the scroll area's.
    await page.locator('.document-viewer__scroll').focus();
    await page.keyboard.press('PageUp');
    await expect(toolbar).toContainText('1 / 2');

    // Fit width (the default) → 100%: an A4 page is 794 CSS px wide at real size.
    const fitted = await boxOf(first);
    const fittedCanvas = await canvasWidth(first);
    await toolbar.getByRole('button', { name: '100%' }).click();
    await expect(toolbar).toContainText('100%');
    await expect.poll(async () => Math.abs((await boxOf(first)).width - 794)).toBeLessThanOrEqual(1);
    expect(fitted.width).toBeGreaterThan(794);
    await expect.poll(() => canvasWidth(first)).toBeLessThan(fittedCanvas);
    await toolbar.getByRole('button', { name: '縮小' }).click();
    await expect(toolbar).toContainText('90%');
    await expect.poll(async () => Math.abs((await boxOf(first)).width - 794 * 0.9)).toBeLessThanOrEqual(1);
    await toolbar.getByRole('button', { name: '拡大' }).click();
    await toolbar.getByRole('button', { name: '拡大' }).click();
    await expect(toolbar).toContainText('110%');
    await expect.poll(() => inkOf(first)).toBeGreaterThan(0.002);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'viewer-02-pdf-zoomed.png') });

    // Print: the pages become images in the print-only container, then the dialog opens.
    await stubPrintDialog(page);
    await page.keyboard.press('Control+p');
    await expect
      .poll(() => printed(page))
      .toEqual({
        printing: true,
        title: '訪問看護指示書.pdf',
        // A4 (595.3 × 841.9 pt) at 150 dpi.
        pages: [
          { width: 1240, height: 1753, complete: true },
          { width: 1240, height: 1753, complete: true },
        ],
      });
  });

  test('a 40-page PDF draws only the pages in view, and End goes to the last', async ({ viewer }) => {
    const { page } = viewer;
    await viewer.show(files.longPdf, 'application/pdf', '経過記録.pdf');
    const toolbar = page.getByRole('toolbar');
    await expect(toolbar).toContainText('1 / 40');
    await expect(page.locator('.document-page')).toHaveCount(40);
    await expect.poll(() => inkOf(page.locator('.document-page[data-page="1"]'))).toBeGreaterThan(0.001);
    // The page in view and its neighbour: two canvases, not forty.
    await expect(page.locator('.document-page canvas')).toHaveCount(2);

    await page.locator('.document-viewer__scroll').focus();
    await page.keyboard.press('End');
    await expect(toolbar).toContainText('40 / 40');
    await expect.poll(() => inkOf(page.locator('.document-page[data-page="40"]'))).toBeGreaterThan(0.001);
    await expect(page.locator('.document-page[data-page="1"] canvas')).toHaveCount(0);
    expect(await page.locator('.document-page canvas').count()).toBeLessThanOrEqual(3);

    // Jump to a page by number.
    await toolbar.getByLabel('ページ指定').fill('２０');
    await toolbar.getByLabel('ページ指定').press('Enter');
    await expect(toolbar).toContainText('20 / 40');
    await expect(page.locator('.document-page[data-page="20"]')).toBeInViewport();
    await expect.poll(() => inkOf(page.locator('.document-page[data-page="20"]'))).toBeGreaterThan(0.001);

    // A number typed but not entered is forgotten once another page is reached, here by PageDown
    // from the field itself (the field keeps the focus, so it is not the blur that clears it).
    const jumpField = toolbar.getByLabel('ページ指定');
    await jumpField.fill('3');
    await jumpField.press('PageDown');
    await expect(toolbar).toContainText('21 / 40');
    await expect(jumpField).toBeFocused();
    await expect(jumpField).toHaveValue('');

    // A zoom keeps the page being read where it was: its top just below the view's top, as
    // "go to page" put it, not at the same scroll offset (which after a zoom in lies pages earlier).
    const scroller = page.locator('.document-viewer__scroll');
    const zoomLevel = toolbar.locator('.viewer-toolbar__zoom');
    const topInView = async (number: number) => (await boxOf(page.locator(`.document-page[data-page="${number}"]`))).y - (await boxOf(scroller)).y;
    const before = { top: await topInView(21), zoom: await zoomLevel.textContent() };
    await toolbar.getByRole('button', { name: '拡大' }).click();
    await expect(zoomLevel).not.toHaveText(before.zoom!);
    await expect.poll(async () => Math.abs((await topInView(21)) - before.top)).toBeLessThanOrEqual(2);
    await expect(toolbar).toContainText('21 / 40');
  });

  test('a PDF whose Japanese font is not embedded is drawn with the bundled CMaps', async ({ viewer }) => {
    await viewer.show(files.nonEmbeddedFontPdf, 'application/pdf', 'HeiseiKakuGo.pdf');
    await expect(viewer.page.getByRole('toolbar')).toContainText('1 / 1');
    await expect.poll(() => inkOf(viewer.page.locator('.document-page[data-page="1"]'))).toBeGreaterThan(0.002);
    await viewer.page.screenshot({ path: join(SCREENSHOT_DIR, 'viewer-03-pdf-cid-font.png') });
  });

  test('a two-page G4 fax TIFF: both pages, at paper proportions', async ({ viewer }) => {
    const { page } = viewer;
    await viewer.show(files.faxTiff, 'image/tiff', 'FAX受信 2ページ.tif');
    const toolbar = page.getByRole('toolbar');
    await expect(toolbar).toContainText('1 / 2');
    await expect(page.locator('.document-page')).toHaveCount(2);
    const first = page.locator('.document-page[data-page="1"]');
    await expect.poll(() => inkOf(first)).toBeGreaterThan(0.002);
    // 1687×1146 pixels at 204×98 dpi is A4 portrait; drawn pixel for pixel it would be landscape.
    const { width, height } = await boxOf(first);
    expect(height / width).toBeCloseTo(297 / 210, 1);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'viewer-04-tiff.png') });

    await toolbar.getByRole('button', { name: '次へ' }).click();
    await expect(toolbar).toContainText('2 / 2');
    await expect.poll(() => inkOf(page.locator('.document-page[data-page="2"]'))).toBeGreaterThan(0.001);

    await toolbar.getByRole('button', { name: '100%' }).click();
    await expect.poll(async () => Math.abs((await boxOf(first)).width - (1687 / 204) * 96)).toBeLessThanOrEqual(1);

    // Printed at full resolution across, and stretched down to paper proportions (1146 × 204/98).
    await stubPrintDialog(page);
    await toolbar.getByRole('button', { name: '印刷' }).click();
    await expect
      .poll(() => printed(page))
      .toEqual({
        printing: true,
        title: 'FAX受信 2ページ.tif',
        pages: [
          { width: 1687, height: 2386, complete: true },
          { width: 1687, height: 2386, complete: true },
        ],
      });
  });

  test('a PNG: shown, zoomed, no page controls', async ({ viewer }) => {
    const { page } = viewer;
    await viewer.show(files.png, 'image/png', 'スキャン.png');
    const image = page.locator('.document-page img');
    await expect(image).toBeVisible();
    expect(await image.evaluate((element) => (element as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    const toolbar = page.getByRole('toolbar');
    await expect(toolbar.getByRole('button', { name: '次へ' })).toHaveCount(0);
    await toolbar.getByRole('button', { name: '100%' }).click();
    const natural = await boxOf(image);
    await toolbar.getByRole('button', { name: '拡大' }).click();
    await expect.poll(async () => (await boxOf(image)).width).toBeGreaterThan(natural.width * 1.05);

    await stubPrintDialog(page);
    await page.keyboard.press('Control+p');
    await expect
      .poll(() => printed(page))
      .toEqual({
        printing: true,
        title: 'スキャン.png',
        pages: [{ width: Math.round(natural.width), height: Math.round(natural.height), complete: true }],
      });
  });

  test('images whose header claims more pixels than the budget are not decoded: a 65,535² PNG and a 100,000² TIFF page', async ({ viewer }) => {
    const { page } = viewer;
    // Real files with only their size rewritten, as a cache filled before the server refused them could hold.
    const png = Buffer.from(files.png);
    png.writeUInt32BE(65_535, 16);
    png.writeUInt32BE(65_535, 20);
    png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
    await viewer.show(png, 'image/png', '巨大.png');
    await expect(page.getByRole('alert')).toHaveText(
      'この画像は 65535×65535 画素と大きすぎるため、表示しません（開くとパソコンのメモリを使い果たすおそれがあります）。送り主に、300dpi 程度の解像度でスキャンし直して送ってもらうよう依頼してください。',
    );
    await expect(page.locator('.harness__viewer img, .harness__viewer canvas')).toHaveCount(0);

    const tiff = Buffer.from(files.faxTiff);
    const le = tiff[0] === 0x49;
    const ifd = le ? tiff.readUInt32LE(4) : tiff.readUInt32BE(4);
    const count = le ? tiff.readUInt16LE(ifd) : tiff.readUInt16BE(ifd);
    for (let i = 0; i < count; i++) {
      const entry = ifd + 2 + i * 12;
      const tag = le ? tiff.readUInt16LE(entry) : tiff.readUInt16BE(entry);
      if (tag !== 256 && tag !== 257) continue;
      // Width and length as LONG 100,000.
      if (le) {
        tiff.writeUInt16LE(4, entry + 2);
        tiff.writeUInt32LE(1, entry + 4);
        tiff.writeUInt32LE(100_000, entry + 8);
      } else {
        tiff.writeUInt16BE(4, entry + 2);
        tiff.writeUInt32BE(1, entry + 4);
        tiff.writeUInt32BE(100_000, entry + 8);
      }
    }
    await viewer.show(tiff, 'image/tiff', '巨大.tif');
    await expect(page.getByRole('alert')).toContainText('100000×100000 画素と大きすぎるため、表示しません');
    await expect(page.locator('.harness__viewer img, .harness__viewer canvas')).toHaveCount(0);
  });

  test('a password-protected PDF and a broken one say so in Japanese', async ({ viewer }) => {
    const { page } = viewer;
    await viewer.show(files.encryptedPdf, 'application/pdf', 'パスワード付き.pdf');
    await expect(page.getByRole('alert')).toContainText('パスワードで保護されているため表示できません');

    await viewer.show(Buffer.from('これはPDFではありません。'.repeat(20)), 'application/pdf', '壊れた.pdf');
    await expect(page.getByRole('alert')).toContainText('壊れているため表示できません');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'viewer-05-broken-pdf.png') });

    await viewer.show(files.faxTiff.subarray(0, 6), 'image/tiff', '壊れた.tif');
    await expect(page.getByRole('alert')).toContainText('表示できません');
  });
});
