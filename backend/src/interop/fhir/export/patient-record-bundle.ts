// The patient's record as the caller may read it, as one FHIR Bundle (type collection) of JP Core
// resources: the Patient first, then diagnoses, allergies, medications and lab results — the care
// team's and the hospitals' — each a JP Core profile. Built from the PatientOverview the chart policy
// has already cut to what the caller may read: what is not in the overview is not exported.
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import type { PatientOverview } from '@renkei/proto/generated/renkei/v1/PatientOverview';
import { allergyOfHospital, allergyOfRenkei } from './allergies';
import { conditionOfDiagnosis, conditionOfHospitalDiagnosis } from './conditions';
import { japanInstant, member, type BundleMember } from './fhir-datatypes';
import { labResultObservation } from './lab-result-observations';
import { medicationRequestOfHospital, medicationRequestOfRenkei } from './medication-requests';
import { patientResource } from './patient-resource';
import { resourceIdentifier } from './record-provenance';

export interface ExportOptions {
  exportedAt: Date;
  /** 保険医療機関番号 of the facilities that have one, by facility id (none are recorded in Renkei yet). */
  institutionNumbers?: ReadonlyMap<string, string>;
}

/** The resources of the patient's record, the Patient first, each with its fullUrl. */
export function patientRecordMembers(overview: PatientOverview, options: ExportOptions, guide: 'jp-core' | 'jp-clins' = 'jp-core'): BundleMember[] {
  if (!overview.patient) throw new Error('an overview without its patient');
  const at = options.exportedAt;
  const hospital = overview.hospitalData;
  const patient = member(
    patientResource(guide, {
      patient: overview.patient,
      hospitalLinks: hospital?.links ?? [],
      institutionNumbers: options.institutionNumbers,
      medicalInsurance: overview.coverage?.medical ?? null,
      exportedAt: at,
    }),
  );
  const medications = overview.medications ?? [];
  const prescriptions = hospital?.prescriptions ?? [];
  const resources: Resource[] = [
    ...(overview.diagnoses ?? []).map((d) => conditionOfDiagnosis(guide, d, patient, at)),
    ...(hospital?.diagnoses ?? []).map((d) => conditionOfHospitalDiagnosis(guide, d, patient, at)),
    ...(overview.allergies ?? []).map((a) => allergyOfRenkei(guide, a, patient, at)),
    ...(hospital?.allergies ?? []).map((a) => allergyOfHospital(guide, a, patient, at)),
    ...medications.map((m, i) => medicationRequestOfRenkei(guide, m, i + 1, patient, at)),
    ...prescriptions.map((p, i) => medicationRequestOfHospital(guide, p, medications.length + i + 1, patient, at)),
    ...(hospital?.labResults ?? []).map((r) => labResultObservation(guide, r, patient, at)),
  ];
  return [patient, ...resources.map((r) => member(r))];
}

export function patientRecordBundle(overview: PatientOverview, options: ExportOptions): Bundle {
  const members = patientRecordMembers(overview, options);
  return {
    resourceType: 'Bundle',
    language: 'ja',
    identifier: resourceIdentifier(),
    type: 'collection',
    timestamp: japanInstant(options.exportedAt)!,
    entry: members.map((m): BundleEntry => ({ fullUrl: m.fullUrl, resource: m.resource })),
  };
}
