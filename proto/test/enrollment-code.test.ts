import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EnrollmentCodeFormatError, caPinMatches, caPinOf, createEnrollmentCode, hashEnrollmentSecret, parseEnrollmentCode } from '../src/enrollment-code';

const caDer = randomBytes(600);

describe('enrollment code', () => {
  it('round-trips the secret and the CA pin through its printed form', () => {
    const code = createEnrollmentCode(caPinOf(caDer));
    expect(code.text).toMatch(/^([0-9A-HJKMNP-TV-Z]{5}-){8}[0-9A-HJKMNP-TV-Z]{5}$/);
    const parsed = parseEnrollmentCode(code.text);
    expect(parsed.secret.equals(code.secret)).toBe(true);
    expect(caPinMatches(caDer, parsed.caPin)).toBe(true);
    expect(caPinMatches(randomBytes(600), parsed.caPin)).toBe(false);
  });

  it('accepts the code as a person types it: lower case, full width, spaces, I/L/O', () => {
    const code = createEnrollmentCode(caPinOf(caDer));
    const sloppy = code.text.toLowerCase().replace(/-/g, ' ').replace(/1/g, 'l').replace(/0/g, 'o');
    const fullWidth = sloppy.replace(/[a-z0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    expect(parseEnrollmentCode(sloppy).secret.equals(code.secret)).toBe(true);
    expect(parseEnrollmentCode(fullWidth).secret.equals(code.secret)).toBe(true);
  });

  it('catches a single mistyped character with the checksum', () => {
    const code = createEnrollmentCode(caPinOf(caDer));
    const chars = [...code.text];
    const i = chars.findIndex((c) => c !== '-' && c !== 'Z');
    chars[i] = chars[i] === 'A' ? 'B' : 'A';
    expect(() => parseEnrollmentCode(chars.join(''))).toThrow(EnrollmentCodeFormatError);
  });

  it('refuses codes of the wrong length or alphabet with a reason', () => {
    expect(() => parseEnrollmentCode('ABCDE-FGHJK')).toThrow(/45/);
    try {
      parseEnrollmentCode('ABCDE-FGHJK');
    } catch (error) {
      expect((error as EnrollmentCodeFormatError).detail.detailJa).toContain('45文字');
    }
    expect(() => parseEnrollmentCode('あいうえお')).toThrow(EnrollmentCodeFormatError);
    expect(() => parseEnrollmentCode('')).toThrow(EnrollmentCodeFormatError);
  });

  it('hashes secrets so that the stored hash does not reveal the code', () => {
    const code = createEnrollmentCode(caPinOf(caDer));
    const hash = hashEnrollmentSecret(code.secret);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(code.secret.toString('hex'));
    expect(hashEnrollmentSecret(parseEnrollmentCode(code.text).secret)).toBe(hash);
  });
});
