// renkei.v1.MedicationService and renkei.v1.VitalSignService (medication.proto): a patient's
// medication list and vital signs. The dispatcher has opened the caller's scope on the patient;
// medications/ and vital-signs/ ask it for the chart policy, validate (ranges, dates) and log.
import type { ListMedicationsResponse } from '@renkei/proto/generated/renkei/v1/ListMedicationsResponse';
import type { ListVitalSignsResponse } from '@renkei/proto/generated/renkei/v1/ListVitalSignsResponse';
import type { Medication } from '@renkei/proto/generated/renkei/v1/Medication';
import type { MedicationHistory } from '@renkei/proto/generated/renkei/v1/MedicationHistory';
import type { RecordVitalSignsResponse } from '@renkei/proto/generated/renkei/v1/RecordVitalSignsResponse';
import type { VitalSigns } from '@renkei/proto/generated/renkei/v1/VitalSigns';
import { z } from 'zod';
import {
  addMedication,
  type addMedicationInput,
  changeMedication,
  changeMedicationInput,
  listMedications,
  listMedicationsInput,
  medicationHistory,
  medicationHistoryInput,
} from '../../medications/medications';
import { uuid } from '../../validation';
import {
  listVitalSigns,
  listVitalSignsInput,
  markVitalSignsEnteredInError,
  markVitalSignsEnteredInErrorInput,
  recordVitalSigns,
} from '../../vital-signs/vital-signs';
import type { UnaryMethod } from '../dispatcher';

// The domain's inputs are about the scope's patient; a request names it first. Details and values
// are checked in the domain (their rules name the field that is wrong); here only their shape.
const text = (max: number) => z.string().max(max);
const addRequest = z.object({ patientId: uuid, details: z.unknown(), clientRequestId: text(100) });
const changeRequest = z.object({ patientId: uuid, ...changeMedicationInput.shape, details: z.unknown() });
const listRequest = z.object({ patientId: uuid, ...listMedicationsInput.shape });
const historyRequest = z.object({ patientId: uuid, ...medicationHistoryInput.shape });
const recordRequest = z.object({ patientId: uuid, observedAt: text(100), values: z.unknown(), clientRequestId: text(100), note: z.unknown() });
const listVitalsRequest = z.object({ patientId: uuid, ...listVitalSignsInput.shape });
const markVitalsRequest = z.object({ patientId: uuid, ...markVitalSignsEnteredInErrorInput.shape });

export function medicationService(): Record<string, UnaryMethod<any, any, 'care-team'>> {
  const AddMedication: UnaryMethod<z.output<typeof addRequest>, Medication, 'care-team'> = {
    access: 'care-team',
    request: addRequest,
    handle: (request, scope) => addMedication(scope, request as z.input<typeof addMedicationInput>),
  };
  const ChangeMedication: UnaryMethod<z.output<typeof changeRequest>, Medication, 'care-team'> = {
    access: 'care-team',
    request: changeRequest,
    handle: (request, scope) => changeMedication(scope, request as z.input<typeof changeMedicationInput>),
  };
  const ListMedications: UnaryMethod<z.output<typeof listRequest>, ListMedicationsResponse, 'care-team'> = {
    access: 'care-team',
    request: listRequest,
    handle: (request, scope) => listMedications(scope, request),
  };
  const GetMedicationHistory: UnaryMethod<z.output<typeof historyRequest>, MedicationHistory, 'care-team'> = {
    access: 'care-team',
    request: historyRequest,
    handle: (request, scope) => medicationHistory(scope, request),
  };
  return { AddMedication, ChangeMedication, ListMedications, GetMedicationHistory };
}

export function vitalSignService(): Record<string, UnaryMethod<any, any, 'care-team'>> {
  const RecordVitalSigns: UnaryMethod<z.output<typeof recordRequest>, RecordVitalSignsResponse, 'care-team'> = {
    access: 'care-team',
    request: recordRequest,
    handle: (request, scope) => recordVitalSigns(scope, request as Parameters<typeof recordVitalSigns>[1]),
  };
  const ListVitalSigns: UnaryMethod<z.output<typeof listVitalsRequest>, ListVitalSignsResponse, 'care-team'> = {
    access: 'care-team',
    request: listVitalsRequest,
    handle: (request, scope) => listVitalSigns(scope, request),
  };
  const MarkVitalSignsEnteredInError: UnaryMethod<z.output<typeof markVitalsRequest>, VitalSigns, 'care-team'> = {
    access: 'care-team',
    request: markVitalsRequest,
    handle: (request, scope) => markVitalSignsEnteredInError(scope, request),
  };
  return { RecordVitalSigns, ListVitalSigns, MarkVitalSignsEnteredInError };
}
