// What the team must know in an emergency (緊急時情報, safety.proto), in the shapes the screens use.
// The current version travels in the patient's overview (so it is cached and read offline); its
// history and changes need the server. Pure types: every layer may import it.
import type { RecordAuthorView } from './record-values';

/** Who last recorded one part, and when (ISO instant). */
export interface PartRecordedView {
  by: RecordAuthorView;
  at: string;
}

export interface KeyPersonView {
  name: string;
  relation: string;
  phone: string;
  note: string;
}

export interface InfectionView {
  /** INFECTION_KIND_* */
  kind: string;
  note: string;
}

export interface EmergencyInfoView {
  /** 0: nothing recorded yet. */
  version: number;
  /** RESUSCITATION_* */
  resuscitation: string;
  resuscitationNote: string;
  resuscitationRecorded: PartRecordedView | null;
  acp: string;
  acpRecorded: PartRecordedView | null;
  emergencyPlan: string;
  emergencyPlanRecorded: PartRecordedView | null;
  endOfLifeWish: string;
  endOfLifeWishRecorded: PartRecordedView | null;
  infections: InfectionView[];
  infectionsRecorded: PartRecordedView | null;
  keyPersons: KeyPersonView[];
  keyPersonsRecorded: PartRecordedView | null;
  /** Of this version; null for version 0. */
  author: RecordAuthorView | null;
  recordedAt: string | null;
  superseded: boolean;
}

export interface RecordEmergencyInfoInput {
  patientId: string;
  /** The version edited (0 for the first): a newer one recorded meanwhile is not overwritten. */
  baseVersion: number;
  resuscitation: string;
  resuscitationNote: string;
  acp: string;
  emergencyPlan: string;
  endOfLifeWish: string;
  infections: InfectionView[];
  keyPersons: KeyPersonView[];
}

export interface EmergencyInfoApi {
  /** Every version, newest first (server only). */
  getEmergencyInfoHistory(patientId: string): Promise<EmergencyInfoView[]>;
  /** Records a new version; rejects with EMERGENCY_INFO_SUPERSEDED when someone saved first. */
  recordEmergencyInfo(input: RecordEmergencyInfoInput): Promise<EmergencyInfoView>;
}
