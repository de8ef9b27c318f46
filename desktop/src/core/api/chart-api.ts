// The shared chart's four services (chart.proto), on the clinical API's channel and credentials.
// Unary calls carry a deadline; a document goes up as a client stream of chunks that waits for
// the stream to drain (a 100 MB PDF must not be buffered in memory in front of a slow tunnel) and
// comes down as a server stream collected in memory for the viewer (the server bounds its size).
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import * as grpc from '@grpc/grpc-js';
import { loadApi } from '@renkei/proto';
import type { ConsentServiceClient } from '@renkei/proto/generated/renkei/v1/ConsentService';
import type { ConsentStatus__Output } from '@renkei/proto/generated/renkei/v1/ConsentStatus';
import type { CorrectNoteRequest } from '@renkei/proto/generated/renkei/v1/CorrectNoteRequest';
import type { CreateFormRequest } from '@renkei/proto/generated/renkei/v1/CreateFormRequest';
import type { DocumentHistory__Output } from '@renkei/proto/generated/renkei/v1/DocumentHistory';
import type { DocumentServiceClient } from '@renkei/proto/generated/renkei/v1/DocumentService';
import type { DocumentVersion__Output } from '@renkei/proto/generated/renkei/v1/DocumentVersion';
import type { DownloadDocumentRequest } from '@renkei/proto/generated/renkei/v1/DownloadDocumentRequest';
import type { FormServiceClient } from '@renkei/proto/generated/renkei/v1/FormService';
import type { FormVersion__Output } from '@renkei/proto/generated/renkei/v1/FormVersion';
import type { ListDocumentsResponse__Output } from '@renkei/proto/generated/renkei/v1/ListDocumentsResponse';
import type { ListFormVersionsResponse__Output } from '@renkei/proto/generated/renkei/v1/ListFormVersionsResponse';
import type { ListFormsResponse__Output } from '@renkei/proto/generated/renkei/v1/ListFormsResponse';
import type { ListNotesRequest } from '@renkei/proto/generated/renkei/v1/ListNotesRequest';
import type { ListNotesResponse__Output } from '@renkei/proto/generated/renkei/v1/ListNotesResponse';
import type { NoteHistory__Output } from '@renkei/proto/generated/renkei/v1/NoteHistory';
import type { MarkNoteEnteredInErrorRequest } from '@renkei/proto/generated/renkei/v1/MarkNoteEnteredInErrorRequest';
import type { ProgressNoteServiceClient } from '@renkei/proto/generated/renkei/v1/ProgressNoteService';
import type { ProgressNote__Output } from '@renkei/proto/generated/renkei/v1/ProgressNote';
import type { RecordConsentRequest } from '@renkei/proto/generated/renkei/v1/RecordConsentRequest';
import type { RenderFormPdfResponse__Output } from '@renkei/proto/generated/renkei/v1/RenderFormPdfResponse';
import type { SaveFormRequest } from '@renkei/proto/generated/renkei/v1/SaveFormRequest';
import type { UploadDocumentRequest } from '@renkei/proto/generated/renkei/v1/UploadDocumentRequest';
import type { UploadDocumentResponse__Output } from '@renkei/proto/generated/renkei/v1/UploadDocumentResponse';
import type { UploadHeader } from '@renkei/proto/generated/renkei/v1/UploadHeader';
import type { WithdrawConsentRequest } from '@renkei/proto/generated/renkei/v1/WithdrawConsentRequest';
import type { WriteNoteRequest } from '@renkei/proto/generated/renkei/v1/WriteNoteRequest';
import { ApiError } from './api-error';
import { unary } from './grpc-connection';

/** The most the server takes in one chunk message. */
const UPLOAD_CHUNK_BYTES = 256 * 1024;
// Rendering a form with Japanese fonts takes the server a moment.
const RENDER_DEADLINE_MS = 30_000;
// A transfer has no fixed length (a 100 MB scan over a clinic's upload link takes minutes), so
// instead of a short deadline it is given up when nothing moves for this long.
const TRANSFER_IDLE_MS = 60_000;
// The outer bound for any one transfer, however slowly it keeps moving.
const TRANSFER_DEADLINE_MS = 30 * 60_000;

