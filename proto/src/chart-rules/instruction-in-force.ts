// Which 訪問看護指示書 the patient's nursing visits run under, and how it stands today. The overview
// shows it always (not only near its end), the patient list marks a patient whose instruction ends
// within 14 days or has ended, and the alerts (instruction-alerts.ts) are derived from it: one rule
// for the server, the desktop's cached list and the screens' test double.
import { daysBetweenTexts, japanToday } from '../calendar';
import { instructionPeriod, type TemplateValues } from '../template-forms';

/** An instruction ending within this many days is shown to the team before it lapses. */
export const INSTRUCTION_WARNING_DAYS = 14;

const INSTRUCTION = 'DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION';

/** A filed document, current version: a filed instruction says its last valid day. */
export interface FiledRecord {
  documentId: string;
  documentType: string;
  title: string;
  /** YYYY-MM-DD, or empty. */
  validUntil: string;
  /** YYYY-MM-DD, or empty. */
  validFrom?: string;
}

/** The latest finalised version of a shared form: an instruction form says its period in its values. */
export interface FinalisedForm {
  formId: string;
  documentType: string;
  title: string;
  values: TemplateValues | undefined;
}

export type InstructionStateName = 'INSTRUCTION_STATE_IN_FORCE' | 'INSTRUCTION_STATE_ENDING' | 'INSTRUCTION_STATE_ENDED';

export interface InstructionInForce {
  /** The filed instruction, or empty. */
  documentId: string;
  /** The instruction form, or empty. */
  formId: string;
  title: string;
  /** YYYY-MM-DD, or empty when a filed instruction did not say. */
  validFrom: string;
  validUntil: string;
  state: InstructionStateName;
  /** Days from today (in Japan) to the last valid day: 0 on that day, negative after it. */
  daysLeft: number;
}

/** How an instruction ending `daysLeft` days from today stands. */
export function instructionStateOf(daysLeft: number): InstructionStateName {
  if (daysLeft < 0) return 'INSTRUCTION_STATE_ENDED';
  return daysLeft <= INSTRUCTION_WARNING_DAYS ? 'INSTRUCTION_STATE_ENDING' : 'INSTRUCTION_STATE_IN_FORCE';
}

/**
 * The patient's instruction coverage is the latest end among the current filed instructions and the
 * latest finalised instruction forms: an older one that lapsed does not matter once a newer one
 * runs. A form being amended counts by its finalised version: the draft is not yet in force.
 * Undefined when the patient has no instruction with a period.
 */
export function instructionInForce(documents: readonly FiledRecord[], finalisedForms: readonly FinalisedForm[], now: Date): InstructionInForce | undefined {
  const covers: Omit<InstructionInForce, 'state' | 'daysLeft'>[] = [];
  for (const d of documents) {
    if (d.documentType === INSTRUCTION && d.validUntil) {
      covers.push({ documentId: d.documentId, formId: '', title: d.title, validFrom: d.validFrom ?? '', validUntil: d.validUntil });
    }
  }
  for (const f of finalisedForms) {
    const period = f.documentType === INSTRUCTION && f.values ? instructionPeriod('VISITING_NURSING_INSTRUCTION', f.values) : undefined;
    if (period) covers.push({ documentId: '', formId: f.formId, title: f.title, validFrom: period.from, validUntil: period.to });
  }
  if (covers.length === 0) return undefined;
  const latest = covers.reduce((a, b) => (b.validUntil > a.validUntil ? b : a));
  const daysLeft = daysBetweenTexts(japanToday(now), latest.validUntil);
  if (daysLeft === undefined) return undefined;
  return { ...latest, state: instructionStateOf(daysLeft), daysLeft };
}

/** An instruction that ended longer ago than this is history, not an alert nor a list mark. */
const INSTRUCTION_ENDED_DAYS_SHOWN = 90;

/**
 * The instruction when the team must be told of it: it ends within 14 days, or ended within the
 * last 90 days. The overview's alert and the patient list's mark both show exactly this.
 */
export function instructionNeedingAttention(instruction: InstructionInForce | undefined): InstructionInForce | undefined {
  if (!instruction || instruction.state === 'INSTRUCTION_STATE_IN_FORCE') return undefined;
  return instruction.daysLeft < -INSTRUCTION_ENDED_DAYS_SHOWN ? undefined : instruction;
}

/**
 * An instruction as it stands on `now`'s day in Japan: a copy read from a cache some days ago
 * counts its days again, so a PC offline since last week does not say "15 days left" today.
 */
export function instructionAsOf<T extends Pick<InstructionInForce, 'validUntil' | 'daysLeft' | 'state'>>(instruction: T, now: Date): T {
  const daysLeft = daysBetweenTexts(japanToday(now), instruction.validUntil);
  return daysLeft === undefined ? instruction : { ...instruction, daysLeft, state: instructionStateOf(daysLeft) };
}
