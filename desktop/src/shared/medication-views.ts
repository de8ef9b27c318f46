// Medications and vital signs (medication.proto) in the shapes the screens use. Pure types.
import type { RecordAuthorView } from './record-values';
import type { ProgressNoteView, SoapText } from './desktop-api';

export interface MedicationView {
  medicationId: string;
  version: number;
  drugName: string;
  dose: string;
  /** 用法 */
  usage: string;
  prescriber: string;
  /** ISO dates, '' when not given. */
  startedOn: string;
  stoppedOn: string;
  /** MEDICATION_HANDLING_* (labels in @renkei/proto labels): 一包化, 粉砕, 簡易懸濁… */
  handling: string[];
  note: string;
  changeReason: string;
  recordedBy: RecordAuthorView;
  recordedAt: string;
  stopped: boolean;
}

/** One observation; a sign not measured is 0, as on the wire and in @renkei/proto/chart-rules. */
export interface VitalSignsView {
  id: string;
  /** ISO instant */
  observedAt: string;
  values: {
    systolicMmhg: number;
    diastolicMmhg: number;
    pulsePerMin: number;
    temperatureCelsius: number;
    spo2Percent: number;
    respirationPerMin: number;
    weightKg: number;
    bloodGlucoseMgDl: number;
  };
  recordedBy: RecordAuthorView;
  recordedAt: string;
  /** The progress note written with these values, '' if none. */
  noteId: string;
  /** Set once marked 入力誤り: then out of the overview and the trend (absent in caches written before). */
  enteredInError?: VitalSignsEnteredInError | null;
}

/** Who marked an observation entered in error, when (ISO instant) and why. */
export interface VitalSignsEnteredInError {
  reason: string;
  by: RecordAuthorView;
  at: string;
}

export interface MarkVitalSignsEnteredInErrorInput {
  patientId: string;
  vitalSignsId: string;
  reason: string;
}

export interface RecordVitalSignsInput {
  patientId: string;
  values: Partial<VitalSignsView['values']>;
  /** ISO instant; omitted means now. */
  observedAt?: string;
  /** The note written in the same action (its O carries the values' text). */
  note?: SoapText;
}

export interface RecordedVitalSigns {
  vitalSigns: VitalSignsView;
  note: ProgressNoteView | null;
}

/** What the medication dialog sends: the entry's details as on the wire (medication.proto MedicationDetails). */
export interface MedicationDetailsInput {
  drugName: string;
  dose: string;
  usage: string;
  prescriber: string;
  /** ISO dates, '' when not given. */
  startedOn: string;
  stoppedOn: string;
  /** MEDICATION_HANDLING_* names. */
  handling: string[];
  note: string;
}

export interface AddMedicationInput {
  patientId: string;
  details: MedicationDetailsInput;
}

/** A new version of an entry; stopping a drug is a change with stoppedOn set. The reason is required. */
export interface ChangeMedicationInput {
  patientId: string;
  medicationId: string;
  baseVersion: number;
  details: MedicationDetailsInput;
  reason: string;
}
