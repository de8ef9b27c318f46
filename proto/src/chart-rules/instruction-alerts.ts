// When the team must be told about the 訪問看護指示書: nurses may not visit under an expired
// instruction, so the overview warns before it ends and after it has ended. The server computes the
// alerts it sends with the overview, and the screens' test double computes them with this same rule,
// so a screen test can never show an alert the product would not.
import { daysBetweenTexts, japanToday } from '../calendar';
import { instructionPeriod, type TemplateValues } from '../template-forms';

/** An instruction ending within this many days is shown to the team before it lapses. */
const INSTRUCTION_WARNING_DAYS = 14;
/** An instruction that ended longer ago than this is history, not an alert. */
const INSTRUCTION_EXPIRED_DAYS_SHOWN = 90;

const INSTRUCTION = 'DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION';

/** A filed document, current version: a filed instruction says its last valid day. */
interface FiledRecord {
  documentId: string;
  documentType: string;
  title: string;
  /** YYYY-MM-DD, or empty. */
  validUntil: string;
}

/** The latest finalised version of a shared form: an instruction form says its period in its values. */
interface FinalisedForm {
  formId: string;
  documentType: string;
  title: string;
  values: TemplateValues | undefined;
}

interface InstructionAlert {
  /** The filed instruction it is about, or empty. */
  documentId: string;
  /** The instruction form it is about, or empty. */
  formId: string;
  title: string;
  validUntil: string;
  expired: boolean;
  /** Days from today (in Japan) to the last valid day: 0 on that day, negative after it. */
  daysLeft: number;
}

/**
 * The patient's instruction coverage is the latest end among the current filed instructions and the
 * latest finalised instruction forms: an older one that lapsed does not matter once a newer one
 * runs. One alert when that end is near (≤ 14 days) or passed (within the last 90 days), none
 * otherwise. A form being amended counts by its finalised version: the draft is not yet in force.
 */
export function instructionAlerts(documents: readonly FiledRecord[], finalisedForms: readonly FinalisedForm[], now: Date): InstructionAlert[] {
  const covers: Omit<InstructionAlert, 'expired' | 'daysLeft'>[] = [];
  for (const d of documents) {
    if (d.documentType === INSTRUCTION && d.validUntil) covers.push({ documentId: d.documentId, formId: '', title: d.title, validUntil: d.validUntil });
  }
  for (const f of finalisedForms) {
    const period = f.documentType === INSTRUCTION && f.values ? instructionPeriod('VISITING_NURSING_INSTRUCTION', f.values) : undefined;
    if (period) covers.push({ documentId: '', formId: f.formId, title: f.title, validUntil: period.to });
  }
  if (covers.length === 0) return [];
  const latest = covers.reduce((a, b) => (b.validUntil > a.validUntil ? b : a));
  const daysLeft = daysBetweenTexts(japanToday(now), latest.validUntil);
  if (daysLeft === undefined || daysLeft > INSTRUCTION_WARNING_DAYS || daysLeft < -INSTRUCTION_EXPIRED_DAYS_SHOWN) return [];
  return [{ ...latest, expired: daysLeft < 0, daysLeft }];
}
