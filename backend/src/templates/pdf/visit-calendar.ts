// The visit days of a report printed as month calendars with their marks (○ 訪問, ◎ 1日2回以上…),
// as on the paper 訪問看護報告書: weeks from Sunday, one calendar per month with visits. The list of
// sections prints them full width; the official sheet (report-sheet.ts) draws the same month grids
// small, side by side in its 訪問日 box.
import { dayText, daysInMonthOf, formatWarekiMonth, parseDay, weekdayOf, type CalendarDate } from '@renkei/proto/calendar';
import { VISIT_MARKS } from '@renkei/proto/template-forms';
import { COLOR, CONTENT_WIDTH, EMPTY, lineHeight, MARGIN, PAD_X, PAD_Y, SIZE, type PageWriter } from './page-writer';

export interface VisitMonth {
  first: CalendarDate;
  /** The marks of each day of the month that has any, by day number. */
  marks: Map<number, string[]>;
}

/** The stored visit days grouped by month, in order; entries whose date is not a day are kept apart as text. */
export function visitMonths(value: unknown): { months: VisitMonth[]; undated: string[]; count: number } {
  const entries = Array.isArray(value)
    ? value.filter((e): e is { date: string; mark: string } => typeof e?.date === 'string' && typeof e?.mark === 'string')
    : [];
  // Keyed by the month's first day as YYYY-MM-DD, so the months sort as text.
  const byMonth = new Map<string, VisitMonth>();
  const undated: string[] = [];
  for (const entry of entries) {
    const day = parseDay(entry.date);
    if (!day) {
      undated.push(`${entry.date} ${entry.mark}`);
      continue;
    }
    const first = day.set({ day: 1 });
    const month = byMonth.get(dayText(first)) ?? { first, marks: new Map<number, string[]>() };
    month.marks.set(day.day, [...(month.marks.get(day.day) ?? []), entry.mark]);
    byMonth.set(dayText(first), month);
  }
  const months = [...byMonth.keys()].sort().map((key) => byMonth.get(key)!);
  return { months, undated, count: entries.length };
}

/** The marks and what they mean, as the form's legend lists them. */
export const VISIT_MARK_LEGEND = VISIT_MARKS.map((m) => `${m.mark} ${m.label.ja}`).join('　');

export function weeksOf(first: CalendarDate): number {
  return Math.ceil((weekdayOf(first) + daysInMonthOf(first)) / 7);
}

export interface MonthGridSizes {
  title: number;
  head: number;
  cell: number;
  day: number;
  mark: number;
}

const FULL: MonthGridSizes = { title: SIZE.value, head: 14, cell: 24, day: 7, mark: 12 };

/** The height a month grid of `weeks` weeks takes at `sizes`, its title included. */
export const monthGridHeight = (sizes: MonthGridSizes, weeks: number) => lineHeight(sizes.title) + 2 + sizes.head + weeks * sizes.cell;

/** One month: its title, the weekday heads from Sunday and a cell per day with the day's marks; returns the height used. */
export function drawMonthGrid(writer: PageWriter, month: VisitMonth, x: number, top: number, width: number, sizes: MonthGridSizes): number {
  const { first, marks } = month;
  const firstWeekday = weekdayOf(first);
  const daysInMonth = daysInMonthOf(first);
  const weeks = weeksOf(first);
  const cellWidth = width / 7;
  writer.line(`${formatWarekiMonth(first.year, first.month)}（${first.year}年）`, x + 2, top, sizes.title);
  const gridTop = top - lineHeight(sizes.title) - 2;
  const headSize = Math.min(SIZE.small, sizes.head - 3);
  [...'日月火水木金土'].forEach((name, column) => {
    const cx = x + column * cellWidth;
    writer.page.drawRectangle({
      x: cx,
      y: gridTop - sizes.head,
      width: cellWidth,
      height: sizes.head,
      color: COLOR.labelFill,
      borderColor: COLOR.rule,
      borderWidth: 0.5,
    });
    writer.line(name, cx + (cellWidth - headSize) / 2, gridTop - (sizes.head - lineHeight(headSize)) / 2, headSize, column === 0 ? COLOR.sunday : COLOR.muted);
  });
  const cellsTop = gridTop - sizes.head;
  for (let slot = 0; slot < weeks * 7; slot++) {
    const column = slot % 7;
    const cx = x + column * cellWidth;
    const cellTop = cellsTop - Math.floor(slot / 7) * sizes.cell;
    writer.page.drawRectangle({ x: cx, y: cellTop - sizes.cell, width: cellWidth, height: sizes.cell, borderColor: COLOR.rule, borderWidth: 0.5 });
    const dayNumber = slot - firstWeekday + 1;
    if (dayNumber < 1 || dayNumber > daysInMonth) continue;
    writer.line(String(dayNumber), cx + 2, cellTop - 1, sizes.day, column === 0 ? COLOR.sunday : COLOR.muted);
    const dayMarks = marks.get(dayNumber);
    if (dayMarks) {
      const text = dayMarks.join('');
      // Centred in a full-size cell; in a small one, right of the day number so neither hides the other.
      const room = cellWidth - writer.width(text, sizes.mark);
      const markX = sizes === FULL ? cx + room / 2 : cx + Math.max(room - 2, writer.width('00', sizes.day) + 2);
      writer.line(text, markX, cellTop - (sizes.cell - lineHeight(sizes.mark)) / 2 - (sizes === FULL ? 3 : 0), sizes.mark);
    }
  }
  return monthGridHeight(sizes, weeks);
}

export function writeVisitCalendar(writer: PageWriter, label: string, value: unknown): void {
  const { months, undated, count } = visitMonths(value);
  if (count === 0) {
    writer.row(label, [{ text: EMPTY, size: SIZE.value, color: COLOR.muted }]);
    return;
  }
  const legendLines = writer.wrap(VISIT_MARK_LEGEND, CONTENT_WIDTH - 2 * PAD_X, SIZE.small);
  const barHeight = lineHeight(SIZE.label) + 2 * PAD_Y + 2;

  writer.ensure(barHeight + legendLines.length * lineHeight(SIZE.small) + monthGridHeight(FULL, 5));
  writer.labelBar(label);
  for (const text of legendLines) {
    writer.line(text, MARGIN.left + PAD_X, writer.y, SIZE.small, COLOR.muted);
    writer.y -= lineHeight(SIZE.small);
  }
  for (const month of months) {
    if (writer.ensure(monthGridHeight(FULL, weeksOf(month.first)) + 4)) writer.labelBar(`${label}（続き）`);
    writer.y -= drawMonthGrid(writer, month, MARGIN.left, writer.y, CONTENT_WIDTH, FULL) + 6;
  }
  if (undated.length > 0) writer.longField(`${label}（日付不明）`, undated.join('\n'));
}
