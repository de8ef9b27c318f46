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
