// Reading a patient's filed documents in the caller's scope on the patient: the list, one
// document's versions, and the opening of one version's file for download. Each asks the scope
// whether the user's role may read the kind of document, and every read is audited.
//
// A document of another patient is answered like a missing one (RECORD_NOT_FOUND); a document of
// a kind the caller's role may not read is refused naming the kind (RECORD_NOT_VISIBLE_TO_ROLE),
// as the caller is on this patient's team and knows the chart has such records.
import type { Readable } from 'node:stream';
import { isDocumentKind, RenkeiError, type DocumentTypeName } from '@renkei/proto';
import type { DocumentVersion } from '@renkei/proto/generated/renkei/v1/DocumentVersion';
import type { PatientScope } from '../access/call-scope';
import { recordKindOfDocumentType } from '../access/chart-access';
import type { BlobStore } from './blob-store';
import { MAX_CHUNK_BYTES } from './checked-upload';
import { selectCurrentDocumentVersions, selectDocumentVersions, toDocumentVersions } from './document-records';

/** The document, if it is the scope's patient's: another patient's is answered like a missing one. */
async function findPatientDocument(scope: PatientScope, documentId: string) {
  const document = await scope.store.db
    .selectFrom('documents')
    .select(['id', 'document_type', 'current_version'])
    .where('id', '=', documentId)
    .where('patient_id', '=', scope.patientId)
    .executeTakeFirst();
  if (!document) throw new RenkeiError({ reason: 'RECORD_NOT_FOUND' });
  return document;
}

/**
 * The current version of the patient's documents of the kinds the user may read, newest first; of
 * one kind when `documentType` names it (refused when the user may not read that kind).
 */
export async function listDocuments(scope: PatientScope, documentType: DocumentTypeName): Promise<DocumentVersion[]> {
  let kinds = scope.chartAccess.readable.filter(isDocumentKind);
  if (documentType !== 'DOCUMENT_TYPE_UNSPECIFIED') {
    await scope.require(documentType, 'read', { action: 'document.list' });
    kinds = [documentType];
  }
  const rows =
    kinds.length === 0
      ? []
      : await selectCurrentDocumentVersions(scope.store.db).where('d.patient_id', '=', scope.patientId).where('d.document_type', 'in', kinds).execute();
  const documents = await toDocumentVersions(scope.store, rows);
  await scope.audit({ action: 'document.list', outcome: 'ok', detail: { documentType, documents: documents.length } });
  return documents;
}

/** Every version of one document, oldest first. */
export async function documentHistory(scope: PatientScope, documentId: string): Promise<DocumentVersion[]> {
  const document = await findPatientDocument(scope, documentId);
  await scope.require(recordKindOfDocumentType(document.document_type), 'read', { action: 'document.history', detail: { documentId: document.id } });
  const rows = await selectDocumentVersions(scope.store.db).where('v.document_id', '=', document.id).orderBy('v.version', 'asc').execute();
  const versions = await toDocumentVersions(scope.store, rows);
  await scope.audit({ action: 'document.history', outcome: 'ok', detail: { documentId: document.id, versions: versions.length } });
  return versions;
}

interface OpenedDocument {
  info: DocumentVersion;
  /** The file, in chunks the API may send; the caller destroys it when done, sent or not. */
  stream: Readable;
}

/**
 * One version of a document (0: the current one), opened for sending. The file is opened (and its
 * size checked against the record) before anything is sent, so a missing or damaged store fails
 * as a whole instead of half a file; the read is logged as the disclosure starts.
 */
export async function openDocumentVersion(scope: PatientScope, blobs: BlobStore, documentId: string, requestedVersion: number): Promise<OpenedDocument> {
  const document = await findPatientDocument(scope, documentId);
  await scope.require(recordKindOfDocumentType(document.document_type), 'read', { action: 'document.download', detail: { documentId: document.id } });
  const version = requestedVersion === 0 ? Number(document.current_version) : requestedVersion;
  const row = await selectDocumentVersions(scope.store.db).where('v.document_id', '=', document.id).where('v.version', '=', version).executeTakeFirst();
  if (!row) throw new RenkeiError({ reason: 'RECORD_NOT_FOUND' });

  const { size, stream } = await blobs.openForReading(row.blob_sha256, MAX_CHUNK_BYTES);
  try {
    if (size !== Number(row.size)) throw new Error(`blob ${row.blob_sha256} has ${size} bytes, the record says ${row.size}`);
    const [info] = await toDocumentVersions(scope.store, [row]);
    // Logged as the disclosure starts: a download broken off halfway has still shown data.
    await scope.audit({ action: 'document.download', outcome: 'ok', detail: { documentId: document.id, version, sha256: row.blob_sha256, size } });
    return { info: info!, stream };
  } catch (error) {
    stream.destroy();
    throw error;
  }
}
