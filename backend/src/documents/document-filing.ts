// Filing an uploaded document in the caller's scope on the patient: the header decides whether the
// upload may start at all (whether the user's role may write this kind of record — asked of the
// scope —, how big, a retry of something already filed), then the bytes stream
// into a temporary file of the blob store while being hashed, and only a complete, matching,
// inspected file is filed: blob, document and version rows, change feed and audit event in one
// transaction. Memory stays flat in the file's size: chunks are written as they come and the
// content is checked from the file (qpdf for PDFs runs in a child process).
//
// Idempotency: the client chooses upload_id once per file and reuses it on every retry. A retry
// of a filed upload is answered from the record before any byte is read (already_filed), and two
// attempts racing past that check meet at the unique upload_id: the loser answers with what the
// winner filed. Nothing is ever filed twice.
import { randomUUID } from 'node:crypto';
import { RenkeiError, type DocumentTypeName } from '@renkei/proto';
import type { DocumentVersion } from '@renkei/proto/generated/renkei/v1/DocumentVersion';
import type { PatientScope } from '../access/call-scope';
import { recordKindOfDocumentType } from '../access/chart-access';
import { transaction, type Store } from '../db/database';
import { recordPatientsChanged } from '../sync/change-feed';
import type { BlobStore, BlobWriter } from './blob-store';
import { inspectDocumentContent, sanitizeFileName } from './document-content';
import { mediaTypeName, selectDocumentVersions, toDocumentVersions, type DocumentVersionRow } from './document-records';
import { fieldViolation, invalidRequest } from '../validation';

/** The contract's chunk limit: big enough for throughput, small enough to bound what is held. */
export const MAX_CHUNK_BYTES = 256 * 1024;

/** The header after boundary validation (rpc/services/document-service.ts); the patient is the scope's. */
export interface UploadHeaderInput {
  uploadId: string;
  documentType: Exclude<DocumentTypeName, 'DOCUMENT_TYPE_UNSPECIFIED'>;
  title: string;
  fileName: string;
  size: number;
  /** Lower-case hex. */
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
  /** The file's bytes in the order sent; pulled one at a time. */
  chunks: AsyncIterable<Uint8Array>;
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

  const retried = await answerRetry(scope, header);
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
  const { store, user, device, now, patientId } = scope;
  const { blobs, header, signal } = request;
  const limitBytes = Math.floor(request.maxUploadMb * 1024 * 1024);
  const tooLarge = () => new RenkeiError({ reason: 'DOCUMENT_TOO_LARGE', metadata: { fileName, limitMb: String(request.maxUploadMb) } });
  if (header.size === 0) throw new RenkeiError({ reason: 'DOCUMENT_EMPTY', metadata: { fileName } });
  if (header.size > limitBytes) throw tooLarge();
  if (header.replacesDocumentId) await assertReplaceable(scope, header);

  const writer = await blobs.createWriter();
  try {
    await receive(writer, request.chunks, header.size, tooLarge);
    if (writer.size !== header.size) throw new RenkeiError({ reason: 'DOCUMENT_UPLOAD_INCOMPLETE' });
    const written = await writer.finish();
    if (written.sha256 !== header.sha256) throw new RenkeiError({ reason: 'DOCUMENT_CHECKSUM_MISMATCH' });
    const content = await inspectDocumentContent(writer.tempPath, fileName);
    // The client gave up while the file was checked: it will retry with the same upload_id.
    signal.throwIfAborted();

    const mediaType = mediaTypeName(content.mediaType);
    // The file is in place before any row names it, so a row never points at nothing.
    const { created } = await writer.place();
    try {
      const filed = await transaction(store, async (tx) => {
        await tx.db
          .insertInto('blobs')
          .values({ sha256: written.sha256, size: written.size, media_type: mediaType, stored_at: now.toISOString() })
          .onConflict((oc) => oc.column('sha256').doNothing())
          .execute();
        const { documentId, version } = await documentVersionSlot(tx, patientId, header, now);
        await tx.db
          .insertInto('document_versions')
          .values({
            id: randomUUID(),
            document_id: documentId,
            version,
            upload_id: header.uploadId,
            blob_sha256: written.sha256,
            title: header.title || fileName,
            file_name: fileName,
            media_type: mediaType,
            size: written.size,
            page_count: content.pageCount,
            issued_on: header.issuedOn,
            issuer: header.issuer,
            valid_from: header.validFrom,
            valid_until: header.validUntil,
            note: header.note,
            uploaded_by_user_id: user.id,
            uploaded_by_profession: user.profession,
            uploaded_by_facility_id: user.facility_id,
            uploaded_by_device_id: device.id,
            uploaded_at: now.toISOString(),
          })
          .execute();
        await recordPatientsChanged(tx, [patientId], now);
        // What was filed, never what it says: hash, size and kind identify the file.
        await audit(
          'ok',
          {
            uploadId: header.uploadId,
            documentId,
            version,
            documentType: header.documentType,
            mediaType,
            pageCount: content.pageCount,
            sha256: written.sha256,
            size: written.size,
            newBlob: created,
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
      const retried = await answerRetry(scope, header);
      if (retried) return { document: retried, alreadyFiled: true };
      throw error;
    }
  } finally {
    await writer.discard();
  }
}

/** Streams the chunks into the writer, one at a time: the next is read only once the last is written. */
async function receive(writer: BlobWriter, chunks: AsyncIterable<Uint8Array>, declaredSize: number, tooLarge: () => RenkeiError): Promise<void> {
  for await (const chunk of chunks) {
    if (chunk.byteLength > MAX_CHUNK_BYTES) {
      throw invalidRequest([fieldViolation('chunk', 'CHUNK_TOO_LARGE', { maxKib: String(MAX_CHUNK_BYTES / 1024) })]);
    }
    // More than the header announced: stop now rather than read (and store) the rest.
    if (writer.size + chunk.byteLength > declaredSize) throw tooLarge();
    await writer.write(chunk);
  }
}

/**
 * The version already filed under this upload_id, if any. An upload_id reused for another file
 * or patient is a client error, refused without saying what it was used for.
 */
async function answerRetry(scope: PatientScope, header: UploadHeaderInput): Promise<DocumentVersion | undefined> {
  const { store } = scope;
  const row = await selectDocumentVersions(store.db).where('v.upload_id', '=', header.uploadId).executeTakeFirst();
  if (!row) return undefined;
  if (row.patient_id !== scope.patientId || row.blob_sha256 !== header.sha256 || Number(row.size) !== header.size) {
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

/** The document and version number this upload becomes: a new document, or the next version of one. */
async function documentVersionSlot(tx: Store, patientId: string, header: UploadHeaderInput, now: Date): Promise<{ documentId: string; version: number }> {
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
