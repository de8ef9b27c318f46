import { describe, expect, it } from 'vitest';
import {
  ageOn,
  calendarDateOf,
  formatCalendarDate,
  formatDateWithEra,
  japaneseEraYear,
  parseCalendarDate,
  type FullCalendarDate,
} from '../../src/renderer/format/calendar-date';

const day = (text: string) => parseCalendarDate(text) as FullCalendarDate;

describe('parseCalendarDate', () => {
  it('reads full dates, year-months and years, as recorded onset dates are', () => {
    expect(parseCalendarDate('1938-04-02')).toEqual({ year: 1938, month: 4, day: 2 });
    expect(parseCalendarDate('2015-06')).toEqual({ year: 2015, month: 6, day: null });
    expect(parseCalendarDate('2008')).toEqual({ year: 2008, month: null, day: null });
    expect(parseCalendarDate('2019-11-03T00:00:00Z')).toEqual({ year: 2019, month: 11, day: 3 });
  });

  it('refuses days that do not exist rather than rolling them over', () => {
    expect(parseCalendarDate('2023-02-29')).toBeNull();
    expect(parseCalendarDate('2024-13-01')).toBeNull();
    expect(parseCalendarDate('')).toBeNull();
    expect(parseCalendarDate('昭和13年')).toBeNull();
  });
});

describe('ageOn', () => {
  const born = day('1938-04-02');
  it('counts a year only from the birthday on', () => {
    expect(ageOn(born, { year: 2026, month: 4, day: 1 })).toBe(87);
    expect(ageOn(born, { year: 2026, month: 4, day: 2 })).toBe(88);
    expect(ageOn(born, { year: 2026, month: 12, day: 31 })).toBe(88);
  });

  it('ages someone born on 29 February on 1 March in common years', () => {
    const leapling = day('1940-02-29');
    expect(ageOn(leapling, { year: 2026, month: 2, day: 28 })).toBe(85);
    expect(ageOn(leapling, { year: 2026, month: 3, day: 1 })).toBe(86);
    expect(ageOn(leapling, { year: 2028, month: 2, day: 29 })).toBe(88);
  });
});

describe('calendarDateOf', () => {
  it("is the calendar day in Japan, not in UTC or the PC's zone", () => {
    // 20:30 UTC on 2 November is 05:30 on 3 November in Japan (and 15:30 on 2 November in New York).
    expect(calendarDateOf(new Date('2026-11-02T20:30:00Z'))).toEqual({ year: 2026, month: 11, day: 3 });
    expect(calendarDateOf(new Date('2026-11-02T14:59:00Z'))).toEqual({ year: 2026, month: 11, day: 2 });
  });
});

describe('Japanese era years (和暦)', () => {
  it('names the era and year, with 元年 for the first year', () => {
    expect(japaneseEraYear(day('1938-04-02'), 'ja')).toBe('昭和13年');
    expect(japaneseEraYear(day('1989-01-07'), 'ja')).toBe('昭和64年');
    expect(japaneseEraYear(day('1989-01-08'), 'ja')).toBe('平成元年');
    expect(japaneseEraYear(day('2019-04-30'), 'ja')).toBe('平成31年');
    expect(japaneseEraYear(day('2019-05-01'), 'ja')).toBe('令和元年');
    expect(japaneseEraYear(day('1926-12-25'), 'ja')).toBe('昭和元年');
    expect(japaneseEraYear(day('1912-07-30'), 'ja')).toBe('大正元年');
  });

  it('writes the era in English with its year number', () => {
    expect(japaneseEraYear(day('1938-04-02'), 'en')).toBe('Shōwa 13');
    expect(japaneseEraYear(day('2019-05-01'), 'en')).toBe('Reiwa 1');
  });

  it('takes the era in force at the end of a partly known period', () => {
    expect(japaneseEraYear({ year: 1989, month: null, day: null }, 'ja')).toBe('平成元年');
    expect(japaneseEraYear({ year: 2019, month: 4, day: null }, 'ja')).toBe('平成31年');
  });

  it('gives none before Japan used the Gregorian calendar', () => {
    expect(japaneseEraYear({ year: 1860, month: 1, day: 1 }, 'ja')).toBeNull();
  });
});

describe('formatting dates of the record', () => {
  it('shows a birth date in both calendars', () => {
    expect(formatDateWithEra(day('1938-04-02'), 'ja')).toBe('1938年4月2日（昭和13年）');
    expect(formatDateWithEra(day('1938-04-02'), 'en')).toBe('2 Apr 1938 (Shōwa 13)');
  });

  it('shows only what is known of a date', () => {
    expect(formatCalendarDate(parseCalendarDate('2015-06')!, 'ja')).toBe('2015年6月');
    expect(formatCalendarDate(parseCalendarDate('2008')!, 'ja')).toBe('2008年');
    expect(formatCalendarDate(parseCalendarDate('2015-06')!, 'en')).toBe('Jun 2015');
  });

  it('never shifts a calendar day by the time zone', () => {
    // 1 January in UTC is still 31 December in the Americas; a birth date must not move.
    expect(formatCalendarDate(day('1950-01-01'), 'ja')).toBe('1950年1月1日');
  });
});
