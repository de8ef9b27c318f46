// Insurance, certification and the instruction in force: from the overview's messages
// (coverage.proto) to the screens' shapes, and the patient list's marks as of the day they are
// shown. The marks are the shared rules (proto chart-rules) applied to what the server sent, with
// this PC's clock: an overview cached last week still marks an instruction that ends this week.
import { certificationAlert, instructionAsOf, instructionNeedingAttention } from '@renkei/proto/chart-rules';
import type { Coverage__Output } from '@renkei/proto/generated/renkei/v1/Coverage';
import type { InstructionInForce__Output } from '@renkei/proto/generated/renkei/v1/InstructionInForce';
import type { CoverageView, InstructionInForceView, InstructionStateView, PatientListMarksView } from '../../shared/desktop-api';
import { isoOf } from '../api/proto-values';
import { authorView } from '../chart/chart-views';

export function coverageFromMessage(coverage: Coverage__Output | null | undefined): CoverageView | null {
  if (!coverage) return null;
  const { medical, longTermCare, certification } = coverage;
  return {
    version: coverage.version,
    medical: medical
      ? {
          insurerNumber: medical.insurerNumber,
          symbol: medical.symbol,
          number: medical.number,
          branch: medical.branch,
          copayTenths: medical.copayTenths,
          publicExpenses: medical.publicExpenses.map((p) => ({ payerNumber: p.payerNumber, recipientNumber: p.recipientNumber, name: p.name })),
        }
      : null,
    longTermCare: longTermCare
      ? { insurerNumber: longTermCare.insurerNumber, insuredNumber: longTermCare.insuredNumber, copayTenths: longTermCare.copayTenths }
      : null,
    certification: certification
      ? { careLevel: String(certification.careLevel), validFrom: certification.validFrom, validUntil: certification.validUntil }
      : null,
    disabilityIndependence: String(coverage.disabilityIndependence),
    dementiaIndependence: String(coverage.dementiaIndependence),
    changeReason: coverage.changeReason,
    recordedBy: authorView(coverage.recordedBy),
    recordedAt: isoOf(coverage.recordedAt) ?? '',
  };
}

const STATES: readonly InstructionStateView[] = ['INSTRUCTION_STATE_IN_FORCE', 'INSTRUCTION_STATE_ENDING', 'INSTRUCTION_STATE_ENDED'];

export function instructionFromMessage(instruction: InstructionInForce__Output | null | undefined): InstructionInForceView | null {
  if (!instruction) return null;
  const state = String(instruction.state) as InstructionStateView;
  return {
    documentId: instruction.documentId,
    formId: instruction.formId,
    title: instruction.title,
    validFrom: instruction.validFrom,
    validUntil: instruction.validUntil,
    // A state a newer server added is read by its days, below.
    state: STATES.includes(state) ? state : 'INSTRUCTION_STATE_IN_FORCE',
    daysLeft: instruction.daysLeft,
  };
}

/** The instruction as it stands today (days counted again from its last valid day). */
export function instructionToday(instruction: InstructionInForceView | null, now: Date): InstructionInForceView | null {
  return instruction ? instructionAsOf(instruction, now) : null;
}

/** The list's marks for an overview, as of `now`. */
export function listMarksOf(overview: { instructionInForce: InstructionInForceView | null; coverage: CoverageView | null }, now: Date): PatientListMarksView {
  return {
    instruction: instructionNeedingAttention(instructionToday(overview.instructionInForce, now) ?? undefined) ?? null,
    certification: certificationAlert(overview.coverage?.certification?.validUntil ?? '', now) ?? null,
  };
}
