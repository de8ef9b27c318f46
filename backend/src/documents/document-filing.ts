// Filing an uploaded document in the caller's scope on the patient: the header decides whether the
// upload may start at all (whether the user's role may write this kind of record — asked of the
// scope —, how big, a retry of something already filed), then the bytes go through the checked
// upload (documents/checked-upload.ts: streamed into a temporary file of the blob store while
// being hashed), and only a complete, matching, inspected file is filed: blob, document and
// version rows, change feed and audit event in one transaction. Memory stays flat in the file's
// size: chunks are written as they come and the content is checked from the file (qpdf for PDFs
// runs in a child process).
//
// Idempotency: the client chooses upload_id once per file and reuses it on every retry. A retry
// of a filed upload whose header declares the hash is answered from the record before any byte is
// read (already_filed); one whose trailer carries the hash is known only once its bytes are in.
// Attempts that get past the first check meet at the unique upload_id: the loser answers with
// what the winner filed. Nothing is ever filed twice.
import { randomUUID } from 'node:crypto';
import { RenkeiError, type DocumentTypeName } from '@renkei/proto';
import type { DocumentVersion } from '@renkei/proto/generated/renkei/v1/DocumentVersion';
import type { PatientScope } from '../access/call-scope';
import { recordKindOfDocumentType } from '../access/chart-access';
import { transaction, type Store } from '../db/database';
import { recordPatientsChanged } from '../sync/change-feed';
import type { BlobStore } from './blob-store';
import { receiveCheckedUpload, type CheckedFile, type CheckedUpload } from './checked-upload';
import { sanitizeFileName } from './document-content';
import type { UploadBody } from './upload-body';
import { selectDocumentVersions, toDocumentVersions, type DocumentVersionRow } from './document-records';
import { fieldViolation, invalidRequest } from '../validation';

/** The header after boundary validation (rpc/services/document-service.ts); the patient is the scope's. */
export interface UploadHeaderInput {
  uploadId: string;
  documentType: Exclude<DocumentTypeName, 'DOCUMENT_TYPE_UNSPECIFIED'>;
  title: string;
  fileName: string;
  size: number;
  /** Lower-case hex, or '' when the upload's trailer carries it (documents/upload-body.ts). */
  sha256: string;
  issuedOn: string | null;
  issuer: string;
  validFrom: string | null;
  validUntil: string | null;
  replacesDocumentId: string | null;
  note: string;
}

interface FilingRequest {
  blobs: BlobStore;
  maxUploadMb: number;
  header: UploadHeaderInput;
  /** The file's bytes and their declared hash. */
  body: UploadBody;
  /** Aborted when the client gives up: nothing is filed after that. */
  signal: AbortSignal;
}

type FilingAudit = (outcome: 'ok' | 'failed', detail: Record<string, unknown>, tx?: Store) => Promise<void>;

interface FilingResult {
  document: DocumentVersion;
  alreadyFiled: boolean;
}

export async function fileDocument(scope: PatientScope, request: FilingRequest): Promise<FilingResult> {
  const { header } = request;
  // The name is shown to every team member and used when the file is saved: sanitised before
  // it appears anywhere, error messages included.
  const fileName = sanitizeFileName(header.fileName || header.title || 'document');
  const audit: FilingAudit = (outcome, detail, tx) => scope.audit({ action: 'document.upload', outcome, detail }, tx);

  // Who may file this kind of record is decided before a single byte of the file is read.
  await scope.require(recordKindOfDocumentType(header.documentType), 'write', { action: 'document.upload', detail: { uploadId: header.uploadId } });

  const retried = header.sha256 === '' ? undefined : await answerRetry(scope, header, header.sha256);
  if (retried) {
    await audit('ok', { uploadId: header.uploadId, documentId: retried.documentId, version: retried.version, alreadyFiled: true });
    return { document: retried, alreadyFiled: true };
  }

  try {
    return await receiveAndFile(scope, request, fileName, audit);
  } catch (error) {
    if (error instanceof RenkeiError && !request.signal.aborted) {
      // A refused file is worth a line in the access log: a program posing as a letter is a
      // security event, and "I uploaded it" disputes need the reason it was not filed.
      await audit('failed', { uploadId: header.uploadId, documentType: header.documentType, fileName, declaredSize: header.size, reason: error.reason });
    }
    throw error;
  }
}

async function receiveAndFile(scope: PatientScope, request: FilingRequest, fileName: string, audit: FilingAudit): Promise<FilingResult> {
  const { store, now, patientId } = scope;
  const { header } = request;
  const upload: CheckedUpload = {
    blobs: request.blobs,
    maxUploadMb: request.maxUploadMb,
    fileName,
    size: header.size,
    body: request.body,
    signal: request.signal,
    beforeReceiving: header.replacesDocumentId ? () => assertReplaceable(scope, header) : undefined,
  };
  return receiveCheckedUpload(upload, async (file) => {
    try {
      const filed = await transaction(store, async (tx) => {
        const newBlob = await file.keepIn(tx, now);
        const { documentId, version } = await insertDocumentVersion(tx, scope, { ...header, fileName }, file);
        await recordPatientsChanged(tx, [patientId], now);
        // What was filed, never what it says: hash, size and kind identify the file.
        await audit(
          'ok',
          {
            uploadId: header.uploadId,
            documentId,
            version,
            documentType: header.documentType,
            mediaType: file.mediaType,
            pageCount: file.pageCount,
            sha256: file.sha256,
            size: file.size,
            newBlob,
          },
          tx,
        );
        return { documentId, version };
      });
      const [row] = await selectDocumentVersions(store.db).where('v.document_id', '=', filed.documentId).where('v.version', '=', filed.version).execute();
      const [document] = await toDocumentVersions(store, [row!]);
      return { document: document!, alreadyFiled: false };
    } catch (error) {
      // Another attempt with this upload_id got there first (the unique upload_id): its filing stands.
      const retried = await answerRetry(scope, header, file.sha256);
      if (retried) return { document: retried, alreadyFiled: true };
      throw error;
    }
  });
}

