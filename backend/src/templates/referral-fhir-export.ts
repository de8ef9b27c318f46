// Exporting a finalised 診療情報提供書 as a JP-CLINS eReferral document (issue 15): the letter as
// written, its PDF, and the patient's structured record as the caller may read it. Exporting is
// reading: the caller must be on the care team and their role must read referral letters (the
// same checks as opening the letter), and the export is recorded as patient.fhir.export.
//
// JP-CLINS requires what Renkei may not hold, and a document that does not conform is not sent:
// - a 10-digit 保険医療機関番号 for the sending and the receiving office (JP_Organization_eCS).
//   Renkei's facilities carry none yet, so `InstitutionDirectory` answers none and every letter is
//   refused with FHIR_EXPORT_INSTITUTION_NUMBER_UNKNOWN until a facility field for it exists;
// - the patient's insurance member ID (JP_Patient_eCS), from the 医療保険 on 保険・認定, and the
//   patient's address (the letter's, else the record's).
import { RenkeiError, type ErrorReason } from '@renkei/proto';
import type { PatientScope } from '../access/call-scope';
import { insuranceMemberId } from '../interop/fhir/export/patient-resource';
import { referralDocumentBundle } from '../interop/fhir/export/referral-document';
import { loadPatientOverview } from '../patients/patient-overview';
import { FHIR_EXPORT_ACTION, japanDay, resourceCounts, type FhirExportFile } from '../patients/patient-fhir-export';
import { renderFormVersionPdf, readableForm, type FormVersionRef } from './form-reading';
import { getFormVersionRow, storedValues } from './form-store';

/** Where the 保険医療機関番号 of an office comes from; the receiving office is known by the name the letter gives it. */
export interface InstitutionDirectory {
  numberOf(office: { facilityId?: string; name: string }): string | undefined;
}

/** Renkei records no 保険医療機関番号 yet (see the header). */
export const NO_INSTITUTION_NUMBERS: InstitutionDirectory = { numberOf: () => undefined };

export async function exportReferralFhir(
  scope: PatientScope,
  ref: FormVersionRef,
  directory: InstitutionDirectory = NO_INSTITUTION_NUMBERS,
): Promise<FhirExportFile> {
  const form = await readableForm(scope, ref.formId, FHIR_EXPORT_ACTION);
  const refuse = async (reason: ErrorReason, version?: number): Promise<never> => {
    await scope.audit({ action: FHIR_EXPORT_ACTION, outcome: 'failed', detail: { kind: 'referral', formId: form.id, version, reason } });
    throw new RenkeiError({ reason });
  };
  if (form.kind !== 'REFERRAL_LETTER') return refuse('FHIR_EXPORT_NOT_REFERRAL');
  const row = await getFormVersionRow(scope.store, { patientId: scope.patientId, formId: form.id }, ref.version);
  const version = Number(row.version);
  if (row.finalised_at === null) return refuse('FHIR_EXPORT_NOT_FINALISED', version);

  const values = storedValues(row.values_json);
  const written = (key: string) => (typeof values[key] === 'string' ? (values[key] as string).trim() : '');
  const senderFacilityId = row.finalised_by_facility_id ?? row.saved_by_facility_id;
  const senderNumber = directory.numberOf({ facilityId: senderFacilityId, name: written('fromFacility') });
  const receiverNumber = directory.numberOf({ name: written('toFacility') });
  if (!senderNumber || !receiverNumber) return refuse('FHIR_EXPORT_INSTITUTION_NUMBER_UNKNOWN', version);

  const overview = await loadPatientOverview(scope);
  if (!insuranceMemberId(overview.coverage?.medical)) return refuse('FHIR_EXPORT_INSURANCE_UNKNOWN', version);
  if (!written('patientAddress') && !overview.patient?.address?.trim()) return refuse('FHIR_EXPORT_PATIENT_ADDRESS_UNKNOWN', version);

  const printed = await renderFormVersionPdf(scope, form, row);
  const bundle = referralDocumentBundle(
    {
      formId: form.id,
      version,
      values,
      finalisedAt: new Date(row.finalised_at),
      sender: { name: written('fromFacility'), institutionNumber: senderNumber, address: written('fromAddress'), phone: written('fromPhone') },
      receiver: { name: written('toFacility'), institutionNumber: receiverNumber, department: written('toDepartment') },
      pdf: printed.pdf,
      pdfFileName: printed.fileName,
    },
    overview,
    { exportedAt: scope.now },
  );
  const json = Buffer.from(JSON.stringify(bundle, null, 2), 'utf8');
  await scope.audit({
    action: FHIR_EXPORT_ACTION,
    outcome: 'ok',
    detail: { kind: 'referral', formId: form.id, version, resources: resourceCounts((bundle.entry ?? []).map((e) => e.resource)), bytes: json.byteLength },
  });
  return { json, fileName: printed.fileName.replace(/\.pdf$/i, '') + `-fhir-${japanDay(scope.now)}.json` };
}
