import { describe, expect, it } from 'vitest';
import {
  ageOn,
  daysBetweenTexts,
  daysInMonthOf,
  formatDay,
  formatJapanClockWithSeconds,
  formatJapanDateTime,
  formatJapanInstant,
  formatJapanRecordTime,
  formatWarekiDateTime,
  formatWarekiBirthDate,
  formatWarekiDay,
  formatWarekiMonth,
  instantFromJapanDateTime,
  japanDateTimeInputValue,
  japanToday,
  lastDayOfDaysPeriod,
  lastDayOfMonthsPeriod,
  parseDay,
  warekiYear,
  warekiYearOfPeriod,
  weekdayOf,
} from '../src/calendar';

const day = (text: string) => parseDay(text)!;

describe('calendar days', () => {
  it('reads only real days written YYYY-MM-DD', () => {
    expect(parseDay('2024-02-29')?.toString()).toBe('2024-02-29');
    for (const bad of ['2023-02-29', '2026-13-01', '2026-00-10', '2026-1-5', '2026-11-20T00:00:00Z', '', '令和8年']) expect(parseDay(bad), bad).toBeUndefined();
  });

  it('counts today in Japan, whatever the machine zone', () => {
    // 23:30 UTC on 5 December is 08:30 on 6 December in Tokyo.
    expect(japanToday(new Date('2026-12-05T23:30:00Z'))).toBe('2026-12-06');
    expect(japanToday(new Date('2026-12-05T14:59:59Z'))).toBe('2026-12-05');
    expect(japanToday(new Date('2026-12-05T15:00:00Z'))).toBe('2026-12-06');
  });

  it('counts whole days between days', () => {
    expect(daysBetweenTexts('2026-11-06', '2026-12-06')).toBe(30);
    expect(daysBetweenTexts('2026-12-06', '2026-11-06')).toBe(-30);
    expect(daysBetweenTexts('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetweenTexts('2024-02-28', 'x')).toBeUndefined();
  });

  it('ends a period of months as the civil code does (民法143条)', () => {
    expect(lastDayOfMonthsPeriod(day('2024-04-01'), 6).toString()).toBe('2024-09-30');
    expect(lastDayOfMonthsPeriod(day('2024-08-31'), 6).toString()).toBe('2025-02-28');
    expect(lastDayOfMonthsPeriod(day('2023-08-30'), 6).toString()).toBe('2024-02-29');
    expect(lastDayOfMonthsPeriod(day('2024-01-31'), 1).toString()).toBe('2024-02-29');
    expect(lastDayOfMonthsPeriod(day('2026-11-15'), 6).toString()).toBe('2027-05-14');
    expect(lastDayOfDaysPeriod(day('2026-12-25'), 14).toString()).toBe('2027-01-07');
  });

  it('lays out a month in weeks from Sunday', () => {
    expect(weekdayOf(day('2024-04-01'))).toBe(1); // a Monday
    expect(weekdayOf(day('2024-09-01'))).toBe(0); // a Sunday
    expect(weekdayOf(day('2026-02-28'))).toBe(6); // a Saturday
    expect(daysInMonthOf(day('2024-02-10'))).toBe(29);
    expect(daysInMonthOf(day('2023-02-10'))).toBe(28);
    expect(daysInMonthOf(day('2024-04-30'))).toBe(30);
  });

  it('counts age as Japanese law does, 29 February included', () => {
    expect(ageOn(day('1938-04-02'), day('2026-04-01'))).toBe(87);
    expect(ageOn(day('1938-04-02'), day('2026-04-02'))).toBe(88);
    expect(ageOn(day('1940-02-29'), day('2025-02-28'))).toBe(84);
    expect(ageOn(day('1940-02-29'), day('2025-03-01'))).toBe(85);
  });
});

describe('和暦', () => {
  it('changes era on the day of accession', () => {
    expect(formatWarekiDay(day('1989-01-07'))).toBe('昭和64年1月7日');
    expect(formatWarekiDay(day('1989-01-08'))).toBe('平成元年1月8日');
    expect(formatWarekiDay(day('2019-04-30'))).toBe('平成31年4月30日');
    expect(formatWarekiDay(day('2019-05-01'))).toBe('令和元年5月1日');
    expect(formatWarekiDay(day('1926-12-24'))).toBe('大正15年12月24日');
    expect(formatWarekiDay(day('1926-12-25'))).toBe('昭和元年12月25日');
    expect(formatWarekiDay(day('1912-07-29'))).toBe('明治45年7月29日');
    expect(formatWarekiDay(day('1912-07-30'))).toBe('大正元年7月30日');
    expect(warekiYear(day('2019-05-01'), 'en')).toBe('Reiwa 1');
    expect(warekiYear(day('1938-04-02'), 'en')).toBe('Shōwa 13');
  });

  it('gives no era before Japan took the Gregorian calendar (1873)', () => {
    expect(warekiYear(day('1873-01-01'))).toBe('明治6年');
    expect(warekiYear(day('1872-12-31'))).toBeUndefined();
    expect(formatWarekiDay(day('1872-12-31'))).toBe('1872年12月31日');
  });

  it('writes a birth date with the western year after the era', () => {
    expect(formatWarekiBirthDate(day('1938-04-02'))).toBe('昭和13年4月2日（1938年）');
    expect(formatWarekiBirthDate(day('1989-01-07'))).toBe('昭和64年1月7日（1989年）');
    expect(formatWarekiBirthDate(day('1989-01-08'))).toBe('平成元年1月8日（1989年）');
    expect(formatWarekiBirthDate(day('1872-12-31'))).toBe('1872年12月31日');
  });

  it('names a year or a month by the era in force at its end', () => {
    expect(formatWarekiMonth(1989, 1)).toBe('平成元年1月');
    expect(formatWarekiMonth(2019, 4)).toBe('平成31年4月');
    expect(formatWarekiMonth(2019, 5)).toBe('令和元年5月');
    expect(formatWarekiMonth(2024, 4)).toBe('令和6年4月');
    expect(formatWarekiMonth(1872, 12)).toBe('1872年12月');
    expect(warekiYearOfPeriod(1989, null)).toBe('平成元年');
    expect(warekiYearOfPeriod(1989, 1)).toBe('平成元年');
    expect(warekiYearOfPeriod(2019, 4)).toBe('平成31年');
    expect(warekiYearOfPeriod(2019, null, 'en')).toBe('Reiwa 1');
  });
});

describe('Japan time', () => {
  it('shows instants in Japan time, on both sides of an era change', () => {
    expect(formatJapanDateTime(new Date('2019-04-30T15:05:00Z'))).toBe('2019-05-01 00:05');
    expect(formatWarekiDateTime(new Date('2019-04-30T14:59:00Z'))).toBe('平成31年4月30日 23:59');
    expect(formatWarekiDateTime(new Date('2019-04-30T15:00:00Z'))).toBe('令和元年5月1日 00:00');
    expect(formatWarekiDateTime(new Date('1989-01-07T15:00:00Z'))).toBe('平成元年1月8日 00:00');
  });

  it('reads and writes date-and-time inputs in Japan time', () => {
    const instant = instantFromJapanDateTime('2026-12-06T09:05')!;
    expect(instant.toISOString()).toBe('2026-12-06T00:05:00.000Z');
    expect(japanDateTimeInputValue(instant)).toBe('2026-12-06T09:05');
    for (const bad of ['2026-02-30T10:00', '2026-12-06T24:00', '2026-12-06 09:05', '']) expect(instantFromJapanDateTime(bad), bad).toBeUndefined();
  });
});

describe('days and instants on the screens', () => {
  it('writes a day, or as much of it as is known, without moving it to a neighbouring day', () => {
    expect(formatDay(day('1938-04-02'), 'ja')).toBe('1938年4月2日');
    expect(formatDay(day('1938-04-02'), 'en')).toBe('2 Apr 1938');
    expect(formatDay({ year: 2015, month: 6, day: null }, 'ja')).toBe('2015年6月');
    expect(formatDay({ year: 2015, month: 6, day: null }, 'en')).toBe('Jun 2015');
    expect(formatDay({ year: 2008, month: null, day: null }, 'ja')).toBe('2008年');
    expect(formatDay(day('1950-01-01'), 'en')).toBe('1 Jan 1950');
  });

  // 14:00 on 3 November 2026 in Japan.
  const now = new Date('2026-11-03T05:00:00Z');

  it('gives an instant in Japan time, with its date when it is not today in Japan', () => {
    expect(formatJapanInstant(new Date('2026-11-03T04:05:00Z'), now, 'ja')).toBe('13:05');
    expect(formatJapanInstant(new Date('2026-11-03T04:05:00Z'), now, 'en')).toBe('13:05');
    expect(formatJapanInstant(new Date('2026-11-02T05:05:00Z'), now, 'ja')).toBe('11月2日 14:05');
    expect(formatJapanInstant(new Date('2026-11-02T05:05:00Z'), now, 'en')).toBe('2 Nov, 14:05');
    expect(formatJapanInstant(new Date('2025-12-31T05:05:00Z'), now, 'ja')).toBe('2025年12月31日 14:05');
    // 23:30 UTC on 2 November is 08:30 on 3 November in Japan: today, though not in UTC or New York.
    expect(formatJapanInstant(new Date('2026-11-02T23:30:00Z'), now, 'ja')).toBe('08:30');
    // 15:30 UTC on 3 November is already 4 November in Japan.
    expect(formatJapanInstant(new Date('2026-11-03T15:30:00Z'), now, 'en')).toBe('4 Nov, 00:30');
  });

  it('gives a record time with its full date, and a watched clock with seconds, in Japan time', () => {
    expect(formatJapanRecordTime(new Date('2026-11-19T15:05:00Z'), 'ja')).toBe('2026/11/20 00:05');
    expect(formatJapanRecordTime(new Date('2026-11-19T15:05:00Z'), 'en')).toBe('20/11/2026, 00:05');
    expect(formatJapanClockWithSeconds(new Date('2026-11-03T05:06:07Z'))).toBe('14:06:07');
  });
});
