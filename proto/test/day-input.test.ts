import { describe, expect, it } from 'vitest';
import { dayInputEcho, dayInputProblemText, dayOfWareki, parseDayInput, parseTimeInput } from '../src/calendar';

const read = (text: string) => {
  const result = parseDayInput(text);
  return 'day' in result ? result.day.toString() : result.problem.kind;
};

describe('typed days', () => {
  it('reads 和暦 as forms and cards write it', () => {
    expect(read('R8.12.6')).toBe('2026-12-06');
    expect(read('令和8年12月6日')).toBe('2026-12-06');
    expect(read('S25.10.28')).toBe('1950-10-28');
    expect(read('s23.3.2')).toBe('1948-03-02');
    expect(read('昭和23年3月2日')).toBe('1948-03-02');
    expect(read('Ｈ３１．４．３０')).toBe('2019-04-30');
    expect(read('令和元年5月1日')).toBe('2019-05-01');
    expect(read('R1.5.1')).toBe('2019-05-01');
    expect(read('T15.12.24')).toBe('1926-12-24');
    expect(read('S1.12.25')).toBe('1926-12-25');
    expect(read('S64.1.7')).toBe('1989-01-07');
    expect(read('H1.1.8')).toBe('1989-01-08');
    expect(read('平成元年1月8日')).toBe('1989-01-08');
    expect(read('M6.1.1')).toBe('1873-01-01');
    expect(read('令和 8 年 12 月 6 日')).toBe('2026-12-06');
  });

  it('reads 西暦 in the ways business systems export it', () => {
    expect(read('2026-12-06')).toBe('2026-12-06');
    expect(read('2026/12/6')).toBe('2026-12-06');
    expect(read('20261206')).toBe('2026-12-06');
    expect(read('2026年12月6日')).toBe('2026-12-06');
    expect(read('２０２６／１２／６')).toBe('2026-12-06');
    expect(read('2024-02-29')).toBe('2024-02-29');
  });

  it('refuses days an era never had, at both sides of each boundary', () => {
    expect(read('R1.4.30')).toBe('outside-era');
    expect(read('H31.5.1')).toBe('outside-era');
    expect(read('平成31年5月1日')).toBe('outside-era');
    expect(read('S64.1.8')).toBe('outside-era');
    expect(read('H1.1.7')).toBe('outside-era');
    expect(read('T15.12.25')).toBe('outside-era');
    expect(read('S70.1.1')).toBe('outside-era');
    expect(read('M5.12.31')).toBe('before-gregorian');
  });

  it('refuses days that do not exist and text that is not a day', () => {
    expect(read('2023-02-29')).toBe('no-such-day');
    expect(read('R8.2.30')).toBe('no-such-day');
    expect(read('2026-13-01')).toBe('no-such-day');
    expect(read('20261301')).toBe('no-such-day');
    for (const bad of ['', '12/6', 'R8.12', '明日', 'X8.12.6', '2026-12-06T00:00']) expect(read(bad), bad).toBe('unreadable');
  });

  it('says why a day was refused and which day was meant', () => {
    const result = parseDayInput('平成31年5月1日');
    expect('problem' in result).toBe(true);
    if (!('problem' in result)) return;
    const text = dayInputProblemText(result.problem);
    expect(text.ja).toBe('平成31年5月1日という日はありません（2019年5月1日は令和元年5月1日です）。元号を確かめてください。');
    expect(text.en).toContain('Heisei 31');
    expect(dayInputProblemText({ kind: 'unreadable' }).ja).toContain('R8.12.6');
  });

  it('reads the day back with its weekday', () => {
    const result = parseDayInput('R8.12.6');
    if (!('day' in result)) throw new Error('not read');
    expect(dayInputEcho(result.day, 'ja')).toBe('令和8年12月6日（日）・2026年');
    expect(dayInputEcho(result.day, 'en')).toBe('Sun 6 Dec 2026');
  });

  it('gives the problem for a 和暦 day directly too', () => {
    expect(dayOfWareki('令和', 1, 5, 1).toString()).toBe('2019-05-01');
    expect(dayOfWareki('Q', 1, 5, 1)).toEqual({ kind: 'no-such-day' });
  });
});

describe('typed times', () => {
  it('reads 24-hour times whatever the browser locale', () => {
    expect(parseTimeInput('14:05')).toEqual({ hour: 14, minute: 5 });
    expect(parseTimeInput('1405')).toEqual({ hour: 14, minute: 5 });
    expect(parseTimeInput('9:05')).toEqual({ hour: 9, minute: 5 });
    expect(parseTimeInput('１４：０５')).toEqual({ hour: 14, minute: 5 });
    expect(parseTimeInput('14時5分')).toEqual({ hour: 14, minute: 5 });
    expect(parseTimeInput('0:00')).toEqual({ hour: 0, minute: 0 });
    for (const bad of ['24:00', '12:60', '2:05 PM', '', 'abc']) expect(parseTimeInput(bad), bad).toBeUndefined();
  });
});
