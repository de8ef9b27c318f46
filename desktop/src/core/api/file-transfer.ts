// Files over gRPC, for every service that moves them (a chart document, a timeline attachment):
// up as a client stream of a header and chunks that waits for the stream to drain (a 100 MB PDF
// must not be buffered in memory in front of a slow tunnel), and down as a server stream of a
// description and chunks collected in memory for the viewer (the server bounds its size), checked
// against the description's size and SHA-256 before it is handed on.
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import * as grpc from '@grpc/grpc-js';
import { ApiError } from './api-error';

/** The most the server takes in one chunk message. */
const UPLOAD_CHUNK_BYTES = 256 * 1024;
// A transfer has no fixed length (a 100 MB scan over a clinic's upload link takes minutes), so
// instead of a short deadline it is given up when nothing moves for this long.
const TRANSFER_IDLE_MS = 60_000;
// The outer bound for any one transfer, however slowly it keeps moving.
const TRANSFER_DEADLINE_MS = 30 * 60_000;

/** The bytes that arrived are not the file the server described (size or SHA-256). */
export class TransferIntegrityError extends Error {
  override name = 'TransferIntegrityError';
}

/** The local file changed while it was being sent (it grew or shrank between the two passes). */
export class SourceChangedError extends Error {
  override name = 'SourceChangedError';
}

export interface TransferOptions {
  signal?: AbortSignal;
}

export interface UploadOptions extends TransferOptions {
  /** After each chunk is handed to the stream: bytes sent so far, of the whole. */
  onProgress?: (sentBytes: number, totalBytes: number) => void;
}

/** The messages of one upload rpc: its header (with the size; the SHA-256 left empty), a chunk, and the trailer with the SHA-256. */
export interface UploadMessages<Request> {
  header(size: number): Request;
  chunk(bytes: Buffer): Request;
  trailer(sha256: string): Request;
}

/** What a download's description says of the bytes that follow it. */
interface Described {
  size: number | string | { toString(): string };
  sha256: string;
}

/** A download's message: its description first, then chunks. */
interface DownloadPart<Info> {
  part?: string;
  info?: Info | null;
  chunk?: Buffer;
}

const stalled = () =>
  new ApiError({ code: grpc.status.DEADLINE_EXCEEDED, message: `no progress for ${TRANSFER_IDLE_MS / 1000} s`, metadata: {}, fieldViolations: [] });

const transferDeadline = (): grpc.CallOptions => ({ deadline: Date.now() + TRANSFER_DEADLINE_MS });

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
 * may still hold the previous one.
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

/**
 * Sends the file the handle holds through the client-streaming call `start` opens: the header
 * with its size, the file in chunks of at most 256 KiB, the next read from the file only once the
 * call's stream has room for it (write() returned false: wait for 'drain'), and the trailer with
 * the SHA-256 of what was sent. The file is read once: hashed as it is sent, not in a pass of its
 * own before. Aborting `signal` cancels the call; the server keeps nothing.
 */
export async function uploadFile<Request, Response>(
  start: (options: grpc.CallOptions, callback: grpc.requestCallback<Response>) => grpc.ClientWritableStream<Request>,
  messages: UploadMessages<Request>,
  file: FileHandle,
  options: UploadOptions = {},
): Promise<Response> {
  const { signal, onProgress } = options;
  signal?.throwIfAborted();
  const { size } = await file.stat();
  const hash = createHash('sha256');

  let call!: grpc.ClientWritableStream<Request>;
  let settled = false;
  let localFailure: Error | undefined;
  const outcome = new Promise<Response>((resolve, reject) => {
    call = start(transferDeadline(), (error, response) => {
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
    if (!call.write(messages.header(size))) await drained();
    let sent = 0;
    for await (const chunk of fileChunks(file)) {
      if (settled) break;
      sent += chunk.length;
      if (sent > size) {
        giveUp(new SourceChangedError('the file grew while it was being sent'));
        break;
      }
      hash.update(chunk);
      const room = call.write(messages.chunk(chunk));
      watchdog.poke();
      onProgress?.(sent, size);
      if (!room) {
        await drained();
        watchdog.poke();
      }
    }
    if (!settled && sent !== size) giveUp(new SourceChangedError('the file shrank while it was being sent'));
    if (!settled) {
      // The server checks the bytes it received against this before it keeps anything.
      call.write(messages.trailer(hash.digest('hex')));
      call.end();
    }
    return await outcome;
  } finally {
    watchdog.stop();
    signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * The file the server-streaming call `start` opens, with its description, collected in memory;
 * its size and SHA-256 are checked against the description before it is handed on.
 */
export function downloadFile<Info extends Described>(
  start: (options: grpc.CallOptions) => grpc.ClientReadableStream<DownloadPart<Info>>,
  options: TransferOptions = {},
): Promise<{ info: Info; bytes: Buffer }> {
  const { signal } = options;
  signal?.throwIfAborted();
  return new Promise((resolve, reject) => {
    const stream = start(transferDeadline());
    let info: Info | undefined;
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

    stream.on('data', (message: DownloadPart<Info>) => {
      watchdog.poke();
      if (message.part === 'info' && message.info) {
        info = message.info;
        return;
      }
      if (message.part !== 'chunk' || !message.chunk) return;
      if (!info) return giveUp(new TransferIntegrityError('file bytes arrived before their description'));
      received += message.chunk.length;
      if (received > Number(info.size)) return giveUp(new TransferIntegrityError(`more than the ${String(info.size)} bytes described arrived`));
      chunks.push(message.chunk);
    });
    stream.on('error', (error) => {
      finish();
      reject(localFailure ?? ApiError.from(error));
    });
    stream.on('end', () => {
      finish();
      if (localFailure) return reject(localFailure);
      if (!info) return reject(new TransferIntegrityError('the server sent no description of the file'));
      const bytes = Buffer.concat(chunks, received);
      if (bytes.length !== Number(info.size)) return reject(new TransferIntegrityError(`${bytes.length} of ${String(info.size)} bytes arrived`));
      if (createHash('sha256').update(bytes).digest('hex') !== info.sha256.toLowerCase())
        return reject(new TransferIntegrityError('the SHA-256 of the bytes does not match'));
      resolve({ info, bytes });
    });
  });
}
