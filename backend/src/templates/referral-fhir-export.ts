// Exporting a finalised 診療情報提供書 as a JP-CLINS eReferral document (issue 15): the letter as
// written, its PDF, and the patient's structured record as the caller may read it. Exporting is
// reading: the caller must be on the care team and their role must read referral letters (the
// same checks as opening the letter), and the export is recorded as patient.fhir.export.
//
// JP-CLINS requires what Renkei may not hold, and a document that does not conform is not sent:
// - a 10-digit 保険医療機関番号 for the sending and the receiving office (JP_Organization_eCS).
//   The sender is the office of whoever finalised the letter (else saved it), by the number
//   recorded on the facility (`renkei-admin facility set-institution-number`); without one the
//   export is refused with FHIR_EXPORT_SENDER_NUMBER_UNKNOWN. The receiver is named by the number
//   the letter gives (紹介先の医療機関コード: a hospital that is not on Renkei, the usual case), else
//   by the number recorded on the office the form was created for (forms.addressee_facility_id)
//   while the letter's 紹介先医療機関 still names it. The number is never guessed from the
//   letter's text: a letter readdressed by hand gives its number or is refused with
//   FHIR_EXPORT_RECEIVER_NUMBER_UNKNOWN. Lab results go with their hospital's number, and the
//   patient's hospital ID with the first linked hospital's, where recorded;
// - the patient's insurance member ID (JP_Patient_eCS), from the 医療保険 on 保険・認定, and the
//   patient's address (the letter's, else the record's).
import { RenkeiError, type ErrorReason } from '@renkei/proto';
import type { PatientReadScope } from '../access/call-scope';
import { insuranceMemberId } from '../interop/fhir/export/patient-resource';
import { referralDocumentBundle } from '../interop/fhir/export/referral-document';
import { loadPatientOverview } from '../patients/patient-overview';
import { FHIR_EXPORT_ACTION, hospitalInstitutionNumbers, japanDay, resourceCounts, type FhirExportFile } from '../patients/patient-fhir-export';
import { institutionNumbersOf } from '../facilities/institution-number';
import { institutionNumberDigits, institutionNumberProblem } from '@renkei/proto/chart-rules';
import { renderFormVersionPdf, readableForm, type FormVersionRef } from './form-reading';
import { getFormVersionRow, storedValues } from './form-store';

/** The same office name, written with or without spaces, full- or half-width. */
function sameName(a: string, b: string): boolean {
  const fold = (text: string) => text.normalize('NFKC').replace(/\s+/g, '');
  return fold(a) !== '' && fold(a) === fold(b);
}

/** The office the form was created for, if the letter still names it. */
async function addresseeOffice(scope: PatientReadScope, formId: string, written: string): Promise<string | undefined> {
  const row = await scope.store.db
    .selectFrom('forms as f')
    .innerJoin('facilities as o', 'o.id', 'f.addressee_facility_id')
    .select(['o.id', 'o.name'])
    .where('f.id', '=', formId)
    .executeTakeFirst();
  return row && sameName(row.name, written) ? row.id : undefined;
}

/**
 * The receiving office's number: the one the letter gives (what the doctor wrote and signed, checked
 * when it was saved), else the one on record for the office it was created for.
 */
function receiverNumberOf(written: string, onRecord: string | undefined): string | undefined {
  const digits = institutionNumberDigits(written);
  if (digits === '') return onRecord;
  return institutionNumberProblem(digits) ? undefined : digits;
}

export async function exportReferralFhir(scope: PatientReadScope, ref: FormVersionRef): Promise<FhirExportFile> {
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
  const receiverFacilityId = await addresseeOffice(scope, form.id, written('toFacility'));
  const offices = await institutionNumbersOf(scope.store, [senderFacilityId, receiverFacilityId ?? '']);
  const senderNumber = offices.get(senderFacilityId);
  if (!senderNumber) return refuse('FHIR_EXPORT_SENDER_NUMBER_UNKNOWN', version);
  const receiverNumber = receiverNumberOf(written('toInstitutionNumber'), receiverFacilityId && offices.get(receiverFacilityId));
  if (!receiverNumber) return refuse('FHIR_EXPORT_RECEIVER_NUMBER_UNKNOWN', version);

  const overview = await loadPatientOverview(scope);
  const institutionNumbers = await hospitalInstitutionNumbers(scope.store, overview);
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
    { exportedAt: scope.now, institutionNumbers },
  );
  const json = Buffer.from(JSON.stringify(bundle, null, 2), 'utf8');
  await scope.audit({
    action: FHIR_EXPORT_ACTION,
    outcome: 'ok',
    detail: { kind: 'referral', formId: form.id, version, resources: resourceCounts((bundle.entry ?? []).map((e) => e.resource)), bytes: json.byteLength },
  });
  return { json, fileName: printed.fileName.replace(/\.pdf$/i, '') + `-fhir-${japanDay(scope.now)}.json` };
}
