// The visit days of a report printed as month calendars with their marks (○ 訪問, ◎ 1日2回以上…),
// as on the paper 訪問看護報告書: weeks from Sunday, one calendar per month with visits.
import { dayText, daysInMonthOf, formatWarekiMonth, parseDay, weekdayOf, type CalendarDate } from '@renkei/proto/calendar';
import { VISIT_MARKS } from '@renkei/proto/template-forms';
import { COLOR, CONTENT_WIDTH, EMPTY, lineHeight, MARGIN, PAD_X, PAD_Y, SIZE, type PageWriter } from './page-writer';

export function writeVisitCalendar(writer: PageWriter, label: string, value: unknown): void {
  const entries = Array.isArray(value)
    ? value.filter((e): e is { date: string; mark: string } => typeof e?.date === 'string' && typeof e?.mark === 'string')
    : [];
  if (entries.length === 0) {
    writer.row(label, [{ text: EMPTY, size: SIZE.value, color: COLOR.muted }]);
    return;
  }
  // Keyed by the month's first day as YYYY-MM-DD, so the months sort as text.
  const byMonth = new Map<string, { first: CalendarDate; marks: Map<number, string[]> }>();
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
  const legend = VISIT_MARKS.map((m) => `${m.mark} ${m.label.ja}`).join('　');
  const legendLines = writer.wrap(legend, CONTENT_WIDTH - 2 * PAD_X, SIZE.small);
  const barHeight = lineHeight(SIZE.label) + 2 * PAD_Y + 2;
  const cellWidth = CONTENT_WIDTH / 7;
  const headHeight = 14;
  const cellHeight = 24;
  const monthTitleHeight = lineHeight(SIZE.value) + 2;

  writer.ensure(barHeight + legendLines.length * lineHeight(SIZE.small) + monthTitleHeight + headHeight + 5 * cellHeight);
  writer.labelBar(label);
  for (const text of legendLines) {
    writer.line(text, MARGIN.left + PAD_X, writer.y, SIZE.small, COLOR.muted);
    writer.y -= lineHeight(SIZE.small);
  }
  for (const key of [...byMonth.keys()].sort()) {
    const { first, marks } = byMonth.get(key)!;
    const firstWeekday = weekdayOf(first);
    const daysInMonth = daysInMonthOf(first);
    const weeks = Math.ceil((firstWeekday + daysInMonth) / 7);
    if (writer.ensure(monthTitleHeight + headHeight + weeks * cellHeight + 4)) writer.labelBar(`${label}（続き）`);
    writer.line(`${formatWarekiMonth(first.year, first.month)}（${first.year}年）`, MARGIN.left + PAD_X, writer.y, SIZE.value);
    writer.y -= monthTitleHeight;
    const gridTop = writer.y;
    [...'日月火水木金土'].forEach((name, column) => {
      const x = MARGIN.left + column * cellWidth;
      writer.page.drawRectangle({
        x,
        y: gridTop - headHeight,
        width: cellWidth,
        height: headHeight,
        color: COLOR.labelFill,
        borderColor: COLOR.rule,
        borderWidth: 0.5,
      });
      const top = gridTop - (headHeight - lineHeight(SIZE.small)) / 2;
      writer.line(name, x + (cellWidth - SIZE.small) / 2, top, SIZE.small, column === 0 ? COLOR.sunday : COLOR.muted);
    });
    const cellsTop = gridTop - headHeight;
    for (let slot = 0; slot < weeks * 7; slot++) {
      const column = slot % 7;
      const x = MARGIN.left + column * cellWidth;
      const top = cellsTop - Math.floor(slot / 7) * cellHeight;
      writer.page.drawRectangle({ x, y: top - cellHeight, width: cellWidth, height: cellHeight, borderColor: COLOR.rule, borderWidth: 0.5 });
      const dayNumber = slot - firstWeekday + 1;
      if (dayNumber < 1 || dayNumber > daysInMonth) continue;
      writer.line(String(dayNumber), x + 3, top - 1, 7, column === 0 ? COLOR.sunday : COLOR.muted);
      const dayMarks = marks.get(dayNumber);
      if (dayMarks) {
        const text = dayMarks.join('');
        writer.line(text, x + (cellWidth - writer.width(text, 12)) / 2, top - 5, 12);
      }
    }
    writer.y = cellsTop - weeks * cellHeight - 6;
  }
  if (undated.length > 0) writer.longField(`${label}（日付不明）`, undated.join('\n'));
}
