// Photos and PDFs on timeline posts (写真・FAXの画像・PDF). A file is uploaded first, through the
// same checked upload as a filed document (documents/checked-upload.ts: size, SHA-256, content
// inspection), and becomes an attachment row of the timeline that belongs to no post yet; WritePost
// then names it and claims it (timeline/posts.ts), in the post's transaction. So a refused file
// never gets a row, and a post naming a refused or unknown file is refused whole: nothing is
// half-written.
//
// An attachment is seen only through its post: downloaded by the timeline's members while the post
// stands (a retracted post shows no attachments), and, on a patient's timeline, filed into the
// chart's documents with one action. Filing adds document rows that name the same blob (the bytes
// are stored once) and marks the attachment with its document, guarded so that two people filing
// at once make one document.
//
// An upload never claimed is abandoned: after UNCLAIMED_ATTACHMENT_HOURS no post may claim it
// (timeline/posts.ts), so it is never shown to anyone, and timeline/pruning.ts deletes it (its
// blob only once nothing else names it: the bytes may be a filed document too). Until then it
// counts against its uploader's bound of unsent uploads (timeline.maxUnclaimedUploads), so
// uploads never sent cannot fill the disk.
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DOCUMENT_TYPES, RenkeiError } from '@renkei/proto';
import type { FileAttachmentResponse } from '@renkei/proto/generated/renkei/v1/FileAttachmentResponse';
import type { MediaType } from '@renkei/proto/generated/renkei/v1/MediaType';
import type { PostAttachment } from '@renkei/proto/generated/renkei/v1/PostAttachment';
import { z } from 'zod';
import type { PatientScope } from '../access/call-scope';
import { recordKindOfDocumentType } from '../access/chart-access';
import type { TimelineScope } from '../access/timeline-access';
import { transaction, type Store } from '../db/database';
import type { BlobStore } from '../documents/blob-store';
import { MAX_CHUNK_BYTES, receiveCheckedUpload, type CheckedUpload } from '../documents/checked-upload';
import { sanitizeFileName } from '../documents/document-content';
import { declaredSha256, type UploadBody } from '../documents/upload-body';
import { insertDocumentVersion } from '../documents/document-filing';
import { selectDocumentVersions, toDocumentVersions } from '../documents/document-records';
import { recordPatientsChanged } from '../sync/change-feed';
import { fieldViolation, invalidRequest, parseInput, singleLine, uuid } from '../validation';
import { loadPosts, toPostAttachment } from './post-view';
import { appendTimelineEvent } from './timeline-events';
import { ensureTimeline } from './timelines';

/** How long an upload waits for its post: a compose box left open over a shift, not longer. */
export const UNCLAIMED_ATTACHMENT_HOURS = 24;

/** The oldest upload time a post may still claim at `now`. */
export function claimableSince(now: Date): string {
  return new Date(now.getTime() - UNCLAIMED_ATTACHMENT_HOURS * 3_600_000).toISOString();
}

export const attachmentHeaderInput = z.object({
  uploadId: uuid,
  fileName: singleLine(1000),
  // The limits with their own reasons (DOCUMENT_EMPTY, DOCUMENT_TOO_LARGE) are the checked upload's.
  size: z.number().int().min(0),
  sha256: declaredSha256,
});
export type AttachmentHeaderInput = z.output<typeof attachmentHeaderInput>;

export const attachmentRefInput = z.object({ postId: uuid, attachmentId: uuid });

/**
 * A 訪問看護指示書 is filed with its period (DocumentService checks it); an attachment has none, so
 * it may be filed as any other type.
 */
const FILEABLE_TYPES = DOCUMENT_TYPES.filter((type) => type !== 'DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION');

export const fileAttachmentInput = attachmentRefInput.extend({
  documentType: z.enum(DOCUMENT_TYPES).refine((type) => (FILEABLE_TYPES as string[]).includes(type), 'INSTRUCTION_NEEDS_PERIOD'),
  title: singleLine(200).default(''),
});

interface UploadRequest {
  blobs: BlobStore;
  maxUploadMb: number;
  /** How many uploads a user may have waiting for their post. */
  maxUnclaimedUploads: number;
  header: AttachmentHeaderInput;
  /** The file's bytes and their declared hash. */
  body: UploadBody;
  /** Aborted when the client gives up: nothing is stored after that. */
  signal: AbortSignal;
}

