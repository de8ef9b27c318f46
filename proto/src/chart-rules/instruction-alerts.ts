// When the team must be told about the 訪問看護指示書: nurses may not visit under an expired
// instruction, so the overview warns before it ends and after it has ended. The server computes the
// alerts it sends with the overview, and the screens' test double computes them with this same rule,
// so a screen test can never show an alert the product would not.
import { instructionInForce, instructionNeedingAttention, type FiledRecord, type FinalisedForm } from './instruction-in-force';

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
 * One alert when the instruction in force (instruction-in-force.ts: the latest end among the
 * filed instructions and finalised instruction forms) ends within 14 days or ended within the last
 * 90 days, none otherwise.
 */
export function instructionAlerts(documents: readonly FiledRecord[], finalisedForms: readonly FinalisedForm[], now: Date): InstructionAlert[] {
  const latest = instructionNeedingAttention(instructionInForce(documents, finalisedForms, now));
  if (!latest) return [];
  const { documentId, formId, title, validUntil, daysLeft } = latest;
  return [{ documentId, formId, title, validUntil, expired: daysLeft < 0, daysLeft }];
}
