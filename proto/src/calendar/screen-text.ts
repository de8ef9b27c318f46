// Days and instants as the screens write them in Japanese or English. Days are formatted as days
// (never through an instant in some zone, so 1950-01-01 stays 1 January in the Americas) and
// instants in Japan time, so a PC set to New York shows the same 14:05 as one in Miyazaki.
import { JAPAN_TIME_ZONE, japanDayOf } from './calendar-day';
import { japanClockOf } from './japan-time';

export type ScreenLocale = 'ja' | 'en';

/** A day, or as much of it as is known (an onset "2019-04" or "2008"). */
export interface PartialDay {
  year: number;
  month: number | null;
  day: number | null;
}

const pad = (n: number) => String(n).padStart(2, '0');
const intlLocale = (locale: ScreenLocale) => (locale === 'ja' ? 'ja-JP' : 'en-GB');

/** "1938年4月2日", "1938年4月", "1938年" / "2 Apr 1938", "Apr 1938", "1938". */
export function formatDay(date: PartialDay, locale: ScreenLocale): string {
  // Formatted at UTC midnight of the same date in UTC, so no zone can move it to a neighbouring day.
  const options: Intl.DateTimeFormatOptions = { timeZone: 'UTC', year: 'numeric' };
  // ja 'long' months are 4月, giving 1938年4月2日 rather than the slashed 1938/4/2.
  if (date.month !== null) options.month = locale === 'ja' ? 'long' : 'short';
  if (date.month !== null && date.day !== null) options.day = 'numeric';
  const atUtcMidnight = new Date(Date.UTC(date.year, (date.month ?? 1) - 1, date.day ?? 1));
  atUtcMidnight.setUTCFullYear(date.year); // Date.UTC reads years 0–99 as 1900–1999
  return new Intl.DateTimeFormat(intlLocale(locale), options).format(atUtcMidnight);
}

/**
 * An instant in Japan time with as much date as it needs: "14:05" today, "11月3日 14:05" / "3 Nov,
 * 14:05" earlier this year, "2025年11月3日 14:05" / "3 Nov 2025, 14:05" before that. Today is
 * today in Japan.
 */
export function formatJapanInstant(instant: Date, now: Date, locale: ScreenLocale): string {
  const options: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: JAPAN_TIME_ZONE };
  const day = japanDayOf(instant);
  const today = japanDayOf(now);
  if (day.compare(today) !== 0) {
    options.month = locale === 'ja' ? 'long' : 'short';
    options.day = 'numeric';
    if (day.year !== today.year) options.year = 'numeric';
  }
  return new Intl.DateTimeFormat(intlLocale(locale), options).format(instant);
}

/** "14:05:09" in Japan time, for a time the user watches change. */
export function formatJapanClockWithSeconds(instant: Date): string {
  const c = japanClockOf(instant);
  return `${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)}`;
}

/** An instant with its full date in Japan time, for the record: "2026/11/20 14:05" / "20/11/2026, 14:05". */
export function formatJapanRecordTime(instant: Date, locale: ScreenLocale): string {
  const c = japanClockOf(instant);
  const time = `${pad(c.hour)}:${pad(c.minute)}`;
  return locale === 'ja' ? `${c.year}/${pad(c.month)}/${pad(c.day)} ${time}` : `${pad(c.day)}/${pad(c.month)}/${c.year}, ${time}`;
}