/** The bytes that arrived are not the document the server described (size or SHA-256). */
export class TransferIntegrityError extends Error {
  override name = 'TransferIntegrityError';
}

/** The local file changed while it was being sent (it grew or shrank between the two passes). */
export class SourceChangedError extends Error {
  override name = 'SourceChangedError';
}

interface TransferOptions {
  signal?: AbortSignal;
}

interface UploadOptions extends TransferOptions {
  /** After each chunk is handed to the stream: bytes sent so far, of the whole. */
  onProgress?: (sentBytes: number, totalBytes: number) => void;
}

interface DownloadedDocument {
  info: DocumentVersion__Output;
  bytes: Buffer;
}

const stalled = () =>
  new ApiError({ code: grpc.status.DEADLINE_EXCEEDED, message: `no progress for ${TRANSFER_IDLE_MS / 1000} s`, metadata: {}, fieldViolations: [] });

/** Calls `onIdle` when `poke` has not been called for `ms`. */
class IdleWatchdog {
  private timer: NodeJS.Timeout;
  constructor(
    private readonly ms: number,
    private readonly onIdle: () => void,
  ) {
    this.timer = setTimeout(onIdle, ms);
  }
  poke(): void {
    this.timer.refresh();
  }
  stop(): void {
    clearTimeout(this.timer);
  }
}

/**
 * The file's bytes from its start, a chunk at a time, each read only when the consumer asks for it
 * (so the reading keeps pace with the network). Each chunk is a buffer of its own: the gRPC stream
 * may still hold the previous one. Read by position, so one handle serves both passes.
 */
async function* fileChunks(file: FileHandle, chunkBytes = UPLOAD_CHUNK_BYTES): AsyncGenerator<Buffer> {
  for (let position = 0; ;) {
    const buffer = Buffer.allocUnsafe(chunkBytes);
    const { bytesRead } = await file.read(buffer, 0, chunkBytes, position);
    if (bytesRead === 0) return;
    position += bytesRead;
    yield bytesRead === chunkBytes ? buffer : buffer.subarray(0, bytesRead);
  }
}

/** SHA-256 (hex) and length of what the handle holds, read from its start. */
async function sha256OfFile(file: FileHandle, signal?: AbortSignal): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of fileChunks(file)) {
    signal?.throwIfAborted();
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}

export class ChartApi {
  private readonly consent: ConsentServiceClient;
  private readonly notes: ProgressNoteServiceClient;
  private readonly documents: DocumentServiceClient;
  private readonly forms: FormServiceClient;

  constructor(
    address: string,
    credentials: grpc.ChannelCredentials,
    options: grpc.ClientOptions,
    private readonly metadata: () => grpc.Metadata,
  ) {
    const v1 = loadApi().grpcObject.renkei.v1;
    this.consent = new v1.ConsentService(address, credentials, options);
    this.notes = new v1.ProgressNoteService(address, credentials, options);
    this.documents = new v1.DocumentService(address, credentials, options);
    this.forms = new v1.FormService(address, credentials, options);
  }

  // ---- consent ----

  getConsentStatus(patientId: string): Promise<ConsentStatus__Output> {
    return unary(this.consent, this.consent.GetConsentStatus, { patientId }, this.metadata());
  }

  recordConsent(request: RecordConsentRequest): Promise<ConsentStatus__Output> {
    return unary(this.consent, this.consent.RecordConsent, request, this.metadata());
  }

  withdrawConsent(request: WithdrawConsentRequest): Promise<ConsentStatus__Output> {
    return unary(this.consent, this.consent.WithdrawConsent, request, this.metadata());
  }

  // ---- progress notes ----

  writeNote(request: WriteNoteRequest): Promise<ProgressNote__Output> {
    return unary(this.notes, this.notes.WriteNote, request, this.metadata());
  }

