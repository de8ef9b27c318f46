// Files offered for filing and not yet filed or discarded: dropped onto the window, or found in
// the watched folder. The screens know a staged file only by a random id; the path stays here.
//
// A dropped file in the app is referred to where it lies (the preload resolved the dropped File to
// its path; main checked it came from the window). In the development bridge the browser sends
// the bytes, which are written into a private staging directory and deleted when released.
// Either way, what is sent is the file that was staged: it is opened without following links and
// must still be the same file, unchanged, when it is filed (device and inode, which a file system
// reuses at once for a new file of the same name, so also its size and change times).
import { randomUUID } from 'node:crypto';
import { constants, createWriteStream, type BigIntStats } from 'node:fs';
import { lstat, mkdir, open, rm, type FileHandle } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import { once } from 'node:events';
import { MAX_UPLOAD_MB_CEILING } from '@renkei/proto/document-limits';
import type { StagedFileView } from '../../shared/desktop-api';
import { fail } from '../desktop-error';
import { LOCAL_ERRORS } from '../user-messages';

/** The largest file this PC offers for filing: the most any server accepts (its own limit is checked there too). */
const MAX_DOCUMENT_MB = MAX_UPLOAD_MB_CEILING;
export const MAX_DOCUMENT_BYTES = MAX_DOCUMENT_MB * 1024 * 1024;
// O_NOFOLLOW is POSIX; on Windows a path is opened as it is.
const OPEN_NO_FOLLOW = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

export interface StagedFile {
  view: StagedFileView;
  path: string;
  /** The file as it was staged (bigint: Windows file ids exceed 2^53; times in nanoseconds). */
  identity: FileIdentity;
  /** Written by this PC into the staging directory: deleted when released. */
  owned: boolean;
  /** Chosen once per staged file, so a retried upload is recognised by the server as the same. */
  uploadId: string;
  /** Set while the file is being sent; discarding the file aborts the upload. */
  uploading?: AbortController;
  /**
   * Attached to a post waiting in the outbox (its client request id): kept when its user's
   * session ends, so the post can still be sent when they are next online.
   */
  heldForPost?: string;
}

export interface FileIdentity {
  dev: bigint;
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
}

function identityOf(stats: BigIntStats): FileIdentity {
  return { dev: stats.dev, ino: stats.ino, size: stats.size, mtimeNs: stats.mtimeNs, ctimeNs: stats.ctimeNs };
}

function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}

/** A name fit to show and to send as file_name: no directories, no control characters. */
function displayFileName(name: string): string {
  const cleaned = basename(name.replaceAll('\\', '/'))
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 255);
  return cleaned || 'document';
}

export class StagedFiles {
  private readonly files = new Map<string, StagedFile>();

  private constructor(
    /** Private to this PC's user account (0700); emptied at every start. */
    readonly dir: string,
    private readonly now: () => Date,
  ) {}

