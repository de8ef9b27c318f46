// Calendar days: a birth date, an instruction's last day, the day a consent was signed. A day is not
// an instant: 1938-04-02 is the same day in every time zone, so days are never shifted by one, and
// are written YYYY-MM-DD wherever they are stored or sent. "Today" is the day in Japan, where the
// region's people count their days, whatever zone the server or the PC is set to.
//
// Built on @internationalized/date (days in the proleptic Gregorian calendar, arithmetic that knows
// month lengths, time zones through Intl). Browser-safe: the server, the PDFs and the screens use
// this one module.
import { CalendarDate, fromDate, getDayOfWeek, parseDate, toCalendarDate } from '@internationalized/date';

export { CalendarDate };

/** Japan Standard Time (UTC+9 all year; no daylight saving since 1951). */
export const JAPAN_TIME_ZONE = 'Asia/Tokyo';

/** Reads a real calendar day written YYYY-MM-DD (not a timestamp: an instant is not a day). */
export function parseDay(text: string): CalendarDate | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  try {
    return parseDate(text);
  } catch {
    return undefined; // 2026-02-30: a day that does not exist
  }
}

export function isDay(text: string): boolean {
  return parseDay(text) !== undefined;
}

/** YYYY-MM-DD. */
export function dayText(day: CalendarDate): string {
  return day.toString();
}

/** The day in Japan at an instant. */
export function japanDayOf(instant: Date): CalendarDate {
  return toCalendarDate(fromDate(instant, JAPAN_TIME_ZONE));
}

/** 0 for Sunday to 6 for Saturday: the columns of a Japanese calendar, whose weeks start on Sunday. */
export function weekdayOf(day: CalendarDate): number {
  return getDayOfWeek(day, 'ja-JP', 'sun');
}

/** How many days the month of `day` has. */
export function daysInMonthOf(day: CalendarDate): number {
  return day.calendar.getDaysInMonth(day);
}

/** Today in Japan, as YYYY-MM-DD: what "today" means on every screen, form and rule. */
export function japanToday(now: Date): string {
  return dayText(japanDayOf(now));
}

/** Whole days from `from` to `to`; negative when `to` is earlier. */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((to.toDate('UTC').getTime() - from.toDate('UTC').getTime()) / 86_400_000);
}

/** Whole days between two YYYY-MM-DD texts; undefined when either is not a day. */
export function daysBetweenTexts(from: string, to: string): number | undefined {
  const a = parseDay(from);
  const b = parseDay(to);
  return a && b ? daysBetween(a, b) : undefined;
}

/**
 * The last day of a period of `months` months that starts on `start` (the first day counts), as
 * the civil code counts months (民法143条): it ends the day before the same day of the month
 * `months` later, or on the last day of that month when it has no such day — a period of six
 * months from 2024-08-31 runs to 2025-02-28, one from 2024-04-01 to 2024-09-30.
 */
export function lastDayOfMonthsPeriod(start: CalendarDate, months: number): CalendarDate {
  const corresponding = start.add({ months });
  // add() keeps the day, or clamps it to the end of a shorter month: then there is no such day.
  return corresponding.day === start.day ? corresponding.subtract({ days: 1 }) : corresponding;
}

/** The last day of a period of `days` days that starts on `start` (the first day counts). */
export function lastDayOfDaysPeriod(start: CalendarDate, days: number): CalendarDate {
  return start.add({ days: days - 1 });
}

/**
 * Completed years of life on `today`. Someone born on 29 February is a year older from 1 March in
 * common years (年齢計算ニ関スル法律 counts age from the day before the birthday, which gives the same).
 */
export function ageOn(birth: CalendarDate, today: CalendarDate): number {
  const hadBirthday = today.month > birth.month || (today.month === birth.month && today.day >= birth.day);
  return today.year - birth.year - (hadBirthday ? 0 : 1);
}
