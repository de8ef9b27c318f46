// 和暦: Japanese medical and care forms write days by era (令和6年4月1日), and people read a birth
// date by its era (昭和13年生). The era of a day comes from @internationalized/date's Japanese
// calendar (its own era table, not the ICU data of whichever Node or Chromium runs it), so a printed
// form and the screen cannot disagree at an era boundary: 1989-01-07 is 昭和64年, 1989-01-08 平成元年,
// 2019-04-30 平成31年, 2019-05-01 令和元年.
//
// Japan took the Gregorian calendar on 明治6年1月1日 (1873-01-01); earlier Gregorian days have no
// correct 和暦 (the lunisolar calendar was in use), so none is given for them.
import { CalendarDate, JapaneseCalendar, endOfMonth, toCalendar } from '@internationalized/date';
import type { Label } from '../labels';

const FIRST_GREGORIAN_DAY_IN_JAPAN_YEAR = 1873;

/** The library's era codes, in Japanese and in English (Hepburn, with the long vowels marked). */
const ERA_NAMES: Record<string, Label> = {
  meiji: { ja: '明治', en: 'Meiji' },
  taisho: { ja: '大正', en: 'Taishō' },
  showa: { ja: '昭和', en: 'Shōwa' },
  heisei: { ja: '平成', en: 'Heisei' },
  reiwa: { ja: '令和', en: 'Reiwa' },
};

const japanese = new JapaneseCalendar();

export interface EraYear {
  era: Label;
  /** 1 for the first year (元年). */
  year: number;
}

/** The era and era year of a day; undefined before 1873. */
export function eraYearOf(day: CalendarDate): EraYear | undefined {
  if (day.year < FIRST_GREGORIAN_DAY_IN_JAPAN_YEAR) return undefined;
  const inEra = toCalendar(day, japanese);
  const era = ERA_NAMES[inEra.era];
  // A new era the library knows and this table does not yet: say nothing rather than a wrong name.
  return era ? { era, year: inEra.year } : undefined;
}

/** "昭和13年", "令和元年" / "Shōwa 13", "Reiwa 1"; undefined before 1873. */
export function warekiYear(day: CalendarDate, locale: 'ja' | 'en' = 'ja'): string | undefined {
  const eraYear = eraYearOf(day);
  if (!eraYear) return undefined;
  if (locale === 'en') return `${eraYear.era.en} ${eraYear.year}`;
  return `${eraYear.era.ja}${eraYear.year === 1 ? '元' : eraYear.year}年`;
}

/** "令和6年4月1日"; "1872年12月31日" when the day has no 和暦. */
export function formatWarekiDay(day: CalendarDate): string {
  return `${warekiYear(day) ?? `${day.year}年`}${day.month}月${day.day}日`;
}

/**
 * A birth date as Japanese forms write it, era first with the western year after it:
 * "昭和13年4月2日（1938年）"; "1872年12月31日" when the day has no 和暦.
 */
export function formatWarekiBirthDate(day: CalendarDate): string {
  const era = warekiYear(day);
  return era ? `${era}${day.month}月${day.day}日（${day.year}年）` : formatWarekiDay(day);
}

/**
 * The era year people write for a month or a year known without its day (an onset "1989年"): the
 * era in force at the period's end, so 1989 and 1989-01 are 平成元年.
 */
export function warekiYearOfPeriod(year: number, month: number | null, locale: 'ja' | 'en' = 'ja'): string | undefined {
  return warekiYear(endOfMonth(new CalendarDate(year, month ?? 12, 1)), locale);
}

/** The heading of a month: "令和6年4月", "平成元年1月" (the era in force at the month's end); "1872年12月" before 1873. */
export function formatWarekiMonth(year: number, month: number): string {
  return `${warekiYearOfPeriod(year, month) ?? `${year}年`}${month}月`;
}

/**
 * The eras a typed 和暦 day may name, with the Gregorian year of their first year: 令和8年 is
 * 2019 + 8 − 1. Whether the day really lies in the era is asked of the calendar above, so the
 * boundaries (平成31年4月30日 / 令和元年5月1日) are the ones every printed form uses.
 */
const TYPED_ERAS: readonly { code: string; firstYear: number; names: readonly string[] }[] = [
  { code: 'meiji', firstYear: 1868, names: ['明治', '明', 'M'] },
  { code: 'taisho', firstYear: 1912, names: ['大正', '大', 'T'] },
  { code: 'showa', firstYear: 1926, names: ['昭和', '昭', 'S'] },
  { code: 'heisei', firstYear: 1989, names: ['平成', '平', 'H'] },
  { code: 'reiwa', firstYear: 2019, names: ['令和', '令', 'R'] },
];

/** The era a typed name means (昭和, 昭, S or s); undefined for none. */
export function eraOfName(name: string): { code: string; firstYear: number; label: Label } | undefined {
  const era = TYPED_ERAS.find((e) => e.names.includes(name.toUpperCase()));
  return era ? { code: era.code, firstYear: era.firstYear, label: ERA_NAMES[era.code]! } : undefined;
}

/** Why a 和暦 day was refused. */
export type WarekiDayProblem =
  /** No such day in the Gregorian calendar (令和8年2月30日). */
  | { kind: 'no-such-day' }
  /** The day exists but not in that era (平成31年5月1日 is 令和元年5月1日). */
  | { kind: 'outside-era'; era: Label; eraYear: number; actual: CalendarDate }
  /** Before Japan took the Gregorian calendar (明治5年以前): no Gregorian day to give. */
  | { kind: 'before-gregorian' };

/**
 * The day a 和暦 date names: 昭和23年3月2日 is 1948-03-02. Refused when it names a day the era
 * never had: 平成31年5月1日 and 令和元年4月30日 are not real dates in any document (the era changed
 * on 2019-05-01), nor is 昭和70年.
 */
export function dayOfWareki(eraName: string, eraYear: number, month: number, day: number): CalendarDate | WarekiDayProblem {
  const era = eraOfName(eraName);
  if (!era || eraYear < 1 || month < 1 || month > 12 || day < 1) return { kind: 'no-such-day' };
  const year = era.firstYear + eraYear - 1;
  if (year < FIRST_GREGORIAN_DAY_IN_JAPAN_YEAR) return { kind: 'before-gregorian' };
  const candidate = new CalendarDate(year, month, 1);
  if (day > candidate.calendar.getDaysInMonth(candidate)) return { kind: 'no-such-day' };
  const gregorian = new CalendarDate(year, month, day);
  const inEra = toCalendar(gregorian, japanese);
  if (inEra.era !== era.code) return { kind: 'outside-era', era: era.label, eraYear, actual: gregorian };
  return gregorian;
}
