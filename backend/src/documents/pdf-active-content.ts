// Active content in a PDF: what a viewer would run, launch, send or unpack instead of showing a
// page. Such a PDF is refused, not filed with the actions removed, because:
//   - the stored document must be byte for byte what the sender hashed and sent (the client checks
//     the hash, and the record is evidence: 真正性), so the server cannot quietly file another file;
//   - silently altering a clinical document is worse than refusing it with a reason and a way out
//     (print it to PDF again, which keeps the pages and drops everything else);
//   - the software clinics export referral letters, plans and reports from writes none of this,
//     so a PDF that has it was made by hand or by someone with other intentions.
// Plain links to web pages (/URI) and jumps within the document (/GoTo) are not active content.
//
// What is looked for, by the PDF's own names, in every object of the file (referenced or not, and
// inside compressed object streams too), as qpdf's JSON lists them: qpdf has already resolved name
// escapes (/Java#53cript is /JavaScript there), and strings are written "u:…"/"b:…", so a name
// can only match a name.
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runQpdfToFile } from './qpdf';

export type ActiveContentKind = 'javascript' | 'launch' | 'embeddedFile' | 'formData' | 'remoteFile' | 'richMedia' | 'xfa';

/** What the user reads, in the order of ActiveContentKind: they can look for it in their software. */
export const ACTIVE_CONTENT_WORDS: Readonly<Record<ActiveContentKind, { ja: string; en: string }>> = {
  javascript: { ja: 'スクリプト (JavaScript)', en: 'a script (JavaScript)' },
  launch: { ja: 'プログラムを起動する動作 (Launch)', en: 'an action that starts a program (Launch)' },
  embeddedFile: { ja: '埋め込みファイル（添付ファイル）', en: 'an embedded (attached) file' },
  formData: { ja: 'フォームの内容を送信・読込する動作', en: 'an action that sends or imports form data' },
  remoteFile: { ja: '別のファイルを開くリンク (GoToR)', en: 'a link that opens another file (GoToR)' },
  richMedia: { ja: 'マルチメディア (RichMedia)', en: 'multimedia (RichMedia)' },
  xfa: { ja: 'スクリプト付きのフォーム (XFA)', en: 'a scripted form (XFA)' },
};

/**
 * Keys that exist only for active content: an action's script (/JS), the document's script and
 * attachment name trees (/JavaScript, /EmbeddedFiles), a file specification's embedded file (/EF),
 * an XFA form (/XFA).
 */
const ACTIVE_KEYS: Readonly<Record<string, ActiveContentKind>> = {
  JS: 'javascript',
  JavaScript: 'javascript',
  EmbeddedFiles: 'embeddedFile',
  EF: 'embeddedFile',
  XFA: 'xfa',
};

/**
 * Types of action (/S), annotation (/Subtype) and object (/Type) that are active content. An action
 * can sit anywhere (the document's /OpenAction, any /AA, a link, an outline item, a form field),
 * which is why every object is read, not a list of places.
 */
const ACTIVE_TYPES: Readonly<Record<string, ActiveContentKind>> = {
  JavaScript: 'javascript',
  Launch: 'launch',
  // Sends the form's fields (patient data) to a URL / fills them from a file on the reader's disk.
  SubmitForm: 'formData',
  ImportData: 'formData',
  // Opens a file on the reader's machine by its path; the sender's path means nothing there.
  GoToR: 'remoteFile',
  // Opens a PDF embedded in this one.
  GoToE: 'embeddedFile',
  FileAttachment: 'embeddedFile',
  EmbeddedFile: 'embeddedFile',
  RichMedia: 'richMedia',
  RichMediaExecute: 'richMedia',
};

