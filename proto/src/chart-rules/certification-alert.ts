// When the team must be told that the 要介護認定 runs out: renewal (更新申請) must be filed up to 60
// days before the end and the 認定調査 and 主治医意見書 take about a month, and care services given
// after a lapse are not paid by 介護保険. The server sends the alert with the overview and the list;
// the desktop's cached list and the screens' test double apply this same rule.
import { daysBetweenTexts, japanToday } from '../calendar';

/** A certification ending within this many days is shown: the window in which renewal is filed. */
export const CERTIFICATION_WARNING_DAYS = 60;

export interface CertificationAlert {
  validUntil: string;
  expired: boolean;
  /** Days from today (in Japan) to the last valid day: 0 on that day, negative after it. */
  daysLeft: number;
}

/**
 * The alert for a certification valid until `validUntil` (YYYY-MM-DD; empty: none recorded), or
 * undefined when it runs beyond 60 days. A lapsed certification stays an alert however long ago it
 * ended: unlike an old instruction, it is still the patient's current record until a new one is
 * entered, and services depend on it.
 */
export function certificationAlert(validUntil: string, now: Date): CertificationAlert | undefined {
  if (!validUntil) return undefined;
  const daysLeft = daysBetweenTexts(japanToday(now), validUntil);
  if (daysLeft === undefined || daysLeft > CERTIFICATION_WARNING_DAYS) return undefined;
  return { validUntil, expired: daysLeft < 0, daysLeft };
}
