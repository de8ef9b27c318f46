// Instants (when a note was written, when the data was synced) as people in the region read them:
// in Japan time, whatever zone the PC or the server is set to. A clinic PC set to UTC must not show
// a 09:05 visit as 00:05, and a printed form must say the same time as the screen.
import { CalendarDateTime, fromDate, toZoned } from '@internationalized/date';
import { JAPAN_TIME_ZONE, japanDayOf } from './calendar-day';
import { formatWarekiDay } from './wareki';

const pad = (n: number) => String(n).padStart(2, '0');

export interface JapanClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The date and wall-clock time in Japan at an instant. */
export function japanClockOf(instant: Date): JapanClock {
  const zoned = fromDate(instant, JAPAN_TIME_ZONE);
  return { year: zoned.year, month: zoned.month, day: zoned.day, hour: zoned.hour, minute: zoned.minute, second: zoned.second };
}

/** "2026-11-24 14:35" in Japan time: for logs and messages people read. */
export function formatJapanDateTime(instant: Date): string {
  const c = japanClockOf(instant);
  return `${c.year}-${pad(c.month)}-${pad(c.day)} ${pad(c.hour)}:${pad(c.minute)}`;
}

/** "令和6年4月1日 09:05" in Japan time, for printed forms. */
export function formatWarekiDateTime(instant: Date): string {
  const c = japanClockOf(instant);
  return `${formatWarekiDay(japanDayOf(instant))} ${pad(c.hour)}:${pad(c.minute)}`;
}

/** The value of a date-and-time input (YYYY-MM-DDTHH:mm) showing an instant in Japan time. */
export function japanDateTimeInputValue(instant: Date): string {
  const c = japanClockOf(instant);
  return `${c.year}-${pad(c.month)}-${pad(c.day)}T${pad(c.hour)}:${pad(c.minute)}`;
}

/** The instant a YYYY-MM-DDTHH:mm typed in Japan time means; undefined when it is not a real time. */
export function instantFromJapanDateTime(value: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || hour > 23 || minute > 59) return undefined;
  const local = new CalendarDateTime(year, month, day, hour, minute);
  // The library clamps 2月30日 to 2月28日: such a value was not a real time.
  if (local.day !== day) return undefined;
  return toZoned(local, JAPAN_TIME_ZONE).toDate();
}
