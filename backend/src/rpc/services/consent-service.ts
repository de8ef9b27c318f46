// renkei.v1.ConsentService: recording, withdrawing and reading a patient's consent (患者同意書).
// The dispatcher has opened the caller's scope on the patient; consent/consents.ts checks that
// only the registering office's team members record or withdraw, validates, and logs.
import type { ConsentStatus } from '@renkei/proto/generated/renkei/v1/ConsentStatus';
import { z } from 'zod';
import { readConsentStatus, recordConsent, withdrawConsent, type ConsentActor } from '../../consent/consents';
import { uuid } from '../../validation';
import type { PatientScope } from '../../access/call-scope';
import type { UnaryMethod } from '../dispatcher';

// The full rules (dates against the call's clock, scope and offices) are in consents.ts; here only
// the shape, so a malformed request is refused before anything is looked up.
const text = (max: number) => z.string().max(max);
const recordRequest = z.object({
  patientId: uuid,
  obtainedOn: text(20),
  obtainedBy: text(1000),
  scope: text(50),
  facilityIds: z.array(text(100)).max(1000),
  formDocumentId: text(100),
  note: text(10_000),
});
const withdrawRequest = z.object({ patientId: uuid, withdrawnOn: text(20), reason: text(10_000) });
const statusRequest = z.object({ patientId: uuid });

const asMember = (scope: PatientScope): ConsentActor => ({ kind: 'user', scope });

export function consentService(): Record<string, UnaryMethod<any, any, 'care-team'>> {
  const RecordConsent: UnaryMethod<z.output<typeof recordRequest>, ConsentStatus, 'care-team'> = {
    access: 'care-team',
    request: recordRequest,
    handle: (request, scope) => recordConsent(scope.store, asMember(scope), request as Parameters<typeof recordConsent>[2], scope.now),
  };
  const WithdrawConsent: UnaryMethod<z.output<typeof withdrawRequest>, ConsentStatus, 'care-team'> = {
    access: 'care-team',
    request: withdrawRequest,
    handle: (request, scope) => withdrawConsent(scope.store, asMember(scope), request, scope.now),
  };
  const GetConsentStatus: UnaryMethod<z.output<typeof statusRequest>, ConsentStatus, 'care-team'> = {
    access: 'care-team',
    request: statusRequest,
    handle: (request, scope) => readConsentStatus(scope.store, asMember(scope), request.patientId, scope.now),
  };
  return { RecordConsent, WithdrawConsent, GetConsentStatus };
}
