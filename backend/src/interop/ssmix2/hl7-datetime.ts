// HL7 v2.5 DTM/DT values read strictly and kept in Japan time. A hospital writes local time without
// an offset, which in Japan is JST (+09:00, no daylight saving); a value with an offset is moved to
// JST. The precision the hospital gave is kept: a 199601 onset is "1996-01", not the 1st of January.

export type DatePrecision = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second';

export interface JapanTime {
  /** ISO 8601: "1996", "1996-01", "1996-01-15", or "1996-01-15T10:30[:45[.123]]+09:00". */
  iso: string;
  precision: DatePrecision;
}

const DTM = /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:\.(\d{1,4}))?([+-]\d{4})?$/;
const PRECISIONS: DatePrecision[] = ['year', 'month', 'day', 'hour', 'minute', 'second'];
const JST_MINUTES = 9 * 60;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Parses an HL7 DTM (or DT) value; null when it is not a real date/time. */
export function parseHl7DateTime(raw: string): JapanTime | null {
  const match = DTM.exec(raw);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, fraction, offset] = match;
  const parts = [y, mo, d, h, mi, s].filter((part) => part !== undefined).map(Number);
  const precision = PRECISIONS[parts.length - 1]!;
  if (fraction !== undefined && precision !== 'second') return null;
  if (offset !== undefined && parts.length < 4) return null;
  const [year, month = 1, day = 1, hour = 0, minute = 0, second = 0] = parts;
  if (year! < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year!, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  if (offset !== undefined) {
    const offsetMinutes = Math.sign(Number(offset)) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(3, 5)));
    if (Number(offset.slice(3, 5)) > 59 || Math.abs(offsetMinutes) > 14 * 60) return null;
    return formatJapanTime(year!, month, day, hour, minute - offsetMinutes + JST_MINUTES, second, fraction, precision);
  }
  return formatJapanTime(year!, month, day, hour, minute, second, fraction, precision);
}

function formatJapanTime(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  fraction: string | undefined,
  precision: DatePrecision,
): JapanTime {
  // A UTC Date used as a calendar: it carries a minute moved by an offset across hours and days
  // (setUTCFullYear, unlike Date.UTC, does not read years below 100 as 19xx).
  const at = new Date(0);
  at.setUTCFullYear(year, month - 1, day);
  at.setUTCHours(hour, minute, second);
  const date = `${pad(at.getUTCFullYear(), 4)}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
  const clock = `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`;
  switch (precision) {
    case 'year':
      return { iso: pad(year, 4), precision };
    case 'month':
      return { iso: `${pad(year, 4)}-${pad(month)}`, precision };
    case 'day':
      return { iso: date, precision };
    case 'hour':
    case 'minute':
      return { iso: `${date}T${clock}+09:00`, precision };
    case 'second': {
      const millis = fraction === undefined ? '' : `.${fraction.padEnd(3, '0').slice(0, 3)}`;
      return { iso: `${date}T${clock}:${pad(at.getUTCSeconds())}${millis}+09:00`, precision };
    }
  }
}

/** Parses the 17-digit 発生日時 of an SS-MIX2 file name (yyyyMMddHHmmssfff, Japan time). */
export function parseStorageTimestamp(raw: string): JapanTime | null {
  if (!/^\d{17}$/.test(raw)) return null;
  return parseHl7DateTime(`${raw.slice(0, 14)}.${raw.slice(14)}`);
}

/** The calendar day (YYYYMMDD, Japan time) of a parsed value with at least day precision. */
export function japanDay(time: JapanTime): string | null {
  return PRECISIONS.indexOf(time.precision) >= 2 ? time.iso.slice(0, 10).replaceAll('-', '') : null;
}

/** The calendar day as YYYY-MM-DD (Japan time) of a value with at least day precision; null without one. */
export function isoDay(time: JapanTime | null): string | null {
  return time && PRECISIONS.indexOf(time.precision) >= 2 ? time.iso.slice(0, 10) : null;
}
