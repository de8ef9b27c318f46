// The shared chart's four services (chart.proto), on the clinical API's channel and credentials.
// Unary calls carry a deadline; a document goes up and comes down as a stream (file-transfer.ts).
import type { FileHandle } from 'node:fs/promises';
import type * as grpc from '@grpc/grpc-js';
import { loadApi } from '@renkei/proto';
import type { ConsentServiceClient } from '@renkei/proto/generated/renkei/v1/ConsentService';
import type { ConsentStatus__Output } from '@renkei/proto/generated/renkei/v1/ConsentStatus';
import type { Coverage__Output } from '@renkei/proto/generated/renkei/v1/Coverage';
import type { CoverageHistory__Output } from '@renkei/proto/generated/renkei/v1/CoverageHistory';
import type { CoverageServiceClient } from '@renkei/proto/generated/renkei/v1/CoverageService';
import type { RecordCoverageRequest } from '@renkei/proto/generated/renkei/v1/RecordCoverageRequest';
import type { CorrectNoteRequest } from '@renkei/proto/generated/renkei/v1/CorrectNoteRequest';
import type { CreateFormRequest } from '@renkei/proto/generated/renkei/v1/CreateFormRequest';
import type { DocumentHistory__Output } from '@renkei/proto/generated/renkei/v1/DocumentHistory';
import type { DocumentServiceClient } from '@renkei/proto/generated/renkei/v1/DocumentService';
import type { DocumentVersion__Output } from '@renkei/proto/generated/renkei/v1/DocumentVersion';
import type { DownloadDocumentRequest } from '@renkei/proto/generated/renkei/v1/DownloadDocumentRequest';
import type { EmergencyInfo__Output } from '@renkei/proto/generated/renkei/v1/EmergencyInfo';
import type { EmergencyInfoHistory__Output } from '@renkei/proto/generated/renkei/v1/EmergencyInfoHistory';
import type { EmergencyInfoServiceClient } from '@renkei/proto/generated/renkei/v1/EmergencyInfoService';
import type { RecordEmergencyInfoRequest } from '@renkei/proto/generated/renkei/v1/RecordEmergencyInfoRequest';
import type { FormServiceClient } from '@renkei/proto/generated/renkei/v1/FormService';
import type { FormVersion__Output } from '@renkei/proto/generated/renkei/v1/FormVersion';
import type { ListDocumentsResponse__Output } from '@renkei/proto/generated/renkei/v1/ListDocumentsResponse';
import type { ListFormVersionsResponse__Output } from '@renkei/proto/generated/renkei/v1/ListFormVersionsResponse';
import type { ListFormsResponse__Output } from '@renkei/proto/generated/renkei/v1/ListFormsResponse';
import type { ListNotesRequest } from '@renkei/proto/generated/renkei/v1/ListNotesRequest';
import type { ListNotesResponse__Output } from '@renkei/proto/generated/renkei/v1/ListNotesResponse';
import type { NoteHistory__Output } from '@renkei/proto/generated/renkei/v1/NoteHistory';
import type { MarkNoteEnteredInErrorRequest } from '@renkei/proto/generated/renkei/v1/MarkNoteEnteredInErrorRequest';
import type { ProgressNoteServiceClient } from '@renkei/proto/generated/renkei/v1/ProgressNoteService';
import type { ProgressNote__Output } from '@renkei/proto/generated/renkei/v1/ProgressNote';
import type { RecordVitalSignsRequest } from '@renkei/proto/generated/renkei/v1/RecordVitalSignsRequest';
import type { ListVitalSignsResponse__Output } from '@renkei/proto/generated/renkei/v1/ListVitalSignsResponse';
import type { MarkVitalSignsEnteredInErrorRequest } from '@renkei/proto/generated/renkei/v1/MarkVitalSignsEnteredInErrorRequest';
import type { VitalSigns__Output } from '@renkei/proto/generated/renkei/v1/VitalSigns';
import type { RecordVitalSignsResponse__Output } from '@renkei/proto/generated/renkei/v1/RecordVitalSignsResponse';
import type { VitalSignServiceClient } from '@renkei/proto/generated/renkei/v1/VitalSignService';
import type { AddMedicationRequest } from '@renkei/proto/generated/renkei/v1/AddMedicationRequest';
import type { ChangeMedicationRequest } from '@renkei/proto/generated/renkei/v1/ChangeMedicationRequest';
import type { Medication__Output } from '@renkei/proto/generated/renkei/v1/Medication';
import type { MedicationHistory__Output } from '@renkei/proto/generated/renkei/v1/MedicationHistory';
import type { ListMedicationsResponse__Output } from '@renkei/proto/generated/renkei/v1/ListMedicationsResponse';
import type { MedicationServiceClient } from '@renkei/proto/generated/renkei/v1/MedicationService';
import type { RecordConsentRequest } from '@renkei/proto/generated/renkei/v1/RecordConsentRequest';
import type { RenderFormPdfResponse__Output } from '@renkei/proto/generated/renkei/v1/RenderFormPdfResponse';
import type { SaveFormRequest } from '@renkei/proto/generated/renkei/v1/SaveFormRequest';
import type { UploadDocumentRequest } from '@renkei/proto/generated/renkei/v1/UploadDocumentRequest';
import type { UploadDocumentResponse__Output } from '@renkei/proto/generated/renkei/v1/UploadDocumentResponse';
import type { UploadHeader } from '@renkei/proto/generated/renkei/v1/UploadHeader';
import type { WithdrawConsentRequest } from '@renkei/proto/generated/renkei/v1/WithdrawConsentRequest';
import type { WriteNoteRequest } from '@renkei/proto/generated/renkei/v1/WriteNoteRequest';
import type { CreatePhraseRequest } from '@renkei/proto/generated/renkei/v1/CreatePhraseRequest';
import type { ListPhrasesResponse__Output } from '@renkei/proto/generated/renkei/v1/ListPhrasesResponse';
import type { AuditLogServiceClient } from '@renkei/proto/generated/renkei/v1/AuditLogService';
import type { ExportPatientAccessLogRequest } from '@renkei/proto/generated/renkei/v1/ExportPatientAccessLogRequest';
import type { ExportPatientAccessLogResponse__Output } from '@renkei/proto/generated/renkei/v1/ExportPatientAccessLogResponse';
import type { ListPatientAccessLogRequest } from '@renkei/proto/generated/renkei/v1/ListPatientAccessLogRequest';
import type { ListPatientAccessLogResponse__Output } from '@renkei/proto/generated/renkei/v1/ListPatientAccessLogResponse';
import type { Phrase__Output } from '@renkei/proto/generated/renkei/v1/Phrase';
import type { PhraseServiceClient } from '@renkei/proto/generated/renkei/v1/PhraseService';
import type { PatientServiceClient } from '@renkei/proto/generated/renkei/v1/PatientService';
import type { FhirExport__Output } from '@renkei/proto/generated/renkei/v1/FhirExport';
import type { UpdatePhraseRequest } from '@renkei/proto/generated/renkei/v1/UpdatePhraseRequest';
import { downloadFile, uploadFile, type TransferOptions, type UploadOptions } from './file-transfer';
import { unary } from './grpc-connection';

