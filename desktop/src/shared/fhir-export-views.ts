// Saving a patient's record as FHIR (issue 15): the patient's JP Core Bundle, or a finalised
// 診療情報提供書 as a JP-CLINS eReferral document. Online only: the server builds the file from what
// the user may read, and records the export (patient.fhir.export).

export interface FhirExportQuery {
  patientId: string;
  /** A finalised 診療情報提供書's form id; '' for the patient's own record (JP Core). */
  formId: string;
}

export interface FhirExportSaved {
  /** false: the user cancelled the save dialog. */
  saved: boolean;
  /** The file's name as saved (or as suggested, when cancelled). */
  fileName: string;
}

export interface FhirExportApi {
  /**
   * The FHIR JSON, saved where the user chooses in the save dialog. Refused with the server's
   * reason: a draft letter (FHIR_EXPORT_NOT_FINALISED), the offices' 保険医療機関番号 not known
   * (FHIR_EXPORT_SENDER_NUMBER_UNKNOWN, FHIR_EXPORT_RECEIVER_NUMBER_UNKNOWN), and the care team and
   * chart policy as for reading.
   */
  saveFhirExport(query: FhirExportQuery): Promise<FhirExportSaved>;
}
