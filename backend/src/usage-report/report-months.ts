// The months a usage report covers, as the regional office reckons them: calendar months in Japan
// time (a login at 00:30 on 1 November JST is November's, though it is still 31 October in UTC).
// Japan has no daylight saving time, so a month starts at 15:00 UTC on the previous day.

/** A calendar month, e.g. { year: 2026, month: 11 }. */
export interface ReportMonth {
  year: number;
  month: number;
}

export class ReportPeriodError extends Error {}

const MONTH_PATTERN = /^(\d{4})-(\d{2})$/;
const JAPAN_OFFSET_MS = 9 * 60 * 60 * 1000;
/** More months than this in one report is a typing mistake rather than a report anyone reads (10 years). */
export const MAX_REPORT_MONTHS = 120;

/** "2026-11" → { year: 2026, month: 11 }; anything else (2026-13, 2026-1, 11/2026) is refused, saying how to write it. */
export function parseReportMonth(text: string, option: string): ReportMonth {
  const match = MONTH_PATTERN.exec(text.trim());
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  if (!match || month < 1 || month > 12 || year < 2000) {
    throw new ReportPeriodError(
      `${option} ${JSON.stringify(text)} は年月として読めません。YYYY-MM（例: 2026-11）で指定してください / ${option} ${JSON.stringify(text)} is not a month: write YYYY-MM, e.g. 2026-11`,
    );
  }
  return { year, month };
}

const index = (m: ReportMonth) => m.year * 12 + (m.month - 1);
const fromIndex = (i: number): ReportMonth => ({ year: Math.floor(i / 12), month: (i % 12) + 1 });

/** Every month from `from` to `to`, both included. */
export function monthsBetween(from: ReportMonth, to: ReportMonth): ReportMonth[] {
  if (index(from) > index(to)) {
    throw new ReportPeriodError(
      `--from ${monthKey(from)} が --to ${monthKey(to)} より後です。開始月を終了月以前にしてください / --from ${monthKey(from)} is after --to ${monthKey(to)}: the first month must not be after the last`,
    );
  }
  const count = index(to) - index(from) + 1;
  if (count > MAX_REPORT_MONTHS) {
    throw new ReportPeriodError(
      `期間が ${count} か月あります。1回の報告は ${MAX_REPORT_MONTHS} か月までにしてください / The period has ${count} months: one report covers at most ${MAX_REPORT_MONTHS}`,
    );
  }
  return Array.from({ length: count }, (_, i) => fromIndex(index(from) + i));
}

/** "2026-11", as the CSV and file names write it. */
export function monthKey(m: ReportMonth): string {
  return `${m.year}-${String(m.month).padStart(2, '0')}`;
}

/** "2026年11月", as the PDF and the CSV's first column write it. */
export function monthLabel(m: ReportMonth): string {
  return `${m.year}年${m.month}月`;
}

/**
 * The month as ISO instants [start, end): the stored timestamps are ISO strings in UTC
 * (Date.toISOString), so they compare with these as text.
 */
export function japanMonthBounds(m: ReportMonth): { start: string; end: string } {
  const startMs = Date.UTC(m.year, m.month - 1, 1) - JAPAN_OFFSET_MS;
  const endMs = Date.UTC(m.year, m.month, 1) - JAPAN_OFFSET_MS;
  return { start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString() };
}
