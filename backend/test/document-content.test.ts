// The server's verdict on an uploaded file, on real files: PDFs from LibreOffice, FAX TIFFs, photos
// and scans, and the broken or hostile files clinics really receive.
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { RenkeiError, describeError } from '@renkei/proto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inspectDocumentContent, sanitizeFileName, type DocumentMediaType } from '../src/documents/document-content';
import {
  HOSTILE_FILES,
  buildDocumentFixtures,
  defaultFixtureDirectory,
  makeLargePdf,
  missingFixtureTools,
  type DocumentFixtures,
} from './support/document-fixtures';

let fixtures: DocumentFixtures;
let scratch: string;

beforeAll(async () => {
  // Fail, not skip: without these the upload checks would go untested and look green.
  const missing = missingFixtureTools();
  if (missing.length > 0) throw new Error(`Install the document fixture tools first: ${missing.join(', ')}`);
  fixtures = await buildDocumentFixtures(defaultFixtureDirectory());
  scratch = await mkdtemp(join(tmpdir(), 'renkei-document-content-'));
}, 180_000);

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** qpdf's exit status (0 fine, 2 errors, 3 warnings). */
function execQpdf(args: string[]): Promise<number> {
  return new Promise((resolve) => execFile('qpdf', args, (error) => resolve(typeof error?.code === 'number' ? error.code : error ? -1 : 0)));
}

async function refusal(path: string, fileName: string): Promise<RenkeiError> {
  const error: unknown = await inspectDocumentContent(path, fileName).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(RenkeiError);
  return error as RenkeiError;
}

describe('documents clinics file', () => {
  const cases: [keyof DocumentFixtures, DocumentMediaType, number][] = [
    ['referralPdf', 'application/pdf', 1],
    ['multiPagePdf', 'application/pdf', 3],
    ['linearizedPdf', 'application/pdf', 3],
    // A link to a web page is not active content.
    ['hyperlinkPdf', 'application/pdf', 1],
    ['faxTiff', 'image/tiff', 3],
    ['photoJpeg', 'image/jpeg', 1],
    ['progressiveJpeg', 'image/jpeg', 1],
    ['scanPng', 'image/png', 1],
  ];
  it.each(cases)('accepts %s as %s with %i page(s)', async (fixture, mediaType, pageCount) => {
    await expect(inspectDocumentContent(fixtures[fixture], 'x')).resolves.toEqual({ mediaType, pageCount });
  });

  it('accepts PDFs whose indexes qpdf rebuilds without losing anything', async () => {
    // A startxref pointing nowhere: every reader rebuilds the cross-reference table.
    await expect(inspectDocumentContent(fixtures.brokenXrefPdf, 'x')).resolves.toEqual({ mediaType: 'application/pdf', pageCount: 1 });
    // Wrong linearization hints ("fast web view"), which many generators write: no reader needs them.
    await expect(inspectDocumentContent(fixtures.badHintsPdf, 'x')).resolves.toEqual({ mediaType: 'application/pdf', pageCount: 3 });
  });
});

describe('the type comes from the content, not the name', () => {
  it.each([
    ['referralPdf', 'scan.jpg', 'application/pdf'],
    ['photoJpeg', '紹介状.pdf', 'image/jpeg'],
    ['scanPng', 'FAX.tif', 'image/png'],
    ['faxTiff', 'fax.pdf', 'image/tiff'],
    ['multiPagePdf', 'no-extension', 'application/pdf'],
  ] as const)('%s stored as %s is %s', async (fixture, name, mediaType) => {
    const path = join(scratch, name);
    await copyFile(fixtures[fixture], path);
    expect((await inspectDocumentContent(path, name)).mediaType).toBe(mediaType);
  });
});