// Rendering a form with Japanese fonts takes the server a moment.
const RENDER_DEADLINE_MS = 30_000;

export class ChartApi {
  private readonly consent: ConsentServiceClient;
  private readonly notes: ProgressNoteServiceClient;
  private readonly documents: DocumentServiceClient;
  private readonly forms: FormServiceClient;
  private readonly emergency: EmergencyInfoServiceClient;
  private readonly vitals: VitalSignServiceClient;
  private readonly medications: MedicationServiceClient;
  private readonly phrases: PhraseServiceClient;
  private readonly coverage: CoverageServiceClient;
  private readonly auditLog: AuditLogServiceClient;
  private readonly patients: PatientServiceClient;

  constructor(
    address: string,
    credentials: grpc.ChannelCredentials,
    options: grpc.ClientOptions,
    private readonly metadata: () => grpc.Metadata,
  ) {
    const v1 = loadApi().grpcObject.renkei.v1;
    this.consent = new v1.ConsentService(address, credentials, options);
    this.notes = new v1.ProgressNoteService(address, credentials, options);
    this.documents = new v1.DocumentService(address, credentials, options);
    this.forms = new v1.FormService(address, credentials, options);
    this.vitals = new v1.VitalSignService(address, credentials, options);
    this.medications = new v1.MedicationService(address, credentials, options);
    this.emergency = new v1.EmergencyInfoService(address, credentials, options);
    this.phrases = new v1.PhraseService(address, credentials, options);
    this.coverage = new v1.CoverageService(address, credentials, options);
    this.auditLog = new v1.AuditLogService(address, credentials, options);
    this.patients = new v1.PatientService(address, credentials, options);
  }

  // ---- a patient's access log (audit_log.proto) ----

  listPatientAccessLog(request: ListPatientAccessLogRequest): Promise<ListPatientAccessLogResponse__Output> {
    return unary(this.auditLog, this.auditLog.ListPatientAccessLog, request, this.metadata());
  }

