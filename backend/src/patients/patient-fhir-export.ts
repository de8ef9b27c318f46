// Exporting a patient's record as FHIR (issue 15): exporting is reading, under the same policy. The
// record is the overview the caller may read (the care team and chart policy already applied by
// loadPatientOverview), mapped to JP Core resources by interop/fhir/export; the export is recorded
// as patient.fhir.export, since the file can leave the office.
import { formatRegionalNumber } from '@renkei/proto';
import { japanClockOf } from '@renkei/proto/calendar';
import type { Resource } from '@medplum/fhirtypes';
import type { PatientScope } from '../access/call-scope';
import { patientRecordBundle } from '../interop/fhir/export/patient-record-bundle';
import type { Store } from '../db/database';
import { institutionNumbersOf } from '../facilities/institution-number';
import type { PatientOverview } from '@renkei/proto/generated/renkei/v1/PatientOverview';
import { loadOverviews, loadPatientOverview } from './patient-overview';

export const FHIR_EXPORT_ACTION = 'patient.fhir.export';

export interface FhirExportFile {
  json: Buffer;
  fileName: string;
  /** Resources by type, for the audit entry. */
  resources?: Record<string, number>;
}

/** "20261207": the Japan date of `now`, for file names. */
export function japanDay(now: Date): string {
  const today = japanClockOf(now);
  return `${today.year}${String(today.month).padStart(2, '0')}${String(today.day).padStart(2, '0')}`;
}

/** How many resources of each type a Bundle holds, for the audit entry (never their contents). */
export function resourceCounts(resources: readonly (Resource | undefined)[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of resources) if (r) counts[r.resourceType] = (counts[r.resourceType] ?? 0) + 1;
  return counts;
}

/**
 * The recorded 保険医療機関番号 of the hospitals in an overview (its links and its lab results'
 * sources), by facility id: the patient's hospital ID and lab results are exported with them.
 */
export function hospitalInstitutionNumbers(store: Store, overview: PatientOverview): Promise<Map<string, string>> {
  const hospital = overview.hospitalData;
  return institutionNumbersOf(store, [
    ...(hospital?.links ?? []).map((l) => l.hospital?.id ?? ''),
    ...(hospital?.labResults ?? []).map((r) => r.source?.hospital?.id ?? ''),
  ]);
}

/** The scope's patient as a JP Core Bundle of what the caller may read. */
export async function exportPatientFhir(scope: PatientScope): Promise<FhirExportFile> {
  const overview = await loadPatientOverview(scope);
  const institutionNumbers = await hospitalInstitutionNumbers(scope.store, overview);
  const bundle = patientRecordBundle(overview, { exportedAt: scope.now, institutionNumbers });
  const json = Buffer.from(JSON.stringify(bundle, null, 2), 'utf8');
  await scope.audit({
    action: FHIR_EXPORT_ACTION,
    outcome: 'ok',
    detail: { kind: 'patient', resources: resourceCounts((bundle.entry ?? []).map((e) => e.resource)), bytes: json.byteLength },
  });
  const number = formatRegionalNumber(Number(overview.patient?.regionalNumber ?? 0)) || scope.patientId;
  return { json, fileName: `fhir-patient-${number}-${japanDay(scope.now)}.json` };
}

/**
 * The patient as the regional office sees them (renkei-admin export fhir): the profile, allergies
 * and diagnoses, none of the clinical chart (medications, hospital data), as for every other view
 * the office has. The caller records the export.
 */
export async function regionalOfficeFhirExport(store: Store, patientId: string, now: Date): Promise<FhirExportFile> {
  const overview = (await loadOverviews(store, [patientId], null, now)).get(patientId);
  if (!overview) throw new Error(`no patient ${patientId}`);
  const bundle = patientRecordBundle(overview, { exportedAt: now, institutionNumbers: await hospitalInstitutionNumbers(store, overview) });
  const number = formatRegionalNumber(Number(overview.patient?.regionalNumber ?? 0)) || patientId;
  return {
    json: Buffer.from(JSON.stringify(bundle, null, 2), 'utf8'),
    fileName: `fhir-patient-${number}-${japanDay(now)}.json`,
    resources: resourceCounts((bundle.entry ?? []).map((e) => e.resource)),
  };
}
