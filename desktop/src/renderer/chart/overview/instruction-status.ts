// How urgent an instruction's expiry (訪問看護指示書の有効期限) is. Nurses may not visit under an
// expired instruction, so the team must see it at once. The state is worked out from the last
// valid day against today, so an overview read from the cache yesterday still tells the truth
// today; the server's own count is used only when the date cannot be read.
import type { InstructionAlertView } from '../../../shared/desktop-api';
import { daysBetween } from '../shared/chart-dates';

export type InstructionUrgency = 'expired' | 'today' | 'soon' | 'upcoming';

export interface InstructionStatus {
  /** Days until the last valid day: 0 on that day, negative after it. */
  daysLeft: number;
  urgency: InstructionUrgency;
}

/** Within this many days an expiry is "soon": a new instruction takes about a week to arrive. */
export const SOON_DAYS = 7;

export function instructionStatus(alert: Pick<InstructionAlertView, 'validUntil' | 'daysLeft' | 'expired'>, today: string): InstructionStatus {
  const counted = daysBetween(today, alert.validUntil);
  const daysLeft = counted ?? (alert.expired && alert.daysLeft >= 0 ? -1 : alert.daysLeft);
  const urgency: InstructionUrgency = daysLeft < 0 ? 'expired' : daysLeft === 0 ? 'today' : daysLeft <= SOON_DAYS ? 'soon' : 'upcoming';
  return { daysLeft, urgency };
}

/** Most urgent first, then by the last valid day. */
export function sortInstructionAlerts<T extends Pick<InstructionAlertView, 'validUntil' | 'daysLeft' | 'expired'>>(alerts: readonly T[], today: string): T[] {
  return [...alerts].sort((a, b) => instructionStatus(a, today).daysLeft - instructionStatus(b, today).daysLeft);
}
