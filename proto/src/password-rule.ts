// What a new password must be, the same on both ends: the app checks while the user types, the
// server enforces it when a password is set or changed (renkei-admin user add / set-password /
// password, and ChangePassword). MHLW's guideline (第6.0版): 13 characters or more mixing letters,
// digits and symbols (英数字・記号混在); 8 or more where two-factor login is used. The regional
// office may ask for longer (renkei-admin policy password), never for less than the guideline.
// Browser-safe.
import type { FieldViolationReason, ViolationParameters } from './field-violations';
import type { Locale } from './labels';

/** The guideline's floors: the region's setting cannot go below them. */
export const GUIDELINE_MIN_LENGTH = 13;
export const GUIDELINE_MIN_LENGTH_WITH_SECOND_FACTOR = 8;
/** Argon2 takes any length; this bounds the work a request can ask of the server. */
export const PASSWORD_MAX_LENGTH = 128;

/** The region's setting. */
export interface PasswordPolicy {
  minLength: number;
  minLengthWithSecondFactor: number;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  minLength: GUIDELINE_MIN_LENGTH,
  minLengthWithSecondFactor: GUIDELINE_MIN_LENGTH_WITH_SECOND_FACTOR,
};

/** The rule for one user (the proto's PasswordRule). */
export interface PasswordRule {
  minLength: number;
  /** Letters, digits and symbols must each appear. */
  mixedRequired: boolean;
}

/** The rule for a user with (or without) an authenticator in force. */
export function passwordRuleFor(policy: PasswordPolicy, secondFactorInForce: boolean): PasswordRule {
  return secondFactorInForce ? { minLength: policy.minLengthWithSecondFactor, mixedRequired: false } : { minLength: policy.minLength, mixedRequired: true };
}

/** What the password is checked against besides the rule. */
export interface PasswordContext {
  loginId?: string;
  /** The password it replaces (a change by the user). */
  currentPassword?: string;
}

export interface PasswordViolation {
  reason: FieldViolationReason;
  params?: ViolationParameters;
}

// Half-width only: a password typed through a Japanese input method on one PC may come out
// differently on another, and the user would be locked out by their own keyboard.
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const LETTER = /[A-Za-z]/;
const DIGIT = /[0-9]/;
const SYMBOL = /[\x20-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]/;

/** Every way the new password breaks the rule, in the order the user should fix them; empty when it passes. */
export function checkNewPassword(password: string, rule: PasswordRule, context: PasswordContext = {}): PasswordViolation[] {
  const violations: PasswordViolation[] = [];
  if (password.length === 0) return [{ reason: 'REQUIRED' }];
  if (!PRINTABLE_ASCII.test(password)) violations.push({ reason: 'PASSWORD_NOT_HALF_WIDTH' });
  if (password.length < rule.minLength) violations.push({ reason: 'PASSWORD_TOO_SHORT', params: { min: rule.minLength } });
  if (password.length > PASSWORD_MAX_LENGTH) violations.push({ reason: 'TOO_LONG', params: { max: PASSWORD_MAX_LENGTH } });
  if (rule.mixedRequired) {
    if (!LETTER.test(password)) violations.push({ reason: 'PASSWORD_NEEDS_LETTER' });
    if (!DIGIT.test(password)) violations.push({ reason: 'PASSWORD_NEEDS_DIGIT' });
    if (!SYMBOL.test(password)) violations.push({ reason: 'PASSWORD_NEEDS_SYMBOL' });
  }
  if (context.loginId && password.trim().toLowerCase() === context.loginId.trim().toLowerCase()) violations.push({ reason: 'PASSWORD_IS_LOGIN_ID' });
  if (context.currentPassword !== undefined && password === context.currentPassword) violations.push({ reason: 'PASSWORD_UNCHANGED' });
  return violations;
}

/** The rule in words, for the screen beside the field and for renkei-admin's refusal. */
export function describePasswordRule(rule: PasswordRule, locale: Locale): string {
  if (locale === 'ja') {
    return rule.mixedRequired
      ? `${rule.minLength}文字以上で、英字・数字・記号をそれぞれ1文字以上含めてください（半角）。`
      : `${rule.minLength}文字以上にしてください（半角の英数字・記号）。`;
  }
  return rule.mixedRequired
    ? `At least ${rule.minLength} characters, with at least one letter, one digit and one symbol (half-width).`
    : `At least ${rule.minLength} characters (half-width letters, digits and symbols).`;
}

/** A region's setting, refused when it asks for less than the guideline. */
export function policyViolations(policy: PasswordPolicy): { field: 'minLength' | 'minLengthWithSecondFactor'; violation: PasswordViolation }[] {
  const out: { field: 'minLength' | 'minLengthWithSecondFactor'; violation: PasswordViolation }[] = [];
  const bounded = (field: 'minLength' | 'minLengthWithSecondFactor', floor: number) => {
    const value = policy[field];
    if (!Number.isInteger(value) || value < floor) out.push({ field, violation: { reason: 'BELOW_GUIDELINE', params: { min: floor } } });
    else if (value > PASSWORD_MAX_LENGTH) out.push({ field, violation: { reason: 'TOO_LARGE', params: { max: PASSWORD_MAX_LENGTH } } });
  };
  bounded('minLength', GUIDELINE_MIN_LENGTH);
  bounded('minLengthWithSecondFactor', GUIDELINE_MIN_LENGTH_WITH_SECOND_FACTOR);
  return out;
}
