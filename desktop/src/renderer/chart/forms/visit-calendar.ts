// The 訪問看護報告書's visit calendar as the paper has it: the days of the reporting period in
// weeks, each day carrying its marks (○ visit, ◎ twice or more, □ long visit…). Pure helpers for
// the editor; which marks exist and how they are validated lives in @renkei/proto/template-forms.
import { VISIT_MARKS, type DateRangeValue, type VisitMarkEntry } from '@renkei/proto/template-forms';
import { CalendarDate, daysBetween, dayText, parseDay } from '@renkei/proto/calendar';

/** A calendar for more than about three months is not a report period; it gets the plain list. */
export const MAX_CALENDAR_DAYS = 93;

/** A Sunday, to count weekdays from. */
const A_SUNDAY = new CalendarDate(1970, 1, 4);

/** Every day of the period (YYYY-MM-DD), or null when the period is incomplete, reversed or too long. */
export function periodDays(period: DateRangeValue): string[] | null {
  const from = parseDay(period.from);
  const to = parseDay(period.to);
  if (from === undefined || to === undefined) return null;
  const length = daysBetween(from, to) + 1;
  if (length < 1 || length > MAX_CALENDAR_DAYS) return null;
  return Array.from({ length }, (_, i) => dayText(from.add({ days: i })));
}

/** The days in weeks of seven, Sunday first as Japanese calendars print them; null pads the ends. */
export function calendarWeeks(days: readonly string[]): (string | null)[][] {
  if (days.length === 0) return [];
  const lead = ((daysBetween(A_SUNDAY, parseDay(days[0]!)!) % 7) + 7) % 7;
  const slots: (string | null)[] = [...Array<null>(lead).fill(null), ...days];
  while (slots.length % 7 !== 0) slots.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < slots.length; i += 7) weeks.push(slots.slice(i, i + 7));
  return weeks;
}

const MARK_ORDER = new Map(VISIT_MARKS.map((m, i) => [m.mark, i]));

/** By day, then in the marks' printed order. */
export function sortVisits(entries: readonly VisitMarkEntry[]): VisitMarkEntry[] {
  return [...entries].sort((a, b) => (a.date === b.date ? (MARK_ORDER.get(a.mark) ?? 99) - (MARK_ORDER.get(b.mark) ?? 99) : a.date < b.date ? -1 : 1));
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
  const day = parseDay(date);
  return day === undefined ? null : dayText(day.add({ days: offset }));
}
