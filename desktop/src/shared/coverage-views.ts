// Insurance and certification (保険・認定) and the 訪問看護指示書 in force, as the screens use them
// (coverage.proto). Enumerations travel as their proto names; dates as YYYY-MM-DD. Pure types.
import type { RecordAuthorView } from './record-values';

export interface PublicExpenseView {
  payerNumber: string;
  recipientNumber: string;
  name: string;
}

export interface MedicalInsuranceView {
  insurerNumber: string;
  symbol: string;
  number: string;
  branch: string;
  /** 負担割合 in 割 (1–3). */
  copayTenths: number;
  publicExpenses: PublicExpenseView[];
}

export interface LongTermCareInsuranceView {
  insurerNumber: string;
  insuredNumber: string;
  copayTenths: number;
}

export interface CareCertificationView {
  /** CARE_LEVEL_* */
  careLevel: string;
  validFrom: string;
  validUntil: string;
}

export interface CoverageView {
  version: number;
  medical: MedicalInsuranceView | null;
  longTermCare: LongTermCareInsuranceView | null;
  certification: CareCertificationView | null;
  /** DISABILITY_INDEPENDENCE_* (障害高齢者の日常生活自立度) */
  disabilityIndependence: string;
  /** DEMENTIA_INDEPENDENCE_* (認知症高齢者の日常生活自立度) */
  dementiaIndependence: string;
  changeReason: string;
  recordedBy: RecordAuthorView;
  recordedAt: string;
}

export type InstructionStateView = 'INSTRUCTION_STATE_IN_FORCE' | 'INSTRUCTION_STATE_ENDING' | 'INSTRUCTION_STATE_ENDED';

export interface InstructionInForceView {
  /** One of the two is set. */
  documentId: string;
  formId: string;
  title: string;
  /** '' when a filed instruction did not say. */
  validFrom: string;
  validUntil: string;
  state: InstructionStateView;
  /** Days from today to the last valid day: 0 on that day, negative after it. */
  daysLeft: number;
}

export interface CertificationAlertView {
  validUntil: string;
  expired: boolean;
  daysLeft: number;
}

/** What a patient list row marks, as of the day it is shown. */
export interface PatientListMarksView {
  /** The instruction, when it ends within 14 days or has ended. */
  instruction: InstructionInForceView | null;
  /** The 要介護認定, when it ends within 60 days or has ended. */
  certification: CertificationAlertView | null;
}

// ---- Entering and changing it (CoverageService.RecordCoverage) -------------------------------

/**
 * A new version of the whole record, on top of the one the user opened. A part left entirely empty
 * is sent as null: the server records it as not recorded (its rule, not the screen's).
 */
export interface RecordCoverageInput {
  patientId: string;
  /** The version edited (0 for the first): a newer one recorded meanwhile is not overwritten. */
  baseVersion: number;
  medical: MedicalInsuranceView | null;
  longTermCare: LongTermCareInsuranceView | null;
  certification: CareCertificationView | null;
  disabilityIndependence: string;
  dementiaIndependence: string;
  changeReason: string;
}

export interface CoverageApi {
  /** Every version, newest first (server only); empty when nothing is recorded. */
  getCoverageHistory(patientId: string): Promise<CoverageView[]>;
  /** Records a new version (server only); rejects with COVERAGE_VERSION_SUPERSEDED when someone saved first. */
  recordCoverage(input: RecordCoverageInput): Promise<CoverageView>;
}
