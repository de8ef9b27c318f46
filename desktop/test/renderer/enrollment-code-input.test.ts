import { describe, expect, it } from 'vitest';
import { enrollmentCodeProblem, groupEnrollmentCode, readEnrollmentCodeInput } from '../../src/renderer/format/enrollment-code-input';

const CODE = '1K4ZQ-7M2PD-9XW3A-BC5EF-0GH1J-KM2NP-QR3ST-VW4XY-Z5678';

describe('the enrollment code as typed', () => {
  it('accepts any case, spaces, hyphens and full-width characters', () => {
    for (const typed of [CODE, CODE.toLowerCase(), CODE.replace(/-/g, ' '), CODE.replace(/-/g, ''), '１Ｋ４ＺＱ　' + CODE.slice(6)]) {
      expect(enrollmentCodeProblem(typed)).toBeNull();
      expect(groupEnrollmentCode(readEnrollmentCodeInput(typed).compact)).toBe(CODE);
    }
  });

  it('reads I and L as 1 and O as 0, as Crockford base32 does', () => {
    expect(readEnrollmentCodeInput('iLo').compact).toBe('110');
  });

  it('says how many characters are missing', () => {
    expect(enrollmentCodeProblem(CODE.slice(0, 17))).toEqual({ kind: 'wrong-length', length: 15 });
    expect(enrollmentCodeProblem(CODE + '-X')).toEqual({ kind: 'wrong-length', length: 46 });
  });

  it('names letters that never occur in a code', () => {
    expect(enrollmentCodeProblem(CODE.slice(0, -1) + 'U')).toEqual({ kind: 'invalid-characters', characters: ['U'] });
    expect(enrollmentCodeProblem('   ')).toEqual({ kind: 'empty' });
  });
});
