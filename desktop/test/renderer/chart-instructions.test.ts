import { describe, expect, it } from 'vitest';
import { instructionStatus, sortInstructionAlerts } from '../../src/renderer/chart/overview/instruction-status';
import { dateTimeInputValue, daysBetween, formatRecordDay, instantFromDateTimeInput, japaneseEraDate } from '../../src/renderer/chart/shared/chart-dates';

const alert = (validUntil: string, daysLeft = 0, expired = false) => ({ validUntil, daysLeft, expired });

describe('instruction expiry', () => {
  it('counts from the last valid day against today, so a day-old cached overview still tells the truth', () => {
    // The server said 3 days left yesterday; today it is 2.
    expect(instructionStatus(alert('2026-11-22', 3), '2026-11-20')).toEqual({ daysLeft: 2, urgency: 'soon' });
    expect(instructionStatus(alert('2026-11-20', 1), '2026-11-20')).toEqual({ daysLeft: 0, urgency: 'today' });
    expect(instructionStatus(alert('2026-11-10', -9, true), '2026-11-20')).toEqual({ daysLeft: -10, urgency: 'expired' });
    expect(instructionStatus(alert('2026-12-20', 30), '2026-11-20')).toEqual({ daysLeft: 30, urgency: 'upcoming' });
  });

  it('falls back to the server’s count when the day cannot be read', () => {
    expect(instructionStatus(alert('', 5), '2026-11-20')).toEqual({ daysLeft: 5, urgency: 'soon' });
    expect(instructionStatus(alert('', 0, true), '2026-11-20').urgency).toBe('expired');
  });

  it('lists the most urgent first', () => {
    const sorted = sortInstructionAlerts([alert('2026-12-01'), alert('2026-11-01'), alert('2026-11-21')], '2026-11-20');
    expect(sorted.map((a) => a.validUntil)).toEqual(['2026-11-01', '2026-11-21', '2026-12-01']);
  });
});

describe('record days', () => {
  it('counts whole days between calendar days, across months and leap days', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2026-11-20', '2026-11-20')).toBe(0);
    expect(daysBetween('2026-11-20', 'garbage')).toBeNull();
  });

  it('writes 和暦 as documents print it, 元年 included', () => {
    expect(japaneseEraDate({ year: 2026, month: 11, day: 20 })).toBe('令和8年11月20日');
    expect(japaneseEraDate({ year: 2019, month: 5, day: 1 })).toBe('令和元年5月1日');
    expect(japaneseEraDate({ year: 2019, month: 4, day: 30 })).toBe('平成31年4月30日');
    expect(formatRecordDay('2026-11-20', 'ja', true)).toBe('令和8年11月20日');
    expect(formatRecordDay('2026-11-20', 'ja', false)).toBe('2026年11月20日');
    expect(formatRecordDay('2026-11-20', 'en', true)).toBe('20 Nov 2026 (Reiwa 8)');
    expect(formatRecordDay('', 'ja', true)).toBe('');
  });

  it('reads a datetime-local value as this PC’s time, and refuses days that do not exist', () => {
    const instant = instantFromDateTimeInput('2026-11-20T14:05');
    expect(instant && dateTimeInputValue(instant)).toBe('2026-11-20T14:05');
    expect(instantFromDateTimeInput('2026-02-30T10:00')).toBeNull();
    expect(instantFromDateTimeInput('2026-11-20')).toBeNull();
  });
});