/**
 * Receives a file for a post of the scope's timeline. A retry with the same upload_id answers the
 * attachment already stored, without reading the body.
 */
export async function uploadAttachment(scope: TimelineScope, request: UploadRequest): Promise<PostAttachment> {
  const { store, now, user } = scope;
  const { header } = request;
  // The name is shown to every member and used when the file is saved: sanitised before it
  // appears anywhere, error messages included.
  const fileName = sanitizeFileName(header.fileName || 'attachment');
  const action = 'timeline.attachment.upload';

  // Whether the caller may post here is decided before a single byte is read.
  await scope.requireWrite(action);
  // Known before the body only when the header declares the hash.
  const retried = header.sha256 === '' ? undefined : await answerRetry(scope, header, header.sha256);
  if (retried) {
    await scope.audit({ action, outcome: 'ok', detail: { uploadId: header.uploadId, attachmentId: retried.attachmentId, retried: true } });
    return retried;
  }
  await requireRoomForUpload(scope, request.maxUnclaimedUploads, action);

  try {
    const upload: CheckedUpload = {
      blobs: request.blobs,
      maxUploadMb: request.maxUploadMb,
      fileName,
      size: header.size,
      body: request.body,
      signal: request.signal,
    };
    return await receiveCheckedUpload(upload, async (file) => {
      const attachmentId = randomUUID();
      try {
        await transaction(store, async (tx) => {
          const timelineId = await ensureTimeline(tx, scope);
          const newBlob = await file.keepIn(tx, now);
          await tx.db
            .insertInto('timeline_attachments')
            .values({
              id: attachmentId,
              timeline_id: timelineId,
              upload_id: header.uploadId,
              uploaded_by: user.id,
              uploaded_at: now.toISOString(),
              sha256: file.sha256,
              file_name: fileName,
              media_type: file.mediaType,
              size: file.size,
              page_count: file.pageCount,
              post_id: null,
              ordinal: null,
              filed_document_id: null,
            })
            .execute();
          // What was stored, never what it shows: hash, size and kind identify the file.
          await scope.audit(
            {
              action,
              outcome: 'ok',
              detail: {
                uploadId: header.uploadId,
                attachmentId,
                mediaType: file.mediaType,
                pageCount: file.pageCount,
                sha256: file.sha256,
                size: file.size,
                newBlob,
              },
            },
            tx,
          );
        });
      } catch (error) {
        // Another attempt with this upload_id got there first (the unique upload_id): its row stands.
        const winner = await answerRetry(scope, header, file.sha256);
        if (winner) return winner;
        throw error;
      }
      const row = await store.db.selectFrom('timeline_attachments').selectAll().where('id', '=', attachmentId).executeTakeFirstOrThrow();
      return toPostAttachment(row);
    });
  } catch (error) {
    if (error instanceof RenkeiError && !request.signal.aborted) {
      // A refused file is worth a line in the access log, as for a filed document: a program
      // posing as a photo is a security event.
      await scope.audit({ action, outcome: 'failed', detail: { uploadId: header.uploadId, fileName, declaredSize: header.size, reason: error.reason } });
    }
    throw error;
  }
}

/**
 * Refuses an upload (before a byte is read) while the caller has `limit` uploads still waiting for
 * their post. Uploads made at the same moment may pass together: the bound is a guard against
 * uploads that are never sent, not an exact quota.
 */
async function requireRoomForUpload(scope: TimelineScope, limit: number, action: string): Promise<void> {
  const waiting = await scope.store.db
    .selectFrom('timeline_attachments')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('uploaded_by', '=', scope.user.id)
    .where('post_id', 'is', null)
    .where('uploaded_at', '>=', claimableSince(scope.now))
    .executeTakeFirst();
  if (Number(waiting?.n ?? 0) < limit) return;
  await scope.audit({ action, outcome: 'denied', detail: { reason: 'TOO_MANY_UNSENT_ATTACHMENTS', limit } });
  throw new RenkeiError({ reason: 'TOO_MANY_UNSENT_ATTACHMENTS', metadata: { limit: String(limit), hours: String(UNCLAIMED_ATTACHMENT_HOURS) } });
}

