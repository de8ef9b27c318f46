// With 和暦 chosen, every kind of date the screens show is written in the era: note and save times,
// timeline times, birth dates; without it they stay western. English keeps the western date.
import { describe, expect, it } from 'vitest';
import { formatDateTime, formatRecordDay } from '../../src/renderer/chart/shared/chart-dates';
import { formatInstant } from '../../src/renderer/format/clock-time';
import { formatBirthDate } from '../../src/renderer/format/calendar-date';
import { dateTimeInputValue } from '../../src/renderer/components/DateTimeInput';
import { dayInputValue } from '../../src/renderer/components/DayInput';

describe('dates in 和暦 when the user chose it', () => {
  it('writes note and save times with their era', () => {
    expect(formatDateTime('2026-11-20T05:05:00Z', 'ja', false)).toBe('2026/11/20 14:05');
    expect(formatDateTime('2026-11-20T05:05:00Z', 'ja', true)).toBe('令和8年11月20日 14:05');
    expect(formatDateTime('2026-11-20T05:05:00Z', 'en', true)).toBe('20/11/2026, 14:05 (Reiwa 8)');
    // 15:30 UTC on 30 April 2019 is already 1 May in Japan: 令和元年.
    expect(formatDateTime('2019-04-30T15:30:00Z', 'ja', true)).toBe('令和元年5月1日 00:30');
  });

  it('writes timeline times of other days with their era, today’s as a time', () => {
    const now = new Date('2026-11-03T05:00:00Z');
    expect(formatInstant('2026-11-02T05:05:00Z', 'ja', { now, era: true })).toBe('令和8年11月2日 14:05');
    expect(formatInstant('2026-11-03T04:05:00Z', 'ja', { now, era: true })).toBe('13:05');
    expect(formatInstant('2026-11-02T05:05:00Z', 'ja', { now })).toBe('11月2日 14:05');
  });

  it('writes a birth date era first, as forms do', () => {
    const birth = { year: 1948, month: 3, day: 2 };
    expect(formatBirthDate(birth, 'ja', true)).toBe('昭和23年3月2日（1948年）');
    expect(formatBirthDate(birth, 'ja', false)).toBe('1948年3月2日（昭和23年）');
    expect(formatBirthDate(birth, 'en', true)).toBe('2 Mar 1948 (Shōwa 23)');
  });

  it('writes record days with their era', () => {
    expect(formatRecordDay('2019-05-01', 'ja', true)).toBe('令和元年5月1日');
    expect(formatRecordDay('2019-04-30', 'ja', false)).toBe('2019年4月30日');
  });
});

describe('what the date inputs hand to their forms', () => {
  it('gives a typed day as YYYY-MM-DD, and a text that is no day as typed so the form refuses it', () => {
    expect(dayInputValue('R8.12.6')).toBe('2026-12-06');
    expect(dayInputValue('２０２６／１２／６')).toBe('2026-12-06');
    expect(dayInputValue('  ')).toBe('');
    expect(dayInputValue('H31.5.1')).toBe('H31.5.1');
  });

  it('gives a typed day and 24-hour time as YYYY-MM-DDTHH:mm', () => {
    expect(dateTimeInputValue('R8.12.6 14:05')).toBe('2026-12-06T14:05');
    expect(dateTimeInputValue('2026-12-06T09:30')).toBe('2026-12-06T09:30');
    expect(dateTimeInputValue('20261206 1405')).toBe('2026-12-06T14:05');
    expect(dateTimeInputValue('令和8年12月6日 14時5分')).toBe('2026-12-06T14:05');
    expect(dateTimeInputValue('2026-12-06')).toBe('2026-12-06');
    expect(dateTimeInputValue('2026-12-06 2:05 PM')).toBe('2026-12-06 2:05 PM');
  });
});
