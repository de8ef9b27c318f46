// The numbers on Japanese insurance cards, checked as the claims rules (診療報酬請求書等の記載要領)
// define them, so a mistyped digit is caught when it is entered, not when a claim is returned a
// month later. The server validates with these, and a form on the screen may say the same at once.

/**
 * The 検証番号 of 保険者番号, 公費負担者番号 and 公費受給者番号: from the last digit before it
 * backwards, multiply by 2, 1, 2, 1…, add the digits of each product, and take 10 minus the last
 * digit of the sum (0 when that digit is 0).
 */
export function checkDigitOf(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const digit = Number(digits[digits.length - 1 - i]);
    const product = digit * (i % 2 === 0 ? 2 : 1);
    sum += Math.floor(product / 10) + (product % 10);
  }
  return (10 - (sum % 10)) % 10;
}

function hasValidCheckDigit(number: string): boolean {
  return checkDigitOf(number.slice(0, -1)) === Number(number.at(-1));
}

export type InsuranceNumberProblem = 'NOT_DIGITS' | 'WRONG_LENGTH' | 'CHECK_DIGIT';

/** The numbers on the cards, as field violations name them ({number} in INSURANCE_NUMBER_*). */
export type InsuranceNumberName = 'medicalInsurer' | 'publicPayer' | 'publicRecipient' | 'careInsurer' | 'careInsured';

/** How many digits each number has; the longest is the whole number (a screen checks it once typed in full). */
export const INSURANCE_NUMBER_LENGTHS: Readonly<Record<InsuranceNumberName, readonly number[]>> = {
  medicalInsurer: [6, 8],
  publicPayer: [8],
  publicRecipient: [7],
  careInsurer: [6],
  careInsured: [10],
};

/** The field violation (field-violations.ts) that says a problem, with the number named as {number}. */
export const INSURANCE_NUMBER_VIOLATIONS = {
  NOT_DIGITS: 'INSURANCE_NUMBER_NOT_DIGITS',
  WRONG_LENGTH: 'INSURANCE_NUMBER_LENGTH',
  CHECK_DIGIT: 'INSURANCE_NUMBER_CHECK_DIGIT',
} as const satisfies Record<InsuranceNumberProblem, string>;

/**
 * A number as people copy it from a card, reduced to what the rules check: full-width digits,
 * spaces and hyphens are forgiven (NFKC, then removed).
 */
export function insuranceCardDigits(text: string): string {
  return text.normalize('NFKC').replace(/[\s\-‐－ー]/g, '');
}

function problemOf(number: string, lengths: readonly number[], checked: boolean): InsuranceNumberProblem | undefined {
  if (!/^\d+$/.test(number)) return 'NOT_DIGITS';
  if (!lengths.includes(number.length)) return 'WRONG_LENGTH';
  if (checked && !hasValidCheckDigit(number)) return 'CHECK_DIGIT';
  return undefined;
}

/** 医療保険の保険者番号: 8 digits (法別番号, 都道府県番号, 保険者別番号, 検証番号), or 6 for 国民健康保険 (no 法別番号). */
export function medicalInsurerNumberProblem(number: string): InsuranceNumberProblem | undefined {
  return problemOf(number, INSURANCE_NUMBER_LENGTHS.medicalInsurer, true);
}

/** 公費負担者番号: 8 digits with a check digit. */
export function publicPayerNumberProblem(number: string): InsuranceNumberProblem | undefined {
  return problemOf(number, INSURANCE_NUMBER_LENGTHS.publicPayer, true);
}

/** 公費負担医療の受給者番号: 7 digits with a check digit. */
export function publicRecipientNumberProblem(number: string): InsuranceNumberProblem | undefined {
  return problemOf(number, INSURANCE_NUMBER_LENGTHS.publicRecipient, true);
}

/**
 * 介護保険の保険者番号: 6 digits. It is the municipality's code or a 広域連合's own number, whose
 * check digits follow different rules, so only the form is checked.
 */
export function careInsurerNumberProblem(number: string): InsuranceNumberProblem | undefined {
  return problemOf(number, INSURANCE_NUMBER_LENGTHS.careInsurer, false);
}

/** 介護保険の被保険者番号: 10 digits. */
export function careInsuredNumberProblem(number: string): InsuranceNumberProblem | undefined {
  return problemOf(number, INSURANCE_NUMBER_LENGTHS.careInsured, false);
}

/** 負担割合 in 割: 1, 2 or 3 (by age and income, for 医療保険 and 介護保険 alike). */
/** Each number's rule, by the name field violations give it. */
export const INSURANCE_NUMBER_RULES: Readonly<Record<InsuranceNumberName, (number: string) => InsuranceNumberProblem | undefined>> = {
  medicalInsurer: medicalInsurerNumberProblem,
  publicPayer: publicPayerNumberProblem,
  publicRecipient: publicRecipientNumberProblem,
  careInsurer: careInsurerNumberProblem,
  careInsured: careInsuredNumberProblem,
};

export function isCopayTenths(value: number): boolean {
  return value === 1 || value === 2 || value === 3;
}