/**
 * The attachment already stored under this upload_id, if any. An upload_id reused by someone
 * else, on another timeline or for other bytes is a client error, refused without saying more.
 */
async function answerRetry(scope: TimelineScope, header: AttachmentHeaderInput, sha256: string): Promise<PostAttachment | undefined> {
  const row = await scope.store.db
    .selectFrom('timeline_attachments as a')
    .innerJoin('timelines as t', 't.id', 'a.timeline_id')
    .selectAll('a')
    .select(['t.kind', 't.patient_id'])
    .where('a.upload_id', '=', header.uploadId)
    .executeTakeFirst();
  if (!row) return undefined;
  // Compared by what the request names: a patient's timeline may have got its row after the
  // scope was opened (by this very upload's twin).
  const sameTimeline =
    scope.target.kind === 'patient' ? row.kind === 'patient' && row.patient_id === scope.target.patientId : row.timeline_id === scope.target.groupId;
  if (!sameTimeline || row.uploaded_by !== scope.user.id || row.sha256 !== sha256 || Number(row.size) !== header.size) {
    throw invalidRequest([fieldViolation('uploadId', 'UPLOAD_ID_REUSED')]);
  }
  return toPostAttachment(row);
}

/** An attachment of a post still standing (its current version not retracted), with the post's timeline. */
function standingAttachments(store: Store) {
  return store.db
    .selectFrom('timeline_attachments as a')
    .innerJoin('timeline_posts as p', 'p.id', 'a.post_id')
    .innerJoin('timelines as t', 't.id', 'p.timeline_id')
    .innerJoin('timeline_post_versions as v', (join) => join.onRef('v.post_id', '=', 'p.id').onRef('v.version', '=', 'p.current_version'))
    .selectAll('a')
    .select(['p.timeline_id as post_timeline_id', 't.patient_id'])
    .where('v.retracted', '=', 0);
}

interface OpenedAttachment {
  info: PostAttachment;
  /** The file, in chunks the API may send; the caller destroys it when done, sent or not. */
  stream: Readable;
}

/**
 * One attachment of a post on the scope's timeline, opened for sending. Anything else (another
 * timeline's, an unclaimed upload, a retracted post's) is answered like a missing one. The file
 * is opened and its size checked before anything is sent; the read is logged as it starts.
 */
export async function openAttachment(scope: TimelineScope, blobs: BlobStore, input: z.input<typeof attachmentRefInput>): Promise<OpenedAttachment> {
  const valid = parseInput(attachmentRefInput, input);
  const row = scope.timeline
    ? await standingAttachments(scope.store)
        .where('a.id', '=', valid.attachmentId)
        .where('a.post_id', '=', valid.postId)
        .where('p.timeline_id', '=', scope.timeline.id)
        .executeTakeFirst()
    : undefined;
  if (!row) throw new RenkeiError({ reason: 'RECORD_NOT_FOUND' });

  const { size, stream } = await blobs.openForReading(row.sha256, MAX_CHUNK_BYTES);
  try {
    if (size !== Number(row.size)) throw new Error(`blob ${row.sha256} has ${size} bytes, the record says ${row.size}`);
    // Logged as the disclosure starts: a download broken off halfway has still shown data.
    await scope.audit({
      action: 'timeline.attachment.download',
      outcome: 'ok',
      detail: { postId: valid.postId, attachmentId: row.id, sha256: row.sha256, size },
    });
    return { info: toPostAttachment(row), stream };
  } catch (error) {
    stream.destroy();
    throw error;
  }
}

/** Raised inside the filing transaction when another filing of the attachment committed first. */
class FiledMeanwhile extends Error {}

/**
 * Files an attachment of a post on the scope's patient's timeline into the chart's documents as
 * `documentType`. Filing an attachment already filed answers its document (already_filed).
 */
