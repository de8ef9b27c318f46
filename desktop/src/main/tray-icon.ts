// The tray icon: a filled dot coloured by the tunnel's state, drawn as an RGBA bitmap so no image
// files are needed. No electron import: tested in Node; main turns it into a nativeImage.
import type { TrayTone } from './tray-status';

const COLOURS: Record<TrayTone, [number, number, number]> = {
  ok: [0x1f, 0x8a, 0x3b],
  working: [0x1f, 0x5f, 0xbf],
  attention: [0xd9, 0x8a, 0x00],
  off: [0x80, 0x86, 0x8f],
};

/** A size×size BGRA bitmap (the byte order nativeImage.createFromBitmap expects). */
export function trayIconBitmap(tone: TrayTone, size: number): Buffer {
  const [r, g, b] = COLOURS[tone];
  const bitmap = Buffer.alloc(size * size * 4);
  const centre = (size - 1) / 2;
  const radius = size * 0.4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const distance = Math.hypot(x - centre, y - centre);
      // One pixel of soft edge so the dot is not jagged.
      const alpha = Math.max(0, Math.min(1, radius + 0.5 - distance));
      const i = (y * size + x) * 4;
      bitmap[i] = b;
      bitmap[i + 1] = g;
      bitmap[i + 2] = r;
      bitmap[i + 3] = Math.round(alpha * 255);
    }
  }
  return bitmap;
}
