// Real files for the document-upload tests, made by the programs that make them in clinics: a
// 診療情報提供書 written in LibreOffice and exported to PDF, the same pages rendered the way FAX
// software and scanners store them (1-bit CCITT G4 multi-page TIFF, JPEG, PNG), and the hostile
// files users really send (truncated, overwritten, password-protected, a program with a .pdf name).
// Hand-written byte strings would only test what their author thought a PDF or TIFF looks like.
//
// The files are built once into a directory and reused while they exist. Builds run in a private
// directory and are moved into place file by file, so two test processes (vitest runs the backend
// project once per database engine, in parallel) can build at the same time.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { ErrorReason } from '@renkei/proto';

const run = promisify(execFile);

/** What the fixtures need from the machine, so a test can fail naming the package to install. */
export const FIXTURE_TOOLS: readonly { command: string; debianPackage: string }[] = [
  { command: 'soffice', debianPackage: 'libreoffice-writer-nogui' },
  { command: 'qpdf', debianPackage: 'qpdf' },
  { command: 'pdftoppm', debianPackage: 'poppler-utils' },
  { command: 'tiffcp', debianPackage: 'libtiff-tools' },
];
/** Without a Japanese font LibreOffice would print the letter as boxes (tofu). */
export const FIXTURE_FONT = { file: '/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf', debianPackage: 'fonts-ipaexfont-gothic' };

/** What is missing, as "soffice (Debian package libreoffice-writer-nogui)"; empty when all is there. */
export function missingFixtureTools(): string[] {
  const missing = FIXTURE_TOOLS.filter((tool) => !onPath(tool.command)).map((tool) => `${tool.command} (Debian package ${tool.debianPackage})`);
  if (!existsSync(FIXTURE_FONT.file)) missing.push(`${FIXTURE_FONT.file} (Debian package ${FIXTURE_FONT.debianPackage})`);
  return missing;
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => isAbsolute(dir) && existsSync(join(dir, command)));
}

/** Where the fixtures are kept between runs; bump the version when the files change. */
export function defaultFixtureDirectory(): string {
  return join(tmpdir(), 'renkei-document-fixtures-v3');
}

export interface DocumentFixtures {
  /** A one-page 診療情報提供書 exported by LibreOffice, Japanese font embedded. */
  referralPdf: string;
  /** The same letter over three pages. */
  multiPagePdf: string;
  /** multiPagePdf "web optimised" (linearized) by qpdf. */
  linearizedPdf: string;
  /** The letter with a link to a web page (a /URI action), as LibreOffice exports it: not active content. */
  hyperlinkPdf: string;
  /** The three pages at 200 dpi, 1-bit, CCITT G4, one strip per page: what FAX software stores. */
  faxTiff: string;
  /** Page 1 as a JPEG, as a phone photo of a FAX would be. */
  photoJpeg: string;
  /** Page 1 as a progressive JPEG, as many phones and web tools save photos. */
  progressiveJpeg: string;
  /** Page 1 as a greyscale PNG, as a scanner writes it. */
  scanPng: string;

