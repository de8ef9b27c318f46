import { describe, expect, it } from 'vitest';
import { formatClockWithSeconds, formatInstant } from '../../src/renderer/format/clock-time';

const tokyo = { now: new Date('2026-11-03T05:00:00Z') }; // 14:00 in Japan

describe('formatInstant', () => {
  it('gives only the time for today', () => {
    expect(formatInstant('2026-11-03T04:05:00Z', 'ja', tokyo)).toBe('13:05');
    expect(formatInstant('2026-11-03T04:05:00Z', 'en', tokyo)).toBe('13:05');
  });

  it('adds the date when it is not today, so old data never looks current', () => {
    expect(formatInstant('2026-11-02T05:05:00Z', 'ja', tokyo)).toBe('11月2日 14:05');
    expect(formatInstant('2026-11-02T05:05:00Z', 'en', tokyo)).toBe('2 Nov, 14:05');
  });

  it('adds the year when it is not this year', () => {
    expect(formatInstant('2025-12-31T05:05:00Z', 'ja', tokyo)).toBe('2025年12月31日 14:05');
  });

  it('judges "today" in Japan, not in UTC or the PC\'s zone', () => {
    // 23:30 UTC on 2 November is 08:30 on 3 November in Tokyo: today.
    expect(formatInstant('2026-11-02T23:30:00Z', 'ja', tokyo)).toBe('08:30');
  });

  it('shows an unreadable timestamp as it is rather than "Invalid Date"', () => {
    expect(formatInstant('not a time', 'ja', tokyo)).toBe('not a time');
  });
});

describe('formatClockWithSeconds', () => {
  it('includes seconds', () => {
    expect(formatClockWithSeconds('2026-11-03T05:06:07Z')).toBe('14:06:07');
  });
});
