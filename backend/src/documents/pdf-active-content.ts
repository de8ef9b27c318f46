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
import { streamQpdf } from './qpdf';

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

const alternatives = (names: Record<string, unknown>) => Object.keys(names).join('|');
// (?<!\\): a quote inside a JSON string is escaped, so only a real key or value matches.
// A type given as an indirect object (/S 12 0 R, where 12 0 obj is /Launch) is qpdf's "value" of that object.
const ACTIVE_PATTERN = new RegExp(
  `(?<!\\\\)"/(${alternatives(ACTIVE_KEYS)})"\\s*:|(?<!\\\\)"(?:/S|/Subtype|/Type|value)"\\s*:\\s*"/(${alternatives(ACTIVE_TYPES)})"`,
  'g',
);
/** Longer than any match, so a match cut in two by a chunk boundary is found whole in the next. */
const CARRY = 96;

export interface ActiveContentScan {
  /** What was found, in the order of ACTIVE_CONTENT_WORDS; empty for a PDF without active content. */
  found: ActiveContentKind[];
  /** qpdf could not list the objects (exit status other than 0 or 3, or too many diagnostics). */
  unreadable: boolean;
}

/**
 * Lists every object of the PDF at `path` (absolute) with qpdf and looks for active content in the
 * list as it streams past: the JSON is a few megabytes for a 20 MB PDF and is never held whole.
 */
export async function scanPdfActiveContent(path: string): Promise<ActiveContentScan> {
  const found = new Set<ActiveContentKind>();
  let tail = '';
  // Stream data stays out (none): only dictionaries can hold actions, and content streams are text
  // whose names (resources like /F1) are not actions.
  const result = await streamQpdf(['--json=2', '--json-key=qpdf', '--json-stream-data=none', path], (chunk) => {
    // latin1: one character per byte, and every name looked for is ASCII.
    const text = tail + chunk.toString('latin1');
    for (const match of text.matchAll(ACTIVE_PATTERN)) {
      const kind = match[1] !== undefined ? ACTIVE_KEYS[match[1]] : ACTIVE_TYPES[match[2] ?? ''];
      if (kind) found.add(kind);
    }
    tail = text.slice(-CARRY);
  });
  const unreadable = result.overflowed || (result.exitCode !== 0 && result.exitCode !== 3);
  const order = Object.keys(ACTIVE_CONTENT_WORDS) as ActiveContentKind[];
  return { found: order.filter((kind) => found.has(kind)), unreadable };
}
