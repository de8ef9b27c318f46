// The 保険医療機関番号 of a facility: the 10 digits a regional 厚生局 gives a clinic, hospital,
// pharmacy or 訪問看護ステーション, which JP-CLINS documents name every office by. One rule for the
// admin CLI (a Renkei office's number), the 診療情報提供書's 紹介先 number (an office that is not on
// Renkei) and the screens that check it as it is typed. Browser-safe.
//
//   都道府県番号 (2, 01–47) + 点数表番号 (1: 1 医科, 3 歯科, 4 調剤, 6 訪問看護) + 医療機関コード (7)
//
// The 医療機関コード's last digit is a 検証番号 computed over the nine digits before it, prefecture
// and 点数表番号 included (modulus 10, weights 2-1 from the right, the digits of each product
// added: the same computation as the 保険者番号's, insurance-numbers.ts). Sources: the Japanese
// Wikipedia article 「処方箋発行医療機関コード」 (検証番号 computed together with the prefecture and
// 点数表番号; Luhn) and its example 0110113719, which checks over nine digits and not over the
// code's own six. A number typed with full-width digits, spaces or hyphens is accepted as its digits.
import { checkDigitOf } from './insurance-numbers';

/** 点数表番号 a facility of Renkei may have: 医科, 歯科, 調剤, 訪問看護 (訪問看護療養費の算定表番号). */
const FEE_SCHEDULES = new Set(['1', '3', '4', '6']);

export type InstitutionNumberProblem =
  'INSTITUTION_NUMBER_FORMAT' | 'INSTITUTION_NUMBER_PREFECTURE' | 'INSTITUTION_NUMBER_FEE_SCHEDULE' | 'INSTITUTION_NUMBER_CHECK_DIGIT';

/** The digits people meant: full-width digits to ASCII (NFKC), spaces and hyphens removed. */
export function institutionNumberDigits(text: string): string {
  return text.normalize('NFKC').replace(/[\s\-‐－ー]/g, '');
}

/** What is wrong with a (normalised) number, if anything. */
export function institutionNumberProblem(number: string): InstitutionNumberProblem | undefined {
  if (!/^[0-9]{10}$/.test(number)) return 'INSTITUTION_NUMBER_FORMAT';
  const prefecture = Number(number.slice(0, 2));
  if (prefecture < 1 || prefecture > 47) return 'INSTITUTION_NUMBER_PREFECTURE';
  if (!FEE_SCHEDULES.has(number[2]!)) return 'INSTITUTION_NUMBER_FEE_SCHEDULE';
  if (checkDigitOf(number.slice(0, 9)) !== Number(number[9])) return 'INSTITUTION_NUMBER_CHECK_DIGIT';
  return undefined;
}