describe('broken and hostile files are refused with the specific reason', () => {
  it.each(HOSTILE_FILES)('%s: %s', async (fixture, reason) => {
    const error = await refusal(fixtures[fixture], '紹介状.pdf');
    expect(error.reason).toBe(reason);
    expect(error.metadata.fileName).toBe('紹介状.pdf');
    // The user reads which file it was, in Japanese and English.
    expect(describeError(reason, error.metadata, 'ja')).toContain('「紹介状.pdf」');
    expect(error.message).toContain('"紹介状.pdf"');
  });

  it('names what the file really is when the type is not allowed', async () => {
    expect((await refusal(fixtures.zipRenamed, 'a.pdf')).metadata.detected).toBe('Word文書 (docx)');
    expect((await refusal(fixtures.textRenamed, 'a.pdf')).metadata.detected).toBe('テキストファイル');
    expect((await refusal(fixtures.unknownBinary, 'a.pdf')).metadata.detected).toBe('不明な形式');
    const message = describeError('DOCUMENT_TYPE_NOT_ALLOWED', (await refusal(fixtures.zipRenamed, 'a.pdf')).metadata, 'ja');
    expect(message).toBe('ファイル「a.pdf」の中身は Word文書 (docx) で、登録できる形式ではありません。PDF、JPEG、PNG、TIFF のファイルを選んでください。');
  });

  it('recognises a program whatever it is called', async () => {
    const error = await refusal(fixtures.renamedExecutable, '紹介状.pdf');
    expect(error.metadata.detected).toBe('Linuxの実行ファイル (elf)');
    const asJpeg = join(scratch, 'photo.jpg');
    await copyFile(fixtures.renamedExecutable, asJpeg);
    expect((await refusal(asJpeg, 'photo.jpg')).reason).toBe('DOCUMENT_EXECUTABLE');
  });
});

describe('PDFs whose pages cannot be read', () => {
  it('refuses a page whose compressed content is garbage, which copying the stream through would not notice', async () => {
    expect((await refusal(fixtures.corruptFlatePdf, '本文.pdf')).reason).toBe('DOCUMENT_PDF_DAMAGED');
    // The fixture is whole otherwise: qpdf rewriting it with its streams copied through (the
    // server's check before) finds nothing wrong.
    const copiedThrough = await execQpdf(['--decode-level=generalized', '--compress-streams=y', fixtures.corruptFlatePdf, '/dev/null']);
    expect(copiedThrough).toBe(0);
  });
});

describe('PDFs with active content', () => {
  it('names what was found, in the order the user reads it, and says what to do', async () => {
    // The script action sits in a compressed object stream: no byte of the file says JavaScript.
    expect((await readFile(fixtures.javaScriptPdf)).includes('JavaScript')).toBe(false);
    const script = await refusal(fixtures.javaScriptPdf, '紹介状.pdf');
    expect(script.metadata).toEqual({ fileName: '紹介状.pdf', foundJa: 'スクリプト (JavaScript)', foundEn: 'a script (JavaScript)' });
    expect(describeError(script.reason, script.metadata, 'ja')).toBe(
      'PDF「紹介状.pdf」には スクリプト (JavaScript) が含まれているため、安全のため登録できません。元のソフトで「PDFとして印刷」し直したファイルを登録してください（ページの内容はそのまま残り、スクリプトや埋め込みファイルは含まれなくなります）。',
    );
    expect((await refusal(fixtures.launchPdf, 'a.pdf')).metadata.foundJa).toBe('プログラムを起動する動作 (Launch)');

    // Both at once: a file attached to the PDF with the script.
    const both = join(scratch, 'both.pdf');
    await execQpdf([fixtures.javaScriptPdf, '--add-attachment', fixtures.textRenamed, '--key=csv', '--', both]);
    expect((await refusal(both, 'both.pdf')).metadata.foundJa).toBe('スクリプト (JavaScript)、埋め込みファイル（添付ファイル）');
  });
});

describe('malformed containers', () => {
  it('refuses a ZIP signature followed by garbage as not an allowed kind, never as an internal error', async () => {
    const files = {
      'garbage.pdf': Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100, 0xff)]),
      'header-only.pdf': Buffer.from('PK\x03\x04'),
      'bad-entry.pdf': Buffer.concat([Buffer.from('PK\x03\x04\x14\x00\x00\x00\x08\x00'), Buffer.alloc(40, 0)]),
    };
    for (const [name, bytes] of Object.entries(files)) {
      const path = join(scratch, name);
      await writeFile(path, bytes);
      const error = await refusal(path, name);
      expect(error.reason, name).toBe('DOCUMENT_TYPE_NOT_ALLOWED');
      expect(describeError(error.reason, error.metadata, 'ja'), name).toContain(`「${name}」`);
    }
  });
});

