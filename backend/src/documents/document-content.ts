// What an uploaded document really is, decided from its bytes and never from its name: clinics
// drag in whatever their EMR, billing or FAX software wrote, and a name says nothing about the
// content (an executable called 紹介状.pdf looks like a referral letter). A file is accepted only if
// it is one of the four formats every team member's app can display, and only if it is whole, so
// the stored record stays readable by everyone and for the legal period (見読性).
//
// PDFs are checked by qpdf in a child process, so a 20 MB PDF never enters the Node heap. Images
// are bounded by the upload size limit and are read whole.
import { open, readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { crc32 } from 'node:zlib';
import { documentFormatOf, looksLikeText, MAX_IMAGE_PIXELS, RenkeiError, type DocumentMediaType } from '@renkei/proto';
import { fileTypeFromFile } from 'file-type';
import UTIF from 'utif2';
import { ACTIVE_CONTENT_WORDS, scanPdfActiveContent } from './pdf-active-content';
import { runQpdf } from './qpdf';

export type { DocumentMediaType };

interface InspectedContent {
  mediaType: DocumentMediaType;
  pageCount: number;
}

/** How much of the file's start is read to recognise it. */
const HEAD_BYTES = 4100;
/** The first TIFF page is decoded only up to this raw size; a FAX page is about 0.5 MB. */
const TIFF_DECODE_LIMIT_BYTES = 64 * 1024 * 1024;
/** A bound on the IFD chain, so a hostile TIFF cannot keep the walk going. */
const TIFF_MAX_PAGES = 10_000;

/** Throws RenkeiError with one of the DOCUMENT_* reasons; `fileName` (already sanitised) fills the message placeholders. */
export async function inspectDocumentContent(filePath: string, fileName: string): Promise<InspectedContent> {
  // qpdf has no end-of-options marker: an absolute path can never be read as an option.
  const path = resolve(filePath);
  const { size } = await stat(path);
  if (size === 0) throw new RenkeiError({ reason: 'DOCUMENT_EMPTY', metadata: { fileName } });

  const head = await readHead(path, Math.min(size, HEAD_BYTES));
  // Recognised here rather than by file-type, which reads up to 10 MB of a PDF looking for
  // Illustrator data; qpdf then decides whether the rest really is a PDF. The header must come
  // first: readers differ on bytes before it (Acrobat skips up to 1 KB), which is how one file
  // is made to be a ZIP to one program and a PDF to another.
  const format = documentFormatOf(head);
  if (format === 'application/pdf') return inspectPdf(path, fileName);
  if (head[0] === 0x23 && head[1] === 0x21) {
    // `#!`: a script the system would run with its interpreter.
    throw new RenkeiError({ reason: 'DOCUMENT_EXECUTABLE', metadata: { fileName, detected: 'スクリプト (#!)' } });
  }

  const type = await sniffType(path, fileName);
  if (!type) throw notAllowed(fileName, looksLikeText(head) ? 'テキストファイル' : '不明な形式');
  // The first bytes (the rule the app also applies when a file is dropped) and file-type must
  // agree: a camera's RAW photo starts as a TIFF does, and only file-type tells it apart.
  switch (format === FORMAT_OF_EXTENSION[type.ext] ? type.ext : 'refused') {
    case 'jpg':
      return inspectJpeg(await readFile(path), fileName);
    case 'png':
    case 'apng': // an animated PNG is a PNG whose first frame every viewer shows
      return inspectPng(await readFile(path), fileName);
    case 'tif':
      return inspectTiff(await readFile(path), fileName);
    default:
      if (EXECUTABLE_TYPES.has(type.ext)) {
        throw new RenkeiError({ reason: 'DOCUMENT_EXECUTABLE', metadata: { fileName, detected: describeType(type.ext) } });
      }
      throw notAllowed(fileName, describeType(type.ext));
  }
}

/** The extensions file-type gives for the accepted formats (an animated PNG is a PNG whose first frame every viewer shows). */
const FORMAT_OF_EXTENSION: Readonly<Record<string, DocumentMediaType>> = { jpg: 'image/jpeg', png: 'image/png', apng: 'image/png', tif: 'image/tiff' };

/**
 * What file-type recognises. Its container parsers throw on a malformed file (a ZIP signature
 * followed by garbage ends in EndOfStreamError or "Unexpected signature"): such a file is none of
 * the allowed kinds, and the user hears that, not an internal error.
 */
async function sniffType(path: string, fileName: string): Promise<Awaited<ReturnType<typeof fileTypeFromFile>>> {
  try {
    return await fileTypeFromFile(path);
  } catch {
    throw notAllowed(fileName, '不明な形式（壊れたファイル）');
  }
}

async function readHead(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function notAllowed(fileName: string, detected: string): RenkeiError {
  return new RenkeiError({ reason: 'DOCUMENT_TYPE_NOT_ALLOWED', metadata: { fileName, detected } });
}

function damagedImage(fileName: string): RenkeiError {
  return new RenkeiError({ reason: 'DOCUMENT_IMAGE_DAMAGED', metadata: { fileName } });
}

/** Refuses an image whose header claims more pixels than MAX_IMAGE_PIXELS. */
function checkPixels(fileName: string, width: number, height: number): void {
  if (width * height > MAX_IMAGE_PIXELS) {
    throw new RenkeiError({ reason: 'DOCUMENT_IMAGE_TOO_LARGE', metadata: { fileName, width: String(width), height: String(height) } });
  }
}

/** Programs, and packages or shortcuts that run one: named as such so the user knows to be wary. */
const EXECUTABLE_TYPES = new Set(['exe', 'elf', 'macho', 'wasm', 'class', 'jar', 'apk', 'dex', 'crx', 'xpi', 'swf', 'lnk', 'chm', 'deb', 'rpm', 'asar']);

/** Words a clinic user recognises, for the formats they are likely to pick by mistake. */
const TYPE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  zip: 'ZIPアーカイブ',
  rar: 'RARアーカイブ',
  '7z': '7-Zipアーカイブ',
  lzh: 'LZHアーカイブ',
  gz: 'gzip圧縮ファイル',
  docx: 'Word文書',
  docm: 'マクロ付きWord文書',
  xlsx: 'Excelブック',
  xlsm: 'マクロ付きExcelブック',
  pptx: 'PowerPointプレゼンテーション',
  cfb: 'Office旧形式の文書など',
  rtf: 'リッチテキスト文書',
  odt: 'OpenDocument文書',
  ods: 'OpenDocument表計算',
  xml: 'XML文書',
  gif: 'GIF画像',
  bmp: 'BMP画像',
  webp: 'WebP画像',
  heic: 'HEIC画像（iPhoneの写真など）',
  avif: 'AVIF画像',
  jxl: 'JPEG XL画像',
  jp2: 'JPEG 2000画像',
  psd: 'Photoshop画像',
  cr2: 'カメラのRAW画像',
  cr3: 'カメラのRAW画像',
  nef: 'カメラのRAW画像',
  arw: 'カメラのRAW画像',
  dng: 'カメラのRAW画像',
  orf: 'カメラのRAW画像',
  rw2: 'カメラのRAW画像',
  raf: 'カメラのRAW画像',
  dcm: 'DICOM画像',
  mp4: '動画',
  mov: '動画',
  avi: '動画',
  mp3: '音声',
  m4a: '音声',
  wav: '音声',
  exe: 'Windowsの実行ファイル',
  elf: 'Linuxの実行ファイル',
  macho: 'macOSの実行ファイル',
  lnk: 'Windowsのショートカット',
  jar: 'Javaのプログラム',
  apk: 'Androidのアプリ',
  msi: 'Windowsのインストーラー',
};

function describeType(ext: string): string {
  return `${TYPE_DESCRIPTIONS[ext] ?? `${ext.toUpperCase()}形式のファイル`} (${ext})`;
}

// ---- PDF ----------------------------------------------------------------------------------------

/**
 * Warnings qpdf gives while rebuilding a missing or wrong cross-reference table (the index of
 * object offsets). Every reader rebuilds it the same way from the objects themselves, and nothing
 * in the document is lost, so such a PDF is accepted.
 */
const XREF_REPAIR_WARNINGS = [/^file is damaged$/, /^can't find startxref$/, /^xref not found$/, /^Attempting to reconstruct cross-reference table$/];

/**
 * Whether qpdf's warnings (exit status 3) leave every object of the document readable. A warning
 * that points into the file (an object or an offset) or says an object is missing means part of
 * the document was lost or is garbage: refused, as a truncated or overwritten file must be. A
 * warning about the file as a whole concerns its indexes: the cross-reference table (see above)
 * or, for a "fast web view" PDF, the linearization hint tables, which many generators write
 * wrongly and no reader needs to display the pages.
 */
function qpdfWarningsAreHarmless(output: string, filePath: string): boolean {
  for (const line of output.split('\n')) {
    if (!line.startsWith('WARNING: ')) continue;
    let rest = line.slice('WARNING: '.length);
    if (!rest.startsWith(filePath)) return false; // "object 3 0: ...": about one object
    rest = rest.slice(filePath.length);
    const match = /^(?: \(([^)]*)\))?: (.*)$/.exec(rest);
    if (!match) return false; // ", object 3 0 at offset 214: ..."
    const [, context, message = ''] = match;
    if (XREF_REPAIR_WARNINGS.some((pattern) => pattern.test(message))) continue;
    if (context !== undefined) return false;
    if (/not found|null|unexpected|EOF/i.test(message)) return false;
  }
  return true;
}

async function inspectPdf(path: string, fileName: string): Promise<InspectedContent> {
  const damaged = () => new RenkeiError({ reason: 'DOCUMENT_PDF_DAMAGED', metadata: { fileName } });

  // 0: a password is needed to open it; 3: it opens without one but is still encrypted (an owner
  // password restricting printing or copying, which would bind every future reader). 2: not
  // encrypted, or not a readable PDF at all, which reading every object below tells apart.
  const password = await runQpdf(['--requires-password', path]);
  if (password.overflowed) throw damaged();
  if (password.exitCode === 0 || password.exitCode === 3) {
    throw new RenkeiError({ reason: 'DOCUMENT_PDF_ENCRYPTED', metadata: { fileName } });
  }

  // The three passes below read the file each on their own (qpdf cannot list objects or count
  // pages while it writes), so they run at once: on a 20 MB PDF the two long ones take about as
  // long each, and one after the other they were most of an upload's time after its last byte.
  // Their verdicts are then taken in the order of the passes, so a file with several problems is
  // refused for the same one as before (damaged before active content).
  //
  // Rewrites the whole document to nowhere with every general-purpose (Flate, LZW, ...) stream
  // decoded: qpdf reads every object reachable from the trailer and inflates every such stream, so
  // a truncated, overwritten or garbage file fails, and so does a page whose compressed content is
  // garbage. Writing the streams decoded is what makes qpdf inflate them: with
  // --compress-streams=y it copies a Flate stream through as it is and never notices (it inflates
  // only to recompress, with --recompress-flate, which costs far more: 3.9 s against 1.4 s for a
  // 20 MB PDF of 983 pages; 0.8 s before, without decoding). Exit status: 0 no problems, 2 errors,
  // 3 warnings (qpdf recovered; see qpdfWarningsAreHarmless; a stream that fails to decode is a
  // warning naming the object). Not `qpdf --check`: it also decodes every JPEG image, which takes
  // ~9 s for a 20 MB scanned PDF (80 pages at 300 dpi), and the one thing it adds — tokenising each
  // page's content stream — does not make a wrecked file readable either. Image streams (JPEG,
  // CCITT, JBIG2) are not decoded here; bytes changed inside one are for the viewer to meet.
  const [check, active, pages] = await Promise.all([
    runQpdf(['--decode-level=generalized', '--compress-streams=n', path, '/dev/null']),
    // Refused rather than filed with the actions removed: see pdf-active-content.ts.
    scanPdfActiveContent(path),
    runQpdf(['--show-npages', path]),
  ]);
  if (check.overflowed) throw damaged();
  if (check.exitCode === 2) throw damaged();
  if (check.exitCode === 3 && !qpdfWarningsAreHarmless(`${check.stdout}\n${check.stderr}`, path)) throw damaged();
  if (check.exitCode !== 0 && check.exitCode !== 3) {
    throw new Error(`qpdf exited with ${check.exitCode} while reading every object: ${check.stderr.trim().slice(0, 500)}`);
  }

  if (active.unreadable) throw damaged();
  if (active.found.length > 0) {
    const words = (locale: 'ja' | 'en') => active.found.map((kind) => ACTIVE_CONTENT_WORDS[kind][locale]).join(locale === 'ja' ? '、' : ', ');
    throw new RenkeiError({ reason: 'DOCUMENT_PDF_ACTIVE_CONTENT', metadata: { fileName, foundJa: words('ja'), foundEn: words('en') } });
  }

  const pageCount = Number(pages.stdout.trim());
  // A PDF without a single page shows nothing: it cannot be what the user meant to file.
  if (pages.overflowed || (pages.exitCode !== 0 && pages.exitCode !== 3) || !Number.isSafeInteger(pageCount) || pageCount < 1) {
    throw damaged();
  }
  return { mediaType: 'application/pdf', pageCount };
}

// ---- JPEG ---------------------------------------------------------------------------------------

/**
 * Walks the JPEG marker segments from SOI to EOI: every segment must fit in the file, a frame
 * header (SOF) must give the size, and the EOI marker must be reached through the entropy-coded
 * data, so a truncated photo is refused. Data after EOI is ignored: phones append their own
 * (a Motion Photo's video, a multi-picture trailer).
 */
function inspectJpeg(bytes: Buffer, fileName: string): InspectedContent {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) throw damagedImage(fileName);
  let pos = 2;
  let frame: { marker: number; precision: number } | undefined;
  let inScan = false;
  while (pos < bytes.length) {
    if (bytes[pos] !== 0xff) {
      // Only entropy-coded data (after SOS) may sit between markers.
      if (!inScan) throw damagedImage(fileName);
      const next = bytes.indexOf(0xff, pos);
      if (next < 0) break;
      pos = next;
      continue;
    }
    let markerPos = pos + 1;
    while (markerPos < bytes.length && bytes[markerPos] === 0xff) markerPos++; // fill bytes
    const marker = bytes[markerPos];
    if (marker === undefined) break;
    pos = markerPos + 1;
    if (inScan && (marker === 0x00 || (marker >= 0xd0 && marker <= 0xd7))) continue; // stuffed 0xFF, RSTn
    if (marker === 0x01) continue; // TEM, no length
    if (marker === 0xd9) {
      if (!frame || !inScan) throw damagedImage(fileName);
      // Chromium (the app's viewer) shows baseline, extended and progressive 8-bit Huffman JPEGs;
      // lossless, hierarchical, arithmetic-coded and 12-bit ones are valid but unreadable there.
      if (frame.marker > 0xc2 || frame.precision !== 8) {
        throw notAllowed(fileName, 'JPEG画像（表示できない符号化方式）(jpg)');
      }
      return { mediaType: 'image/jpeg', pageCount: 1 };
    }
    if (marker === 0x00 || (marker >= 0xd0 && marker <= 0xd8)) throw damagedImage(fileName);
    if (pos + 2 > bytes.length) break;
    const length = bytes.readUInt16BE(pos);
    if (length < 2 || pos + length > bytes.length) break;
    if (isStartOfFrame(marker)) {
      if (frame || length < 8) throw damagedImage(fileName);
      const precision = bytes[pos + 2] ?? 0;
      const height = bytes.readUInt16BE(pos + 3);
      const width = bytes.readUInt16BE(pos + 5);
      const components = bytes[pos + 7] ?? 0;
      // Height 0 (defined later by a DNL marker) is legal but no camera or scanner writes it.
      if (width === 0 || height === 0 || components === 0 || length < 8 + 3 * components) throw damagedImage(fileName);
      checkPixels(fileName, width, height);
      frame = { marker, precision };
    } else if (marker === 0xda) {
      if (!frame) throw damagedImage(fileName);
      inScan = true;
    }
    pos += length;
  }
  throw damagedImage(fileName); // ran out of bytes before EOI: truncated
}

/** SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

// ---- PNG ----------------------------------------------------------------------------------------

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Walks the PNG chunks: IHDR first with a non-zero size, at least one IDAT, IEND reached, and the
 * CRC of every critical chunk right (as libpng insists; ancillary chunks it only warns about), so
 * truncated or overwritten image data is refused.
 */
function inspectPng(bytes: Buffer, fileName: string): InspectedContent {
  if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE)) throw damagedImage(fileName);
  let pos = 8;
  let sawHeader = false;
  let sawData = false;
  while (pos + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(pos);
    const dataEnd = pos + 8 + length;
    if (length > 0x7fffffff || dataEnd + 4 > bytes.length) break;
    const type = bytes.toString('latin1', pos + 4, pos + 8);
    if (!/^[A-Za-z]{4}$/.test(type)) throw damagedImage(fileName);
    const critical = type.charCodeAt(0) < 0x61;
    if (critical && crc32(bytes.subarray(pos + 4, dataEnd)) !== bytes.readUInt32BE(dataEnd)) throw damagedImage(fileName);
    if (!sawHeader) {
      if (type !== 'IHDR' || length !== 13) throw damagedImage(fileName);
      if (bytes.readUInt32BE(pos + 8) === 0 || bytes.readUInt32BE(pos + 12) === 0) throw damagedImage(fileName);
      checkPixels(fileName, bytes.readUInt32BE(pos + 8), bytes.readUInt32BE(pos + 12));
      sawHeader = true;
    } else if (type === 'IHDR') {
      throw damagedImage(fileName);
    }
    if (type === 'IDAT') sawData = true;
    if (type === 'IEND') {
      if (!sawData) throw damagedImage(fileName);
      return { mediaType: 'image/png', pageCount: 1 };
    }
    pos = dataEnd + 4;
  }
  throw damagedImage(fileName); // no IEND: truncated
}

