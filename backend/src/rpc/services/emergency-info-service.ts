// renkei.v1.EmergencyInfoService (safety.proto): a patient's emergency information (緊急時情報).
// The dispatcher has opened the caller's scope on the patient; emergency/emergency-info.ts asks the
// chart policy (EMERGENCY_INFO), validates, versions and logs.
import type { EmergencyInfo } from '@renkei/proto/generated/renkei/v1/EmergencyInfo';
import type { EmergencyInfoHistory } from '@renkei/proto/generated/renkei/v1/EmergencyInfoHistory';
import { z } from 'zod';
import { emergencyInfoHistory, readEmergencyInfo, recordEmergencyInfo } from '../../emergency/emergency-info';
import { uuid } from '../../validation';
import type { UnaryMethod } from '../dispatcher';

// The full rules are in emergency-info.ts; here only the shape and the patient, so a malformed
// request is refused before anything is looked up. Fields are passed on as they came.
const patientRequest = z.object({ patientId: uuid });
const recordRequest = z.object({ patientId: uuid }).loose();

export function emergencyInfoService(): Record<string, UnaryMethod<any, any, 'care-team'>> {
  const GetEmergencyInfo: UnaryMethod<z.output<typeof patientRequest>, EmergencyInfo, 'care-team'> = {
    access: 'care-team',
    request: patientRequest,
    handle: (_request, scope) => readEmergencyInfo(scope),
  };
  const RecordEmergencyInfo: UnaryMethod<z.output<typeof recordRequest>, EmergencyInfo, 'care-team'> = {
    access: 'care-team',
    request: recordRequest,
    handle: ({ patientId: _patientId, ...input }, scope) => recordEmergencyInfo(scope, input as Parameters<typeof recordEmergencyInfo>[1]),
  };
  const GetEmergencyInfoHistory: UnaryMethod<z.output<typeof patientRequest>, EmergencyInfoHistory, 'care-team'> = {
    access: 'care-team',
    request: patientRequest,
    handle: (_request, scope) => emergencyInfoHistory(scope),
  };
  return { GetEmergencyInfo, RecordEmergencyInfo, GetEmergencyInfoHistory };
}
