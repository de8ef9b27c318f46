// Bytes across the JSON channels (development bridge, demo clinic host): shared/binary-values.ts.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bytesFromBase64, extractBinary, restoreBinary } from '../../src/shared/binary-values';

const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

describe('binary values over JSON', () => {
  it('decodes base64 exactly as Node does, for every length and byte', () => {
    for (let length = 0; length < 70; length++) {
      const bytes = randomBytes(length);
      expect(Buffer.from(bytesFromBase64(bytes.toString('base64')))).toEqual(bytes);
      expect(Buffer.from(bytesFromBase64(bytes.toString('base64').replace(/=+$/, '')))).toEqual(bytes);
    }
    expect(() => bytesFromBase64('AB$D')).toThrow();
    expect(() => bytesFromBase64('A')).toThrow();
  });

  it('replaces Uint8Arrays by base64 wherever they are, and puts them back from the listed paths', () => {
    const pool = Buffer.from(randomBytes(64));
    const result = { document: { title: '紹介状' }, bytes: pool.subarray(8, 40), pages: [{ image: new Uint8Array([1, 2, 3]) }], note: 'JVBERi0=' };
    const { value, binary } = extractBinary(result, toBase64);
    expect(binary).toEqual([['bytes'], ['pages', 0, 'image']]);
    const wire = JSON.parse(JSON.stringify(value)) as unknown;
    const back = restoreBinary(wire, binary) as typeof result;
    expect(Buffer.from(back.bytes)).toEqual(pool.subarray(8, 40));
    expect([...back.pages[0]!.image]).toEqual([1, 2, 3]);
    expect(back.note).toBe('JVBERi0=');
  });

  it('refuses paths that lead nowhere, to something not text, or through the prototype', () => {
    expect(() => restoreBinary({ a: 1 }, [['a']])).toThrow();
    expect(() => restoreBinary({ a: 'AA==' }, [['b']])).toThrow();
    expect(() => restoreBinary({ a: { b: 'AA==' } }, [['__proto__', 'b']])).toThrow();
    expect(() => restoreBinary({}, [['constructor']])).toThrow();
    expect(restoreBinary('AQID', [[]])).toEqual(new Uint8Array([1, 2, 3]));
  });
});