// ---- TIFF ---------------------------------------------------------------------------------------

/** Compressions utif2 (and so the app) decodes: none, CCITT RLE/G3/G4, LZW, JPEG, Deflate, PackBits. */
const TIFF_COMPRESSIONS = new Set([1, 2, 3, 4, 5, 6, 7, 8, 32773, 32946]);

/**
 * FAX software writes multi-page TIFFs, one IFD (image file directory) per page. The IFD chain is
 * walked here first, with bounds and a loop check, because utif2's own walk trusts the offsets
 * and would loop forever on a chain that points back; utif2 then parses each page's tags.
 */
function inspectTiff(bytes: Buffer, fileName: string): InspectedContent {
  if (bytes.length < 8) throw damagedImage(fileName);
  const littleEndian = bytes[0] === 0x49;
  const u16 = (offset: number) => (littleEndian ? bytes.readUInt16LE(offset) : bytes.readUInt16BE(offset));
  const u32 = (offset: number) => (littleEndian ? bytes.readUInt32LE(offset) : bytes.readUInt32BE(offset));
  const version = u16(2);
  if (version === 43) throw notAllowed(fileName, 'BigTIFF画像 (tif)');
  if (version !== 42) throw damagedImage(fileName);

  const seen = new Set<number>();
  for (let offset = u32(4); offset !== 0;) {
    if (seen.has(offset) || seen.size >= TIFF_MAX_PAGES || offset + 2 > bytes.length) throw damagedImage(fileName);
    seen.add(offset);
    const next = offset + 2 + u16(offset) * 12;
    if (next + 4 > bytes.length) throw damagedImage(fileName);
    offset = u32(next);
  }
  if (seen.size === 0) throw damagedImage(fileName);

  let ifds: UTIF.IFD[];
  try {
    ifds = UTIF.decode(bytes);
  } catch {
    throw damagedImage(fileName);
  }
  // utif2 stops quietly at an IFD it cannot read: fewer IFDs than the chain means a bad one.
  if (ifds.length !== seen.size) throw damagedImage(fileName);

  let pageCount = 0;
  for (const ifd of ifds) {
    const page = readTiffPage(ifd, bytes.length);
    if (page === 'damaged') throw damagedImage(fileName);
    checkPixels(fileName, tagNumbers(ifd, 256)?.[0] ?? 0, tagNumbers(ifd, 257)?.[0] ?? 0);
    if (typeof page === 'number') throw notAllowed(fileName, `TIFF画像（対応していない圧縮方式 ${page}）(tif)`);
    if (!page.thumbnail) pageCount++;
  }
  if (pageCount === 0) throw damagedImage(fileName);

  const first = ifds[0];
  if (first && tiffRawSize(first) <= TIFF_DECODE_LIMIT_BYTES) {
    try {
      UTIF.decodeImage(bytes, first);
    } catch {
      throw damagedImage(fileName);
    }
  }
  return { mediaType: 'image/tiff', pageCount };
}

