// Dates of the record (birth dates, onset dates) are calendar days, not instants: 1938-04-02 is the
// same day in every time zone, and "today" is today in Japan whatever zone the PC is set to. Onset
// dates are often known only to the year or month ("2019", "2019-04"). The days themselves, their
// arithmetic and their 和暦 come from @renkei/proto/calendar, the one calendar the printed forms use.
import {
  CalendarDate as Day,
  ageOn as ageOnDay,
  formatDay,
  formatWarekiBirthDate,
  japanDayOf,
  parseDay,
  warekiYear,
  warekiYearOfPeriod,
} from '@renkei/proto/calendar';
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
  if (month !== null && (month < 1 || month > 12)) return null;
  if (match[3] === undefined) return { year, month, day: null };
  // A day that does not exist (2023-02-29) is refused rather than rolled over.
  const day = parseDay(`${match[1]}-${match[2]}-${match[3]}`);
  return day ? { year: day.year, month: day.month, day: day.day } : null;
}

export function isFullDate(date: CalendarDate): date is FullCalendarDate {
  return date.month !== null && date.day !== null;
}

const asDay = (date: FullCalendarDate) => new Day(date.year, date.month, date.day);

/** The calendar day in Japan at an instant: what "today" means on every screen. */
export function calendarDateOf(instant: Date): FullCalendarDate {
  const day = japanDayOf(instant);
  return { year: day.year, month: day.month, day: day.day };
}

/** Completed years of life on `today` (see proto's ageOn for 29 February). */
export function ageOn(birth: FullCalendarDate, today: FullCalendarDate): number {
  return ageOnDay(asDay(birth), asDay(today));
}

/** "1938年4月2日", "1938年4月", "1938年" / "2 Apr 1938", "Apr 1938", "1938". */
export function formatCalendarDate(date: CalendarDate, locale: Locale): string {
  return formatDay(date, locale);
}

/**
 * The Japanese era year (和暦) of a day: "昭和13年", "平成元年" / "Shōwa 13". Of a month or year known
 * without its day, the era in force at its end (1989 is 平成元年). None before 1873.
 */
export function japaneseEraYear(date: CalendarDate, locale: Locale): string | null {
  const era = isFullDate(date) ? warekiYear(asDay(date), locale) : warekiYearOfPeriod(date.year, date.month, locale);
  return era ?? null;
}

/** A date with its era year: "1938年4月2日（昭和13年）" / "2 Apr 1938 (Shōwa 13)". */
export function formatDateWithEra(date: CalendarDate, locale: Locale): string {
  const western = formatCalendarDate(date, locale);
  const era = japaneseEraYear(date, locale);
  if (era === null) return western;
  return locale === 'ja' ? `${western}（${era}）` : `${western} (${era})`;
}

/**
 * A birth date: "1938年4月2日（昭和13年）", or with `era` era first as Japanese forms write it,
 * "昭和13年4月2日（1938年）". English keeps the western date with its era year.
 */
export function formatBirthDate(date: CalendarDate, locale: Locale, era: boolean): string {
  if (era && locale === 'ja' && isFullDate(date)) return formatWarekiBirthDate(asDay(date));
  return formatDateWithEra(date, locale);
}
