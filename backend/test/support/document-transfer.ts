// The client side of DocumentService (and of the timeline's attachments, which stream the same
// way) for tests, as the desktop does it: an upload streams the
// file from disk in chunks of at most 256 KiB and waits for 'drain' whenever grpc-js says its
// buffer is full (call.write() returned false), so the client never holds more than a few chunks
// however big the file; a download hashes what arrives and keeps it only when asked to.
// Also used by the system test's probe inside the clinic network namespace.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import { decodeServiceError, loadApi } from '@renkei/proto';
import type { AttachmentUploadHeader } from '@renkei/proto/generated/renkei/v1/AttachmentUploadHeader';
import type { PostAttachment__Output } from '@renkei/proto/generated/renkei/v1/PostAttachment';
import type { TimelineRef } from '@renkei/proto/generated/renkei/v1/TimelineRef';
import type { UploadHeader } from '@renkei/proto/generated/renkei/v1/UploadHeader';
import type { DocumentVersion__Output } from '@renkei/proto/generated/renkei/v1/DocumentVersion';
import { CallFailed, type Credentials } from './api-client';

export const CHUNK_BYTES = 256 * 1024;

export interface Target {
  address: string;
  caPem: string;
}

type Streaming = 'DocumentService' | 'TimelineService';
type AnyClient = grpc.Client & Record<string, (...args: any[]) => any>;

const clients = new Map<string, grpc.Client>();

function serviceClient(target: Target, service: Streaming): AnyClient {
  const key = `${service}@${target.address}`;
  let existing = clients.get(key);
  if (!existing) {
    const Ctor = loadApi().grpcObject.renkei.v1[service] as unknown as typeof grpc.Client;
    existing = new Ctor(target.address, grpc.credentials.createSsl(Buffer.from(target.caPem)));
    clients.set(key, existing);
  }
  return existing as AnyClient;
}

const documentClient = (target: Target) => serviceClient(target, 'DocumentService');

export function closeDocumentClients(): void {
  for (const client of clients.values()) client.close();
  clients.clear();
}

function metadataOf(credentials: Credentials): grpc.Metadata {
  const metadata = new grpc.Metadata();
  if (credentials.device) metadata.set('renkei-device', credentials.device);
  if (credentials.session) metadata.set('authorization', `Bearer ${credentials.session}`);
  return metadata;
}

/** SHA-256 (hex) and size of a file, read as a stream. */
export async function fileDigest(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** UploadDocumentResponse as the server always sends it: with the document. */
export interface Filed {
  document: DocumentVersion__Output;
  alreadyFiled: boolean;
}

export interface UploadOptions {
  /** Bytes per chunk message (default 256 KiB, the contract's limit). */
  chunkSize?: number;
  /** Cancel the call once this many bytes have been written (a user pressing 取消). */
  cancelAfterBytes?: number;
  /** Send chunks before any header (a broken client). */
  omitHeader?: boolean;
  /**
   * Send the header, then nothing: resolve or reject with the server's answer, which must come
   * before the body (a refusal by policy, a retry already filed). Fails if none comes in 10 s.
   */
  headerOnly?: boolean;
  deadlineMs?: number;
  /** How many times write() returned false and the upload waited for 'drain'. */
  onDrainWait?: () => void;
  /**
   * Send the SHA-256 in a trailer after the chunks, the header's left empty (as the desktop app
   * does): the file's hash, or the one given here (a lying trailer).
   */
  trailer?: true | string;
  /** With `trailer`: send another chunk after it (a broken client). */
  chunkAfterTrailer?: boolean;
}

/**
 * Uploads a file (a path, read as a stream) or bytes. The header's size and sha256 default to
 * the file's; pass them to send a lying header. Rejects with CallFailed.
 */
export function uploadDocument(
  target: Target,
  credentials: Credentials,
  header: UploadHeader & { patientId: string; uploadId: string },
  source: string | Buffer,
  options: UploadOptions = {},
): Promise<Filed> {
  return streamUpload<Filed>(serviceClient(target, 'DocumentService'), 'UploadDocument', credentials, header, source, options);
}

/** A photo or PDF for a post (TimelineService.UploadAttachment), sent like a document. Rejects with CallFailed. */
export function uploadAttachment(
  target: Target,
  credentials: Credentials,
  header: Omit<AttachmentUploadHeader, 'size' | 'sha256'> & { timeline: TimelineRef; uploadId: string; size?: number; sha256?: string },
  source: string | Buffer,
  options: UploadOptions = {},
): Promise<PostAttachment__Output> {
  return streamUpload<PostAttachment__Output>(serviceClient(target, 'TimelineService'), 'UploadAttachment', credentials, header, source, options);
}

async function streamUpload<Response>(
  client: AnyClient,
  method: 'UploadDocument' | 'UploadAttachment',
  credentials: Credentials,
  header: object,
  source: string | Buffer,
  options: UploadOptions,
): Promise<Response> {
  const chunkSize = options.chunkSize ?? CHUNK_BYTES;
  const digest = typeof source === 'string' ? await fileDigest(source) : { sha256: createHash('sha256').update(source).digest('hex'), size: source.length };
  const fullHeader = { size: digest.size, sha256: options.trailer ? '' : digest.sha256, ...header };

  let settled = false;
  let call!: grpc.ClientWritableStream<unknown>;
  const result = new Promise<Response>((resolve, reject) => {
    call = client[method]!(
      metadataOf(credentials),
      { deadline: Date.now() + (options.deadlineMs ?? 60_000) },
      (error: grpc.ServiceError | null, response: Response) => {
        settled = true;
        if (error) reject(new CallFailed(decodeServiceError(error)));
        else resolve(response);
      },
    );
  });
  // The server may answer before the whole file is sent (a refusal, a retry already filed):
  // then the sender stops instead of waiting for a 'drain' that never comes.
  const answered = result.then(
    () => undefined,
    () => undefined,
  );

  const send = async (message: object): Promise<void> => {
    if (call.write(message)) return;
    options.onDrainWait?.();
    await Promise.race([once(call, 'drain'), answered]);
  };

  try {
    if (!options.omitHeader) await send({ header: fullHeader });
    if (options.headerOnly) {
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(resolve, 10_000, 'timeout').unref());
      if ((await Promise.race([answered, timeout])) === 'timeout') {
        call.cancel();
        throw new Error('the server did not answer the header without the body');
      }
      return await result;
    }
    let sent = 0;
    const chunks = typeof source === 'string' ? createReadStream(source, { highWaterMark: chunkSize }) : bufferChunks(source, chunkSize);
    try {
      for await (const chunk of chunks) {
        if (settled) break;
        await send({ chunk });
        sent += (chunk as Buffer).length;
        if (options.cancelAfterBytes !== undefined && sent >= options.cancelAfterBytes) {
          call.cancel();
          break;
        }
      }
    } finally {
      if (typeof source === 'string') (chunks as ReturnType<typeof createReadStream>).destroy();
    }
    if (!settled && options.trailer) {
      await send({ trailer: { sha256: options.trailer === true ? digest.sha256 : options.trailer } });
      if (options.chunkAfterTrailer) await send({ chunk: Buffer.from('more') });
    }
    if (!settled) call.end();
  } catch (error) {
    // A write failing because the server already answered: the answer says why.
    if (!settled) throw error;
  }
  return result;
}

