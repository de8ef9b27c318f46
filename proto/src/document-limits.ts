// Bounds on a document both sides enforce: the server refuses a file past them, and the app's
// viewer will not decode one (a cached file may predate the server's check, or come from a server
// that has none).

/**
 * The most pixels an image (or a TIFF page, or an image inside a PDF) may have. An A4 page scanned
 * at 600 dpi is 35 million; a header claiming 65,535 × 65,535 would make every viewer allocate
 * gigabytes to draw it (a memory bomb in a few hundred bytes), and no scanner or camera of a
 * clinic writes one.
 */
export const MAX_IMAGE_PIXELS = 50_000_000;

/**
 * The four formats a document may be: every team member's app displays them without software of
 * its own (見読性). The server accepts nothing else; the app says so as soon as a file is dropped.
 */
export const DOCUMENT_MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/tiff'] as const;
export type DocumentMediaType = (typeof DOCUMENT_MEDIA_TYPES)[number];

/**
 * The most a server may be configured to accept for one file, and what the app offers for filing
 * at most. A server's own limit (documents.maxUploadMb, DEFAULT_MAX_UPLOAD_MB unless set) is at
 * most this; the app cannot know a region's setting before it sends, so past this it refuses at
 * once and past the default it warns.
 */
export const MAX_UPLOAD_MB_CEILING = 100;
/** documents.maxUploadMb unless a region sets it: a scanned multi-page FAX stays well below. */
export const DEFAULT_MAX_UPLOAD_MB = 50;

/**
 * The format a file's first bytes say it is, if it is one of the four; null otherwise. The header
 * must come first, as the server requires: readers differ on bytes before it, which is how one
 * file is made to be a ZIP to one program and a PDF to another. This is where a file's format
 * starts being judged, on both sides; the server then reads the whole file (qpdf, the image
 * decoders) and has the last word.
 */
export function documentFormatOf(head: Uint8Array): DocumentMediaType | null {
  const starts = (...bytes: number[]) => head.length >= bytes.length && bytes.every((byte, i) => head[i] === byte);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf'; // %PDF-
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0x49, 0x49, 0x2a, 0x00) || starts(0x4d, 0x4d, 0x00, 0x2a)) return 'image/tiff'; // II*\0, MM\0*
  return null;
}

/** No bytes that text never has (ESC stays: ISO-2022-JP uses it), so Shift_JIS CSVs count too. */
export function looksLikeText(head: Uint8Array): boolean {
  return head.every((byte) => !(byte <= 0x08 || (byte >= 0x0e && byte <= 0x1a) || (byte >= 0x1c && byte <= 0x1f) || byte === 0x7f));
}