  exportPatientAccessLog(request: ExportPatientAccessLogRequest): Promise<ExportPatientAccessLogResponse__Output> {
    return unary(this.auditLog, this.auditLog.ExportPatientAccessLog, request, this.metadata());
  }

  // ---- FHIR export (patients.proto) ----

  exportPatientFhir(patientId: string): Promise<FhirExport__Output> {
    return unary(this.patients, this.patients.ExportPatientFhir, { patientId }, this.metadata());
  }

  /** The server renders the letter's PDF into the document: as long as printing it. */
  exportReferralFhir(patientId: string, formId: string): Promise<FhirExport__Output> {
    return unary(this.patients, this.patients.ExportReferralFhir, { patientId, formId, version: 0 }, this.metadata(), RENDER_DEADLINE_MS);
  }

  // ---- 定型文 (phrases.proto) ----

  async listPhrases(): Promise<Phrase__Output[]> {
    const list: ListPhrasesResponse__Output = await unary(this.phrases, this.phrases.ListPhrases, {}, this.metadata());
    return list.phrases;
  }

  createPhrase(request: CreatePhraseRequest): Promise<Phrase__Output> {
    return unary(this.phrases, this.phrases.CreatePhrase, request, this.metadata());
  }

  updatePhrase(request: UpdatePhraseRequest): Promise<Phrase__Output> {
    return unary(this.phrases, this.phrases.UpdatePhrase, request, this.metadata());
  }

  deletePhrase(phraseId: string): Promise<Phrase__Output> {
    return unary(this.phrases, this.phrases.DeletePhrase, { phraseId }, this.metadata());
  }

  // ---- emergency information (safety.proto) ----

  async getEmergencyInfoHistory(patientId: string): Promise<EmergencyInfo__Output[]> {
    const history: EmergencyInfoHistory__Output = await unary(this.emergency, this.emergency.GetEmergencyInfoHistory, { patientId }, this.metadata());
    return history.versions;
  }

  recordEmergencyInfo(request: RecordEmergencyInfoRequest): Promise<EmergencyInfo__Output> {
    return unary(this.emergency, this.emergency.RecordEmergencyInfo, request, this.metadata());
  }

  // ---- insurance and certification (coverage.proto) ----

  async getCoverageHistory(patientId: string): Promise<Coverage__Output[]> {
    const history: CoverageHistory__Output = await unary(this.coverage, this.coverage.GetCoverage, { patientId }, this.metadata());
    return history.versions;
  }

  recordCoverage(request: RecordCoverageRequest): Promise<Coverage__Output> {
    return unary(this.coverage, this.coverage.RecordCoverage, request, this.metadata());
  }

  // ---- consent ----

  getConsentStatus(patientId: string): Promise<ConsentStatus__Output> {
    return unary(this.consent, this.consent.GetConsentStatus, { patientId }, this.metadata());
  }

  recordConsent(request: RecordConsentRequest): Promise<ConsentStatus__Output> {
    return unary(this.consent, this.consent.RecordConsent, request, this.metadata());
  }

  withdrawConsent(request: WithdrawConsentRequest): Promise<ConsentStatus__Output> {
    return unary(this.consent, this.consent.WithdrawConsent, request, this.metadata());
  }

  // ---- vital signs (medication.proto) ----

  recordVitalSigns(request: RecordVitalSignsRequest): Promise<RecordVitalSignsResponse__Output> {
    return unary(this.vitals, this.vitals.RecordVitalSigns, request, this.metadata());
  }

  /** The last 90 days (the server's default), those entered in error too. */
  async listVitalSigns(patientId: string): Promise<VitalSigns__Output[]> {
    const list: ListVitalSignsResponse__Output = await unary(
      this.vitals,
      this.vitals.ListVitalSigns,
      { patientId, includeEnteredInError: true },
      this.metadata(),
    );
    return list.vitalSigns;
  }

  markVitalSignsEnteredInError(request: MarkVitalSignsEnteredInErrorRequest): Promise<VitalSigns__Output> {
    return unary(this.vitals, this.vitals.MarkVitalSignsEnteredInError, request, this.metadata());
  }

  // ---- medications (medication.proto) ----

  addMedication(request: AddMedicationRequest): Promise<Medication__Output> {
    return unary(this.medications, this.medications.AddMedication, request, this.metadata());
  }

  changeMedication(request: ChangeMedicationRequest): Promise<Medication__Output> {
    return unary(this.medications, this.medications.ChangeMedication, request, this.metadata());
  }

  /** Every entry's current version, those stopped too. */
  async listAllMedications(patientId: string): Promise<Medication__Output[]> {
    const list: ListMedicationsResponse__Output = await unary(
      this.medications,
      this.medications.ListMedications,
      { patientId, includeStopped: true },
      this.metadata(),
    );
    return list.medications;
  }

