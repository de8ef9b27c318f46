// The viewer's own pixel budget (src/renderer/documents/image-header.ts), with Node to read real
// files: the size a photo's and a scan's header claims (made by poppler), and one rewritten to
// claim 65,535² is past the budget. The viewer itself is tested in e2e/document-viewer.spec.ts.
import { readFile } from 'node:fs/promises';
import { buildDocumentFixtures, defaultFixtureDirectory } from '@renkei/backend/test-support';
import { describe, expect, it } from 'vitest';
import { claimedImageSize, exceedsPixelBudget } from '../src/renderer/documents/image-header';

describe('claimedImageSize', () => {
  it('reads the size of real JPEGs (baseline and progressive) and PNGs, and sees a 65,535² claim as past the budget', async () => {
    const fixtures = await buildDocumentFixtures(defaultFixtureDirectory());
    for (const [path, mediaType] of [
      [fixtures.photoJpeg, 'image/jpeg'],
      [fixtures.progressiveJpeg, 'image/jpeg'],
      [fixtures.scanPng, 'image/png'],
    ] as const) {
      const bytes = await readFile(path);
      const size = claimedImageSize(bytes, mediaType);
      // An A4 page at 100 dpi, as the fixtures are rendered.
      expect(size, path).toEqual({ width: 827, height: 1170 });
      expect(exceedsPixelBudget(size!)).toBe(false);
    }
    const jpeg = Buffer.from(await readFile(fixtures.photoJpeg));
    const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
    jpeg.writeUInt16BE(65_535, sof + 5);
    jpeg.writeUInt16BE(65_535, sof + 7);
    expect(exceedsPixelBudget(claimedImageSize(jpeg, 'image/jpeg')!)).toBe(true);
  }, 180_000);

  it('has no size for bytes that are not the image they claim to be', () => {
    expect(claimedImageSize(new TextEncoder().encode('not an image at all'), 'image/png')).toBeNull();
    expect(claimedImageSize(Uint8Array.of(0xff, 0xd8, 0xff, 0xd9), 'image/jpeg')).toBeNull();
  });
});
