// A day or a time as people type it on a Japanese form, read the same on every PC whatever its
// browser's locale: 和暦 as forms and insurance cards write it (R8.12.6, 令和8年12月6日, S25.10.28,
// 令和元年5月1日, full-width digits too) and 西暦 as business systems export it (2026-12-06,
// 2026/12/6, 20261206, 2026年12月6日). A refused entry says why and what to type, in both languages.
import { CalendarDate } from '@internationalized/date';
import type { Label } from '../labels';
import { weekdayOf } from './calendar-day';
import { dayOfWareki, formatWarekiDay, type WarekiDayProblem } from './wareki';

export type DayInputProblem =
  { kind: 'unreadable' } | { kind: 'no-such-day' } | Extract<WarekiDayProblem, { kind: 'outside-era' }> | { kind: 'before-gregorian' };

export type DayInputResult = { day: CalendarDate } | { problem: DayInputProblem };

const ERA = '明治|大正|昭和|平成|令和|[明大昭平令MTSHRmtshr]';
const SEP = '[./\\-／・]';
/** 令和8年12月6日 / R8.12.6 / R8/12/6 / 令和元年5月1日 / 令和8.12.6 */
const WAREKI = new RegExp(`^(${ERA})\\s*(元|\\d{1,2})(?:\\s*年\\s*|${SEP})(\\d{1,2})(?:\\s*月\\s*|${SEP})(\\d{1,2})\\s*日?$`);
/** 2026-12-06 / 2026/12/6 / 2026.12.6 / 2026年12月6日 */
const WESTERN = new RegExp(`^(\\d{4})(?:\\s*年\\s*|${SEP})(\\d{1,2})(?:\\s*月\\s*|${SEP})(\\d{1,2})\\s*日?$`);
/** 20261206 */
const WESTERN_COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

/** Full-width digits and letters to ASCII (NFKC), and the separators people type in their place. */
function normalized(text: string): string {
  return text
    .normalize('NFKC')
    .trim()
    .replace(/[‐‑–—ー－]/g, '-')
    .replace(/\s+/g, ' ');
}

function realDay(year: number, month: number, day: number): DayInputResult {
  if (month < 1 || month > 12 || day < 1) return { problem: { kind: 'no-such-day' } };
  const first = new CalendarDate(year, month, 1);
  if (day > first.calendar.getDaysInMonth(first)) return { problem: { kind: 'no-such-day' } };
  return { day: new CalendarDate(year, month, day) };
}

/** Reads a typed day; an empty text is not a day (the caller decides whether one is required). */
export function parseDayInput(text: string): DayInputResult {
  const input = normalized(text);
  const wareki = WAREKI.exec(input);
  if (wareki) {
    const [, era, year, month, day] = wareki as unknown as [string, string, string, string, string];
    const result = dayOfWareki(era, year === '元' ? 1 : Number(year), Number(month), Number(day));
    return 'kind' in result ? { problem: result } : { day: result };
  }
  const western = WESTERN.exec(input) ?? WESTERN_COMPACT.exec(input);
  if (western) {
    const [, year, month, day] = western.map(Number) as [number, number, number, number];
    return realDay(year, month, day);
  }
  return { problem: { kind: 'unreadable' } };
}

const WEEKDAYS_JA = ['日', '月', '火', '水', '木', '金', '土'];
const WEEKDAYS_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The day read back to whoever typed it: "令和8年12月6日（日）2026年" / "Sun 6 Dec 2026 (Reiwa 8)". */
export function dayInputEcho(day: CalendarDate, locale: 'ja' | 'en'): string {
  const weekday = weekdayOf(day);
  if (locale === 'ja') return `${formatWarekiDay(day)}（${WEEKDAYS_JA[weekday]}）・${day.year}年`;
  const month = new Intl.DateTimeFormat('en-GB', { month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, day.month - 1, 1)));
  return `${WEEKDAYS_EN[weekday]} ${day.day} ${month} ${day.year}`;
}

/** What to tell someone whose typed day was refused, and what to type instead. */
export function dayInputProblemText(problem: DayInputProblem): Label {
  switch (problem.kind) {
    case 'unreadable':
      return {
        ja: '日付として読めません。「令和8年12月6日」「R8.12.6」「2026-12-06」「20261206」のように入力してください。',
        en: 'Not a date. Type it like 2026-12-06, 20261206, R8.12.6 or 令和8年12月6日.',
      };
    case 'no-such-day':
      return { ja: 'その月にその日はありません。月と日を確かめてください。', en: 'That month has no such day. Check the month and the day.' };
    case 'before-gregorian':
      return {
        ja: '明治6年（1873年）より前の日付は和暦で入力できません。西暦で入力してください。',
        en: 'Days before 1873 cannot be typed in the Japanese era. Type the western date.',
      };
    case 'outside-era': {
      const year = problem.eraYear === 1 ? '元' : String(problem.eraYear);
      const actual = problem.actual;
      return {
        ja: `${problem.era.ja}${year}年${actual.month}月${actual.day}日という日はありません（${actual.year}年${actual.month}月${actual.day}日は${formatWarekiDay(actual)}です）。元号を確かめてください。`,
        en: `${problem.era.en} ${problem.eraYear}, ${actual.month}/${actual.day} is not a real date (${actual.year}-${actual.month}-${actual.day} is ${formatWarekiDay(actual)}). Check the era.`,
      };
    }
  }
}

/** Reads a typed time of day, 24-hour: 14:05, 1405, 9:05, 14時5分; undefined when it is not one. */
export function parseTimeInput(text: string): { hour: number; minute: number } | undefined {
  const input = normalized(text).replace(/：/g, ':');
  const match = /^(\d{1,2})(?::|\s*時\s*)(\d{1,2})\s*分?$/.exec(input) ?? /^(\d{2})(\d{2})$/.exec(input) ?? /^(\d{1,2})\s*時$/.exec(input);
  if (!match) return undefined;
  const hour = Number(match[1]);
  const minute = match[2] === undefined ? 0 : Number(match[2]);
  return hour <= 23 && minute <= 59 ? { hour, minute } : undefined;
}