function tagNumbers(ifd: UTIF.IFD, tag: number): number[] | undefined {
  const value = ifd[`t${tag}`];
  if (!Array.isArray(value) || !value.every((item): item is number => typeof item === 'number')) return undefined;
  return value;
}

/** A page's header: size, a supported compression, and image data inside the file. */
function readTiffPage(ifd: UTIF.IFD, fileLength: number): { thumbnail: boolean } | number | 'damaged' {
  const width = tagNumbers(ifd, 256)?.[0] ?? 0;
  const height = tagNumbers(ifd, 257)?.[0] ?? 0;
  if (width === 0 || height === 0) return 'damaged';
  const compression = tagNumbers(ifd, 259)?.[0] ?? 1;
  if (!TIFF_COMPRESSIONS.has(compression)) return compression;
  const tiled = tagNumbers(ifd, 322) !== undefined;
  const offsets = tagNumbers(ifd, tiled ? 324 : 273);
  const counts = tagNumbers(ifd, tiled ? 325 : 279);
  if (!offsets || !counts || offsets.length === 0 || offsets.length !== counts.length) return 'damaged';
  for (const [index, offset] of offsets.entries()) {
    const count = counts[index] ?? 0;
    if (count === 0 || offset + count > fileLength) return 'damaged';
  }
  // NewSubfileType bit 0: a reduced-resolution copy (a thumbnail), not a page.
  const thumbnail = ((tagNumbers(ifd, 254)?.[0] ?? 0) & 1) === 1;
  return { thumbnail };
}

