// From the emergency information's messages (safety.proto) to the shapes the screens use
// (shared/emergency-views.ts), and back for a change. Enums travel as their names.
import type { EmergencyInfo__Output } from '@renkei/proto/generated/renkei/v1/EmergencyInfo';
import type { PartRecorded__Output } from '@renkei/proto/generated/renkei/v1/PartRecorded';
import type { RecordEmergencyInfoRequest } from '@renkei/proto/generated/renkei/v1/RecordEmergencyInfoRequest';
import type { EmergencyInfoView, PartRecordedView, RecordEmergencyInfoInput } from '../../shared/emergency-views';
import { isoOf } from '../api/proto-values';
import { authorView } from './chart-views';

function recordedView(part: PartRecorded__Output | null | undefined): PartRecordedView | null {
  if (!part?.recordedBy) return null;
  return { by: authorView(part.recordedBy), at: isoOf(part.recordedAt) ?? '' };
}

export function emergencyInfoView(message: EmergencyInfo__Output): EmergencyInfoView {
  return {
    version: message.version,
    resuscitation: String(message.resuscitation),
    resuscitationNote: message.resuscitationNote,
    resuscitationRecorded: recordedView(message.resuscitationRecorded),
    acp: message.acp,
    acpRecorded: recordedView(message.acpRecorded),
    emergencyPlan: message.emergencyPlan,
    emergencyPlanRecorded: recordedView(message.emergencyPlanRecorded),
    endOfLifeWish: message.endOfLifeWish,
    endOfLifeWishRecorded: recordedView(message.endOfLifeWishRecorded),
    infections: message.infections.map((i) => ({ kind: String(i.kind), note: i.note })),
    infectionsRecorded: recordedView(message.infectionsRecorded),
    keyPersons: message.keyPersons.map((k) => ({ name: k.name, relation: k.relation, phone: k.phone, note: k.note })),
    keyPersonsRecorded: recordedView(message.keyPersonsRecorded),
    author: message.author ? authorView(message.author) : null,
    recordedAt: isoOf(message.recordedAt),
    superseded: message.superseded,
  };
}

export function emergencyInfoRequest(input: RecordEmergencyInfoInput): RecordEmergencyInfoRequest {
  return {
    patientId: input.patientId,
    baseVersion: input.baseVersion,
    resuscitation: input.resuscitation as RecordEmergencyInfoRequest['resuscitation'],
    resuscitationNote: input.resuscitationNote,
    acp: input.acp,
    emergencyPlan: input.emergencyPlan,
    endOfLifeWish: input.endOfLifeWish,
    infections: input.infections.map((i) => ({ kind: i.kind as 'INFECTION_KIND_OTHER', note: i.note })),
    keyPersons: input.keyPersons,
  };
}
