// A TIFF opened for viewing, with utif2. FAX software files received faxes as multi-page 1-bit
// CCITT G4 TIFFs; scanners add LZW, PackBits, JPEG and Deflate ones. Only the directories (page
// sizes) are read up front; a page's pixels are decoded when it is first drawn, and only a few
// decoded pages are kept, so a 100-page fax costs a few pages of memory.
import * as UTIF from 'utif2';
import { exceedsPixelBudget, type PixelSize } from './image-header';
import { readTiffChain, tiffPageGeometry, tiffPageIndices, type TiffPageGeometry } from './tiff-structure';

export class TiffUnreadableError extends Error {
  override readonly name = 'TiffUnreadableError';
}

/** A page whose header claims more pixels than the budget: not decoded at all. */
export class TiffTooLargeError extends Error {
  override readonly name = 'TiffTooLargeError';
  constructor(readonly size: PixelSize) {
    super(`a page of ${size.width}×${size.height} pixels is past the pixel budget`);
  }
}

type Ifd = UTIF.IFD;

/**
 * A tag's (first) value. utif2 gives arrays of numbers, and RATIONALs (the resolutions) as
 * [numerator, denominator] pairs: [[204, 1]].
 */
function tagNumber(ifd: Ifd, tag: string): number | undefined {
  const value: unknown = ifd[tag];
  const first: unknown = Array.isArray(value) || value instanceof Uint8Array ? value[0] : value;
  if (Array.isArray(first)) {
    const [numerator, denominator]: unknown[] = first;
    return typeof numerator === 'number' && typeof denominator === 'number' && denominator !== 0 ? numerator / denominator : undefined;
  }
  return typeof first === 'number' && Number.isFinite(first) ? first : undefined;
}

/** Decoded pages kept at once: the visible window plus a little, not the whole fax. */
const DECODED_PAGES_KEPT = 4;

export class TiffDocument {
  readonly pages: readonly TiffPageGeometry[];
  readonly #buffer: ArrayBuffer;
  readonly #directories: readonly Ifd[];
  readonly #decoded = new Map<number, HTMLCanvasElement>();

  private constructor(buffer: ArrayBuffer, directories: Ifd[]) {
    this.#buffer = buffer;
    this.#directories = directories;
    this.pages = directories.map((ifd) =>
      tiffPageGeometry({
        width: tagNumber(ifd, 't256') ?? 1,
        height: tagNumber(ifd, 't257') ?? 1,
        xResolution: tagNumber(ifd, 't282'),
        yResolution: tagNumber(ifd, 't283'),
        resolutionUnit: tagNumber(ifd, 't296'),
      }),
    );
  }

  /** Reads the page directories; throws TiffUnreadableError when there is no page to show. */
  static open(bytes: Uint8Array): TiffDocument {
    const chain = readTiffChain(bytes);
    if (chain === null) throw new TiffUnreadableError('not a TIFF, or no readable directory');
    // A private copy: utif2 keeps reading it page by page, and a broken chain is cut in it.
    const copy = bytes.slice();
    if (chain.cutAt !== null) new DataView(copy.buffer).setUint32(chain.cutAt, 0, chain.littleEndian);
    let all: Ifd[];
    try {
      all = UTIF.decode(copy.buffer);
    } catch (thrown) {
      throw new TiffUnreadableError(`directories unreadable: ${String(thrown)}`);
    }
    const pages = tiffPageIndices(all.map((ifd) => ({ hasImage: tagNumber(ifd, 't256') !== undefined, newSubfileType: tagNumber(ifd, 't254') }))).map(
      (index) => all[index]!,
    );
    if (pages.length === 0) throw new TiffUnreadableError('no page in the file');
    // Refused before any page is decoded, as the server refuses such a file: one page of
    // 100,000 × 100,000 would be 40 GB of RGBA.
    for (const ifd of pages) {
      const size = { width: tagNumber(ifd, 't256') ?? 0, height: tagNumber(ifd, 't257') ?? 0 };
      if (exceedsPixelBudget(size)) throw new TiffTooLargeError(size);
    }
    return new TiffDocument(copy.buffer, pages);
  }

  /**
   * The page's pixels, one canvas pixel per image pixel (callers scale it, correcting a fax's
   * unequal resolutions). Throws when this page cannot be decoded; other pages may still be fine.
   */
  decodedPage(index: number): HTMLCanvasElement {
    const cached = this.#decoded.get(index);
    if (cached !== undefined) {
      // Most recently used goes last.
      this.#decoded.delete(index);
      this.#decoded.set(index, cached);
      return cached;
    }
    const ifd = this.#directories[index];
    if (ifd === undefined) throw new RangeError(`no page ${index}`);
    let rgba: Uint8Array;
    try {
      UTIF.decodeImage(this.#buffer, ifd);
      rgba = UTIF.toRGBA8(ifd);
    } finally {
      // utif2 keeps the raw pixels on the directory and would not decode again; drop them so the
      // only copy is the canvas below, which the cache can let go of.
      delete (ifd as Partial<Ifd>).data;
    }
    const { pixelWidth: width, pixelHeight: height } = this.pages[index]!;
    if (rgba.length < width * height * 4) throw new TiffUnreadableError(`page ${index + 1}: no pixels (unsupported compression?)`);
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d');
    if (context === null) throw new Error('no 2d context');
    context.putImageData(new ImageData(new Uint8ClampedArray(rgba.buffer as ArrayBuffer, rgba.byteOffset, width * height * 4), width, height), 0, 0);
    this.#decoded.set(index, canvas);
    for (const oldest of this.#decoded.keys()) {
      if (this.#decoded.size <= DECODED_PAGES_KEPT) break;
      this.#decoded.delete(oldest);
    }
    return canvas;
  }

  /**
   * Draws page `index` into `target`, sized `cssWidth`×`cssHeight` CSS px at `pixelRatio`
   * device pixels each. Smoothing turns a fax's 1-bit pixels into readable grey edges when
   * shrunk, instead of dropping thin strokes.
   */
  drawPage(index: number, target: HTMLCanvasElement, cssWidth: number, cssHeight: number, pixelRatio: number): void {
    const source = this.decodedPage(index);
    target.width = Math.max(1, Math.round(cssWidth * pixelRatio));
    target.height = Math.max(1, Math.round(cssHeight * pixelRatio));
    const context = target.getContext('2d');
    if (context === null) throw new Error('no 2d context');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, target.width, target.height);
    context.imageSmoothingEnabled = true;
    context.imageSmoothingQuality = 'high';
    context.drawImage(source, 0, 0, target.width, target.height);
  }

  close(): void {
    this.#decoded.clear();
  }
}
