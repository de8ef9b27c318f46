// The patient's record as the screens reach it: the patient list and overviews (from the server
// while it answers, else from the user's cache), and the shared chart: progress notes, documents
// (filed from what this PC staged; opened from the server, or from the document cache offline),
// shared forms and consent. Writing needs the server: offline, the user is told so and what still
// works. Access is decided by the server on every call; this PC only keeps what it was given.
import type { ConsentScopeName, DocumentTypeName } from '@renkei/proto/labels';
import type { AccessLogEntryView, AccessLogExportQuery, AccessLogPage, AccessLogQuery } from '../../shared/access-log-views';
import type { FhirExportQuery } from '../../shared/fhir-export-views';
import type {
  ConsentView,
  CorrectNoteInput,
  CreateFormInput,
  DesktopEvent,
  DocumentView,
  FormView,
  MarkNoteEnteredInErrorInput,
  MarkVitalSignsEnteredInErrorInput,
  VitalSignsView,
  OpenedDocument,
  PatientOverviewView,
  PatientSearchResult,
  ArchivedPatientSearchResult,
  ProgressNoteView,
  RecordedVitalSigns,
  RecordVitalSignsInput,
  AddMedicationInput,
  MedicationView,
  ChangeMedicationInput,
  RecordConsentInput,
  SaveFormInput,
  UploadDocumentInput,
  UploadResult,
  WithdrawConsentInput,
  WriteNoteInput,
} from '../../shared/desktop-api';
import { DesktopApiError } from '../../shared/desktop-api-error';
import type { CoverageView, RecordCoverageInput } from '../../shared/coverage-views';
import type { EmergencyInfoView, RecordEmergencyInfoInput } from '../../shared/emergency-views';
import type { ChartApi } from '../api/chart-api';
import { isoOf } from '../api/proto-values';
import { coverageFromMessage } from '../cache/coverage-mapping';
import { listItemFromSummary, overviewAsOf, overviewFromMessage } from '../cache/overview-mapping';
import type { ServerConnection } from '../connection/server-connection';
import { fail } from '../desktop-error';
import type { DocumentIntake } from '../documents/document-intake';
import { openDocumentOffline, openDocumentOnline } from '../documents/document-opening';
import type { SessionManager } from '../session/session-manager';
import { LOCAL_ERRORS } from '../user-messages';
import { consentView, documentView, formView, noteView } from './chart-views';
import { coverageRequest } from './coverage-requests';
import { emergencyInfoView, emergencyInfoRequest } from './emergency-info-views';
import { medicationRequestDetails, medicationView, vitalSignsView } from './medication-views';
import { WriteRequests } from './write-requests';

export class ChartGateway {
  private readonly writeRequests: WriteRequests;

  constructor(
    private readonly sessions: SessionManager,
    private readonly connection: ServerConnection,
    private readonly intake: DocumentIntake,
    /** Tells the screens of an upload's progress. */
    private readonly publish: (event: DesktopEvent) => void,
    private readonly now: () => Date,
  ) {
    this.writeRequests = new WriteRequests(now);
  }

  async searchPatients(query: string): Promise<PatientSearchResult> {
    const { cache } = this.sessions.require();
    return { patients: cache.search(query, this.now()), asOf: cache.lastSyncedAt };
  }

  /**
   * Archived patients the user may still read, from the server's search (no cache holds them). The
   * server decides who sees which (registering office, on the team); this only keeps the archived
   * ones, since the rest are in the cache's own search.
   */
  async searchArchivedPatients(query: string): Promise<ArchivedPatientSearchResult> {
    const { token } = this.sessions.require();
    if (query.trim() === '') return { patients: [] };
    return this.connection.ask<ArchivedPatientSearchResult>(
      Boolean(token),
      async (api) => {
        const { patients } = await api.searchPatients(query, true);
        return { patients: patients.filter((p) => p.archived).map(listItemFromSummary) };
      },
      () => fail(LOCAL_ERRORS.archivedSearchNeedsConnection),
    );
  }

