// The parts of reading a TIFF that do not need a decoder, kept pure so they can be tested: is it
// a TIFF at all, where its pages are (without trusting the file's pointers), which directories
// are pages, and how big each page is on paper.
import { CSS_PX_PER_INCH } from './viewer-geometry';

export interface TiffChain {
  littleEndian: boolean;
  /** Byte offsets of the directories (IFDs) in file order. */
  directories: number[];
  /**
   * Where the "next directory" pointer that must be cut (written as 0) sits, or null. A pointer
   * out of the file or back to an earlier directory would send a naive decoder into garbage or an
   * endless loop; the pages before it are still shown.
   */
  cutAt: number | null;
}

/** No fax or scan has more; past this the chain is cut rather than walked for ever. */
export const MAX_TIFF_DIRECTORIES = 5000;

/** The chain of directories, or null when the bytes are not a (classic, non-Big) TIFF. */
export function readTiffChain(bytes: Uint8Array): TiffChain | null {
  if (bytes.length < 8) return null;
  const littleEndian = bytes[0] === 0x49 && bytes[1] === 0x49;
  const bigEndian = bytes[0] === 0x4d && bytes[1] === 0x4d;
  if (!littleEndian && !bigEndian) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint16(2, littleEndian) !== 42) return null;

  // A directory: a 2-byte entry count, 12 bytes per entry, then the 4-byte next pointer.
  const nextPointerAt = (offset: number): number | null => {
    if (offset < 8 || offset + 2 > bytes.length) return null;
    const at = offset + 2 + 12 * view.getUint16(offset, littleEndian);
    return at + 4 <= bytes.length ? at : null;
  };

  const directories: number[] = [];
  const seen = new Set<number>();
  let pointerAt = 4;
  for (;;) {
    const offset = view.getUint32(pointerAt, littleEndian);
    if (offset === 0) return directories.length > 0 ? { littleEndian, directories, cutAt: null } : null;
    const next = seen.has(offset) || directories.length >= MAX_TIFF_DIRECTORIES ? null : nextPointerAt(offset);
    if (next === null) return directories.length > 0 ? { littleEndian, directories, cutAt: pointerAt } : null;
    seen.add(offset);
    directories.push(offset);
    pointerAt = next;
  }
}

/** The TIFF tags a page's size depends on, as utif2 reads them ("t256" → width and so on). */
export interface TiffPageTags {
  width: number;
  height: number;
  /** XResolution / YResolution (tags 282, 283), pixels per ResolutionUnit. */
  xResolution?: number | undefined;
  yResolution?: number | undefined;
  /** ResolutionUnit (tag 296): 1 none, 2 inch (the default), 3 centimetre. */
  resolutionUnit?: number | undefined;
}

export interface TiffPageGeometry {
  /** The image's own pixels. */
  pixelWidth: number;
  pixelHeight: number;
  /** Its size at 100%, in CSS px: the paper size when the resolution is known. */
  width: number;
  height: number;
}

// Resolutions outside this range are junk in the file (0, 1, 72000…); the page is then shown at
// one CSS pixel per image pixel instead of at a nonsensical paper size.
const PLAUSIBLE_DPI = { min: 50, max: 2400 };

/**
 * A TIFF page's size on screen. Fax pages matter most here: G3/G4 fax is 204 dpi across but
 * 98 dpi ("standard") or 196 dpi ("fine") down, so drawn pixel for pixel a standard-mode page
 * would be squashed to half its height. Each axis is scaled by its own resolution.
 */
export function tiffPageGeometry(tags: TiffPageTags): TiffPageGeometry {
  // A corrupt size must not become NaN in the layout: at least one pixel.
  const pixels = (value: number) => (Number.isFinite(value) ? Math.max(1, Math.round(value)) : 1);
  const pixelWidth = pixels(tags.width);
  const pixelHeight = pixels(tags.height);
  const unit = tags.resolutionUnit ?? 2;
  const perInch = unit === 3 ? 2.54 : unit === 2 ? 1 : null;
  const xDpi = perInch !== null && tags.xResolution !== undefined ? tags.xResolution * perInch : null;
  const yDpi = perInch !== null && tags.yResolution !== undefined ? tags.yResolution * perInch : null;
  const plausible = (dpi: number | null): dpi is number => dpi !== null && dpi >= PLAUSIBLE_DPI.min && dpi <= PLAUSIBLE_DPI.max;

  if (plausible(xDpi) && plausible(yDpi)) {
    return { pixelWidth, pixelHeight, width: (pixelWidth / xDpi) * CSS_PX_PER_INCH, height: (pixelHeight / yDpi) * CSS_PX_PER_INCH };
  }
  // No usable absolute resolution: keep the width, but still honour a stated aspect (unit "none"
  // or one axis missing its unit is rare, but a 2:1 fax ratio must not squash the page).
  const xRes = tags.xResolution;
  const yRes = tags.yResolution;
  const aspect = xRes !== undefined && yRes !== undefined && xRes > 0 && yRes > 0 && xRes / yRes <= 4 && yRes / xRes <= 4 ? xRes / yRes : 1;
  return { pixelWidth, pixelHeight, width: pixelWidth, height: pixelHeight * aspect };
}

/**
 * Which of a TIFF's directories are pages: those with an image size, less reduced-resolution
 * previews (NewSubfileType bit 0) when there are real pages besides them.
 */
export function tiffPageIndices(directories: readonly { hasImage: boolean; newSubfileType?: number | undefined }[]): number[] {
  const images = directories.flatMap((directory, index) => (directory.hasImage ? [index] : []));
  const fullSize = images.filter((index) => ((directories[index]!.newSubfileType ?? 0) & 1) === 0);
  return fullSize.length > 0 ? fullSize : images;
}