/**
 * The version already filed under this upload_id, if any. An upload_id reused for another file
 * or patient is a client error, refused without saying what it was used for.
 */
async function answerRetry(scope: PatientScope, header: UploadHeaderInput, sha256: string): Promise<DocumentVersion | undefined> {
  const { store } = scope;
  const row = await selectDocumentVersions(store.db).where('v.upload_id', '=', header.uploadId).executeTakeFirst();
  if (!row) return undefined;
  if (row.patient_id !== scope.patientId || row.blob_sha256 !== sha256 || Number(row.size) !== header.size) {
    throw invalidRequest([fieldViolation('uploadId', 'UPLOAD_ID_REUSED')]);
  }
  const [document] = await toDocumentVersions(store, [row as DocumentVersionRow]);
  return document;
}

/** A new version may be added only to a document of this patient, of the same type. */
async function assertReplaceable(scope: PatientScope, header: UploadHeaderInput): Promise<void> {
  const document = await scope.store.db
    .selectFrom('documents')
    .select(['patient_id', 'document_type'])
    .where('id', '=', header.replacesDocumentId!)
    .executeTakeFirst();
  // Another patient's document is answered like a missing one: ids cannot be probed.
  if (!document || document.patient_id !== scope.patientId) throw new RenkeiError({ reason: 'RECORD_NOT_FOUND' });
  if (document.document_type !== header.documentType) {
    throw invalidRequest([fieldViolation('replacesDocumentId', 'NEW_VERSION_OTHER_TYPE')]);
  }
}

/** What a new document version is filed as: the header's fields without the declared size and hash. */
export type DocumentVersionFields = Omit<UploadHeaderInput, 'size' | 'sha256'>;

/**
 * Adds a version to the scope's patient's documents inside the filer's transaction (a new document,
 * or the next version of `replacesDocumentId`), naming a file already in the blob store (and in
 * table blobs). Who filed it is the scope's user, as they are now, at their device.
 */
export async function insertDocumentVersion(
  tx: Store,
  scope: PatientScope,
  fields: DocumentVersionFields,
  file: Pick<CheckedFile, 'sha256' | 'size' | 'mediaType' | 'pageCount'>,
): Promise<{ documentId: string; version: number }> {
  const { user, device, now } = scope;
  const { documentId, version } = await documentVersionSlot(tx, scope.patientId, fields, now);
  await tx.db
    .insertInto('document_versions')
    .values({
      id: randomUUID(),
      document_id: documentId,
      version,
      upload_id: fields.uploadId,
      blob_sha256: file.sha256,
      title: fields.title || fields.fileName,
      file_name: fields.fileName,
      media_type: file.mediaType,
      size: file.size,
      page_count: file.pageCount,
      issued_on: fields.issuedOn,
      issuer: fields.issuer,
      valid_from: fields.validFrom,
      valid_until: fields.validUntil,
      note: fields.note,
      uploaded_by_user_id: user.id,
      uploaded_by_profession: user.profession,
      uploaded_by_facility_id: user.facility_id,
      uploaded_by_device_id: device.id,
      uploaded_at: now.toISOString(),
    })
    .execute();
  return { documentId, version };
}

/** The document and version number this upload becomes: a new document, or the next version of one. */
async function documentVersionSlot(tx: Store, patientId: string, header: DocumentVersionFields, now: Date): Promise<{ documentId: string; version: number }> {
  if (!header.replacesDocumentId) {
    const documentId = randomUUID();
    await tx.db
      .insertInto('documents')
      .values({
        id: documentId,
        patient_id: patientId,
        document_type: header.documentType,
        current_version: 1,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      })
      .execute();
    return { documentId, version: 1 };
  }
  // One statement takes the next number (PostgreSQL locks the row; SQLite has one writer), so
  // two new versions filed at once get 2 and 3, never 2 twice.
  const bumped = await tx.db
    .updateTable('documents')
    .set((eb) => ({ current_version: eb('current_version', '+', 1), updated_at: now.toISOString() }))
    .where('id', '=', header.replacesDocumentId)
    .where('patient_id', '=', patientId)
    .where('document_type', '=', header.documentType)
    .returning('current_version')
    .executeTakeFirst();
  if (!bumped) throw new RenkeiError({ reason: 'RECORD_NOT_FOUND' });
  return { documentId: header.replacesDocumentId, version: Number(bumped.current_version) };
}