  /** referralPdf cut off in the middle (an interrupted export). */
  damagedPdf: string;
  /** A `%PDF-1.7` header followed by bytes that are not PDF. */
  garbagePdf: string;
  /** multiPagePdf with 2000 bytes overwritten across two objects: qpdf recovers, objects are lost. */
  overwrittenPdf: string;
  /** referralPdf whose startxref points nowhere: qpdf rebuilds the index, nothing is lost. */
  brokenXrefPdf: string;
  /** linearizedPdf with a wrong /E in its linearization dictionary: a hint-table lint only. */
  badHintsPdf: string;
  /** referralPdf whose page content (a Flate stream) is garbage after the zlib header: the structure is whole. */
  corruptFlatePdf: string;
  /** referralPdf opening with a JavaScript action, written by qpdf into a compressed object stream. */
  javaScriptPdf: string;
  /** referralPdf with a link on its page that starts cmd.exe (a /Launch action). */
  launchPdf: string;
  /** referralPdf with a file attached by qpdf (/EmbeddedFiles). */
  embeddedFilePdf: string;
  /** AES-256, user password "user": cannot be opened without it. */
  encryptedPdf: string;
  /** AES-256 with an empty user password: opens, but encrypted with restrictions. */
  ownerOnlyEncryptedPdf: string;
  /** A copy of /usr/bin/true (ELF) named 紹介状.pdf. */
  renamedExecutable: string;
  /** A shell script named .pdf. */
  shellScript: string;
  /** 0 bytes, named .pdf. */
  emptyFile: string;
  /** The letter saved by LibreOffice as .docx (a ZIP), named .pdf. */
  zipRenamed: string;
  /** A CSV named .pdf. */
  textRenamed: string;
  /** Bytes no format starts with, named .pdf. */
  unknownBinary: string;
  truncatedPng: string;
  truncatedJpeg: string;
  truncatedTiff: string;
  /** faxTiff whose last page points back to the first: a walk that trusts it never ends. */
  loopingTiff: string;
}

const FILE_NAMES: Readonly<Record<keyof DocumentFixtures, string>> = {
  referralPdf: '診療情報提供書.pdf',
  multiPagePdf: '診療情報提供書_3枚.pdf',
  linearizedPdf: '診療情報提供書_Web表示用.pdf',
  hyperlinkPdf: '診療情報提供書_リンク付き.pdf',
  faxTiff: 'FAX受信_3枚.tif',
  photoJpeg: 'FAX撮影.jpg',
  progressiveJpeg: 'FAX撮影_プログレッシブ.jpg',
  scanPng: 'スキャン.png',
  damagedPdf: '途中で切れた.pdf',
  garbagePdf: '中身が壊れた.pdf',
  overwrittenPdf: '一部が上書きされた.pdf',
  brokenXrefPdf: '索引が壊れた.pdf',
  badHintsPdf: 'ヒント表が誤り.pdf',
  corruptFlatePdf: '本文が壊れた.pdf',
  javaScriptPdf: 'スクリプト付き.pdf',
  launchPdf: 'プログラム起動リンク付き.pdf',
  embeddedFilePdf: '添付ファイル付き.pdf',
  encryptedPdf: 'パスワード付き.pdf',
  ownerOnlyEncryptedPdf: '印刷制限付き.pdf',
  renamedExecutable: '紹介状.pdf',
  shellScript: '報告書.pdf',
  emptyFile: '空.pdf',
  zipRenamed: '診療情報提供書_Word.pdf',
  textRenamed: '検査結果.pdf',
  unknownBinary: '不明.pdf',
  truncatedPng: '途中で切れた.png',
  truncatedJpeg: '途中で切れた.jpg',
  truncatedTiff: '途中で切れた.tif',
  loopingTiff: 'ページが循環する.tif',
};

const building = new Map<string, Promise<DocumentFixtures>>();

/** Builds the fixtures into `dir` unless they are all there already; returns their paths. */
export function buildDocumentFixtures(dir: string): Promise<DocumentFixtures> {
  let promise = building.get(dir);
  if (!promise) {
    promise = build(dir);
    building.set(dir, promise);
    promise.catch(() => building.delete(dir));
  }
  return promise;
}

function pathsIn(dir: string): DocumentFixtures {
  const paths = {} as Record<keyof DocumentFixtures, string>;
  for (const [key, name] of Object.entries(FILE_NAMES) as [keyof DocumentFixtures, string][]) paths[key] = join(dir, name);
  return paths;
}

