// renkei.v1.DocumentService: filed documents (PDFs exported by business systems, images of FAXed
// paper). The dispatcher has checked the caller and that they may see the patient (RPC_POLICY,
// access/patient-access.ts); here each handler asks the chart policy (access/chart-access.ts)
// whether the caller's role may read or write the kind of document, and every read is audited.
//
// A document of another patient is answered like a missing one (RECORD_NOT_FOUND); a document of
// a kind the caller's role may not read is refused naming the kind (RECORD_NOT_VISIBLE_TO_ROLE),
// as the caller is on this patient's team and knows the chart has such records.
import { DOCUMENT_TYPES, RenkeiError, type RecordKindName } from '@renkei/proto';
import type { DocumentHistory } from '@renkei/proto/generated/renkei/v1/DocumentHistory';
import type { DownloadDocumentResponse } from '@renkei/proto/generated/renkei/v1/DownloadDocumentResponse';
import type { ListDocumentsResponse } from '@renkei/proto/generated/renkei/v1/ListDocumentsResponse';
import type { UploadDocumentRequest__Output } from '@renkei/proto/generated/renkei/v1/UploadDocumentRequest';
import type { UploadDocumentResponse } from '@renkei/proto/generated/renkei/v1/UploadDocumentResponse';
import { INSTRUCTION_PERIOD_LIMITS, latestInstructionEnd } from '@renkei/proto/template-forms';
import { z } from 'zod';
import { assertChartAccess, chartAccessOf, recordKindOfDocumentType, type ChartAccess } from '../../access/chart-access';
import { recordAudit } from '../../audit/audit-log';
import type { BlobStore } from '../../documents/blob-store';
import { fileDocument, MAX_CHUNK_BYTES, type UploadHeaderInput } from '../../documents/document-filing';
import { selectCurrentDocumentVersions, selectDocumentVersions, toDocumentVersions } from '../../documents/document-records';
import { isoDate, uuid } from '../../validation';
import type { CallContext, ClientStreamingMethod, ServerStreamingMethod, ServiceMethod, UnaryMethod } from '../dispatcher';

export interface DocumentServiceDeps {
  blobs: BlobStore;
  /** documents.maxUploadMb of the server configuration. */
  maxUploadMb: number;
}

const INSTRUCTION = 'DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION';
/**
 * A filed 訪問看護指示書 says its period but not its kind, so the longest kind bounds it: a normal
 * instruction (6 months; 特別・点滴 are shorter). The same rule as the shared form's.
 */
const LONGEST_INSTRUCTION = INSTRUCTION_PERIOD_LIMITS.NORMAL;

const documentType = z.enum(DOCUMENT_TYPES, { error: '書類の種類を選んでください' });
const documentTypeFilter = z.enum(['DOCUMENT_TYPE_UNSPECIFIED', ...DOCUMENT_TYPES], { error: '書類の種類が正しくありません' });
/** An ISO date, or empty for "not given". */
const optionalDate = z
  .string()
  .refine((value) => value === '' || isoDate.safeParse(value).success, 'YYYY-MM-DD の形式で、存在する日付を入力してください')
  .transform((value) => (value === '' ? null : value));
const optionalId = z
  .string()
  .refine((value) => value === '' || uuid.safeParse(value).success, 'IDの形式が正しくありません')
  .transform((value) => (value === '' ? null : value));

