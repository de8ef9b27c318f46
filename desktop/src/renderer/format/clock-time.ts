// Instants (last sync, last handshake, when data was fetched) in the user's local time. A time
// alone is only unambiguous today; anything older carries its date, so "14:05時点" never hides
// that the data is from last week.
import type { Locale } from '../../shared/desktop-api';
import { calendarDateOf } from './calendar-date';

export interface ClockOptions {
  now: Date;
  /** The user's zone unless a test pins one. */
  timeZone?: string;
}

function intlLocale(locale: Locale): string {
  return locale === 'ja' ? 'ja-JP' : 'en-GB';
}

function sameDay(a: Date, b: Date, timeZone?: string): boolean {
  const x = calendarDateOf(a, timeZone);
  const y = calendarDateOf(b, timeZone);
  return x.year === y.year && x.month === y.month && x.day === y.day;
}

/** "14:05" today, "11月3日 14:05" earlier this year, "2025年11月3日 14:05" before that. */
export function formatInstant(iso: string, locale: Locale, { now, timeZone }: ClockOptions): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone };
  if (!sameDay(instant, now, timeZone)) {
    options.month = locale === 'ja' ? 'long' : 'short';
    options.day = 'numeric';
    if (calendarDateOf(instant, timeZone).year !== calendarDateOf(now, timeZone).year) options.year = 'numeric';
  }
  return new Intl.DateTimeFormat(intlLocale(locale), options).format(instant);
}

/** With seconds, for things the user watches change (the last approval check). */
export function formatClockWithSeconds(iso: string, locale: Locale, timeZone?: string): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  return new Intl.DateTimeFormat(intlLocale(locale), {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(instant);
}