  async getPatientOverview(patientId: string): Promise<PatientOverviewView> {
    const { token, user, cache } = this.sessions.require();
    return this.connection.ask<PatientOverviewView>(
      Boolean(token),
      async (api) => {
        const stored = overviewFromMessage(await api.overview(patientId), user.id, this.now());
        // An archived patient is kept in no PC's cache (the sync removed it): read it, keep nothing.
        if (stored.patient.archivedAt !== null) return { ...stored, source: 'server', asOf: this.now().toISOString() };
        cache.put(stored);
        return { ...stored, source: 'server', asOf: this.now().toISOString() };
      },
      () => {
        const cached = cache.overview(patientId);
        if (!cached) fail(LOCAL_ERRORS.patientNotCached);
        // Read from the cache on another day than it was synced: the instruction's days are counted again.
        return { ...overviewAsOf(cached, this.now()), source: 'cache', asOf: cache.lastSyncedAt ?? this.now().toISOString() };
      },
    );
  }

  /**
   * A chart call, which needs the server: an online session and the tunnel up. When the server
   * cannot be reached the user is told that this needs the connection (and what still works).
   */
  private withServer<T>(call: (chart: ChartApi) => Promise<T>): Promise<T> {
    const { token } = this.sessions.require();
    return this.connection.ask(
      Boolean(token),
      (api) => call(api.chart),
      () => fail(LOCAL_ERRORS.chartNeedsConnection),
    );
  }

  // Emergency information (the current version comes with the overview)

  async getEmergencyInfoHistory(patientId: string): Promise<EmergencyInfoView[]> {
    return (await this.withServer((chart) => chart.getEmergencyInfoHistory(patientId))).map(emergencyInfoView);
  }

  async recordEmergencyInfo(input: RecordEmergencyInfoInput): Promise<EmergencyInfoView> {
    return emergencyInfoView(await this.withServer((chart) => chart.recordEmergencyInfo(emergencyInfoRequest(input))));
  }

  // Insurance and certification (the current version comes with the overview, and is cached with it)

  async getCoverageHistory(patientId: string): Promise<CoverageView[]> {
    return (await this.withServer((chart) => chart.getCoverageHistory(patientId))).map((version) => coverageFromMessage(version)!);
  }

  /** A patient's access log, a page at a time: online only, never cached (the server records each read). */
  async listPatientAccessLog(query: AccessLogQuery): Promise<AccessLogPage> {
    const page = await this.withServer((chart) => chart.listPatientAccessLog(query));
    return {
      entries: page.entries.map((e) => ({
        seq: Number(e.seq),
        at: isoOf(e.at) ?? '',
        action: e.action,
        outcome: e.outcome as AccessLogEntryView['outcome'],
        actorName: e.actorName,
        actorKind: e.actorKind,
        actorLabel: e.actorLabel,
        actorProfession: e.actorProfession === 'PROFESSION_UNSPECIFIED' ? null : e.actorProfession,
        actorFacilityName: e.actorFacilityName,
        deviceName: e.deviceName,
        deviceFacilityName: e.deviceFacilityName,
        reason: e.reason,
      })),
      nextPageToken: page.nextPageToken,
    };
  }

  /** The period's access log as CSV bytes from the server (which records the export), with a suggested file name. */
  async exportPatientAccessLog(query: AccessLogExportQuery): Promise<{ csv: Uint8Array; fileName: string; rows: number }> {
    const exported = await this.withServer((chart) => chart.exportPatientAccessLog(query));
    return { csv: new Uint8Array(exported.csv), fileName: exported.fileName, rows: exported.rows };
  }

  /** The patient's JP Core Bundle ('' formId) or a finalised letter's eReferral document, from the server (which records the export). */
  async exportFhir(query: FhirExportQuery): Promise<{ json: Uint8Array; fileName: string }> {
    const exported = await this.withServer((chart) =>
      query.formId === '' ? chart.exportPatientFhir(query.patientId) : chart.exportReferralFhir(query.patientId, query.formId),
    );
    return { json: new Uint8Array(exported.json), fileName: exported.fileName };
  }

  /** A retry after a lost answer is refused as superseded by the server (base_version), never applied twice. */
  async recordCoverage(input: RecordCoverageInput): Promise<CoverageView> {
    return coverageFromMessage(await this.withServer((chart) => chart.recordCoverage(coverageRequest(input))))!;
  }

  // Progress notes

  async listNotes(
    patientId: string,
    options: { includeEnteredInError?: boolean; pageToken?: string } = {},
  ): Promise<{ notes: ProgressNoteView[]; nextPageToken: string }> {
    const page = await this.withServer((chart) =>
      chart.listNotes({ patientId, pageToken: options.pageToken ?? '', includeEnteredInError: options.includeEnteredInError ?? false }),
    );
    return { notes: page.notes.map(noteView), nextPageToken: page.nextPageToken };
  }