const KEY_NEEDLES = Object.entries(ACTIVE_KEYS).map(([name, kind]) => ({ needle: Buffer.from(`"/${name}"`, 'latin1'), kind }));
const TYPE_NEEDLES = Object.entries(ACTIVE_TYPES).map(([name, kind]) => ({ needle: Buffer.from(`"/${name}"`, 'latin1'), kind }));
/** The keys whose value says what an object is; "value" is qpdf's own, for an indirect object (/S 12 0 R, 12 0 obj being /Launch). */
const TYPE_KEYS = ['"/S"', '"/Subtype"', '"/Type"', '"value"'].map((key) => Buffer.from(key, 'latin1'));
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const isSpace = (byte: number | undefined) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
/** Longer than any key, colon and value together, so a match cut in two by a chunk boundary is found whole across it. */
const CARRY = 64;

/**
 * Adds to `found` what `bytes` (part of qpdf's JSON) holds. Searched as bytes, not decoded to
 * text, so reading a 20 MB PDF's JSON (megabytes) allocates nothing per chunk. A quote escaped with a backslash is inside a JSON string, so it is not a key or a value.
 */
function scanJson(bytes: Buffer, found: Set<ActiveContentKind>): void {
  for (const { needle, kind } of KEY_NEEDLES) {
    for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, at + 1)) {
      if (bytes[at - 1] === BACKSLASH) continue;
      let after = at + needle.length;
      while (isSpace(bytes[after])) after++;
      if (bytes[after] === COLON) found.add(kind);
    }
  }
  for (const { needle, kind } of TYPE_NEEDLES) {
    for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, at + 1)) {
      let before = at - 1;
      while (isSpace(bytes[before])) before--;
      if (bytes[before] !== COLON) continue;
      while (isSpace(bytes[before - 1])) before--;
      if (
        TYPE_KEYS.some((key) => before >= key.length && bytes.subarray(before - key.length, before).equals(key) && bytes[before - key.length - 1] !== BACKSLASH)
      ) {
        found.add(kind);
      }
    }
  }
}

export interface ActiveContentScan {
  /** What was found, in the order of ACTIVE_CONTENT_WORDS; empty for a PDF without active content. */
  found: ActiveContentKind[];
  /** qpdf could not list the objects (exit status other than 0 or 3, or too many diagnostics). */
  unreadable: boolean;
}

/** How much of the JSON is read at once, into one buffer used over again. */
const READ_BYTES = 64 * 1024;

/**
 * Lists every object of the PDF at `path` (absolute) with qpdf, into a temporary file, and looks
 * for active content in it a buffer at a time: the list is megabytes for a 20 MB PDF and passes
 * through one 64 KiB buffer, not the heap.
 */
export async function scanPdfActiveContent(path: string): Promise<ActiveContentScan> {
  const found = new Set<ActiveContentKind>();
  const dir = await mkdtemp(join(tmpdir(), 'renkei-pdf-objects-'));
  try {
    const listing = await open(join(dir, 'objects.json'), 'w+', 0o600);
    try {
      // Stream data stays out (none): only dictionaries can hold actions, and content streams
      // are text whose names (resources like /F1) are not actions.
      const result = await runQpdfToFile(['--json=2', '--json-key=qpdf', '--json-stream-data=none', path], listing.fd);
      if (result.overflowed || (result.exitCode !== 0 && result.exitCode !== 3)) return { found: [], unreadable: true };

      // Each read lands after the last CARRY bytes of the one before, so a match across the
      // boundary is whole in the buffer.
      const buffer = Buffer.alloc(CARRY + READ_BYTES);
      let kept = 0;
      for (let position = 0; ;) {
        const { bytesRead } = await listing.read(buffer, kept, READ_BYTES, position);
        if (bytesRead === 0) break;
        position += bytesRead;
        const filled = kept + bytesRead;
        scanJson(buffer.subarray(0, filled), found);
        kept = Math.min(CARRY, filled);
        buffer.copy(buffer, 0, filled - kept, filled);
      }
    } finally {
      await listing.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const order = Object.keys(ACTIVE_CONTENT_WORDS) as ActiveContentKind[];
  return { found: order.filter((kind) => found.has(kind)), unreadable: false };
}