  /** Every version of one entry, oldest first. */
  async getMedicationHistory(patientId: string, medicationId: string): Promise<Medication__Output[]> {
    const history: MedicationHistory__Output = await unary(
      this.medications,
      this.medications.GetMedicationHistory,
      { patientId, medicationId },
      this.metadata(),
    );
    return history.versions;
  }

  // ---- progress notes ----

  writeNote(request: WriteNoteRequest): Promise<ProgressNote__Output> {
    return unary(this.notes, this.notes.WriteNote, request, this.metadata());
  }

  correctNote(request: CorrectNoteRequest): Promise<ProgressNote__Output> {
    return unary(this.notes, this.notes.CorrectNote, request, this.metadata());
  }

  markNoteEnteredInError(request: MarkNoteEnteredInErrorRequest): Promise<ProgressNote__Output> {
    return unary(this.notes, this.notes.MarkNoteEnteredInError, request, this.metadata());
  }

  listNotes(request: ListNotesRequest): Promise<ListNotesResponse__Output> {
    return unary(this.notes, this.notes.ListNotes, request, this.metadata());
  }

  async getNoteHistory(patientId: string, noteId: string): Promise<ProgressNote__Output[]> {
    const history: NoteHistory__Output = await unary(this.notes, this.notes.GetNoteHistory, { patientId, noteId }, this.metadata());
    return history.versions;
  }

  // ---- documents ----

  async listDocuments(patientId: string): Promise<DocumentVersion__Output[]> {
    const list: ListDocumentsResponse__Output = await unary(this.documents, this.documents.ListDocuments, { patientId }, this.metadata());
    return list.documents;
  }

  async getDocumentHistory(patientId: string, documentId: string): Promise<DocumentVersion__Output[]> {
    const history: DocumentHistory__Output = await unary(this.documents, this.documents.GetDocumentHistory, { patientId, documentId }, this.metadata());
    return history.versions;
  }

  /** Files the document the handle holds (its size and SHA-256 go into the header). Aborting `signal` cancels: the server files nothing. */
  uploadDocument(header: Omit<UploadHeader, 'size' | 'sha256'>, file: FileHandle, options: UploadOptions = {}): Promise<UploadDocumentResponse__Output> {
    return uploadFile<UploadDocumentRequest, UploadDocumentResponse__Output>(
      (callOptions, callback) => this.documents.UploadDocument(this.metadata(), callOptions, callback),
      { header: (size) => ({ header: { ...header, size, sha256: '' } }), chunk: (chunk) => ({ chunk }), trailer: (sha256) => ({ trailer: { sha256 } }) },
      file,
      options,
    );
  }

  /** One version of a document with its description, checked against it. version 0: the current one. */
  downloadDocument(request: DownloadDocumentRequest, options: TransferOptions = {}): Promise<{ info: DocumentVersion__Output; bytes: Buffer }> {
    return downloadFile<DocumentVersion__Output>((callOptions) => this.documents.DownloadDocument(request, this.metadata(), callOptions), options);
  }

  // ---- shared forms ----

  createForm(request: CreateFormRequest): Promise<FormVersion__Output> {
    return unary(this.forms, this.forms.CreateForm, request, this.metadata());
  }

  getForm(patientId: string, formId: string, version: number): Promise<FormVersion__Output> {
    return unary(this.forms, this.forms.GetForm, { patientId, formId, version }, this.metadata());
  }

  saveForm(request: SaveFormRequest): Promise<FormVersion__Output> {
    return unary(this.forms, this.forms.SaveForm, request, this.metadata());
  }

  finaliseForm(patientId: string, formId: string, version: number): Promise<FormVersion__Output> {
    return unary(this.forms, this.forms.FinaliseForm, { patientId, formId, version }, this.metadata());
  }

  async listForms(patientId: string): Promise<FormVersion__Output[]> {
    const list: ListFormsResponse__Output = await unary(this.forms, this.forms.ListForms, { patientId }, this.metadata());
    return list.forms;
  }

  async listFormVersions(patientId: string, formId: string): Promise<FormVersion__Output[]> {
    const list: ListFormVersionsResponse__Output = await unary(this.forms, this.forms.ListFormVersions, { patientId, formId }, this.metadata());
    return list.versions;
  }

  renderFormPdf(patientId: string, formId: string, version: number): Promise<RenderFormPdfResponse__Output> {
    return unary(this.forms, this.forms.RenderFormPdf, { patientId, formId, version }, this.metadata(), RENDER_DEADLINE_MS);
  }
}