  async getNoteHistory(patientId: string, noteId: string): Promise<ProgressNoteView[]> {
    return (await this.withServer((chart) => chart.getNoteHistory(patientId, noteId))).map(noteView);
  }

  async writeNote(input: WriteNoteInput): Promise<ProgressNoteView> {
    const { user } = this.sessions.require();
    // The same words for the same patient after a lost answer are a retry, not a second note.
    const { key, requestId } = this.writeRequests.begin([user.id, input.patientId, input.soap, input.observedAt ?? '']);
    try {
      const note = await this.withServer((chart) =>
        chart.writeNote({ patientId: input.patientId, soap: input.soap, observedAt: input.observedAt ?? '', clientRequestId: requestId }),
      );
      this.writeRequests.settle(key);
      return noteView(note);
    } catch (error) {
      if (!(error instanceof DesktopApiError && error.detail.reason === LOCAL_ERRORS.chartNeedsConnection.reason)) this.writeRequests.settle(key);
      throw error;
    }
  }

  /** Vital signs, and the note written with them, in one call: both stored or neither. */
  async recordVitalSigns(input: RecordVitalSignsInput): Promise<RecordedVitalSigns> {
    const { user } = this.sessions.require();
    // The same values for the same patient after a lost answer are a retry, not a second observation.
    const { key, requestId } = this.writeRequests.begin([user.id, input.patientId, input.values, input.note ?? null, input.observedAt ?? '']);
    try {
      const recorded = await this.withServer((chart) =>
        chart.recordVitalSigns({
          patientId: input.patientId,
          values: input.values,
          observedAt: input.observedAt ?? '',
          clientRequestId: requestId,
          ...(input.note && { note: input.note }),
        }),
      );
      this.writeRequests.settle(key);
      return { vitalSigns: vitalSignsView(recorded.vitalSigns!), note: recorded.note ? noteView(recorded.note) : null };
    } catch (error) {
      if (!(error instanceof DesktopApiError && error.detail.reason === LOCAL_ERRORS.chartNeedsConnection.reason)) this.writeRequests.settle(key);
      throw error;
    }
  }

  // Medications

  async addMedication(input: AddMedicationInput): Promise<MedicationView> {
    const { user } = this.sessions.require();
    // The same entry for the same patient after a lost answer is a retry, not a second drug.
    const { key, requestId } = this.writeRequests.begin([user.id, input.patientId, input.details]);
    try {
      const added = await this.withServer((chart) =>
        chart.addMedication({ patientId: input.patientId, details: medicationRequestDetails(input.details), clientRequestId: requestId }),
      );
      this.writeRequests.settle(key);
      return medicationView(added);
    } catch (error) {
      if (!(error instanceof DesktopApiError && error.detail.reason === LOCAL_ERRORS.chartNeedsConnection.reason)) this.writeRequests.settle(key);
      throw error;
    }
  }

  /** A retry after a lost answer is refused as superseded by the server (base_version), never applied twice. */
  async changeMedication(input: ChangeMedicationInput): Promise<MedicationView> {
    return medicationView(
      await this.withServer((chart) =>
        chart.changeMedication({
          patientId: input.patientId,
          medicationId: input.medicationId,
          baseVersion: input.baseVersion,
          details: medicationRequestDetails(input.details),
          reason: input.reason,
        }),
      ),
    );
  }

  /** Every entry, stopped ones too (the history of the list); from the server only. */
  async listAllMedications(patientId: string): Promise<MedicationView[]> {
    return (await this.withServer((chart) => chart.listAllMedications(patientId))).map(medicationView);
  }

  async getMedicationHistory(patientId: string, medicationId: string): Promise<MedicationView[]> {
    return (await this.withServer((chart) => chart.getMedicationHistory(patientId, medicationId))).map(medicationView);
  }

  /** The 記録一覧 of vital signs: the last 90 days, those entered in error too; from the server only. */
  async listVitalSigns(patientId: string): Promise<VitalSignsView[]> {
    return (await this.withServer((chart) => chart.listVitalSigns(patientId))).map(vitalSignsView);
  }

