// Dates of the record (birth dates, onset dates) are calendar days, not instants: 1938-04-02 is the
// same day in every time zone. They are therefore formatted in UTC, never shifted by the clock's
// zone. Onset dates are often known only to the year or month ("2019", "2019-04").
import type { Locale } from '../../shared/desktop-api';

export interface CalendarDate {
  year: number;
  /** 1–12, or null when only the year is known. */
  month: number | null;
  /** 1–31, or null when only the year or month is known. */
  day: number | null;
}

export interface FullCalendarDate {
  year: number;
  month: number;
  day: number;
}

/** Reads YYYY, YYYY-MM or YYYY-MM-DD (a timestamp's date part is accepted too). */
export function parseCalendarDate(text: string): CalendarDate | null {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:$|T)/.exec(text.trim());
  if (!match) return null;
  const year = Number(match[1]);
  const month = match[2] === undefined ? null : Number(match[2]);
  const day = match[3] === undefined ? null : Number(match[3]);
  if (month !== null && (month < 1 || month > 12)) return null;
  if (month !== null && day !== null) {
    const probe = new Date(Date.UTC(year, month - 1, day));
    if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  }
  return { year, month, day };
}

export function isFullDate(date: CalendarDate): date is FullCalendarDate {
  return date.month !== null && date.day !== null;
}

/** Today's calendar day where the user is (or in `timeZone`, for tests). */
export function calendarDateOf(instant: Date, timeZone?: string): FullCalendarDate {
  const parts = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

/**
 * Completed years of life on `today`. A person born on 29 February becomes a year older on
 * 1 March in common years, which is also what Japanese law (年齢計算ニ関スル法律) gives.
 */
export function ageOn(birth: FullCalendarDate, today: FullCalendarDate): number {
  const hadBirthdayThisYear = today.month > birth.month || (today.month === birth.month && today.day >= birth.day);
  return today.year - birth.year - (hadBirthdayThisYear ? 0 : 1);
}

function utcInstant(date: CalendarDate): Date {
  return new Date(Date.UTC(date.year, (date.month ?? 1) - 1, date.day ?? 1));
}

/** "1938年4月2日", "1938年4月", "1938年" / "2 Apr 1938", "Apr 1938", "1938". */
export function formatCalendarDate(date: CalendarDate, locale: Locale): string {
  const options: Intl.DateTimeFormatOptions = { timeZone: 'UTC', year: 'numeric' };
  // ja 'long' months are 4月, giving 1938年4月2日 rather than the slashed 1938/4/2.
  if (date.month !== null) options.month = locale === 'ja' ? 'long' : 'short';
  if (date.month !== null && date.day !== null) options.day = 'numeric';
  return new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', options).format(utcInstant(date));
}

// ICU's Japanese calendar is proleptic before Meiji 6 (1873, when Japan adopted the Gregorian
// calendar); an era year before then would be wrong, so none is shown.
const FIRST_GREGORIAN_YEAR_IN_JAPAN = 1873;

/** The Japanese era year (和暦) of a day: "昭和13年", "平成元年" / "Shōwa 13". */
export function japaneseEraYear(date: CalendarDate, locale: Locale): string | null {
  if (date.year < FIRST_GREGORIAN_YEAR_IN_JAPAN) return null;
  // Without a day the era is ambiguous in a year an era began (1989 is both 昭和64 and 平成元);
  // the era in force at the end of the known period is the one people write.
  const probe: CalendarDate = {
    year: date.year,
    month: date.month ?? 12,
    day: date.day ?? (date.month === null ? 31 : new Date(Date.UTC(date.year, date.month, 0)).getUTCDate()),
  };
  const parts = new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP-u-ca-japanese' : 'en-u-ca-japanese', {
    era: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).formatToParts(utcInstant(probe));
  const era = parts.find((p) => p.type === 'era')?.value;
  const year = parts.find((p) => p.type === 'year')?.value;
  if (!era || !year) return null;
  if (locale === 'ja') return `${era}${year === '1' ? '元' : year}年`;
  return `${era} ${year === '元' ? '1' : year}`;
}

/** A date with its era year: "1938年4月2日（昭和13年）" / "2 Apr 1938 (Shōwa 13)". */
export function formatDateWithEra(date: CalendarDate, locale: Locale): string {
  const western = formatCalendarDate(date, locale);
  const era = japaneseEraYear(date, locale);
  if (era === null) return western;
  return locale === 'ja' ? `${western}（${era}）` : `${western} (${era})`;
}
