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
