import { describe, expect, it } from 'vitest';
import { MAX_TIFF_DIRECTORIES, readTiffChain, tiffPageGeometry, tiffPageIndices } from '../../src/renderer/documents/tiff-structure';

/**
 * A TIFF skeleton: the header and `count` directories of one entry each, chained in order. `next`
 * can rewire a directory's next pointer (by directory index → byte offset, or a raw offset).
 */
function tiff(count: number, { littleEndian = true, next = new Map<number, number>() } = {}): { bytes: Uint8Array; offsets: number[]; pointers: number[] } {
  const directorySize = 2 + 12 + 4;
  const bytes = new Uint8Array(8 + count * directorySize);
  const view = new DataView(bytes.buffer);
  bytes.set(littleEndian ? [0x49, 0x49] : [0x4d, 0x4d]);
  view.setUint16(2, 42, littleEndian);
  const offsets = Array.from({ length: count }, (_, i) => 8 + i * directorySize);
  view.setUint32(4, offsets[0] ?? 0, littleEndian);
  const pointers: number[] = [];
  offsets.forEach((offset, i) => {
    view.setUint16(offset, 1, littleEndian);
    view.setUint16(offset + 2, 256, littleEndian); // ImageWidth
    view.setUint16(offset + 4, 3, littleEndian);
    view.setUint32(offset + 6, 1, littleEndian);
    view.setUint16(offset + 10, 1728, littleEndian);
    const pointer = offset + 14;
    pointers.push(pointer);
    view.setUint32(pointer, next.get(i) ?? offsets[i + 1] ?? 0, littleEndian);
  });
  return { bytes, offsets, pointers };
}

describe('the TIFF directory chain', () => {
  it('lists the pages of a well-formed file, either byte order', () => {
    const little = tiff(3);
    expect(readTiffChain(little.bytes)).toEqual({ littleEndian: true, directories: little.offsets, cutAt: null });
    const big = tiff(2, { littleEndian: false });
    expect(readTiffChain(big.bytes)).toEqual({ littleEndian: false, directories: big.offsets, cutAt: null });
  });

  it('cuts a chain that loops back, keeping the pages before the loop', () => {
    const looped = tiff(3, { next: new Map([[2, 8]]) });
    expect(readTiffChain(looped.bytes)).toEqual({ littleEndian: true, directories: looped.offsets, cutAt: looped.pointers[2] });
    const self = tiff(1, { next: new Map([[0, 8]]) });
    expect(readTiffChain(self.bytes)?.cutAt).toBe(self.pointers[0]);
  });

  it('cuts a chain that points outside the file (a fax cut short in transfer)', () => {
    const truncated = tiff(2, { next: new Map([[1, 1_000_000]]) });
    expect(readTiffChain(truncated.bytes)).toEqual({ littleEndian: true, directories: truncated.offsets, cutAt: truncated.pointers[1] });
    // The second directory itself runs past the end.
    const { bytes, offsets, pointers } = tiff(2);
    expect(readTiffChain(bytes.subarray(0, offsets[1]! + 6))).toEqual({ littleEndian: true, directories: [offsets[0]], cutAt: pointers[0] });
  });

  it('stops walking at the directory limit', () => {
    const many = tiff(MAX_TIFF_DIRECTORIES + 3);
    const chain = readTiffChain(many.bytes)!;
    expect(chain.directories).toHaveLength(MAX_TIFF_DIRECTORIES);
    expect(chain.cutAt).toBe(many.pointers[MAX_TIFF_DIRECTORIES - 1]);
  });

  it('refuses what is not a TIFF, or has no readable first page', () => {
    expect(readTiffChain(new TextEncoder().encode('%PDF-1.7 not a tiff'))).toBeNull();
    expect(readTiffChain(new Uint8Array([0x49, 0x49, 43, 0, 8, 0, 0, 0]))).toBeNull(); // BigTIFF
    expect(readTiffChain(new Uint8Array([0x49, 0x49, 42]))).toBeNull();
    expect(readTiffChain(tiff(0).bytes)).toBeNull();
    const { bytes } = tiff(1);
    new DataView(bytes.buffer).setUint32(4, 4000, true);
    expect(readTiffChain(bytes)).toBeNull();
  });
});

describe('TIFF page geometry', () => {
  it('shows a standard-mode fax (204×98 dpi) at A4 proportions, not squashed', () => {
    const page = tiffPageGeometry({ width: 1728, height: 1143, xResolution: 204, yResolution: 98 });
    expect(page.width).toBeCloseTo((1728 / 204) * 96, 6);
    expect(page.height).toBeCloseTo((1143 / 98) * 96, 6);
    expect(page.height / page.width).toBeCloseTo(297 / 216, 1);
    expect(page).toMatchObject({ pixelWidth: 1728, pixelHeight: 1143 });
  });

  it('shows a fine-mode fax and a 300 dpi scan at their paper size', () => {
    const fine = tiffPageGeometry({ width: 1728, height: 2286, xResolution: 204, yResolution: 196, resolutionUnit: 2 });
    expect(fine.height / fine.width).toBeCloseTo(2286 / 196 / (1728 / 204), 6);
    const scan = tiffPageGeometry({ width: 2480, height: 3508, xResolution: 300, yResolution: 300 });
    expect(scan.width).toBeCloseTo(793.6, 1);
    expect(scan.height).toBeCloseTo(1122.6, 1);
  });

  it('reads resolutions per centimetre', () => {
    const page = tiffPageGeometry({ width: 2480, height: 3508, xResolution: 300 / 2.54, yResolution: 300 / 2.54, resolutionUnit: 3 });
    expect(page.width).toBeCloseTo(793.6, 1);
  });

  it('falls back to pixels, keeping a stated aspect, when the resolution is missing or junk', () => {
    expect(tiffPageGeometry({ width: 1000, height: 500 })).toEqual({ pixelWidth: 1000, pixelHeight: 500, width: 1000, height: 500 });
    expect(tiffPageGeometry({ width: 1000, height: 500, xResolution: 1, yResolution: 1 })).toMatchObject({ width: 1000, height: 500 });
    // Unit "none" with fax resolutions: no paper size, but the 2:1 pixel aspect still applies.
    const none = tiffPageGeometry({ width: 1728, height: 1143, xResolution: 204, yResolution: 98, resolutionUnit: 1 });
    expect(none.width).toBe(1728);
    expect(none.height).toBeCloseTo(1143 * (204 / 98), 6);
    // An absurd ratio is not trusted either.
    expect(tiffPageGeometry({ width: 100, height: 100, xResolution: 1, yResolution: 1000, resolutionUnit: 1 }).height).toBe(100);
    expect(tiffPageGeometry({ width: 0, height: Number.NaN })).toMatchObject({ pixelWidth: 1, pixelHeight: 1 });
  });
});

describe('which directories are pages', () => {
  it('leaves out reduced-resolution previews and directories without an image', () => {
    expect(tiffPageIndices([{ hasImage: true, newSubfileType: 2 }, { hasImage: true, newSubfileType: 1 }, { hasImage: false }, { hasImage: true }])).toEqual([
      0, 3,
    ]);
  });

  it('shows a preview rather than nothing when it is all there is', () => {
    expect(tiffPageIndices([{ hasImage: true, newSubfileType: 1 }])).toEqual([0]);
    expect(tiffPageIndices([{ hasImage: false }])).toEqual([]);
  });
});
