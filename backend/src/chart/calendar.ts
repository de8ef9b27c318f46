// Calendar days as people in the region count them: in Japan time. A consent signed "today" or an
// instruction valid "until the 30th" means the day in Asia/Tokyo, whatever the server's zone is.
const TOKYO_DAY = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Asia/Tokyo calendar day of an instant, as YYYY-MM-DD. */
export function tokyoDate(instant: Date): string {
  return TOKYO_DAY.format(instant);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
