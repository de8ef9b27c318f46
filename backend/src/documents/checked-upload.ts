// The way any file enters the server: a filed document (documents/document-filing.ts) or a photo
// or PDF on a timeline post (timeline/attachments.ts). The declared size is checked before a byte
// is read; the bytes stream into a temporary file of the blob store while being hashed; only a
// complete file whose hash matches the declared one, and whose content inspection finds an allowed
// kind (documents/document-content.ts), is recorded: in the caller's transaction, `keepIn` takes
// the blob's row (locking it) and puts the file in place under its content address, then the
// caller writes its rows that name it. Whatever happens, no temporary file is left.
//
// Why the file is placed under the row's lock: pruning (timeline/pruning.ts) deletes a blob's row
// and file once nothing names it, and the same bytes may be uploaded again meanwhile. Pruning
// deletes the row and the file in one transaction; an upload either holds the row first (the
// pruner's delete then waits, and fails on the new reference) or waits for the pruner's commit
// and stores the file again. A file left in place by a transaction that then rolled back is a
// complete copy that the next upload of those bytes reuses.
//
// One pipeline for both, so a check added here (a new hostile format) protects both at once.
import { RenkeiError } from '@renkei/proto';
import type { MediaType } from '@renkei/proto/generated/renkei/v1/MediaType';
import type { Store } from '../db/database';
import { fieldViolation, invalidRequest } from '../validation';
import type { BlobStore, BlobWriter } from './blob-store';
import { inspectDocumentContent } from './document-content';
import { mediaTypeName } from './document-records';
import type { UploadBody } from './upload-body';

/** The contract's chunk limit: big enough for throughput, small enough to bound what is held. */
export const MAX_CHUNK_BYTES = 256 * 1024;

export interface CheckedUpload {
  blobs: BlobStore;
  /** documents.maxUploadMb of the server configuration. */
  maxUploadMb: number;
  /** Already sanitised (documents/document-content.ts sanitizeFileName): it fills error messages. */
  fileName: string;
  /** What the client's header declared: the bytes must add up to it. */
  size: number;
  /** The file's bytes, and the hash (lower-case hex) the client declared for them (documents/upload-body.ts). */
  body: UploadBody;
  /** Aborted when the client gives up: nothing is recorded after that. */
  signal: AbortSignal;
  /**
   * The caller's own checks of the header, run once the declared size is acceptable and before a
   * byte is read (a document's new version must replace one of the same patient and type).
   */
  beforeReceiving?: () => Promise<void>;
}

/** A file received whole, matching its hash and inspected, ready to be kept. */
export interface CheckedFile {
  sha256: string;
  size: number;
  /** As stored in the database (the proto enum name). */
  mediaType: MediaType & string;
  pageCount: number;
  /**
   * In the transaction that writes the rows naming the file, before them: the blob's row, locked
   * against pruning, and the file in place. Returns whether the bytes were new to the blob store
   * (else an earlier upload stored them).
   */
  keepIn(tx: Store, now: Date): Promise<boolean>;
}

/**
 * Receives, checks and places the file, then hands it to `record` (which writes the rows that
 * name it). Refusals are RenkeiErrors with the DOCUMENT_* reasons; nothing is recorded then.
 */
export async function receiveCheckedUpload<T>(upload: CheckedUpload, record: (file: CheckedFile) => Promise<T>): Promise<T> {
  const { blobs, fileName, signal } = upload;
  const limitBytes = Math.floor(upload.maxUploadMb * 1024 * 1024);
  const tooLarge = () => new RenkeiError({ reason: 'DOCUMENT_TOO_LARGE', metadata: { fileName, limitMb: String(upload.maxUploadMb) } });
  if (upload.size === 0) throw new RenkeiError({ reason: 'DOCUMENT_EMPTY', metadata: { fileName } });
  if (upload.size > limitBytes) throw tooLarge();
  await upload.beforeReceiving?.();

  const writer = await blobs.createWriter();
  try {
    await receive(writer, upload.body.chunks, upload.size, tooLarge);
    if (writer.size !== upload.size) throw new RenkeiError({ reason: 'DOCUMENT_UPLOAD_INCOMPLETE' });
    const written = await writer.finish();
    if (written.sha256 !== upload.body.sha256()) throw new RenkeiError({ reason: 'DOCUMENT_CHECKSUM_MISMATCH' });
    const content = await inspectDocumentContent(writer.tempPath, fileName);
    // The client gave up while the file was checked: it will retry with the same upload_id.
    signal.throwIfAborted();

    const mediaType = mediaTypeName(content.mediaType);
    return await record({
      sha256: written.sha256,
      size: written.size,
      mediaType,
      pageCount: content.pageCount,
      keepIn: async (tx, now) => {
        await lockBlobRow(tx, { sha256: written.sha256, size: written.size, media_type: mediaType, stored_at: now.toISOString() });
        // The file is in place before the transaction that names it commits: a row never points at nothing.
        return (await writer.place()).created;
      },
    });
  } finally {
    await writer.discard();
  }
}

/**
 * Inserts the blob's row, or (when it exists) locks it by a no-op update: until this transaction
 * ends, pruning cannot delete it, and a delete already under way is waited for (the insert then
 * makes the row anew).
 */
async function lockBlobRow(tx: Store, row: { sha256: string; size: number; media_type: string; stored_at: string }): Promise<void> {
  await tx.db
    .insertInto('blobs')
    .values(row)
    .onConflict((oc) => oc.column('sha256').doUpdateSet({ size: (eb) => eb.ref('excluded.size') }))
    .execute();
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