export async function fileAttachment(scope: PatientScope, input: z.input<typeof fileAttachmentInput>): Promise<FileAttachmentResponse> {
  const valid = parseInput(fileAttachmentInput, input);
  const { store, now, patientId } = scope;
  const action = 'timeline.attachment.file';
  const refusal = { action, detail: { postId: valid.postId, attachmentId: valid.attachmentId } };
  // The chart's rule for the kind of document, as if it were uploaded; and the post must be one the caller may see.
  await scope.require(recordKindOfDocumentType(valid.documentType), 'write', refusal);
  await scope.require('TIMELINE', 'read', refusal);

  const find = () =>
    standingAttachments(store)
      .where('a.id', '=', valid.attachmentId)
      .where('a.post_id', '=', valid.postId)
      .where('t.patient_id', '=', patientId)
      .executeTakeFirst();
  const row = await find();
  if (!row) throw new RenkeiError({ reason: 'RECORD_NOT_FOUND' });
  if (row.filed_document_id) return answerFiled(scope, row.filed_document_id, valid.postId);

  let documentId: string;
  try {
    documentId = await transaction(store, async (tx) => {
      const filed = await insertDocumentVersion(
        tx,
        scope,
        {
          // A server-made upload id: document versions are unique by it, and no client chose it.
          uploadId: randomUUID(),
          documentType: valid.documentType,
          title: valid.title || row.file_name,
          fileName: row.file_name,
          issuedOn: null,
          issuer: '',
          validFrom: null,
          validUntil: null,
          replacesDocumentId: null,
          note: '',
        },
        { sha256: row.sha256, size: Number(row.size), mediaType: row.media_type as MediaType & string, pageCount: Number(row.page_count) },
      );
      // Two filings at once: one sets the mark (PostgreSQL makes the second wait for the first's
      // commit, then finds the mark set; SQLite has one writer), the other rolls back its document.
      const marked = await tx.db
        .updateTable('timeline_attachments')
        .set({ filed_document_id: filed.documentId })
        .where('id', '=', row.id)
        .where('filed_document_id', 'is', null)
        .executeTakeFirst();
      if (Number(marked.numUpdatedRows) !== 1) throw new FiledMeanwhile();
      // The locks in their order (db/database.ts): the change feed, the timeline's log, the audit chain.
      await recordPatientsChanged(tx, [patientId], now);
      // The post changed (its attachment shows the document): subscribers hear of it.
      await appendTimelineEvent(tx, { timelineId: row.post_timeline_id, kind: 'post', postId: valid.postId }, now);
      await scope.audit(
        {
          action,
          outcome: 'ok',
          detail: { postId: valid.postId, attachmentId: row.id, documentId: filed.documentId, documentType: valid.documentType, sha256: row.sha256 },
        },
        tx,
      );
      return filed.documentId;
    });
  } catch (error) {
    if (!(error instanceof FiledMeanwhile)) throw error;
    const winner = await find();
    if (!winner?.filed_document_id) throw new RenkeiError({ reason: 'RECORD_NOT_FOUND' });
    return answerFiled(scope, winner.filed_document_id, valid.postId);
  }
  const [versionRow] = await selectDocumentVersions(store.db).where('v.document_id', '=', documentId).where('v.version', '=', 1).execute();
  const [document] = await toDocumentVersions(store, [versionRow!]);
  const [post] = await loadPosts(store, [valid.postId]);
  return { document: document!, post: post!, alreadyFiled: false };
}

/** The document an attachment was filed as (its current version), answered to a second filing. */
async function answerFiled(scope: PatientScope, documentId: string, postId: string): Promise<FileAttachmentResponse> {
  const { store } = scope;
  const versionRow = await selectDocumentVersions(store.db)
    .where('v.document_id', '=', documentId)
    .whereRef('v.version', '=', 'd.current_version')
    .executeTakeFirstOrThrow();
  // Filed as a kind chosen by whoever filed it first: shown only if the caller's role may read that kind.
  await scope.require(recordKindOfDocumentType(versionRow.document_type), 'read', { action: 'timeline.attachment.file', detail: { postId, documentId } });
  const [document] = await toDocumentVersions(store, [versionRow]);
  const [post] = await loadPosts(store, [postId]);
  await scope.audit({ action: 'timeline.attachment.file', outcome: 'ok', detail: { postId, documentId, alreadyFiled: true } });
  return { document: document!, post: post!, alreadyFiled: true };
}