  correctNote(request: CorrectNoteRequest): Promise<ProgressNote__Output> {
    return unary(this.notes, this.notes.CorrectNote, request, this.metadata());
  }

  markNoteEnteredInError(request: MarkNoteEnteredInErrorRequest): Promise<ProgressNote__Output> {
    return unary(this.notes, this.notes.MarkNoteEnteredInError, request, this.metadata());
  }

  listNotes(request: ListNotesRequest): Promise<ListNotesResponse__Output> {
    return unary(this.notes, this.notes.ListNotes, request, this.metadata());
  }

  async getNoteHistory(patientId: string, noteId: string): Promise<ProgressNote__Output[]> {
    const history: NoteHistory__Output = await unary(this.notes, this.notes.GetNoteHistory, { patientId, noteId }, this.metadata());
    return history.versions;
  }

  // ---- documents ----

  async listDocuments(patientId: string): Promise<DocumentVersion__Output[]> {
    const list: ListDocumentsResponse__Output = await unary(this.documents, this.documents.ListDocuments, { patientId }, this.metadata());
    return list.documents;
  }

  async getDocumentHistory(patientId: string, documentId: string): Promise<DocumentVersion__Output[]> {
    const history: DocumentHistory__Output = await unary(this.documents, this.documents.GetDocumentHistory, { patientId, documentId }, this.metadata());
    return history.versions;
  }

