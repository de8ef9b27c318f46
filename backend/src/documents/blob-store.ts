// The bytes of filed documents, content-addressed: a file lives at blobs/ab/cd/abcd… under the
// SHA-256 of its content, so the same bytes uploaded twice (the same FAX filed for two documents,
// a retried upload) are stored once, and a stored file can always be checked against its name.
//
// An upload is written to blobs/tmp/ (the same file system, so that putting it in place is an
// atomic rename), hashed as it arrives, fsync'ed, and only then renamed into place: a crash never
// leaves a half-written file under a content address. A file already in place is never rewritten.
// The database row (table blobs) is the upload's business (documents/checked-upload.ts); a file
// here without a row is a complete, correct copy a later upload of the same bytes reuses. A file
// is removed only by pruning, with its row, once nothing names it (timeline/pruning.ts).
import { createHash, randomUUID, type Hash } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Lower-case hex SHA-256: the only names the store accepts, so a name can never be a path. */
const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface WrittenBlob {
  sha256: string;
  size: number;
}

/** A file being received. Write, then finish(); then either place() it or discard() it. */
export interface BlobWriter {
  /** The temporary file, for checks that read it (content inspection) before it is placed. */
  readonly tempPath: string;
  /** Bytes written so far. */
  readonly size: number;
  /** Resolves once the bytes are handed to the file system: await it before taking more. */
  write(chunk: Uint8Array): Promise<void>;
  /** Flushes to disk, closes the file and gives the content's hash and size. */
  finish(): Promise<WrittenBlob>;
  /**
   * Moves the finished file to its content address (or, when those bytes are stored already,
   * drops it). Returns whether a new file was stored.
   */
  place(): Promise<{ created: boolean }>;
  /** Removes the temporary file; safe to call at any time and more than once. */
  discard(): Promise<void>;
}

export class BlobStore {
  private constructor(
    readonly root: string,
    /** Uploads in progress. */
    readonly tempDir: string,
  ) {}

  /**
   * Opens (creating) the store under `root`. Temporary files left by a server that stopped in
   * the middle of uploads are removed: no upload survives a restart, the clients retry.
   */
  static async open(root: string, options: { clearTemp?: boolean } = {}): Promise<BlobStore> {
    const tempDir = join(root, 'tmp');
    await mkdir(root, { recursive: true, mode: 0o700 });
    if (options.clearTemp ?? true) await rm(tempDir, { recursive: true, force: true });
    await mkdir(tempDir, { recursive: true, mode: 0o700 });
    return new BlobStore(root, tempDir);
  }

  /** Where the bytes with this hash are (or would be). */
  pathOf(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new Error(`not a SHA-256 hex digest: ${JSON.stringify(sha256)}`);
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async has(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(sha256))).isFile();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  /**
   * The stored bytes as a stream of `chunkSize` chunks (the last one shorter). The file is opened
   * before this resolves, so a missing blob fails before anything is sent to a client.
   */
  async openForReading(sha256: string, chunkSize = 256 * 1024): Promise<{ size: number; stream: ReadStream }> {
    const handle = await open(this.pathOf(sha256), 'r');
    try {
      const { size } = await handle.stat();
      return { size, stream: handle.createReadStream({ highWaterMark: chunkSize, autoClose: true }) };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /**
   * Removes the bytes with this hash (gone already is fine), durably. Only for a blob whose row is
   * being deleted because nothing names it, in the transaction that deletes it.
   */
  async remove(sha256: string): Promise<void> {
    const path = this.pathOf(sha256);
    if (!(await this.has(sha256))) return;
    await unlink(path);
    await this.syncDirectory(dirname(path));
  }

  /** Names of the temporary files present now (tests check that none are left behind). */
  async temporaryFiles(): Promise<string[]> {
    return readdir(this.tempDir);
  }

  async createWriter(): Promise<BlobWriter> {
    const tempPath = join(this.tempDir, `${randomUUID()}.part`);
    // 'wx': never reuse an existing file; 0600: the server's user alone reads patient documents.
    const handle = await open(tempPath, 'wx', 0o600);
    return new TempFileWriter(this, tempPath, handle);
  }

  /** Makes a rename in `dir` durable (the directory entry itself is fsync'ed). */
  async syncDirectory(dir: string): Promise<void> {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}

class TempFileWriter implements BlobWriter {
  private readonly hash: Hash = createHash('sha256');
  private written = 0;
  private handle: FileHandle | undefined;
  private result: WrittenBlob | undefined;
  private placed = false;

  constructor(
    private readonly store: BlobStore,
    readonly tempPath: string,
    handle: FileHandle,
  ) {
    this.handle = handle;
  }

  get size(): number {
    return this.written;
  }

  async write(chunk: Uint8Array): Promise<void> {
    if (!this.handle || this.result) throw new Error('the blob writer is closed');
    this.hash.update(chunk);
    this.written += chunk.byteLength;
    // FileHandle.write may write less than asked; loop until the chunk is on its way to disk.
    let offset = 0;
    while (offset < chunk.byteLength) {
      const { bytesWritten } = await this.handle.write(chunk, offset, chunk.byteLength - offset);
      offset += bytesWritten;
    }
  }

  async finish(): Promise<WrittenBlob> {
    if (this.result) return this.result;
    if (!this.handle) throw new Error('the blob writer was discarded');
    const handle = this.handle;
    await handle.sync();
    await handle.close();
    this.handle = undefined;
    this.result = { sha256: this.hash.digest('hex'), size: this.written };
    return this.result;
  }

  async place(): Promise<{ created: boolean }> {
    if (!this.result) throw new Error('finish() the blob before placing it');
    if (this.placed) throw new Error('the blob was placed already');
    const target = this.store.pathOf(this.result.sha256);
    if (await this.store.has(this.result.sha256)) {
      await unlink(this.tempPath);
      this.placed = true;
      return { created: false };
    }
    const dir = dirname(target);
    const madeFrom = await mkdir(dir, { recursive: true, mode: 0o700 });
    // Two uploads of the same bytes finishing together both rename identical content onto the
    // same name: whichever lands last, the file is whole and right.
    await rename(this.tempPath, target);
    this.placed = true;
    await this.store.syncDirectory(dir);
    // New fan-out directories must be durable too, or the file could vanish with them.
    if (madeFrom !== undefined) {
      await this.store.syncDirectory(dirname(dir));
      await this.store.syncDirectory(this.store.root);
    }
    return { created: true };
  }

  async discard(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close().catch(() => undefined);
    if (!this.placed) await rm(this.tempPath, { force: true });
  }
}