function* bufferChunks(bytes: Buffer, chunkSize: number): Generator<Buffer> {
  for (let offset = 0; offset < bytes.length; offset += chunkSize) yield bytes.subarray(offset, offset + chunkSize);
}

export interface Downloaded<Info = DocumentVersion__Output> {
  info: Info;
  sha256: string;
  size: number;
  /** Chunk messages received after the info. */
  chunks: number;
  largestChunk: number;
  /** The bytes, when `keep` was asked for. */
  bytes?: Buffer;
}

interface DownloadOptions {
  keep?: boolean;
  cancelAfterBytes?: number;
  deadlineMs?: number;
}

/** Downloads a version (0: current). Rejects with CallFailed. */
export function downloadDocument(
  target: Target,
  credentials: Credentials,
  request: { patientId: string; documentId: string; version?: number },
  options: DownloadOptions = {},
): Promise<Downloaded> {
  return streamDownload(serviceClient(target, 'DocumentService'), 'DownloadDocument', credentials, { version: 0, ...request }, options);
}

/** Downloads a post's attachment (TimelineService.DownloadAttachment). Rejects with CallFailed. */
export function downloadAttachment(
  target: Target,
  credentials: Credentials,
  request: { timeline: TimelineRef; postId: string; attachmentId: string },
  options: DownloadOptions = {},
): Promise<Downloaded<PostAttachment__Output>> {
  return streamDownload(serviceClient(target, 'TimelineService'), 'DownloadAttachment', credentials, request, options);
}

function streamDownload<Info>(
  client: AnyClient,
  method: 'DownloadDocument' | 'DownloadAttachment',
  credentials: Credentials,
  request: object,
  options: DownloadOptions,
): Promise<Downloaded<Info>> {
  const call: grpc.ClientReadableStream<{ part: 'info' | 'chunk'; info?: Info; chunk?: Buffer }> = client[method]!(request, metadataOf(credentials), {
    deadline: Date.now() + (options.deadlineMs ?? 60_000),
  });
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    const kept: Buffer[] = [];
    let info: Info | undefined;
    let size = 0;
    let chunks = 0;
    let largestChunk = 0;
    call.on('data', (message) => {
      if (message.part === 'info') {
        if (info || chunks > 0) return reject(new Error('info sent twice or after chunks'));
        info = message.info!;
        return;
      }
      if (!info) return reject(new Error('a chunk came before the info'));
      const chunk = message.chunk!;
      hash.update(chunk);
      size += chunk.length;
      chunks += 1;
      largestChunk = Math.max(largestChunk, chunk.length);
      if (options.keep) kept.push(chunk);
      if (options.cancelAfterBytes !== undefined && size >= options.cancelAfterBytes) call.cancel();
    });
    call.on('error', (error: grpc.ServiceError) => reject(new CallFailed(decodeServiceError(error))));
    call.on('end', () => {
      if (!info) return reject(new Error('the download ended without an info message'));
      resolve({ info, sha256: hash.digest('hex'), size, chunks, largestChunk, ...(options.keep && { bytes: Buffer.concat(kept) }) });
    });
  });
}

/** A unary DocumentService call (ListDocuments, GetDocumentHistory). Rejects with CallFailed. */
export function documentCall<T = any>(target: Target, method: 'ListDocuments' | 'GetDocumentHistory', request: object, credentials: Credentials): Promise<T> {
  const client = documentClient(target);
  return new Promise((resolve, reject) => {
    client[method]!.call(client, request, metadataOf(credentials), { deadline: Date.now() + 15_000 }, (error: grpc.ServiceError | null, response: T) => {
      if (error) reject(new CallFailed(decodeServiceError(error)));
      else resolve(response);
    });
  });
}