  /**
   * Files the document the handle holds: a first pass over the file for its SHA-256 (the header
   * carries it), then the header and the file in chunks of at most 256 KiB, the next read from the
   * file only once the call's stream has room for it (write() returned false: wait for 'drain').
   * Aborting `signal` cancels the call; the server files nothing.
   */
  async uploadDocument(header: Omit<UploadHeader, 'size' | 'sha256'>, file: FileHandle, options: UploadOptions = {}): Promise<UploadDocumentResponse__Output> {
    const { signal, onProgress } = options;
    const { sha256, size } = await sha256OfFile(file, signal);
    signal?.throwIfAborted();

    let call!: grpc.ClientWritableStream<UploadDocumentRequest>;
    let settled = false;
    let localFailure: Error | undefined;
    const outcome = new Promise<UploadDocumentResponse__Output>((resolve, reject) => {
      call = this.documents.UploadDocument(this.metadata(), { deadline: Date.now() + TRANSFER_DEADLINE_MS }, (error, response) => {
        settled = true;
        if (localFailure) reject(localFailure);
        else if (error || !response) reject(ApiError.from(error ?? new Error('empty response')));
        else resolve(response);
      });
    });
    // Seen through `await outcome` below; this only keeps an early failure from going unhandled.
    outcome.catch(() => undefined);
    const giveUp = (failure: Error) => {
      localFailure ??= failure;
      call.cancel();
    };
    const watchdog = new IdleWatchdog(TRANSFER_IDLE_MS, () => giveUp(stalled()));
    const onAbort = () => giveUp(signal?.reason instanceof Error ? signal.reason : new Error('upload cancelled'));
    signal?.addEventListener('abort', onAbort, { once: true });

    // Resolves when the stream has room again, or when waiting is pointless (the call ended).
    const drained = () =>
      new Promise<void>((resolve) => {
        const done = () => {
          call.off('drain', done);
          resolve();
        };
        call.on('drain', done);
        outcome.then(done, done);
      });

    try {
      if (!call.write({ header: { ...header, size, sha256 } })) await drained();
      let sent = 0;
      for await (const chunk of fileChunks(file)) {
        if (settled) break;
        sent += chunk.length;
        if (sent > size) {
          giveUp(new SourceChangedError('the file grew while it was being sent'));
          break;
        }
        const room = call.write({ chunk });
        watchdog.poke();
        onProgress?.(sent, size);
        if (!room) {
          await drained();
          watchdog.poke();
        }
      }
      if (!settled && sent !== size) giveUp(new SourceChangedError('the file shrank while it was being sent'));
      if (!settled) call.end();
      return await outcome;
    } finally {
      watchdog.stop();
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * One version of a document with its description, collected in memory; its size and SHA-256
   * are checked against the description before it is handed on. version 0: the current one.
   */
  downloadDocument(request: DownloadDocumentRequest, options: TransferOptions = {}): Promise<DownloadedDocument> {
    const { signal } = options;
    signal?.throwIfAborted();
    return new Promise((resolve, reject) => {
      const stream = this.documents.DownloadDocument(request, this.metadata(), { deadline: Date.now() + TRANSFER_DEADLINE_MS });
      let info: DocumentVersion__Output | undefined;
      const chunks: Buffer[] = [];
      let received = 0;
      let localFailure: Error | undefined;
      const giveUp = (failure: Error) => {
        localFailure ??= failure;
        stream.cancel();
      };
      const watchdog = new IdleWatchdog(TRANSFER_IDLE_MS, () => giveUp(stalled()));
      const onAbort = () => giveUp(signal?.reason instanceof Error ? signal.reason : new Error('download cancelled'));
      signal?.addEventListener('abort', onAbort, { once: true });
      const finish = () => {
        watchdog.stop();
        signal?.removeEventListener('abort', onAbort);
      };

      stream.on('data', (message: { part?: string; info?: DocumentVersion__Output | null; chunk?: Buffer }) => {
        watchdog.poke();
        if (message.part === 'info' && message.info) {
          info = message.info;
          return;
        }
        if (message.part !== 'chunk' || !message.chunk) return;
        if (!info) return giveUp(new TransferIntegrityError('document bytes arrived before its description'));
        received += message.chunk.length;
        if (received > Number(info.size)) return giveUp(new TransferIntegrityError(`more than the ${info.size} bytes described arrived`));
        chunks.push(message.chunk);
      });
      stream.on('error', (error) => {
        finish();
        reject(localFailure ?? ApiError.from(error));
      });
      stream.on('end', () => {
        finish();
        if (localFailure) return reject(localFailure);
        if (!info) return reject(new TransferIntegrityError('the server sent no description of the document'));
        const bytes = Buffer.concat(chunks, received);
        if (bytes.length !== Number(info.size)) return reject(new TransferIntegrityError(`${bytes.length} of ${info.size} bytes arrived`));
        if (createHash('sha256').update(bytes).digest('hex') !== info.sha256.toLowerCase())
          return reject(new TransferIntegrityError('the SHA-256 of the bytes does not match'));
        resolve({ info, bytes });
      });
    });
  }

  // ---- shared forms ----

  createForm(request: CreateFormRequest): Promise<FormVersion__Output> {
    return unary(this.forms, this.forms.CreateForm, request, this.metadata());
  }

  getForm(patientId: string, formId: string, version: number): Promise<FormVersion__Output> {
    return unary(this.forms, this.forms.GetForm, { patientId, formId, version }, this.metadata());
  }

  saveForm(request: SaveFormRequest): Promise<FormVersion__Output> {
    return unary(this.forms, this.forms.SaveForm, request, this.metadata());
  }

  finaliseForm(patientId: string, formId: string, version: number): Promise<FormVersion__Output> {
    return unary(this.forms, this.forms.FinaliseForm, { patientId, formId, version }, this.metadata());
  }

  async listForms(patientId: string): Promise<FormVersion__Output[]> {
    const list: ListFormsResponse__Output = await unary(this.forms, this.forms.ListForms, { patientId }, this.metadata());
    return list.forms;
  }

  async listFormVersions(patientId: string, formId: string): Promise<FormVersion__Output[]> {
    const list: ListFormVersionsResponse__Output = await unary(this.forms, this.forms.ListFormVersions, { patientId, formId }, this.metadata());
    return list.versions;
  }

  renderFormPdf(patientId: string, formId: string, version: number): Promise<RenderFormPdfResponse__Output> {
    return unary(this.forms, this.forms.RenderFormPdf, { patientId, formId, version }, this.metadata(), RENDER_DEADLINE_MS);
  }
}
