// The pixel size an image's header claims, read before anything decodes it: the viewer will not
// hand the browser a PNG or JPEG whose header says 65,535 × 65,535 (gigabytes once decoded). A
// cached file may predate the server's own check, so the viewer checks for itself. Pure, so it
// can be tested without a browser.
import { MAX_IMAGE_PIXELS } from '@renkei/proto/document-limits';

export interface PixelSize {
  width: number;
  height: number;
}

/** Whether an image of `size` is past the budget the server also refuses at. */
export function exceedsPixelBudget({ width, height }: PixelSize): boolean {
  return width * height > MAX_IMAGE_PIXELS;
}

/** The size in a PNG's IHDR or a JPEG's frame header; null when there is none to read (the decoder then says the file is broken). */
export function claimedImageSize(bytes: Uint8Array, mediaType: 'image/jpeg' | 'image/png'): PixelSize | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (mediaType === 'image/png') {
    // Signature (8), IHDR length (4) and type (4), then width and height.
    if (bytes.length < 24 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return null;
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  // The marker segments before the first scan; the frame header (SOF) is among them.
  let pos = 2;
  while (pos + 4 <= bytes.length) {
    if (bytes[pos] !== 0xff) return null;
    const marker = bytes[pos + 1]!;
    if (marker === 0xff) {
      pos++; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      pos += 2;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return null; // scan or end without a frame header
    const length = view.getUint16(pos + 2);
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) return pos + 9 <= bytes.length ? { width: view.getUint16(pos + 7), height: view.getUint16(pos + 5) } : null;
    pos += 2 + length;
  }
  return null;
}
