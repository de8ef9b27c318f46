// Instants (last sync, last handshake, when data was fetched) in Japan time, whatever zone the PC is
// set to. A time alone is only unambiguous today; anything older carries its date, so "14:05時点"
// never hides that the data is from last week.
import { formatJapanClockWithSeconds, formatJapanInstant, formatWarekiDay, japanClockOf, japanDayOf } from '@renkei/proto/calendar';
import type { Locale } from '../../shared/desktop-api';

export interface ClockOptions {
  now: Date;
  /** The user reads dates in 和暦: a day other than today is written "令和8年11月3日 14:05". */
  era?: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "14:05" today, "11月3日 14:05" earlier this year, "2025年11月3日 14:05" before that. */
export function formatInstant(iso: string, locale: Locale, { now, era = false }: ClockOptions): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  const day = japanDayOf(instant);
  if (era && locale === 'ja' && day.compare(japanDayOf(now)) !== 0) {
    const c = japanClockOf(instant);
    return `${formatWarekiDay(day)} ${pad(c.hour)}:${pad(c.minute)}`;
  }
  return formatJapanInstant(instant, now, locale);
}

/** With seconds, for things the user watches change (the last approval check). */
export function formatClockWithSeconds(iso: string): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  return formatJapanClockWithSeconds(instant);
}
