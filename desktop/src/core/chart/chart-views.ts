// From the chart's messages (chart.proto) to the shapes the screens use (shared/desktop-api.ts).
// Enums arrive as their names (the loader's `enums: String`); timestamps become ISO instants.
import type { ChartSummary__Output } from '@renkei/proto/generated/renkei/v1/ChartSummary';
import type { Consent__Output } from '@renkei/proto/generated/renkei/v1/Consent';
import type { ConsentStatus__Output } from '@renkei/proto/generated/renkei/v1/ConsentStatus';
import type { DocumentVersion__Output } from '@renkei/proto/generated/renkei/v1/DocumentVersion';
import type { FormVersion__Output } from '@renkei/proto/generated/renkei/v1/FormVersion';
import type { InstructionAlert__Output } from '@renkei/proto/generated/renkei/v1/InstructionAlert';
import type { ProgressNote__Output } from '@renkei/proto/generated/renkei/v1/ProgressNote';
import type { RecordAuthor__Output } from '@renkei/proto/generated/renkei/v1/RecordAuthor';
import type {
  ChartView,
  ConsentRecordView,
  ConsentView,
  DocumentMediaType,
  DocumentView,
  FormView,
  InstructionAlertView,
  ProgressNoteView,
  RecordAuthorView,
} from '../../shared/desktop-api';
import { isoOf as iso, nameOf } from '../api/proto-values';

/** What a chart looks like before the server has said anything about it (or an old cache row). */
export const EMPTY_CHART: ChartView = { latestNotes: [], documents: [], forms: [], instructionAlerts: [], consent: null, myAccess: [] };

export function authorView(author: RecordAuthor__Output | null | undefined): RecordAuthorView {
  return {
    userId: author?.userId ?? '',
    name: nameOf(author?.name),
    profession: String(author?.profession ?? 'PROFESSION_UNSPECIFIED'),
    facilityName: author?.facilityName ?? '',
  };
}

export function noteView(note: ProgressNote__Output): ProgressNoteView {
  return {
    noteId: note.noteId,
    version: note.version,
    soap: {
      subjective: note.soap?.subjective ?? '',
      objective: note.soap?.objective ?? '',
      assessment: note.soap?.assessment ?? '',
      plan: note.soap?.plan ?? '',
    },
    observedAt: note.observedAt,
    status: note.status === 'NOTE_STATUS_ENTERED_IN_ERROR' ? 'entered-in-error' : 'current',
    correctionReason: note.correctionReason,
    author: authorView(note.author),
    recordedAt: iso(note.recordedAt) ?? '',
    superseded: note.superseded,
  };
}

const MEDIA_TYPES: Readonly<Record<string, DocumentMediaType>> = {
  MEDIA_TYPE_PDF: 'application/pdf',
  MEDIA_TYPE_JPEG: 'image/jpeg',
  MEDIA_TYPE_PNG: 'image/png',
  MEDIA_TYPE_TIFF: 'image/tiff',
};

export function documentView(document: DocumentVersion__Output): DocumentView {
  return {
    documentId: document.documentId,
    version: document.version,
    documentType: String(document.documentType),
    title: document.title,
    fileName: document.fileName,
    // The server types every file by its content and never files one it could not type; PDF is
    // the business systems' format, so an unknown value from a newer server is read as one.
    mediaType: MEDIA_TYPES[String(document.mediaType)] ?? 'application/pdf',
    size: Number(document.size),
    sha256: document.sha256,
    pageCount: document.pageCount,
    issuedOn: document.issuedOn,
    issuer: document.issuer,
    validFrom: document.validFrom,
    validUntil: document.validUntil,
    note: document.note,
    uploadedBy: authorView(document.uploadedBy),
    uploadedAt: iso(document.uploadedAt) ?? '',
    superseded: document.superseded,
  };
}

/** values_json as the record the screens edit; the server validated it, so only a non-object is refused. */
function formValues(json: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(json || '{}');
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through: an unreadable form opens empty rather than hiding the whole chart
  }
  return {};
}

export function formView(form: FormVersion__Output): FormView {
  return {
    formId: form.formId,
    version: form.version,
    currentVersion: form.currentVersion || form.version,
    documentType: String(form.documentType),
    title: form.title,
    values: formValues(form.valuesJson),
    savedBy: authorView(form.savedBy),
    savedAt: iso(form.savedAt) ?? '',
    basedOnVersion: form.basedOnVersion,
    finalised: form.finalised,
    finalisedBy: form.finalised && form.finalisedBy ? authorView(form.finalisedBy) : null,
    finalisedAt: form.finalised ? iso(form.finalisedAt) : null,
  };
}

function instructionAlertView(alert: InstructionAlert__Output): InstructionAlertView {
  return {
    documentId: alert.documentId,
    formId: alert.formId,
    title: alert.title,
    validUntil: alert.validUntil,
    expired: alert.expired,
    daysLeft: alert.daysLeft,
  };
}

function personLabel(author: RecordAuthor__Output | null | undefined): string {
  if (!author) return '';
  return [author.name?.family, author.name?.given].filter(Boolean).join(' ');
}

function consentRecordView(consent: Consent__Output): ConsentRecordView {
  return {
    id: consent.id,
    obtainedOn: consent.obtainedOn,
    obtainedBy: consent.obtainedBy,
    scope: String(consent.scope),
    facilityNames: consent.facilities.map((f) => f.name),
    formDocumentId: consent.formDocumentId,
    note: consent.note,
    recordedBy: personLabel(consent.recordedBy),
    recordedAt: iso(consent.recordedAt) ?? '',
    withdrawnOn: consent.withdrawnOn,
    withdrawalReason: consent.withdrawalReason,
  };
}

export function consentView(status: ConsentStatus__Output): ConsentView {
  return {
    shared: status.shared,
    current: status.current ? consentRecordView(status.current) : null,
    history: status.history.map(consentRecordView),
    registeredByFacilityName: status.registeredBy?.name ?? '',
    callerMayRecord: status.callerMayRecord,
  };
}

export function chartView(summary: ChartSummary__Output | null | undefined): ChartView {
  if (!summary) return EMPTY_CHART;
  return {
    latestNotes: summary.latestNotes.map(noteView),
    documents: summary.documents.map(documentView),
    forms: summary.forms.map(formView),
    instructionAlerts: summary.instructionAlerts.map(instructionAlertView),
    consent: summary.consent ? consentView(summary.consent) : null,
    myAccess: summary.myAccess.map((a) => ({ recordKind: a.recordKind, canRead: a.canRead, canWrite: a.canWrite })),
  };
}