export const uploadHeader = z
  .object({
    patientId: uuid,
    uploadId: uuid,
    documentType,
    title: z.string().trim().max(200, '200文字以内で入力してください'),
    fileName: z.string().max(1000, 'ファイル名が長すぎます'),
    // The limits with their own reasons (DOCUMENT_EMPTY, DOCUMENT_TOO_LARGE) are the filer's.
    size: z.number().int().min(0, 'ファイルの大きさが正しくありません'),
    sha256: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[0-9a-f]{64}$/, 'ファイル全体の SHA-256 を16進数64文字で指定してください'),
    issuedOn: optionalDate,
    issuer: z.string().trim().max(200, '200文字以内で入力してください'),
    validFrom: optionalDate,
    validUntil: optionalDate,
    replacesDocumentId: optionalId,
    note: z.string().trim().max(2000, '2000文字以内で入力してください'),
  })
  .superRefine((header, ctx) => {
    if (header.documentType === INSTRUCTION) {
      if (!header.validFrom) ctx.addIssue({ code: 'custom', path: ['validFrom'], message: '指示書には指示期間の開始日を入力してください' });
      if (!header.validUntil) ctx.addIssue({ code: 'custom', path: ['validUntil'], message: '指示書には指示期間の終了日を入力してください' });
    }
    if (header.validFrom && header.validUntil) {
      if (header.validUntil < header.validFrom) {
        ctx.addIssue({ code: 'custom', path: ['validUntil'], message: '終了日は開始日以降の日付にしてください' });
      } else if (header.documentType === INSTRUCTION && header.validUntil > (latestInstructionEnd('NORMAL', header.validFrom) ?? header.validUntil)) {
        // A start date that does not exist has no latest end; it is reported on validFrom already.
        ctx.addIssue({ code: 'custom', path: ['validUntil'], message: `指示期間は${LONGEST_INSTRUCTION.limit.ja}以内にしてください` });
      }
    }
  }) satisfies z.ZodType<UploadHeaderInput, unknown>;

/** The first message of an upload must be its header; the header is what the handler and the policy see. */
const firstUploadMessage = z
  .object({ part: z.literal('header', '最初にヘッダー（header）を送ってください'), header: z.unknown().optional() })
  .pipe(z.object({ part: z.literal('header'), header: uploadHeader }))
  .transform((message) => message.header);

const listRequest = z.object({ patientId: uuid, documentType: documentTypeFilter });
const historyRequest = z.object({ patientId: uuid, documentId: uuid });
const downloadRequest = z.object({ patientId: uuid, documentId: uuid, version: z.number().int().min(0, '0以上を指定してください') });

/** The chunks of an upload after its header; a second header is a client error. */
async function* chunksOf(messages: AsyncIterable<UploadDocumentRequest__Output>): AsyncIterable<Uint8Array> {
  for await (const message of messages) {
    if (message.part !== 'chunk' || !message.chunk) {
      throw new RenkeiError({
        reason: 'INVALID_REQUEST',
        metadata: { fields: 'header: ヘッダーは最初に一度だけ送ってください' },
        fieldViolations: [{ field: 'header', description: 'ヘッダーは最初に一度だけ送ってください' }],
      });
    }
    if (message.chunk.byteLength > 0) yield message.chunk;
  }
}

/** Throws unless the caller's role may read this kind, recording the refusal. */
async function assertReadable(context: CallContext, access: ChartAccess, kind: RecordKindName, action: string, patientId: string, detail: Record<string, unknown>): Promise<void> {
  try {
    assertChartAccess(access, kind, 'read');
  } catch (error) {
    await recordAudit(
      context.store,
      { action, outcome: 'denied', actorUserId: context.user!.id, actorDeviceId: context.device!.id, patientId, detail: { ...detail, documentType: kind, reason: (error as RenkeiError).reason } },
      context.now,
    );
    throw error;
  }
}

/** The document, if it is this patient's: another patient's is answered like a missing one. */
async function findPatientDocument(context: CallContext, patientId: string, documentId: string) {
  const document = await context.store.db
    .selectFrom('documents')
    .select(['id', 'document_type', 'current_version'])
    .where('id', '=', documentId)
    .where('patient_id', '=', patientId)
    .executeTakeFirst();
  if (!document) throw new RenkeiError({ reason: 'RECORD_NOT_FOUND' });
  return document;
}

