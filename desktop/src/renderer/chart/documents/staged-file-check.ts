// What can be known about a file on this PC, as soon as it is dropped or offered by the watched
// folder, before anyone fills in the upload form: that it is empty, past the size any server takes,
// not one of the four formats a document may be, or a PDF or image that does not open (a password,
// damage, too many pixels). The rules are the server's own (@renkei/proto/document-limits), said in
// the server's own words (its error reasons), so the dialog and a later refusal never disagree. The
// server still reads the whole file when it is sent and has the last word.
import { DEFAULT_MAX_UPLOAD_MB, documentFormatOf, looksLikeText, MAX_UPLOAD_MB_CEILING, type DocumentMediaType } from '@renkei/proto/document-limits';
import { describeError, type ErrorReason } from '@renkei/proto/error-reasons';
import type { UserFacingError } from '../../../shared/desktop-api';

const MB = 1024 * 1024;

/** A refusal the server would give for this file, with its reason and words. */
export function refusal(reason: ErrorReason, metadata: Record<string, string>): UserFacingError {
  return { reason, message: { ja: describeError(reason, metadata, 'ja'), en: describeError(reason, metadata, 'en') } };
}

export type BytesCheck =
  | { ok: true; format: DocumentMediaType; /** Past the usual server limit but not every server's: said, not refused. */ overUsualLimit: boolean }
  | { ok: false; problem: UserFacingError };

/**
 * The checks that need only the size and the first bytes. `size` is the staged file's (the bytes
 * may be only its start).
 */
export function checkFileBytes(fileName: string, size: number, head: Uint8Array): BytesCheck {
  if (size === 0) return { ok: false, problem: refusal('DOCUMENT_EMPTY', { fileName }) };
  if (size > MAX_UPLOAD_MB_CEILING * MB) return { ok: false, problem: refusal('DOCUMENT_TOO_LARGE', { fileName, limitMb: String(MAX_UPLOAD_MB_CEILING) }) };
  const format = documentFormatOf(head);
  if (format === null) {
    // The server's words for what it cannot name more precisely; it names it when the file is sent.
    const detected = looksLikeText(head.subarray(0, 4100)) ? 'テキストファイル' : '不明な形式';
    return { ok: false, problem: refusal('DOCUMENT_TYPE_NOT_ALLOWED', { fileName, detected }) };
  }
  return { ok: true, format, overUsualLimit: size > DEFAULT_MAX_UPLOAD_MB * MB };
}

/** Why pdf.js could not open a PDF, or found it encrypted though it opened (an owner password). */
export type PdfOpenProblem = 'password' | 'encrypted' | 'damaged';

/** The server refuses any encrypted PDF (see its content check): one that opens without a password too. */
export function pdfProblemRefusal(fileName: string, problem: PdfOpenProblem): UserFacingError {
  return problem === 'damaged' ? refusal('DOCUMENT_PDF_DAMAGED', { fileName }) : refusal('DOCUMENT_PDF_ENCRYPTED', { fileName });
}

/** pdf.js's exception names (rebuilt on this side of the worker) as a problem of the file; null for anything else. */
export function pdfOpenProblemOf(thrown: unknown): PdfOpenProblem | null {
  const name = typeof thrown === 'object' && thrown !== null ? (thrown as { name?: unknown }).name : undefined;
  if (name === 'PasswordException') return 'password';
  if (name === 'InvalidPDFException' || name === 'FormatError') return 'damaged';
  return null;
}

/** The limit said beside a file past the usual one, in MB. */
export const USUAL_UPLOAD_LIMIT_MB = DEFAULT_MAX_UPLOAD_MB;
