// Filed documents as they are read: one row per document version, joined with its document, in
// the API shape (DocumentVersion). Used by DocumentService and by the patient overview, which
// carries the current version of every document. Reads here never check access: callers have
// (access/patient-access.ts for the patient, access/chart-access.ts for the kind of document).
//
// A version keeps who filed it as they were at the time (user, profession, office, device); the
// names are read through chart/record-author.ts.
import type { DocumentVersion } from '@renkei/proto/generated/renkei/v1/DocumentVersion';
import type { MediaType } from '@renkei/proto/generated/renkei/v1/MediaType';
import type { Queryable, Store } from '../db/database';
import { loadAuthors, type AuthorRef } from '../chart/record-author';
import { toTimestamp } from '../time';
import type { DocumentMediaType } from './document-content';

/** The columns a DocumentVersion is built from: what selectDocumentVersions() reads. */
export type DocumentVersionRow = Awaited<ReturnType<ReturnType<typeof selectDocumentVersions>['execute']>>[number];

/** Document versions joined with their document. Filter with `d.*` / `v.*` columns and order as needed. */
export function selectDocumentVersions(db: Queryable) {
  return db
    .selectFrom('document_versions as v')
    .innerJoin('documents as d', 'd.id', 'v.document_id')
    .select([
      'v.document_id',
      'd.patient_id',
      'd.document_type',
      'd.current_version',
      'v.version',
      'v.upload_id',
      'v.blob_sha256',
      'v.title',
      'v.file_name',
      'v.media_type',
      'v.size',
      'v.page_count',
      'v.issued_on',
      'v.issuer',
      'v.valid_from',
      'v.valid_until',
      'v.note',
      'v.uploaded_by_user_id',
      'v.uploaded_by_profession',
      'v.uploaded_by_facility_id',
      'v.uploaded_by_device_id',
      'v.uploaded_at',
    ]);
}

/** The current version of each document, newest first (ties by id, so the order is stable). */
export function selectCurrentDocumentVersions(db: Queryable) {
  return selectDocumentVersions(db).whereRef('v.version', '=', 'd.current_version').orderBy('v.uploaded_at', 'desc').orderBy('v.document_id', 'desc');
}

// Stored as the proto enum names, as every enumeration in the database (db/schema.ts); the
// content inspection speaks MIME types.
const MEDIA_TYPE_OF_MIME: Record<DocumentMediaType, MediaType & string> = {
  'application/pdf': 'MEDIA_TYPE_PDF',
  'image/jpeg': 'MEDIA_TYPE_JPEG',
  'image/png': 'MEDIA_TYPE_PNG',
  'image/tiff': 'MEDIA_TYPE_TIFF',
};

export function mediaTypeName(mime: DocumentMediaType): MediaType & string {
  return MEDIA_TYPE_OF_MIME[mime];
}

function authorRefOf(row: DocumentVersionRow): AuthorRef {
  return {
    userId: row.uploaded_by_user_id,
    profession: row.uploaded_by_profession,
    facilityId: row.uploaded_by_facility_id,
    deviceId: row.uploaded_by_device_id,
  };
}

/** Builds the API messages for rows (names of uploaders and offices in two queries, whatever the number of rows). */
export async function toDocumentVersions(store: Store, rows: readonly DocumentVersionRow[]): Promise<DocumentVersion[]> {
  if (rows.length === 0) return [];
  const authorOf = await loadAuthors(store, rows.map(authorRefOf));
  return rows.map((row) => ({
    documentId: row.document_id,
    version: Number(row.version),
    patientId: row.patient_id,
    documentType: row.document_type as DocumentVersion['documentType'],
    title: row.title,
    fileName: row.file_name,
    mediaType: row.media_type as DocumentVersion['mediaType'],
    size: Number(row.size),
    sha256: row.blob_sha256,
    pageCount: Number(row.page_count),
    issuedOn: row.issued_on ?? '',
    issuer: row.issuer,
    validFrom: row.valid_from ?? '',
    validUntil: row.valid_until ?? '',
    note: row.note,
    uploadedBy: authorOf(authorRefOf(row)),
    uploadedAt: toTimestamp(row.uploaded_at),
    superseded: Number(row.version) < Number(row.current_version),
  }));
}

/**
 * The current version of every document of each patient (all kinds: filter by the caller's
 * access before showing), newest first. Three queries for any number of patients. Patients
 * without documents map to an empty list.
 */
export async function loadCurrentDocuments(store: Store, patientIds: readonly string[]): Promise<Map<string, DocumentVersion[]>> {
  const byPatient = new Map<string, DocumentVersion[]>(patientIds.map((id) => [id, []]));
  if (patientIds.length === 0) return byPatient;
  const rows = await selectCurrentDocumentVersions(store.db)
    .where('d.patient_id', 'in', [...new Set(patientIds)])
    .execute();
  const versions = await toDocumentVersions(store, rows);
  rows.forEach((row, index) => byPatient.get(row.patient_id)?.push(versions[index]!));
  return byPatient;
}