async function build(dir: string): Promise<DocumentFixtures> {
  const paths = pathsIn(dir);
  if (Object.values(paths).every((path) => existsSync(path))) return paths;
  const missing = missingFixtureTools();
  if (missing.length > 0) throw new Error(`The document fixtures need: ${missing.join(', ')}`);

  await mkdir(dir, { recursive: true });
  const work = await mkdtemp(join(dir, '.build-'));
  try {
    const at = (key: keyof DocumentFixtures) => join(work, FILE_NAMES[key]);

    // The letter, as LibreOffice exports it.
    await writeFile(join(work, 'referral.fodt'), referralDocument(1));
    await writeFile(join(work, 'referral-3.fodt'), referralDocument(3));
    await writeFile(join(work, 'referral-link.fodt'), referralDocument(1, { link: true }));
    await libreOffice(work, 'pdf', [join(work, 'referral.fodt'), join(work, 'referral-3.fodt'), join(work, 'referral-link.fodt')]);
    await libreOffice(work, 'docx', [join(work, 'referral.fodt')]);
    await rename(join(work, 'referral.pdf'), at('referralPdf'));
    await rename(join(work, 'referral-3.pdf'), at('multiPagePdf'));
    await rename(join(work, 'referral-link.pdf'), at('hyperlinkPdf'));
    await rename(join(work, 'referral.docx'), at('zipRenamed'));
    await run('qpdf', ['--linearize', at('multiPagePdf'), at('linearizedPdf')]);

    // The pages as FAX software, a phone and a scanner store them.
    await run('pdftoppm', ['-mono', '-r', '200', '-tiff', at('multiPagePdf'), join(work, 'fax')]);
    const faxPages = [1, 2, 3].map((page) => join(work, `fax-${page}.tif`));
    await run('tiffcp', ['-c', 'g4', '-r', '65535', ...faxPages, at('faxTiff')]);
    await run('pdftoppm', ['-jpeg', '-r', '100', '-singlefile', '-f', '1', '-l', '1', at('referralPdf'), join(work, 'photo')]);
    await rename(join(work, 'photo.jpg'), at('photoJpeg'));
    const progressive = ['-jpeg', '-jpegopt', 'progressive=y,quality=80', '-r', '100', '-singlefile', '-f', '1', '-l', '1'];
    await run('pdftoppm', [...progressive, at('referralPdf'), join(work, 'progressive')]);
    await rename(join(work, 'progressive.jpg'), at('progressiveJpeg'));
    await run('pdftoppm', ['-png', '-gray', '-r', '100', '-singlefile', '-f', '1', '-l', '1', at('referralPdf'), join(work, 'scan')]);
    await rename(join(work, 'scan.png'), at('scanPng'));

    await writeFile(at('textRenamed'), '検査日,項目,結果\n2025-04-01,HbA1c,7.2\n2025-04-01,BNP,180\n');

    // Broken files.
    const referral = await readFile(at('referralPdf'));
    await writeFile(at('damagedPdf'), referral.subarray(0, Math.floor(referral.length / 2)));
    await writeFile(at('garbagePdf'), Buffer.concat([Buffer.from('%PDF-1.7\n'), patternBytes(8000)]));
    await writeFile(at('overwrittenPdf'), overwriteObjectBoundary(await readFile(at('multiPagePdf'))));
    await writeFile(at('brokenXrefPdf'), breakStartXref(referral));
    await writeFile(at('badHintsPdf'), breakLinearizationEnd(await readFile(at('linearizedPdf'))));
    for (const key of ['scanPng', 'photoJpeg', 'faxTiff'] as const) {
      const image = await readFile(at(key));
      const truncated = key === 'scanPng' ? 'truncatedPng' : key === 'photoJpeg' ? 'truncatedJpeg' : 'truncatedTiff';
      await writeFile(at(truncated), image.subarray(0, Math.floor(image.length * 0.6)));
    }
    await writeFile(at('loopingTiff'), loopTiffPages(await readFile(at('faxTiff'))));
    await writeFile(at('corruptFlatePdf'), await garbleFirstPageContent(at('referralPdf')));

    // Active content, added to the letter the way PDF editing tools do (qpdf edits its objects).
    await editPdf(
      work,
      at('referralPdf'),
      at('javaScriptPdf'),
      ({ catalogKey, catalog }) => ({
        [catalogKey]: { value: { ...catalog, '/OpenAction': { '/S': '/JavaScript', '/JS': "u:app.launchURL('https://example.invalid/', true);" } } },
      }),
      // In a compressed object stream: the action is in no byte of the file as written.
      ['--object-streams=generate'],
    );
    await editPdf(work, at('referralPdf'), at('launchPdf'), ({ firstPageKey, firstPage }) => ({
      [firstPageKey]: {
        value: {
          ...firstPage,
          '/Annots': [
            {
              '/Type': '/Annot',
              '/Subtype': '/Link',
              '/Rect': [72, 700, 300, 720],
              '/Border': [0, 0, 0],
              '/A': { '/S': '/Launch', '/F': 'u:C:\\Windows\\System32\\cmd.exe' },
            },
          ],
        },
      },
    }));
    await run('qpdf', [at('referralPdf'), '--add-attachment', at('textRenamed'), '--filename=検査結果.csv', '--key=results', '--', at('embeddedFilePdf')]);

    // Files that are not documents at all.
    await run('qpdf', ['--encrypt', 'user', 'owner', '256', '--', at('referralPdf'), at('encryptedPdf')]);
    await run('qpdf', ['--encrypt', '', 'owner', '256', '--print=none', '--', at('referralPdf'), at('ownerOnlyEncryptedPdf')]);
    await copyFile('/usr/bin/true', at('renamedExecutable'));
    await writeFile(at('shellScript'), '#!/bin/sh\necho "この文書を開くには管理者権限が必要です"\n');
    await writeFile(at('emptyFile'), '');
    await writeFile(at('unknownBinary'), Buffer.concat([Buffer.from([0x00, 0x13, 0x37, 0x00]), patternBytes(4000)]));

    for (const key of Object.keys(FILE_NAMES) as (keyof DocumentFixtures)[]) await rename(at(key), paths[key]);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return paths;
}

/**
 * LibreOffice headless, with a profile of its own: two instances sharing one profile hand the job
 * to each other (or wait on its lock), which is how parallel test runs would clash.
 */
async function libreOffice(outDir: string, format: string, files: string[]): Promise<void> {
  const profile = await mkdtemp(join(tmpdir(), 'renkei-lo-profile-'));
  try {
    await run(
      'soffice',
      ['--headless', '--norestore', `-env:UserInstallation=${pathToFileURL(profile).href}`, '--convert-to', format, '--outdir', outDir, ...files],
      { timeout: 180_000 },
    );
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
  // soffice exits 0 even when a conversion failed; the output file is the only evidence.
  for (const file of files) {
    const output = join(outDir, file.replace(/^.*\//, '').replace(/\.[^.]+$/, `.${format}`));
    if (!existsSync(output)) throw new Error(`LibreOffice did not convert ${file} to ${format}`);
  }
}

/** Deterministic bytes that look like nothing (so reruns build the same files). */
function patternBytes(length: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = 0x2545f491;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

/**
 * 2000 bytes overwritten across the end of a stream and the start of the next object, from a
 * third into the file. (Inside a Flate stream alone it can go unnoticed: inflate may stop early
 * without an error, and qpdf cannot tell.)
 */
function overwriteObjectBoundary(pdf: Buffer): Buffer {
  const end = pdf.indexOf('endstream', Math.floor(pdf.length / 3), 'latin1');
  if (end < 0) throw new Error('no stream after the first third of the PDF');
  const broken = Buffer.from(pdf);
  broken.fill(0xa5, end - 50, end + 1950);
  return broken;
}

/**
 * The first page's content stream overwritten after its 2-byte zlib header, its length unchanged:
 * every object is where the index says, only inflating the page fails (as after a disk or
 * transfer error inside the stream).
 */
async function garbleFirstPageContent(pdfPath: string): Promise<Buffer> {
  const pages = (await run('qpdf', ['--show-pages', pdfPath])).stdout;
  const contents = /content:\s+(\d+) 0 R/.exec(pages)?.[1];
  if (!contents) throw new Error(`no page content in ${pdfPath}`);
  const pdf = await readFile(pdfPath);
  const object = pdf.toString('latin1').search(new RegExp(`(?:^|[\\r\\n])${contents} 0 obj\\b`));
  if (object < 0) throw new Error(`page content object ${contents} not found in ${pdfPath}`);
  const streamKeyword = pdf.indexOf('stream', object, 'latin1');
  const dataStart = streamKeyword + 'stream'.length + (pdf[streamKeyword + 6] === 0x0d ? 2 : 1);
  const dataEnd = pdf.indexOf('endstream', dataStart, 'latin1');
  if (streamKeyword < 0 || dataEnd < 0) throw new Error(`page content object ${contents} in ${pdfPath} has no stream`);
  const garbled = Buffer.from(pdf);
  patternBytes(dataEnd - 1 - (dataStart + 2)).copy(garbled, dataStart + 2);
  return garbled;
}

type PdfObjects = Record<string, { value?: Record<string, unknown> }>;
interface PdfLandmarks {
  catalogKey: string;
  catalog: Record<string, unknown>;
  firstPageKey: string;
  firstPage: Record<string, unknown>;
}

/**
 * Changes objects of a PDF through qpdf's JSON (qpdf --update-from-json): `edit` gets the catalog
 * and the first page and returns the objects to replace, in qpdf's JSON form ("obj:4 0 R": { value: {...} }).
 */
async function editPdf(
  work: string,
  input: string,
  output: string,
  edit: (landmarks: PdfLandmarks) => Record<string, unknown>,
  writeOptions: string[] = [],
): Promise<void> {
  const { stdout } = await run('qpdf', ['--json=2', '--json-key=qpdf', input], { maxBuffer: 64 * 1024 * 1024 });
  const [header, objects] = (JSON.parse(stdout) as { qpdf: [unknown, PdfObjects] }).qpdf;
  const object = (reference: unknown) => {
    const key = `obj:${String(reference)}`;
    const value = objects[key]?.value;
    if (!value) throw new Error(`no object ${String(reference)} in ${input}`);
    return { key, value };
  };
  const catalog = object(objects.trailer?.value?.['/Root']);
  const pages = object(catalog.value['/Pages']);
  const firstPage = object((pages.value['/Kids'] as unknown[])[0]);
  const changes = edit({ catalogKey: catalog.key, catalog: catalog.value, firstPageKey: firstPage.key, firstPage: firstPage.value });
  const patch = join(work, 'patch.json');
  await writeFile(patch, JSON.stringify({ qpdf: [header, changes] }));
  await run('qpdf', [`--update-from-json=${patch}`, input, ...writeOptions, output]);
}

/** The last IFD's "next IFD" offset pointed back at the first IFD. */
function loopTiffPages(tiff: Buffer): Buffer {
  const le = tiff[0] === 0x49;
  const u16 = (offset: number) => (le ? tiff.readUInt16LE(offset) : tiff.readUInt16BE(offset));
  const u32 = (offset: number) => (le ? tiff.readUInt32LE(offset) : tiff.readUInt32BE(offset));
  const first = u32(4);
  let nextField = first + 2 + u16(first) * 12;
  while (u32(nextField) !== 0) nextField = u32(nextField) + 2 + u16(u32(nextField)) * 12;
  const looped = Buffer.from(tiff);
  if (le) looped.writeUInt32LE(first, nextField);
  else looped.writeUInt32BE(first, nextField);
  return looped;
}

/** The last startxref's offset replaced by one of the same width that points at no xref. */
function breakStartXref(pdf: Buffer): Buffer {
  const text = pdf.toString('latin1');
  const match = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text);
  if (!match?.[1]) throw new Error('no startxref at the end of the PDF');
  const start = match.index + match[0].indexOf(match[1]);
  const broken = Buffer.from(pdf);
  broken.write('1'.repeat(match[1].length), start, 'latin1');
  return broken;
}

/** The linearization dictionary's /E (end of first page) moved back a few bytes. */
function breakLinearizationEnd(pdf: Buffer): Buffer {
  const head = pdf.toString('latin1', 0, 1024);
  const match = /\/E (\d+)/.exec(head);
  if (!match?.[1]) throw new Error('no /E in the linearization dictionary');
  const value = String(Number(match[1]) - 7).padStart(match[1].length, '0');
  const broken = Buffer.from(pdf);
  broken.write(value, match.index + 3, 'latin1');
  return broken;
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const REFERRAL_PAGES: { heading: string; lines: string[] }[] = [
  {
    heading: '診療情報提供書',
    lines: [
      '令和7年4月1日',
      '紹介先：さくら訪問看護ステーション　管理者　殿',
      '紹介元：みどり在宅クリニック　医師　山田 太郎',
      '患者氏名：髙橋 ヨシ子 様（昭和12年5月3日生、87歳、女性）',
      '住所：宮崎県宮崎市橘通東1丁目1番1号',
      '傷病名：慢性心不全（NYHA II度）、2型糖尿病、変形性膝関節症',
      '紹介目的：退院後の在宅療養支援（服薬管理、体重・浮腫の観察）をお願いいたします。',
      '既往歴・家族歴：高血圧症（60歳〜）。長男夫婦と同居。',
    ],
  },
  {
    heading: '症状経過及び検査結果',
    lines: [
      '3月10日、呼吸苦と下肢浮腫の増悪で入院。利尿薬の調整により軽快し、3月28日退院。',
      '退院時体重 48.2 kg、BNP 180 pg/mL、HbA1c 7.2 %。',
      '体重が2日で2 kg以上増えた場合は、当院へご連絡ください。',
    ],
  },
  {
    heading: '現在の処方',
    lines: [
      'フロセミド錠20mg　1回1錠　1日1回　朝食後',
      'ビソプロロールフマル酸塩錠2.5mg　1回1錠　1日1回　朝食後',
      'メトホルミン塩酸塩錠250mg　1回1錠　1日2回　朝夕食後',
      '備考：一包化。残薬の確認をお願いいたします。',
    ],
  },
];

/** A flat OpenDocument text (.fodt): one XML file LibreOffice opens directly, `pages` pages long. */
function referralDocument(pages: number, { link = false } = {}): string {
  const body = REFERRAL_PAGES.slice(0, pages)
    .map((page, index) => {
      const heading = `<text:p text:style-name="${index === 0 ? 'Title' : 'TitleNewPage'}">${xml(page.heading)}</text:p>`;
      const lines = page.lines.map((line) => `<text:p text:style-name="Standard">${xml(line)}</text:p>`);
      if (link && index === 0) {
        lines.push(
          '<text:p text:style-name="Standard">参考：<text:a xlink:type="simple" xlink:href="https://www.mhlw.go.jp/stf/seisakunitsuite/bunya/kenkou_iryou/iryou/zaitaku/index.html">厚生労働省 在宅医療の推進について</text:a></text:p>',
        );
      }
      return [heading, ...lines].join('\n');
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:xlink="http://www.w3.org/1999/xlink"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:font-face-decls>
  <style:font-face style:name="IPAexGothic" svg:font-family="IPAexGothic"/>
 </office:font-face-decls>
 <office:styles>
  <style:style style:name="Standard" style:family="paragraph">
   <style:paragraph-properties fo:margin-bottom="0.2cm"/>
   <style:text-properties style:font-name="IPAexGothic" style:font-name-asian="IPAexGothic" style:font-name-complex="IPAexGothic" fo:font-size="11pt" style:font-size-asian="11pt"/>
  </style:style>
  <style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.6cm"/>
   <style:text-properties fo:font-size="18pt" style:font-size-asian="18pt"/>
  </style:style>
  <style:style style:name="TitleNewPage" style:family="paragraph" style:parent-style-name="Title">
   <style:paragraph-properties fo:break-before="page"/>
  </style:style>
 </office:styles>
 <office:body>
  <office:text>
${body}
  </office:text>
 </office:body>
</office:document>
`;
}

/**
 * A real PDF of at least `minBytes` (for memory and timing checks): the three-page letter joined
 * with a copy of itself by qpdf until it is big enough. The copy is a second file because qpdf
 * shares the objects of pages taken twice from one file, and the PDF would not grow. About 4 s and
 * 6,000 pages for 20 MB. Kept in `dir` and reused.
 */
export async function makeLargePdf(dir: string, minBytes: number): Promise<string> {
  const target = join(dir, `large-${minBytes}.pdf`);
  if (existsSync(target)) return target;
  const { multiPagePdf } = await buildDocumentFixtures(dir);
  const work = await mkdtemp(join(dir, '.large-'));
  try {
    const current = join(work, 'current.pdf');
    await copyFile(multiPagePdf, current);
    while ((await stat(current)).size < minBytes) {
      const twin = join(work, 'twin.pdf');
      const next = join(work, 'next.pdf');
      await copyFile(current, twin);
      await run('qpdf', ['--empty', '--pages', current, twin, '--', next], { timeout: 300_000 });
      await rename(next, current);
    }
    // Doubling overshoots (up to 2×): keep only as many pages as the size asks for, so that a
    // "20 MB" benchmark really files about 20 MB.
    const pages = Number((await run('qpdf', ['--show-npages', current])).stdout.trim());
    for (let keep = Math.ceil((pages * minBytes) / (await stat(current)).size); keep < pages; keep = Math.ceil(keep * 1.05)) {
      const trimmed = join(work, 'trimmed.pdf');
      await run('qpdf', [current, '--pages', current, `1-${keep}`, '--', trimmed], { timeout: 300_000 });
      if ((await stat(trimmed)).size >= minBytes) {
        await rename(trimmed, current);
        break;
      }
    }
    await rename(current, target);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return target;
}

/** Every broken or hostile fixture, with the reason the server must refuse it for. */
export const HOSTILE_FILES: readonly (readonly [keyof DocumentFixtures, ErrorReason])[] = [
  ['emptyFile', 'DOCUMENT_EMPTY'],
  ['damagedPdf', 'DOCUMENT_PDF_DAMAGED'],
  ['garbagePdf', 'DOCUMENT_PDF_DAMAGED'],
  ['overwrittenPdf', 'DOCUMENT_PDF_DAMAGED'],
  ['corruptFlatePdf', 'DOCUMENT_PDF_DAMAGED'],
  ['javaScriptPdf', 'DOCUMENT_PDF_ACTIVE_CONTENT'],
  ['launchPdf', 'DOCUMENT_PDF_ACTIVE_CONTENT'],
  ['embeddedFilePdf', 'DOCUMENT_PDF_ACTIVE_CONTENT'],
  ['encryptedPdf', 'DOCUMENT_PDF_ENCRYPTED'],
  // Opens without a password, but is encrypted: refused too, the record must stay readable for good.
  ['ownerOnlyEncryptedPdf', 'DOCUMENT_PDF_ENCRYPTED'],
  ['renamedExecutable', 'DOCUMENT_EXECUTABLE'],
  ['shellScript', 'DOCUMENT_EXECUTABLE'],
  ['zipRenamed', 'DOCUMENT_TYPE_NOT_ALLOWED'],
  ['textRenamed', 'DOCUMENT_TYPE_NOT_ALLOWED'],
  ['unknownBinary', 'DOCUMENT_TYPE_NOT_ALLOWED'],
  ['truncatedPng', 'DOCUMENT_IMAGE_DAMAGED'],
  ['truncatedJpeg', 'DOCUMENT_IMAGE_DAMAGED'],
  ['truncatedTiff', 'DOCUMENT_IMAGE_DAMAGED'],
  ['loopingTiff', 'DOCUMENT_IMAGE_DAMAGED'],
];
