// Dates on the chart. Record dates (発行日, 指示期間, 同意取得日) are calendar days written
// YYYY-MM-DD and never shifted by a time zone; observation and save times are instants shown in
// Japan time with their full date, because a clinical record read next month must not say only
// "14:05", and a PC set to another zone must not move a 09:05 visit. Documents may be read with
// their days in 和暦 (令和8年11月20日), written by the same function as the printed forms.
import {
  CalendarDate as Day,
  dayText,
  daysBetweenTexts,
  formatJapanRecordTime,
  formatWarekiDateTime,
  formatWarekiDay,
  japanDayOf,
  instantFromJapanDateTime,
  japanDateTimeInputValue,
  japanToday,
  warekiYear,
} from '@renkei/proto/calendar';
import type { Locale } from '../../../shared/desktop-api';
import { formatCalendarDate, formatDateWithEra, isFullDate, parseCalendarDate, type FullCalendarDate } from '../../format/calendar-date';

/** A calendar day as the API writes it: 2026-11-20. */
export function isoDay(date: FullCalendarDate): string {
  return dayText(new Day(date.year, date.month, date.day));
}

/** Today (or the day of `instant`) in Japan, as YYYY-MM-DD. */
export function isoDayOf(instant: Date): string {
  return japanToday(instant);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); null when either is not a day. */
export function daysBetween(from: string, to: string): number | null {
  return daysBetweenTexts(from, to) ?? null;
}

/** "令和8年11月20日" (元年 for the first year); null before 1873, when 和暦 dates cannot be written right. */
export function japaneseEraDate(date: FullCalendarDate): string | null {
  if (date.year < 1873) return null;
  return formatWarekiDay(new Day(date.year, date.month, date.day));
}

/**
 * A record day for reading: "2026年11月20日", or with `era` "令和8年11月20日" (English keeps the
 * western date and adds the era: "20 Nov 2026 (Reiwa 8)"). Text that is not a date is shown as
 * it is; an empty day stays empty.
 */
export function formatRecordDay(text: string, locale: Locale, era: boolean): string {
  if (text.trim() === '') return '';
  const date = parseCalendarDate(text);
  if (date === null) return text;
  if (!era) return formatCalendarDate(date, locale);
  if (locale === 'ja' && isFullDate(date)) return japaneseEraDate(date) ?? formatCalendarDate(date, locale);
  return formatDateWithEra(date, locale);
}

/**
 * An instant with its full date in Japan time: "2026/11/20 14:05" / "20/11/2026, 14:05", or with
 * `era` "令和8年11月20日 14:05" / "20/11/2026, 14:05 (Reiwa 8)".
 */
export function formatDateTime(iso: string, locale: Locale, era = false): string {
  const instant = new Date(iso);
  if (iso === '' || Number.isNaN(instant.getTime())) return iso;
  if (!era) return formatJapanRecordTime(instant, locale);
  if (locale === 'ja') return formatWarekiDateTime(instant);
  const eraYear = warekiYear(japanDayOf(instant), 'en');
  return `${formatJapanRecordTime(instant, locale)}${eraYear ? ` (${eraYear})` : ''}`;
}

/** The value of an <input type="datetime-local"> showing an instant in Japan time. */
export function dateTimeInputValue(instant: Date): string {
  return japanDateTimeInputValue(instant);
}

/** The instant an <input type="datetime-local"> value typed in Japan time means; null when incomplete. */
export function instantFromDateTimeInput(value: string): Date | null {
  return instantFromJapanDateTime(value) ?? null;
}
