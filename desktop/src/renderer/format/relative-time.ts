// How long ago something happened, as a timeline says it: 「たった今」「5分前」「3時間前」, then the
// date and time (Japan time) once it is older than a day, where "yesterday 23:50" and "3日前" would
// both make people count. The full time is always given for the hover title.
import type { Locale } from '../../shared/desktop-api';
import { formatInstant } from './clock-time';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** 「5分前」 for the last hour, 「3時間前」 for the last day, else the time as formatInstant says it. */
export function formatRelative(iso: string, locale: Locale, now: Date, justNow: string): string {
  const at = new Date(iso).getTime();
  if (Number.isNaN(at)) return iso;
  const ago = now.getTime() - at;
  // A clock a little ahead of the server's still reads "just now", not "in 1 minute".
  if (ago < MINUTE) return justNow;
  const words = new Intl.RelativeTimeFormat(locale === 'ja' ? 'ja-JP' : 'en', { numeric: 'always', style: 'short' });
  if (ago < HOUR) return words.format(-Math.floor(ago / MINUTE), 'minute');
  if (ago < 24 * HOUR) return words.format(-Math.floor(ago / HOUR), 'hour');
  return formatInstant(iso, locale, { now });
}
