// From the API's messages to the shapes the screens use (shared/desktop-api.ts).
import type { PatientOverview__Output } from '@renkei/proto/generated/renkei/v1/PatientOverview';
import type { PatientSummary__Output } from '@renkei/proto/generated/renkei/v1/PatientSummary';
import type { PatientListItem, PatientOverviewView } from '../../shared/desktop-api';
import { isoOf, nameOf } from '../api/proto-values';
import { chartView } from '../chart/chart-views';
import { emergencyInfoView } from '../chart/emergency-info-views';
import { coverageFromMessage, instructionFromMessage, instructionToday, listMarksOf } from './coverage-mapping';
import { medicationView, vitalSignsView } from '../chart/medication-views';
import { hospitalDataView } from '../chart/hospital-data-views';

/** A cached overview: the view without where it came from and how current it is. */
export type StoredOverview = Omit<PatientOverviewView, 'source' | 'asOf'>;

export function overviewFromMessage(message: PatientOverview__Output, myUserId: string, now: Date): StoredOverview {
  const patient = message.patient!;
  const coverage = coverageFromMessage(message.coverage);
  const instructionInForce = instructionFromMessage(message.instructionInForce);
  return {
    patient: {
      id: patient.id,
      name: nameOf(patient.name),
      birthDate: patient.birthDate,
      sex: String(patient.sex),
      careLevel: String(patient.careLevel),
      myRoles: message.careTeam.filter((m) => m.userId === myUserId).map((m) => String(m.role)),
      postalCode: patient.postalCode,
      address: patient.address,
      phone: patient.phone,
      keyPerson: patient.keyPerson,
      regionalNumber: patient.regionalNumber,
      archivedAt: isoOf(patient.archivedAt),
      marks: listMarksOf({ coverage, instructionInForce }, now),
    },
    careTeam: message.careTeam.map((m) => ({
      userId: m.userId,
      name: nameOf(m.name),
      profession: String(m.profession),
      facilityId: m.facility?.id ?? '',
      facilityName: m.facility?.name ?? '',
      facilityPhone: m.facility?.phone ?? '',
      facilityOnCallPhone: m.facility?.onCallPhone ?? '',
      role: String(m.role),
      joinedAt: isoOf(m.joinedAt),
      contactPhone: m.contactPhone,
    })),
    allergies: message.allergies.map((a) => ({ substance: a.substance, reaction: a.reaction, severity: String(a.severity), notedOn: a.notedOn })),
    diagnoses: message.diagnoses.map((d) => ({ name: d.name, icd10Code: d.icd10Code, onsetDate: d.onsetDate, primary: d.primary, note: d.note })),
    updatedAt: isoOf(message.updatedAt),
    chart: chartView(message.chart),
    medications: message.medications.map(medicationView),
    recentVitalSigns: message.recentVitalSigns.map(vitalSignsView),
    hospitalData: hospitalDataView(message.hospitalData),
    emergencyInfo: message.emergencyInfo ? emergencyInfoView(message.emergencyInfo) : null,
    coverage,
    instructionInForce,
  };
}

/** A stored overview as it stands on `now`'s day: the instruction's days and the list's marks counted again. */
export function overviewAsOf(stored: StoredOverview, now: Date): StoredOverview {
  return {
    ...stored,
    instructionInForce: instructionToday(stored.instructionInForce, now),
    patient: { ...stored.patient, marks: listMarksOf(stored, now) },
  };
}

/**
 * A row of the server's search. Only archived patients are listed from the server (the rest come
 * from the cache), and an archived record's deadlines alert nobody: no marks.
 */
export function listItemFromSummary(summary: PatientSummary__Output): PatientListItem {
  return {
    id: summary.id,
    name: nameOf(summary.name),
    birthDate: summary.birthDate,
    sex: String(summary.sex),
    careLevel: String(summary.careLevel),
    myRoles: summary.myRoles.map(String),
    regionalNumber: summary.regionalNumber,
    marks: { instruction: null, certification: null },
  };
}
