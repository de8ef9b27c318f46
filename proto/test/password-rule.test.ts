import { describe, expect, it } from 'vitest';
import { describeViolation } from '../src/field-violations';
import { DEFAULT_PASSWORD_POLICY, checkNewPassword, describePasswordRule, passwordRuleFor, policyViolations, type PasswordRule } from '../src/password-rule';

const long: PasswordRule = passwordRuleFor(DEFAULT_PASSWORD_POLICY, false);
const short: PasswordRule = passwordRuleFor(DEFAULT_PASSWORD_POLICY, true);
const reasons = (password: string, rule: PasswordRule, context = {}) => checkNewPassword(password, rule, context).map((v) => v.reason);

describe('password rule (MHLW guideline 6.0)', () => {
  it('asks 13 characters mixing letters, digits and symbols without an authenticator, 8 with one', () => {
    expect(long).toEqual({ minLength: 13, mixedRequired: true });
    expect(short).toEqual({ minLength: 8, mixedRequired: false });
    expect(reasons('kanja-no-mori-7', long)).toEqual([]);
    expect(reasons('homecare', short)).toEqual([]);
  });

  it('names each thing a password lacks, with the length it needs', () => {
    expect(checkNewPassword('abc-1', long)).toEqual([{ reason: 'PASSWORD_TOO_SHORT', params: { min: 13 } }]);
    expect(reasons('abcdefghijklmn', long)).toEqual(['PASSWORD_NEEDS_DIGIT', 'PASSWORD_NEEDS_SYMBOL']);
    expect(reasons('1234567890-12', long)).toEqual(['PASSWORD_NEEDS_LETTER']);
    expect(reasons('abcdefg1234567', long)).toEqual(['PASSWORD_NEEDS_SYMBOL']);
    expect(reasons('short', short)).toEqual(['PASSWORD_TOO_SHORT']);
    expect(reasons('', long)).toEqual(['REQUIRED']);
    expect(reasons('a1-'.repeat(50), long)).toEqual(['TOO_LONG']);
  });

  it('refuses full-width characters, the login ID and the current password', () => {
    expect(reasons('ぱすわーど-ABC-12345', long)).toEqual(['PASSWORD_NOT_HALF_WIDTH']);
    expect(reasons('Nurse.Kai-2026', long, { loginId: 'nurse.kai-2026' })).toEqual(['PASSWORD_IS_LOGIN_ID']);
    expect(reasons('kanja-no-mori-7', long, { currentPassword: 'kanja-no-mori-7' })).toEqual(['PASSWORD_UNCHANGED']);
    expect(reasons('kanja-no-mori-8', long, { currentPassword: 'kanja-no-mori-7', loginId: 'ns.kai' })).toEqual([]);
  });

  it('follows a region that asks for longer passwords', () => {
    const rule = passwordRuleFor({ minLength: 16, minLengthWithSecondFactor: 10 }, false);
    expect(checkNewPassword('kanja-no-mori-7', rule)).toEqual([{ reason: 'PASSWORD_TOO_SHORT', params: { min: 16 } }]);
    expect(passwordRuleFor({ minLength: 16, minLengthWithSecondFactor: 10 }, true).minLength).toBe(10);
  });

  it('says the rule and each violation in Japanese and English', () => {
    expect(describePasswordRule(long, 'ja')).toBe('13文字以上で、英字・数字・記号をそれぞれ1文字以上含めてください（半角）。');
    expect(describePasswordRule(short, 'en')).toContain('At least 8 characters');
    expect(describeViolation('PASSWORD_TOO_SHORT', { min: 13 }, 'ja')).toBe('パスワードは13文字以上にしてください。');
    expect(describeViolation('PASSWORD_NEEDS_SYMBOL', {}, 'en')).toContain('symbol');
  });

  it('does not let a region go below the guideline', () => {
    expect(policyViolations({ minLength: 12, minLengthWithSecondFactor: 8 })).toEqual([
      { field: 'minLength', violation: { reason: 'BELOW_GUIDELINE', params: { min: 13 } } },
    ]);
    expect(policyViolations({ minLength: 13, minLengthWithSecondFactor: 7 })[0]?.field).toBe('minLengthWithSecondFactor');
    expect(policyViolations({ minLength: 20, minLengthWithSecondFactor: 8 })).toEqual([]);
  });
});