describe('a TIFF by its first bytes that is another format', () => {
  it('refuses a camera RAW photo (a TIFF header, then the camera maker’s data) as RAW, not as a damaged TIFF', async () => {
    // Canon CR2: "II*\0", the first IFD's offset, then "CR" and its version. The app's first-bytes
    // rule takes it for a TIFF; file-type tells it apart, and the two must agree.
    const path = join(scratch, 'photo.tif');
    await writeFile(path, Buffer.concat([Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x10, 0x00, 0x00, 0x00, 0x43, 0x52, 0x02, 0x00]), Buffer.alloc(64, 0)]));
    const error = await refusal(path, 'photo.tif');
    expect(error.reason).toBe('DOCUMENT_TYPE_NOT_ALLOWED');
    expect(describeError(error.reason, error.metadata, 'ja')).toContain('カメラのRAW画像');
  });
});

describe('images whose header claims more pixels than any viewer can draw', () => {
  // Real files with only their size rewritten, as a hostile PC would send them: a few hundred
  // bytes that would make the renderer allocate gigabytes.
  const claimedSize = async (fixture: keyof DocumentFixtures, name: string, rewrite: (bytes: Buffer) => void) => {
    const bytes = await readFile(fixtures[fixture]);
    rewrite(bytes);
    const path = join(scratch, name);
    await writeFile(path, bytes);
    return refusal(path, name);
  };

  it('refuses them, saying the size and what to do', async () => {
    const png = await claimedSize('scanPng', 'bomb.png', (bytes) => {
      bytes.writeUInt32BE(65_535, 16);
      bytes.writeUInt32BE(65_535, 20);
      bytes.writeUInt32BE(crc32(bytes.subarray(12, 29)), 29);
    });
    const jpeg = await claimedSize('photoJpeg', 'bomb.jpg', (bytes) => {
      const sof = [0xc0, 0xc1, 0xc2].map((marker) => bytes.indexOf(Buffer.from([0xff, marker]))).find((at) => at > 0)!;
      bytes.writeUInt16BE(65_535, sof + 5);
      bytes.writeUInt16BE(65_535, sof + 7);
    });
    const tiff = await claimedSize('faxTiff', 'bomb.tif', (bytes) => {
      const le = bytes[0] === 0x49;
      const ifd = le ? bytes.readUInt32LE(4) : bytes.readUInt32BE(4);
      const count = le ? bytes.readUInt16LE(ifd) : bytes.readUInt16BE(ifd);
      for (let i = 0; i < count; i++) {
        const entry = ifd + 2 + i * 12;
        const tag = le ? bytes.readUInt16LE(entry) : bytes.readUInt16BE(entry);
        if (tag !== 256 && tag !== 257) continue;
        // Width and length as LONG 100,000.
        if (le) {
          bytes.writeUInt16LE(4, entry + 2);
          bytes.writeUInt32LE(1, entry + 4);
          bytes.writeUInt32LE(100_000, entry + 8);
        } else {
          bytes.writeUInt16BE(4, entry + 2);
          bytes.writeUInt32BE(1, entry + 4);
          bytes.writeUInt32BE(100_000, entry + 8);
        }
      }
    });
    expect([png, jpeg, tiff].map((e) => e.reason)).toEqual(['DOCUMENT_IMAGE_TOO_LARGE', 'DOCUMENT_IMAGE_TOO_LARGE', 'DOCUMENT_IMAGE_TOO_LARGE']);
    expect(describeError(png.reason, png.metadata, 'ja')).toBe(
      '画像「bomb.png」は 65535×65535 画素と大きすぎるため、表示できません。300dpi 程度の解像度でスキャンし直してから登録してください。',
    );
    expect(tiff.metadata).toMatchObject({ width: '100000', height: '100000' });
  });
});

describe('a server without qpdf', () => {
  it("fails as a misconfiguration naming the package, not as the user's fault", async () => {
    const path = process.env.PATH;
    vi.resetModules(); // the module remembers where it found qpdf
    const fresh = await import('../src/documents/document-content');
    process.env.PATH = scratch;
    try {
      const error: unknown = await fresh.inspectDocumentContent(fixtures.referralPdf, 'a.pdf').catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(RenkeiError);
      expect((error as Error).message).toMatch(/Debian package qpdf/);
    } finally {
      process.env.PATH = path;
    }
  });
});