  /** Marking twice (a retry after a lost answer too) is refused by the server, never applied twice. */
  async markVitalSignsEnteredInError(input: MarkVitalSignsEnteredInErrorInput): Promise<VitalSignsView> {
    return vitalSignsView(await this.withServer((chart) => chart.markVitalSignsEnteredInError(input)));
  }

  async correctNote(input: CorrectNoteInput): Promise<ProgressNoteView> {
    return noteView(await this.withServer((chart) => chart.correctNote(input)));
  }

  async markNoteEnteredInError(input: MarkNoteEnteredInErrorInput): Promise<ProgressNoteView> {
    return noteView(await this.withServer((chart) => chart.markNoteEnteredInError(input)));
  }

  // Documents

  async listDocuments(patientId: string): Promise<DocumentView[]> {
    return (await this.withServer((chart) => chart.listDocuments(patientId))).map(documentView);
  }

  async getDocumentHistory(patientId: string, documentId: string): Promise<DocumentView[]> {
    return (await this.withServer((chart) => chart.getDocumentHistory(patientId, documentId))).map(documentView);
  }

  async uploadDocument(input: UploadDocumentInput): Promise<UploadResult> {
    const { response, file } = await this.withServer((chart) =>
      this.intake.send(chart, input, (sentBytes, totalBytes) =>
        this.publish({ type: 'upload-progress', stagedFileId: input.stagedFileId, sentBytes, totalBytes }),
      ),
    );
    await this.intake.filed(file);
    return { document: documentView(response.document!), alreadyFiled: response.alreadyFiled };
  }

  /** From the server while it answers (kept in the document cache), else from the document cache. */
  async openDocument(patientId: string, documentId: string, version: number): Promise<OpenedDocument> {
    const { token, cache, documents } = this.sessions.require();
    return this.connection.ask(
      Boolean(token),
      (api) => openDocumentOnline(api.chart, documents, patientId, documentId, version),
      () => openDocumentOffline(documents, cache.overview(patientId), patientId, documentId, version),
    );
  }

  // Shared forms

  async listForms(patientId: string): Promise<FormView[]> {
    return (await this.withServer((chart) => chart.listForms(patientId))).map(formView);
  }

  async getForm(patientId: string, formId: string, version: number): Promise<FormView> {
    return formView(await this.withServer((chart) => chart.getForm(patientId, formId, version)));
  }

  async listFormVersions(patientId: string, formId: string): Promise<FormView[]> {
    return (await this.withServer((chart) => chart.listFormVersions(patientId, formId))).map(formView);
  }

  async createForm(input: CreateFormInput): Promise<FormView> {
    return formView(
      await this.withServer((chart) =>
        chart.createForm({
          patientId: input.patientId,
          documentType: input.documentType as DocumentTypeName,
          title: input.title,
          valuesJson: JSON.stringify(input.values),
          addresseeFacilityId: input.addresseeFacilityId ?? '',
        }),
      ),
    );
  }

  async saveForm(input: SaveFormInput): Promise<FormView> {
    return formView(
      await this.withServer((chart) =>
        chart.saveForm({
          patientId: input.patientId,
          formId: input.formId,
          baseVersion: input.baseVersion,
          valuesJson: JSON.stringify(input.values),
          amendFinalised: input.amendFinalised ?? false,
        }),
      ),
    );
  }

  async finaliseForm(patientId: string, formId: string, version: number): Promise<FormView> {
    return formView(await this.withServer((chart) => chart.finaliseForm(patientId, formId, version)));
  }

  async renderFormPdf(patientId: string, formId: string, version: number): Promise<{ bytes: Uint8Array; fileName: string }> {
    const rendered = await this.withServer((chart) => chart.renderFormPdf(patientId, formId, version));
    return { bytes: rendered.pdf, fileName: rendered.fileName };
  }

  // Consent (患者同意書)

  async getConsentStatus(patientId: string): Promise<ConsentView> {
    return consentView(await this.withServer((chart) => chart.getConsentStatus(patientId)));
  }

  async recordConsent(input: RecordConsentInput): Promise<ConsentView> {
    return consentView(await this.withServer((chart) => chart.recordConsent({ ...input, scope: input.scope as ConsentScopeName })));
  }

  async withdrawConsent(input: WithdrawConsentInput): Promise<ConsentView> {
    return consentView(await this.withServer((chart) => chart.withdrawConsent(input)));
  }
}
