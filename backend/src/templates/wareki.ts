// 和暦 (Japanese era dates) for printed documents. Japanese medical and care forms are written in
// 和暦 (令和6年4月1日), and people read a birth date by its era (昭和13年生). The era table is written
// out rather than taken from ICU's Japanese calendar so a printed document cannot change with the
// Node build's ICU data, and so a new era is one line here.
//
// Calendar days (YYYY-MM-DD) are days, not instants: they are never shifted by a time zone.
// Instants (ISO timestamps) are shown in Japan Standard Time, UTC+9 all year (no DST since 1951).

export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

interface Era {
  name: string;
  /** The first day of the era (the day of accession). */
  start: CalendarDay;
}

// Newest first. 明治 is counted from 1868, but Japan used the lunisolar calendar until 明治5年;
// Gregorian days before 1873-01-01 (明治6年1月1日) have no correct 和暦 here and are shown in 西暦.
const ERAS: readonly Era[] = [
  { name: '令和', start: { year: 2019, month: 5, day: 1 } },
  { name: '平成', start: { year: 1989, month: 1, day: 8 } },
  { name: '昭和', start: { year: 1926, month: 12, day: 25 } },
  { name: '大正', start: { year: 1912, month: 7, day: 30 } },
  { name: '明治', start: { year: 1868, month: 1, day: 1 } },
];
const FIRST_GREGORIAN_YEAR_IN_JAPAN = 1873;

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** Reads YYYY-MM-DD (a timestamp's date part is not accepted: an instant is not a day). */
export function parseCalendarDay(text: string): CalendarDay | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return undefined;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined;
  return { year, month, day };
}

function compareDays(a: CalendarDay, b: CalendarDay): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** The era year of a day: "昭和13年", "令和元年"; undefined before 1873. */
export function warekiYear(date: CalendarDay): string | undefined {
  if (date.year < FIRST_GREGORIAN_YEAR_IN_JAPAN) return undefined;
  const era = ERAS.find((e) => compareDays(date, e.start) >= 0);
  if (!era) return undefined;
  const year = date.year - era.start.year + 1;
  return `${era.name}${year === 1 ? '元' : year}年`;
}

/** "令和6年4月1日"; "1872年12月31日" when it has no 和暦. */
export function formatWarekiDay(date: CalendarDay): string {
  return `${warekiYear(date) ?? `${date.year}年`}${date.month}月${date.day}日`;
}

/**
 * A YYYY-MM-DD day as "令和6年4月1日". Text that is not a day is returned as it is: a printout
 * shows what was stored rather than failing.
 */
export function formatWarekiDate(text: string): string {
  const day = parseCalendarDay(text);
  return day ? formatWarekiDay(day) : text;
}

/** The month heading of a calendar: "令和6年4月". */
export function formatWarekiMonth(year: number, month: number): string {
  // The era in force at the month's end is the one people write (1989-01 is 平成元年1月).
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${warekiYear({ year, month, day: lastDay }) ?? `${year}年`}${month}月`;
}

/** A birth date as written on Japanese forms: "昭和13年4月2日（1938年）". */
export function formatBirthDate(text: string): string {
  const day = parseCalendarDay(text);
  if (!day) return text;
  const era = warekiYear(day);
  if (!era) return `${day.year}年${day.month}月${day.day}日`;
  return `${era}${day.month}月${day.day}日（${day.year}年）`;
}

/** The calendar day in Japan of an instant. */
export function japanDayOf(instant: Date): CalendarDay {
  const shifted = new Date(instant.getTime() + JST_OFFSET_MS);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** An instant in Japan time: "令和6年4月1日 09:05". Unparseable text is returned as it is. */
export function formatWarekiDateTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const shifted = new Date(ms + JST_OFFSET_MS);
  const hh = String(shifted.getUTCHours()).padStart(2, '0');
  const mm = String(shifted.getUTCMinutes()).padStart(2, '0');
  return `${formatWarekiDay(japanDayOf(new Date(ms)))} ${hh}:${mm}`;
}

/**
 * Completed years of life on `today` (年齢計算ニ関スル法律: someone born on 29 February is a year
 * older from 1 March in common years).
 */
export function ageOn(birth: CalendarDay, today: CalendarDay): number {
  const hadBirthday = today.month > birth.month || (today.month === birth.month && today.day >= birth.day);
  return today.year - birth.year - (hadBirthday ? 0 : 1);
}
