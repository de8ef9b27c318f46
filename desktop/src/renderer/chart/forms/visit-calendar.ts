// The 訪問看護報告書's visit calendar as the paper has it: the days of the reporting period in
// weeks, each day carrying its marks (○ visit, ◎ twice or more, □ long visit…). Pure helpers for
// the editor; which marks exist and how they are validated lives in @renkei/proto/template-forms.
import { VISIT_MARKS, type DateRangeValue, type VisitMarkEntry } from '@renkei/proto/template-forms';
import { isFullDate, parseCalendarDate } from '../../format/calendar-date';
import { isoDay } from '../shared/chart-dates';

/** A calendar for more than about three months is not a report period; it gets the plain list. */
export const MAX_CALENDAR_DAYS = 93;

const DAY_MS = 86_400_000;

function dayNumber(text: string): number | null {
  const date = parseCalendarDate(text);
  if (date === null || !isFullDate(date) || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  return Date.UTC(date.year, date.month - 1, date.day) / DAY_MS;
}

function dayText(number: number): string {
  const d = new Date(number * DAY_MS);
  return isoDay({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}

/** Every day of the period (YYYY-MM-DD), or null when the period is incomplete, reversed or too long. */
export function periodDays(period: DateRangeValue): string[] | null {
  const from = dayNumber(period.from);
  const to = dayNumber(period.to);
  if (from === null || to === null || to < from || to - from + 1 > MAX_CALENDAR_DAYS) return null;
  return Array.from({ length: to - from + 1 }, (_, i) => dayText(from + i));
}

/** The days in weeks of seven, Sunday first as Japanese calendars print them; null pads the ends. */
export function calendarWeeks(days: readonly string[]): (string | null)[][] {
  if (days.length === 0) return [];
  const first = dayNumber(days[0]!)!;
  // 1970-01-01 was a Thursday (weekday 4).
  const lead = (((first + 4) % 7) + 7) % 7;
  const slots: (string | null)[] = [...Array<null>(lead).fill(null), ...days];
  while (slots.length % 7 !== 0) slots.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < slots.length; i += 7) weeks.push(slots.slice(i, i + 7));
  return weeks;
}

const MARK_ORDER = new Map(VISIT_MARKS.map((m, i) => [m.mark, i]));

/** By day, then in the marks' printed order. */
export function sortVisits(entries: readonly VisitMarkEntry[]): VisitMarkEntry[] {
  return [...entries].sort((a, b) =>
    a.date === b.date ? (MARK_ORDER.get(a.mark) ?? 99) - (MARK_ORDER.get(b.mark) ?? 99) : a.date < b.date ? -1 : 1,
  );
}

export function marksOn(entries: readonly VisitMarkEntry[], date: string): string[] {
  return sortVisits(entries.filter((e) => e.date === date)).map((e) => e.mark);
}

/** Puts the mark on the day, or takes it off if it was there. */
export function toggleVisitMark(entries: readonly VisitMarkEntry[], date: string, mark: string): VisitMarkEntry[] {
  const present = entries.some((e) => e.date === date && e.mark === mark);
  return sortVisits(present ? entries.filter((e) => !(e.date === date && e.mark === mark)) : [...entries, { date, mark }]);
}

/** The day `offset` days from `date` (for moving around the calendar with the arrow keys). */
export function shiftDay(date: string, offset: number): string | null {
  const n = dayNumber(date);
  return n === null ? null : dayText(n + offset);
}
