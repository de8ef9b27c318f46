// 地域患者番号: the number the region gives each patient at registration, so that two patients of
// the same name are told apart on every screen, and on the phone ("No. 000123"). How it is written
// and how a typed query names it is one rule for the server's search, the desktop cache's search and
// the screens, so it lives here once.

/** Digits the number is written with; more digits are written as they are. */
const WRITTEN_DIGITS = 6;

/** "000123"; '' for 0 (a patient read from data older than the numbers). */
export function formatRegionalNumber(number: number): string {
  if (!Number.isInteger(number) || number <= 0) return '';
  return String(number).padStart(WRITTEN_DIGITS, '0');
}

/**
 * The regional number a search query names, if it is one: "123", "000123", "No.123", "No. 000123",
 * "#123" and their full-width forms (１２３). A query with anything else in it is a name.
 */
export function regionalNumberOfQuery(query: string): number | undefined {
  const text = query
    .normalize('NFKC')
    .trim()
    .replace(/^(no\.?|#|番号)\s*/i, '');
  if (!/^\d{1,9}$/.test(text)) return undefined;
  const number = Number(text);
  return number > 0 ? number : undefined;
}
