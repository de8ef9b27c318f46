// The Japanese font printed forms are set in. PDF base fonts have no kanji, so a font with Japanese
// glyphs is embedded: IPAexGothic by default, as a subset, so a two-page document stays in the tens
// of kilobytes instead of carrying 4 MB of font.
import { access, readFile } from 'node:fs/promises';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';

// Debian's fonts-ipaexfont-gothic; the second is the alternatives link it (or another Japanese
// gothic) registers.
export const DEFAULT_FONT_PATHS: readonly string[] = [
  '/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf',
  '/usr/share/fonts/truetype/fonts-japanese-gothic.ttf',
];

const FONT_PACKAGE_HINT =
  'install the Debian package fonts-ipaexfont-gothic (IPAexGothic), or set RENKEI_PDF_FONT to a TrueType/OpenType font with Japanese glyphs';

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** The font file to embed: the option, else RENKEI_PDF_FONT, else the first installed default. */
export async function resolvePdfFontPath(fontPath?: string): Promise<string> {
  const env = process.env.RENKEI_PDF_FONT;
  const explicit = fontPath ?? (env ? env : undefined);
  if (explicit !== undefined) {
    if (await exists(explicit)) return explicit;
    const source = fontPath !== undefined ? 'the fontPath option' : 'RENKEI_PDF_FONT';
    throw new Error(`The PDF font ${explicit} (from ${source}) does not exist: ${FONT_PACKAGE_HINT}.`);
  }
  for (const candidate of DEFAULT_FONT_PATHS) {
    if (await exists(candidate)) return candidate;
  }
  throw new Error(`No Japanese font found to print templates (looked for ${DEFAULT_FONT_PATHS.join(', ')}): ${FONT_PACKAGE_HINT}.`);
}

// The font file is read once per path: printing is frequent, the file is large, and it does not change.
const fontBytesCache = new Map<string, Promise<Uint8Array>>();

function fontBytes(path: string): Promise<Uint8Array> {
  let bytes = fontBytesCache.get(path);
  if (!bytes) {
    bytes = readFile(path).then((buffer) => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength));
    bytes.catch(() => fontBytesCache.delete(path));
    fontBytesCache.set(path, bytes);
  }
  return bytes;
}

/** Embeds the font at `fontPath` in `doc` as a subset of the glyphs the document uses. */
export async function embedJapaneseFont(doc: PDFDocument, fontPath: string): Promise<PDFFont> {
  doc.registerFontkit(fontkit);
  return doc.embedFont(await fontBytes(fontPath), { subset: true });
}