function tiffRawSize(ifd: UTIF.IFD): number {
  const width = tagNumbers(ifd, 256)?.[0] ?? 0;
  const height = tagNumbers(ifd, 257)?.[0] ?? 0;
  const bitsPerSample = tagNumbers(ifd, 258)?.[0] ?? 1;
  const samplesPerPixel = tagNumbers(ifd, 277)?.[0] ?? 1;
  return height * Math.ceil((width * bitsPerSample * samplesPerPixel) / 8);
}

// ---- File names ---------------------------------------------------------------------------------

/** In UTF-8 bytes: below the 255 most file systems allow, with room for " (2)" when saved twice. */
const MAX_FILE_NAME_BYTES = 200;
/** Longer "extensions" are just a dot inside a name. */
const MAX_EXTENSION_LENGTH = 10;
const FALLBACK_NAME = 'document';
/** Device names Windows opens instead of a file, whatever the extension ("CON.pdf" too). */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A file name safe to store and show: no directories (both / and \\), no control or bidi-override
 * characters, no leading dots, NFC-normalised, Windows-reserved names and characters replaced,
 * length bounded (keep the extension), never empty (fall back to "document").
 */
export function sanitizeFileName(name: string): string {
  let cleaned = name.replace(LONE_SURROGATE, '').normalize('NFC');
  // Format characters include the bidi overrides (U+202E makes "fdp.exe" read "exe.pdf") and
  // invisible ones; the joiners stay, as emoji sequences (👨‍⚕️) are built with them. Control
  // characters and line separators become spaces, as they separated words.
  cleaned = cleaned.replace(/(?![\u200C\u200D])\p{Cf}/gu, '').replace(/[\p{Cc}\p{Zl}\p{Zp}]/gu, ' ');
  // The last path component: browsers and Windows software send "C:\Users\...\紹介状.pdf".
  cleaned = cleaned.split(/[/\\]/).pop() ?? '';
  cleaned = cleaned
    .replace(/[<>:"|?*]/g, '_')
    .replace(/ {2,}/g, ' ')
    .replace(/^[\s.]+/u, '') // leading dots: hidden files, ".." and "..."
    .replace(/[\s.]+$/u, ''); // Windows drops trailing dots and spaces itself

  const dot = cleaned.lastIndexOf('.');
  const candidate = dot > 0 ? cleaned.slice(dot) : '';
  const extension = candidate.length <= MAX_EXTENSION_LENGTH + 1 && /^\.[\p{L}\p{N}_-]+$/u.test(candidate) ? candidate : '';
  let stem = extension ? cleaned.slice(0, -extension.length) : cleaned;
  stem = stem.replace(/[\s.]+$/u, '');
  // Nothing readable left (a name of only replaced characters): say what it is instead.
  if (!/[\p{L}\p{N}\p{S}]/u.test(stem)) stem = FALLBACK_NAME;
  if (WINDOWS_RESERVED.test(stem.split('.')[0]?.trimEnd() ?? '')) stem = `_${stem}`;

  const budget = MAX_FILE_NAME_BYTES - Buffer.byteLength(extension);
  if (Buffer.byteLength(stem) > budget) {
    // Cut between graphemes, so a character with its combining marks stays whole.
    let kept = '';
    for (const { segment } of new Intl.Segmenter('ja', { granularity: 'grapheme' }).segment(stem)) {
      if (Buffer.byteLength(kept + segment) > budget) break;
      kept += segment;
    }
    stem = kept.replace(/[\s.]+$/u, '') || FALLBACK_NAME;
  }
  return stem + extension;
}