describe('sanitizeFileName', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\boot.ini', 'boot.ini'],
    ['C:\\Users\\clinic\\Desktop\\紹介状.pdf', '紹介状.pdf'],
    ['CON.pdf', '_CON.pdf'],
    ['lpt1', '_lpt1'],
    ['aux.tar.gz', '_aux.tar.gz'],
    // U+202E shows "invoice\u202Efdp.exe" as "invoiceexe.pdf": the real extension must show.
    ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['紹介\u0000状\u0007.pdf', '紹介 状.pdf'],
    ['報告書\r\n2025.pdf', '報告書 2025.pdf'],
    ['.bashrc', 'bashrc'],
    ['...紹介状.pdf', '紹介状.pdf'],
    ['report. ', 'report'],
    ['what?<>:"|*.pdf', 'what_______.pdf'],
    // NFD (as macOS writes names) becomes NFC: "ガ" as カ + U+3099.
    ['\u30AB\u3099イド.pdf', '\u30AC\u30A4\u30C9.pdf'],
  ])('%j -> %j', (input, expected) => {
    expect(sanitizeFileName(input)).toBe(expected);
  });

  it('falls back to "document" when nothing usable is left', () => {
    expect(sanitizeFileName('')).toBe('document');
    expect(sanitizeFileName('\u202E\u0000\u200B')).toBe('document');
    expect(sanitizeFileName('../..')).toBe('document');
    expect(sanitizeFileName('dir/')).toBe('document');
    expect(sanitizeFileName('?*<>|')).toBe('document');
    expect(sanitizeFileName('??.pdf')).toBe('document.pdf');
  });

  it('bounds a very long Japanese name and keeps its extension', () => {
    const name = `${'在宅療養支援診療所からの診療情報提供書'.repeat(20)}.pdf`;
    const result = sanitizeFileName(name);
    expect(result.endsWith('.pdf')).toBe(true);
    expect(Buffer.byteLength(result)).toBeLessThanOrEqual(200);
    expect(result.length).toBeGreaterThan(50);
    expect(name.startsWith(result.slice(0, -4))).toBe(true);
  });

  it('never splits a character, even an emoji sequence', () => {
    const result = sanitizeFileName(`${'👨‍⚕️'.repeat(100)}.png`);
    expect(result.endsWith('.png')).toBe(true);
    expect(Buffer.byteLength(result)).toBeLessThanOrEqual(200);
    expect(result.slice(0, -4).replaceAll('👨‍⚕️', '')).toBe('');
  });

  it('is stable: a sanitised name sanitises to itself', () => {
    for (const input of ['CON.pdf', '..\\..\\boot.ini', `${'あ'.repeat(300)}.tif`, 'invoice\u202Efdp.exe', '\u0000']) {
      const once = sanitizeFileName(input);
      expect(sanitizeFileName(once)).toBe(once);
    }
  });
});

describe('a large PDF stays out of the Node heap', () => {
  it('inspects a 20 MB PDF without growing the heap by anything near its size', async () => {
    const largePdf = await makeLargePdf(defaultFixtureDirectory(), 20 * 1024 * 1024);
    const { size } = await stat(largePdf);
    expect(size).toBeGreaterThanOrEqual(20 * 1024 * 1024);

    // Peak, sampled while the work runs: a finished read could be collected before a single
    // "after" reading.
    async function peakGrowth(work: () => Promise<unknown>): Promise<number> {
      const used = () => {
        const memory = process.memoryUsage();
        return memory.heapUsed + memory.arrayBuffers;
      };
      const baseline = used();
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, used())), 2);
      try {
        await work();
      } finally {
        clearInterval(sampler);
      }
      return Math.max(peak, used()) - baseline;
    }

    // The measurement sees a file that is read into memory...
    expect(await peakGrowth(() => readFile(largePdf))).toBeGreaterThan(size / 2);
    // ...and qpdf, in its own process, keeps the PDF out of ours.
    let result: unknown;
    const growth = await peakGrowth(async () => (result = await inspectDocumentContent(largePdf, 'large.pdf')));
    expect(result).toMatchObject({ mediaType: 'application/pdf' });
    expect(growth).toBeLessThan(5 * 1024 * 1024);
  }, 120_000);
});
