// The formats a document may be, judged by the first bytes the same way by the server's content
// check and by the app as soon as a file is dropped.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_UPLOAD_MB, documentFormatOf, looksLikeText, MAX_UPLOAD_MB_CEILING } from '../src/document-limits';

const bytes = (...values: (number | string)[]) => new Uint8Array(values.flatMap((v) => (typeof v === 'string' ? [...Buffer.from(v, 'latin1')] : [v])));

describe('a document’s format by its first bytes', () => {
  it('knows the four formats', () => {
    expect(documentFormatOf(bytes('%PDF-1.7\n'))).toBe('application/pdf');
    expect(documentFormatOf(bytes(0xff, 0xd8, 0xff, 0xe1))).toBe('image/jpeg');
    expect(documentFormatOf(bytes(0x89, 'PNG\r\n', 0x1a, '\n'))).toBe('image/png');
    expect(documentFormatOf(bytes('II*', 0))).toBe('image/tiff');
    expect(documentFormatOf(bytes('MM', 0, '*'))).toBe('image/tiff');
  });

  it('takes nothing else, and a header only at the very start', () => {
    expect(documentFormatOf(bytes('PK', 3, 4, '%PDF-1.7'))).toBeNull();
    expect(documentFormatOf(bytes(' %PDF-1.7'))).toBeNull();
    expect(documentFormatOf(bytes('%PDF'))).toBeNull();
    expect(documentFormatOf(bytes('MZ', 0x90, 0))).toBeNull();
    expect(documentFormatOf(bytes('GIF89a'))).toBeNull();
    expect(documentFormatOf(new Uint8Array())).toBeNull();
  });

  it('tells text (a Shift_JIS CSV too) from binary', () => {
    expect(looksLikeText(bytes('name,birth\r\n', 0x8e, 0x52, 0x93, 0x63))).toBe(true);
    expect(looksLikeText(bytes('MZ', 0x90, 0, 3))).toBe(false);
  });

  it('keeps the usual limit under the ceiling the app and every server share', () => {
    expect(DEFAULT_MAX_UPLOAD_MB).toBeLessThanOrEqual(MAX_UPLOAD_MB_CEILING);
  });
});