  /** The staging directory under the app's data directory, emptied: nothing staged survives a restart. */
  static async open(dataDir: string, now: () => Date): Promise<StagedFiles> {
    const dir = join(dataDir, 'staging');
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true, mode: 0o700 });
    return new StagedFiles(dir, now);
  }

  /**
   * Offers the file at `path` for filing. Only an absolute path to a regular file: not a
   * directory, not a link (which could point anywhere), and for a dropped file no larger than
   * the limit (a watched folder's file that is too large is refused when it is filed, by name).
   */
  async stagePath(path: string, origin: StagedFileView['origin']): Promise<StagedFileView> {
    const fileName = displayFileName(path);
    if (!isAbsolute(path) || path.includes('\0')) fail(LOCAL_ERRORS.droppedFileUnreadable);
    let stats;
    try {
      stats = await lstat(path, { bigint: true });
    } catch {
      fail(LOCAL_ERRORS.stagedFileGone(fileName));
    }
    if (!stats.isFile()) fail(LOCAL_ERRORS.fileNotRegular(fileName));
    if (origin === 'dropped' && stats.size > BigInt(MAX_DOCUMENT_BYTES)) fail(LOCAL_ERRORS.fileTooLarge(fileName, MAX_DOCUMENT_MB));
    try {
      await (await open(path, OPEN_NO_FOLLOW)).close();
    } catch {
      fail(LOCAL_ERRORS.fileNotReadable(fileName));
    }
    return this.add({ path, fileName, size: Number(stats.size), identity: identityOf(stats), origin, owned: false });
  }

  /**
   * Writes bytes that arrive as a stream (the development bridge's upload of a dropped file) into
   * the staging directory under a random name, and offers them for filing. More than `maxBytes`
   * is refused and nothing is kept.
   */
  async stageBytes(fileName: string, body: AsyncIterable<Uint8Array>, maxBytes = MAX_DOCUMENT_BYTES): Promise<StagedFileView> {
    const name = displayFileName(fileName);
    const path = join(this.dir, randomUUID());
    const out = createWriteStream(path, { flags: 'wx', mode: 0o600 });
    let size = 0;
    try {
      await once(out, 'open');
      for await (const chunk of body) {
        size += chunk.length;
        if (size > maxBytes) fail(LOCAL_ERRORS.fileTooLarge(name, Math.floor(maxBytes / (1024 * 1024))));
        if (!out.write(chunk)) await once(out, 'drain');
      }
      out.end();
      await once(out, 'finish');
    } catch (error) {
      out.destroy();
      await rm(path, { force: true });
      throw error;
    }
    const stats = await lstat(path, { bigint: true });
    return this.add({ path, fileName: name, size, identity: identityOf(stats), origin: 'dropped', owned: true });
  }

  private add(file: {
    path: string;
    fileName: string;
    size: number;
    identity: StagedFile['identity'];
    origin: StagedFileView['origin'];
    owned: boolean;
  }): StagedFileView {
    const view: StagedFileView = {
      stagedFileId: randomUUID(),
      fileName: file.fileName,
      size: file.size,
      origin: file.origin,
      stagedAt: this.now().toISOString(),
    };
    this.files.set(view.stagedFileId, { view, path: file.path, identity: file.identity, owned: file.owned, uploadId: randomUUID() });
    return view;
  }

  get(stagedFileId: string): StagedFile | undefined {
    return this.files.get(stagedFileId);
  }

  byPath(path: string): StagedFile | undefined {
    for (const file of this.files.values()) if (file.path === path) return file;
    return undefined;
  }

  list(origin?: StagedFileView['origin']): StagedFile[] {
    return [...this.files.values()].filter((f) => origin === undefined || f.view.origin === origin);
  }

  /**
   * Opens a staged file to be sent: still the file that was staged, unchanged and not a link now,
   * and within the limit. The caller closes the handle.
   */
  async openForUpload(staged: StagedFile): Promise<{ handle: FileHandle; size: number }> {
    const { fileName } = staged.view;
    let handle: FileHandle;
    try {
      handle = await open(staged.path, OPEN_NO_FOLLOW);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') fail(LOCAL_ERRORS.stagedFileGone(fileName));
      // ELOOP: the path became a link since it was staged.
      if (code === 'ELOOP') fail(LOCAL_ERRORS.stagedFileChanged(fileName));
      fail(LOCAL_ERRORS.fileNotReadable(fileName));
    }
    try {
      const stats = await handle.stat({ bigint: true });
      if (!stats.isFile() || !sameFile(identityOf(stats), staged.identity)) fail(LOCAL_ERRORS.stagedFileChanged(fileName));
      if (stats.size > BigInt(MAX_DOCUMENT_BYTES)) fail(LOCAL_ERRORS.fileTooLarge(fileName, MAX_DOCUMENT_MB));
      return { handle, size: Number(stats.size) };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** Forgets a staged file (after filing, or discarded), aborting its upload; deletes what this PC wrote. */
  async release(stagedFileId: string): Promise<StagedFile | undefined> {
    const staged = this.files.get(stagedFileId);
    if (!staged) return undefined;
    this.files.delete(stagedFileId);
    staged.uploading?.abort();
    // Windows refuses to delete a file still open; the staging directory is emptied at the next start.
    if (staged.owned) await rm(staged.path, { force: true }).catch(() => undefined);
    return staged;
  }

  /**
   * Forgets every staged file of one origin (the dropped files of a user who logs out) but those
   * held for a waiting post; with no origin, every staged file (the region's data leaves this PC,
   * the app stops).
   */
  async releaseAll(origin?: StagedFileView['origin']): Promise<void> {
    for (const staged of this.list(origin)) if (origin === undefined || staged.heldForPost === undefined) await this.release(staged.view.stagedFileId);
  }
}
