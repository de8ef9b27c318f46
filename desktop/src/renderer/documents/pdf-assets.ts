/// <reference types="vite/client" />
// What pdf.js needs besides the document itself: its worker, the Adobe CMaps and the standard
// font programs. The renderer has no network, and the app serves only .html/.js/.css/… from
// dist/renderer (src/core/renderer-files.ts), so all of it is bundled as JavaScript by Vite:
//
// - the worker is a Vite worker entry, emitted as its own .js file (script-src 'self' covers it,
//   and worker-src falls back to script-src);
// - each CMap (.bcmap) and standard font is inlined as a data: URL into its own small lazy chunk,
//   loaded only when a document asks for it. Japanese PDFs from EMRs and form software often use
//   non-embedded CID fonts (e.g. HeiseiMin-W3 with UniJIS-UCS2-H); without the Adobe-Japan1 CMaps
//   their text would silently not be drawn.
//
// pdf.js asks the main thread for these through `BinaryDataFactory` (`useWorkerFetch: false`), so
// nothing is ever fetched by URL.
import { MAX_IMAGE_PIXELS } from '@renkei/proto/document-limits';
import { getDocument, GlobalWorkerOptions, type PDFDocumentLoadingTask } from 'pdfjs-dist';
import pdfWorkerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?worker&url';

// pdf.js starts one worker per document from here and ends it when the document is destroyed.
GlobalWorkerOptions.workerSrc = pdfWorkerUrl;

const CMAPS = import.meta.glob<string>('../../../../node_modules/pdfjs-dist/cmaps/*.bcmap', {
  query: '?url&inline',
  import: 'default',
});
const STANDARD_FONTS = import.meta.glob<string>('../../../../node_modules/pdfjs-dist/standard_fonts/*.{pfb,ttf}', {
  query: '?url&inline',
  import: 'default',
});

function byFileName(loaders: Record<string, () => Promise<string>>): Map<string, () => Promise<string>> {
  return new Map(Object.entries(loaders).map(([path, load]) => [path.slice(path.lastIndexOf('/') + 1), load]));
}

const cmapLoaders = byFileName(CMAPS);
const standardFontLoaders = byFileName(STANDARD_FONTS);

/** The bytes of a base64 data: URL (fetch() of data: is refused by connect-src, and needless). */
function dataUrlBytes(dataUrl: string): Uint8Array {
  const base64 = dataUrl.slice(dataUrl.indexOf(',') + 1);
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * pdf.js's `BinaryDataFactory` contract: constructed with the URL options (ignored here), asked
 * for `{ kind, filename }`. Wasm is never asked for: `useWasm` is off (see openPdf).
 */
class BundledBinaryDataFactory {
  async fetch({ kind, filename }: { kind: string; filename: string }): Promise<Uint8Array> {
    const loaders = kind === 'cMapUrl' ? cmapLoaders : kind === 'standardFontDataUrl' ? standardFontLoaders : null;
    const load = loaders?.get(filename);
    if (load === undefined) throw new Error(`Not bundled: ${kind} ${filename}`);
    return dataUrlBytes(await load());
  }
}

/** Whether a CMap is bundled; for tests and diagnostics. */
export function hasBundledCMap(name: string): boolean {
  return cmapLoaders.has(`${name}.bcmap`);
}

/**
 * Starts loading a PDF. The bytes are copied: pdf.js transfers its input to the worker, which
 * would leave the caller's array (the document prop) detached and empty for the next render.
 */
export function openPdf(bytes: Uint8Array): PDFDocumentLoadingTask {
  return getDocument({
    data: bytes.slice(),
    // The CSP has no 'unsafe-eval' (and never will): PostScript functions are interpreted.
    isEvalSupported: false,
    // Nothing by URL: CMaps and standard fonts come from BundledBinaryDataFactory.
    useWorkerFetch: false,
    BinaryDataFactory: BundledBinaryDataFactory,
    cMapPacked: true,
    // WebAssembly would need 'wasm-unsafe-eval'; pdf.js falls back to its JavaScript decoders
    // (JBIG2, CCITT). ICC profiles are then ignored, which only shifts colours slightly.
    useWasm: false,
    // Non-embedded fonts (MS明朝 on a Windows PC) are drawn with the installed font of that name
    // through local(), which is no fetch; standardFontDataUrl stays unset so pdf.js never adds a
    // url() source to those font faces.
    useSystemFonts: true,
    enableXfa: false,
    // An image inside the PDF past the budget the server refuses images at is left undrawn (the
    // rest of the page is drawn): decoding a 65,535² image would take gigabytes. The page canvas
    // itself is capped by PagedView (MAX_CANVAS_PIXELS).
    maxImageSize: MAX_IMAGE_PIXELS,
    // Also for the standalone build where there is no range transport: the data is all here.
    disableRange: true,
    disableStream: true,
    disableAutoFetch: true,
  });
}
