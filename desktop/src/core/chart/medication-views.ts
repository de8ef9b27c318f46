// From medication.proto's messages to the shapes the screens use (shared/medication-views.ts).
import type { Medication__Output } from '@renkei/proto/generated/renkei/v1/Medication';
import type { VitalSigns__Output } from '@renkei/proto/generated/renkei/v1/VitalSigns';
import type { MedicationHandling } from '@renkei/proto/generated/renkei/v1/MedicationHandling';
import type { MedicationDetails } from '@renkei/proto/generated/renkei/v1/MedicationDetails';
import type { MedicationDetailsInput, MedicationView, VitalSignsView } from '../../shared/medication-views';
import { isoOf } from '../api/proto-values';
import { authorView } from './chart-views';

export function medicationView(medication: Medication__Output): MedicationView {
  const details = medication.details;
  return {
    medicationId: medication.medicationId,
    version: medication.version,
    drugName: details?.drugName ?? '',
    dose: details?.dose ?? '',
    usage: details?.usage ?? '',
    prescriber: details?.prescriber ?? '',
    startedOn: details?.startedOn ?? '',
    stoppedOn: details?.stoppedOn ?? '',
    handling: (details?.handling ?? []).map(String),
    note: details?.note ?? '',
    changeReason: medication.changeReason,
    recordedBy: authorView(medication.recordedBy),
    recordedAt: isoOf(medication.recordedAt) ?? '',
    stopped: medication.stopped,
  };
}

/** The dialog's details as the request carries them (handling by enum name; the boundary checked the names). */
export function medicationRequestDetails(details: MedicationDetailsInput): MedicationDetails {
  return { ...details, handling: details.handling as MedicationHandling[] };
}

export function vitalSignsView(vitals: VitalSigns__Output): VitalSignsView {
  const v = vitals.values;
  return {
    id: vitals.id,
    observedAt: vitals.observedAt,
    values: {
      systolicMmhg: v?.systolicMmhg ?? 0,
      diastolicMmhg: v?.diastolicMmhg ?? 0,
      pulsePerMin: v?.pulsePerMin ?? 0,
      temperatureCelsius: v?.temperatureCelsius ?? 0,
      spo2Percent: v?.spo2Percent ?? 0,
      respirationPerMin: v?.respirationPerMin ?? 0,
      weightKg: v?.weightKg ?? 0,
      bloodGlucoseMgDl: v?.bloodGlucoseMgDl ?? 0,
    },
    recordedBy: authorView(vitals.recordedBy),
    recordedAt: isoOf(vitals.recordedAt) ?? '',
    noteId: vitals.noteId,
    enteredInError: vitals.enteredInError
      ? { reason: vitals.enteredInErrorReason, by: authorView(vitals.enteredInErrorBy), at: isoOf(vitals.enteredInErrorAt) ?? '' }
      : null,
  };
}
