// Dates on the chart. Record dates (発行日, 指示期間, 同意取得日) are calendar days written
// YYYY-MM-DD and never shifted by a time zone; observation and save times are instants shown in
// the user's zone with their full date, because a clinical record read next month must not say
// only "14:05". Documents may be read with their days in 和暦 (令和8年11月20日), as they are printed.
import type { Locale } from '../../../shared/desktop-api';
import { calendarDateOf, formatCalendarDate, formatDateWithEra, isFullDate, parseCalendarDate, type FullCalendarDate } from '../../format/calendar-date';

const pad = (n: number) => String(n).padStart(2, '0');

/** A calendar day as the API writes it: 2026-11-20. */
export function isoDay(date: FullCalendarDate): string {
  return `${String(date.year).padStart(4, '0')}-${pad(date.month)}-${pad(date.day)}`;
}

/** Today (or the day of `instant`) where the user is, as YYYY-MM-DD. */
export function isoDayOf(instant: Date, timeZone?: string): string {
  return isoDay(calendarDateOf(instant, timeZone));
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); null when either is not a full date. */
export function daysBetween(from: string, to: string): number | null {
  const a = parseCalendarDate(from);
  const b = parseCalendarDate(to);
  if (a === null || b === null || !isFullDate(a) || !isFullDate(b)) return null;
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}

/** "令和8年11月20日" (元年 for the first year); null before 1873, when 和暦 dates cannot be written right. */
export function japaneseEraDate(date: FullCalendarDate): string | null {
  if (date.year < 1873) return null;
  const parts = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
    era: 'long',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    timeZone: 'UTC',
  }).formatToParts(new Date(Date.UTC(date.year, date.month - 1, date.day)));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const year = part('year');
  if (part('era') === '' || year === '') return null;
  return `${part('era')}${year === '1' ? '元' : year}年${part('month')}月${part('day')}日`;
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

/** An instant with its full date: "2026/11/20 14:05" / "20/11/2026, 14:05". */
export function formatDateTime(iso: string, locale: Locale, timeZone?: string): string {
  const instant = new Date(iso);
  if (iso === '' || Number.isNaN(instant.getTime())) return iso;
  return new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(instant);
}

/** The value of an <input type="datetime-local"> for an instant, in this PC's zone. */
export function dateTimeInputValue(instant: Date): string {
  return (
    `${instant.getFullYear()}-${pad(instant.getMonth() + 1)}-${pad(instant.getDate())}` +
    `T${pad(instant.getHours())}:${pad(instant.getMinutes())}`
  );
}

/** The instant an <input type="datetime-local"> value means on this PC; null when incomplete. */
export function instantFromDateTimeInput(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const instant = new Date(year, month - 1, day, hour, minute);
  // new Date rolls 2 月 30 日 over into March; such a value was not a real time.
  if (instant.getMonth() !== month - 1 || instant.getDate() !== day) return null;
  return instant;
}