export function documentService(deps: DocumentServiceDeps): Record<string, ServiceMethod> {
  const UploadDocument: ClientStreamingMethod<UploadHeaderInput, UploadDocumentRequest__Output, UploadDocumentResponse> = {
    kind: 'client-streaming',
    first: firstUploadMessage,
    async handle(header, rest, context) {
      const { document, alreadyFiled } = await fileDocument({
        store: context.store,
        blobs: deps.blobs,
        maxUploadMb: deps.maxUploadMb,
        header,
        chunks: chunksOf(rest),
        user: context.user!,
        device: context.device!,
        now: context.now,
        signal: context.signal,
      });
      return { document, alreadyFiled };
    },
  };

  const ListDocuments: UnaryMethod<z.output<typeof listRequest>, ListDocumentsResponse> = {
    request: listRequest,
    async handle(request, context) {
      const access = await chartAccessOf(context.store, context.user!.id, request.patientId);
      let kinds = access.readable.filter((kind) => kind !== 'PROGRESS_NOTES');
      if (request.documentType !== 'DOCUMENT_TYPE_UNSPECIFIED') {
        await assertReadable(context, access, request.documentType, 'document.list', request.patientId, {});
        kinds = [request.documentType];
      }
      const rows =
        kinds.length === 0
          ? []
          : await selectCurrentDocumentVersions(context.store.db).where('d.patient_id', '=', request.patientId).where('d.document_type', 'in', kinds).execute();
      const documents = await toDocumentVersions(context.store, rows);
      await recordAudit(
        context.store,
        {
          action: 'document.list',
          outcome: 'ok',
          actorUserId: context.user!.id,
          actorDeviceId: context.device!.id,
          patientId: request.patientId,
          detail: { documentType: request.documentType, documents: documents.length },
        },
        context.now,
      );
      return { documents };
    },
  };

  const GetDocumentHistory: UnaryMethod<z.output<typeof historyRequest>, DocumentHistory> = {
    request: historyRequest,
    async handle(request, context) {
      const document = await findPatientDocument(context, request.patientId, request.documentId);
      const access = await chartAccessOf(context.store, context.user!.id, request.patientId);
      await assertReadable(context, access, recordKindOfDocumentType(document.document_type), 'document.history', request.patientId, { documentId: document.id });
      const rows = await selectDocumentVersions(context.store.db).where('v.document_id', '=', document.id).orderBy('v.version', 'asc').execute();
      const versions = await toDocumentVersions(context.store, rows);
      await recordAudit(
        context.store,
        {
          action: 'document.history',
          outcome: 'ok',
          actorUserId: context.user!.id,
          actorDeviceId: context.device!.id,
          patientId: request.patientId,
          detail: { documentId: document.id, versions: versions.length },
        },
        context.now,
      );
      return { versions };
    },
  };

  const DownloadDocument: ServerStreamingMethod<z.output<typeof downloadRequest>, DownloadDocumentResponse> = {
    kind: 'server-streaming',
    request: downloadRequest,
    async handle(request, send, context) {
      const document = await findPatientDocument(context, request.patientId, request.documentId);
      const access = await chartAccessOf(context.store, context.user!.id, request.patientId);
      await assertReadable(context, access, recordKindOfDocumentType(document.document_type), 'document.download', request.patientId, { documentId: document.id });
      const version = request.version === 0 ? Number(document.current_version) : request.version;
      const row = await selectDocumentVersions(context.store.db).where('v.document_id', '=', document.id).where('v.version', '=', version).executeTakeFirst();
      if (!row) throw new RenkeiError({ reason: 'RECORD_NOT_FOUND' });

      // Opened (and its size checked against the record) before anything is sent, so a missing
      // or damaged store fails as a whole instead of half a file.
      const { size, stream } = await deps.blobs.openForReading(row.blob_sha256, MAX_CHUNK_BYTES);
      try {
        if (size !== Number(row.size)) throw new Error(`blob ${row.blob_sha256} has ${size} bytes, the record says ${row.size}`);
        const [info] = await toDocumentVersions(context.store, [row]);
        // Logged as the disclosure starts: a download broken off halfway has still shown data.
        await recordAudit(
          context.store,
          {
            action: 'document.download',
            outcome: 'ok',
            actorUserId: context.user!.id,
            actorDeviceId: context.device!.id,
            patientId: request.patientId,
            detail: { documentId: document.id, version, sha256: row.blob_sha256, size },
          },
          context.now,
        );
        await send({ info });
        for await (const chunk of stream) {
          context.signal.throwIfAborted();
          await send({ chunk: chunk as Buffer });
        }
      } finally {
        stream.destroy();
      }
    },
  };

  return { UploadDocument, ListDocuments, GetDocumentHistory, DownloadDocument };
}
