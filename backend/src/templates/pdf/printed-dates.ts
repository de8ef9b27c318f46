// Dates as printed forms write them: 和暦 in Japan time, from the one calendar in
// @renkei/proto/calendar. A printout shows what was stored rather than failing, so text that is not
// a day or an instant is printed as it is.
import { ageOn, formatWarekiBirthDate, formatWarekiDateTime, formatWarekiDay, japanDayOf, parseDay } from '@renkei/proto/calendar';

/** A YYYY-MM-DD day as "令和6年4月1日". */
export function printedDay(text: string): string {
  const day = parseDay(text);
  return day ? formatWarekiDay(day) : text;
}

/** A birth date as "昭和13年4月2日（1938年）". */
export function printedBirthDate(text: string): string {
  const day = parseDay(text);
  return day ? formatWarekiBirthDate(day) : text;
}

/** An ISO instant as "令和6年4月1日 09:05" in Japan time. */
export function printedDateTime(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : formatWarekiDateTime(new Date(ms));
}

/** Completed years of life on the day in Japan the form is printed; undefined when either is unreadable. */
export function ageWhenPrinted(birthDate: string, printedAt: string): number | undefined {
  const birth = parseDay(birthDate);
  const printedOn = Number.isNaN(Date.parse(printedAt)) ? undefined : japanDayOf(new Date(printedAt));
  return birth && printedOn ? ageOn(birth, printedOn) : undefined;
}
