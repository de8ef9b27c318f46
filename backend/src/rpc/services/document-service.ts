// renkei.v1.DocumentService: filed documents (PDFs exported by business systems, images of FAXed
// paper). The dispatcher has opened the caller's scope on the patient; documents/document-filing.ts
// and documents/document-reading.ts ask it whether the caller's role may write or read the kind of
// document, and log. Here: the shape of requests and of the upload and download streams.
import { DOCUMENT_TYPES } from '@renkei/proto';
import type { DocumentHistory } from '@renkei/proto/generated/renkei/v1/DocumentHistory';
import type { DownloadDocumentResponse } from '@renkei/proto/generated/renkei/v1/DownloadDocumentResponse';
import type { ListDocumentsResponse } from '@renkei/proto/generated/renkei/v1/ListDocumentsResponse';
import type { UploadDocumentRequest__Output } from '@renkei/proto/generated/renkei/v1/UploadDocumentRequest';
import type { UploadDocumentResponse } from '@renkei/proto/generated/renkei/v1/UploadDocumentResponse';
import { INSTRUCTION_PERIOD_LIMITS, latestInstructionEnd } from '@renkei/proto/template-forms';
import { z } from 'zod';
import type { BlobStore } from '../../documents/blob-store';
import { fileDocument, type UploadHeaderInput } from '../../documents/document-filing';
import { documentHistory, listDocuments, openDocumentVersion } from '../../documents/document-reading';
import { declaredSha256, uploadBody } from '../../documents/upload-body';
import { isoDate, singleLine, uuid } from '../../validation';
import type { ClientStreamingMethod, ServerStreamingMethod, ServiceMethod, UnaryMethod } from '../dispatcher';

interface DocumentServiceDeps {
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

const documentType = z.enum(DOCUMENT_TYPES);
const documentTypeFilter = z.enum(['DOCUMENT_TYPE_UNSPECIFIED', ...DOCUMENT_TYPES]);
/** An ISO date, or empty for "not given". */
const optionalDate = z
  .string()
  .refine((value) => value === '' || isoDate.safeParse(value).success, 'NOT_A_DAY')
  .transform((value) => (value === '' ? null : value));
const optionalId = z
  .string()
  .refine((value) => value === '' || uuid.safeParse(value).success, 'NOT_AN_ID')
  .transform((value) => (value === '' ? null : value));

export const uploadHeader = z
  .object({
    patientId: uuid,
    uploadId: uuid,
    documentType,
    title: singleLine(200),
    fileName: singleLine(1000),
    // The limits with their own reasons (DOCUMENT_EMPTY, DOCUMENT_TOO_LARGE) are the filer's.
    size: z.number().int().min(0),
    sha256: declaredSha256,
    issuedOn: optionalDate,
    issuer: singleLine(200),
    validFrom: optionalDate,
    validUntil: optionalDate,
    replacesDocumentId: optionalId,
    note: z.string().trim().max(2000),
  })
  .superRefine((header, ctx) => {
    if (header.documentType === INSTRUCTION) {
      if (!header.validFrom) ctx.addIssue({ code: 'custom', path: ['validFrom'], message: 'INSTRUCTION_PERIOD_REQUIRED' });
      if (!header.validUntil) ctx.addIssue({ code: 'custom', path: ['validUntil'], message: 'INSTRUCTION_PERIOD_REQUIRED' });
    }
    if (header.validFrom && header.validUntil) {
      if (header.validUntil < header.validFrom) {
        ctx.addIssue({ code: 'custom', path: ['validUntil'], message: 'END_BEFORE_START' });
      } else if (header.documentType === INSTRUCTION && header.validUntil > (latestInstructionEnd('NORMAL', header.validFrom) ?? header.validUntil)) {
        // A start date that does not exist has no latest end; it is reported on validFrom already.
        ctx.addIssue({ code: 'custom', path: ['validUntil'], message: 'INSTRUCTION_PERIOD_TOO_LONG', params: { months: LONGEST_INSTRUCTION.months } });
      }
    }
  }) satisfies z.ZodType<UploadHeaderInput & { patientId: string }, unknown>;

/** The first message of an upload must be its header; the header is what the handler and the policy see. */
const firstUploadMessage = z
  .object({ part: z.literal('header', 'HEADER_FIRST'), header: z.unknown().optional() })
  .pipe(z.object({ part: z.literal('header'), header: uploadHeader }))
  .transform((message) => message.header);

const listRequest = z.object({ patientId: uuid, documentType: documentTypeFilter });
const historyRequest = z.object({ patientId: uuid, documentId: uuid });
const downloadRequest = z.object({ patientId: uuid, documentId: uuid, version: z.number().int().min(0) });

export function documentService(deps: DocumentServiceDeps): Record<string, ServiceMethod> {
  const UploadDocument: ClientStreamingMethod<z.output<typeof uploadHeader>, UploadDocumentRequest__Output, UploadDocumentResponse, 'care-team'> = {
    kind: 'client-streaming',
    access: 'care-team',
    first: firstUploadMessage,
    async handle(header, rest, scope) {
      const { document, alreadyFiled } = await fileDocument(scope, {
        blobs: deps.blobs,
        maxUploadMb: deps.maxUploadMb,
        header,
        body: uploadBody(rest, header.sha256),
        signal: scope.signal,
      });
      return { document, alreadyFiled };
    },
  };

  const ListDocuments: UnaryMethod<z.output<typeof listRequest>, ListDocumentsResponse, 'care-team'> = {
    access: 'care-team',
    request: listRequest,
    handle: async (request, scope) => ({ documents: await listDocuments(scope, request.documentType) }),
  };

  const GetDocumentHistory: UnaryMethod<z.output<typeof historyRequest>, DocumentHistory, 'care-team'> = {
    access: 'care-team',
    request: historyRequest,
    handle: async (request, scope) => ({ versions: await documentHistory(scope, request.documentId) }),
  };

  const DownloadDocument: ServerStreamingMethod<z.output<typeof downloadRequest>, DownloadDocumentResponse, 'care-team'> = {
    kind: 'server-streaming',
    access: 'care-team',
    request: downloadRequest,
    async handle(request, send, scope) {
      const { info, stream } = await openDocumentVersion(scope, deps.blobs, request.documentId, request.version);
      try {
        await send({ info });
        for await (const chunk of stream) {
          scope.signal.throwIfAborted();
          await send({ chunk: chunk as Buffer });
        }
      } finally {
        stream.destroy();
      }
    },
  };

  return { UploadDocument, ListDocuments, GetDocumentHistory, DownloadDocument };
}
