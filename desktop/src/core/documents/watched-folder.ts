// The watched folder (optional, one per PC): where an office's business system (EMR, billing,
// nursing software) saves the PDFs it exports. Each PDF that appears there is offered for filing
// as a staged file; once filed it is moved into the folder's 登録済み subfolder, so the next
// start does not offer it again and the office can see what was filed.
//
// Only the folder itself is watched, not its subfolders. A file is offered only once its size has
// stopped changing (chokidar's awaitWriteFinish), so a PDF the business system is still writing is
// not sent half-written. When the folder disappears (a network drive disconnects) or cannot be
// read, the view says so, and the folder is looked for again periodically.
import { constants } from 'node:fs';
import { access, mkdir, rename, stat } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { UserFacingError, WatchedFolderView } from '../../shared/desktop-api';
import { LOCAL_ERRORS, unexpected } from '../user-messages';
import type { StagedFile, StagedFiles } from './staged-files';

/** Where filed documents go, inside the watched folder. */
const FILED_SUBFOLDER = '登録済み';

export interface WatchedFolderOptions {
  /** How long a file's size must stay unchanged before it is offered. */
  stabilityThresholdMs?: number;
  /** How often a growing file's size is checked meanwhile. */
  pollIntervalMs?: number;
  /** How often the folder is checked to still be there (and looked for again when it is not). */
  checkIntervalMs?: number;
}

const isPdf = (path: string) => extname(path).toLowerCase() === '.pdf';

/** Whether `path` can serve as the watched folder: an existing folder this user may read and write. */
export async function checkFolder(path: string): Promise<UserFacingError | null> {
  if (!isAbsolute(path)) return LOCAL_ERRORS.watchedFolderMissing(path);
  try {
    if (!(await stat(path)).isDirectory()) return LOCAL_ERRORS.watchedFolderNotAFolder(path);
    await access(path, constants.R_OK | constants.W_OK);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return LOCAL_ERRORS.watchedFolderMissing(path);
    if (code === 'EACCES' || code === 'EPERM') return LOCAL_ERRORS.watchedFolderNotAccessible(path);
    return unexpected(error);
  }
}

/** `name`, or `name (2)`, `name (3)`… before the extension: the first that `taken` does not hold. */
async function freeName(folder: string, name: string, taken: (path: string) => Promise<boolean>): Promise<string> {
  const extension = extname(name);
  const stem = name.slice(0, name.length - extension.length);
  for (let n = 1; ; n++) {
    const candidate = join(folder, n === 1 ? name : `${stem} (${n})${extension}`);
    if (!(await taken(candidate))) return candidate;
  }
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

export class WatchedFolder {
  private folder: string | null = null;
  private error: UserFacingError | null = null;
  private watcher: FSWatcher | undefined;
  private checkTimer: NodeJS.Timeout | undefined;
  /** Files the user discarded: not offered again unless they change (path → size and mtime). */
  private readonly dismissed = new Map<string, string>();

  constructor(
    private readonly staged: StagedFiles,
    /** Called whenever the view changes. */
    private readonly onChange: () => void,
    private readonly options: WatchedFolderOptions = {},
  ) {}

  get path(): string | null {
    return this.folder;
  }

  /** The folder, its problem if any, and (when `withFiles`) the PDFs waiting to be filed. */
  view(withFiles: boolean): WatchedFolderView {
    const files = withFiles ? this.staged.list('watched-folder').map((f) => f.view) : [];
    return { path: this.folder, files, error: this.error };
  }

  /** Watches `path` from now on (null: no folder). Offers of the previous folder are withdrawn. */
  async watch(path: string | null): Promise<void> {
    await this.stopWatcher();
    clearInterval(this.checkTimer);
    this.checkTimer = undefined;
    await this.staged.releaseAll('watched-folder');
    this.dismissed.clear();
    this.folder = path === null ? null : resolve(path);
    this.error = null;
    if (this.folder !== null) {
      await this.startWatcher();
      this.checkTimer = setInterval(() => void this.check(), this.options.checkIntervalMs ?? 30_000);
      this.checkTimer.unref();
    }
    this.onChange();
  }

  private async startWatcher(): Promise<void> {
    const folder = this.folder!;
    this.error = await checkFolder(folder);
    if (this.error) return;
    const watcher = watch(folder, {
      depth: 0,
      ignoreInitial: false,
      followSymlinks: false,
      awaitWriteFinish: { stabilityThreshold: this.options.stabilityThresholdMs ?? 2_000, pollInterval: this.options.pollIntervalMs ?? 100 },
    });
    this.watcher = watcher;
    const inFolder = (path: string) => dirname(path) === folder && isPdf(path);
    watcher.on('add', (path, stats) => {
      if (inFolder(path)) void this.offer(path, stats ? `${stats.size}:${stats.mtimeMs}` : '');
    });
    watcher.on('change', (path, stats) => {
      if (!inFolder(path)) return;
      // Rewritten after it was offered: offer it afresh, with its new size.
      const previous = this.staged.byPath(path);
      if (previous?.uploading) return;
      void (previous ? this.staged.release(previous.view.stagedFileId) : Promise.resolve()).then(() =>
        this.offer(path, stats ? `${stats.size}:${stats.mtimeMs}` : ''),
      );
    });
    watcher.on('unlink', (path) => {
      const previous = this.staged.byPath(path);
      this.dismissed.delete(path);
      if (previous && !previous.uploading) void this.staged.release(previous.view.stagedFileId).then(() => this.onChange());
    });
    watcher.on('unlinkDir', (path) => {
      if (path === folder) void this.check();
    });
    watcher.on('error', (error) => {
      void this.fail(checkFolder(folder).then((problem) => problem ?? unexpected(error)));
    });
  }

  private async stopWatcher(): Promise<void> {
    const watcher = this.watcher;
    this.watcher = undefined;
    await watcher?.close();
  }

  private async offer(path: string, version: string): Promise<void> {
    if (this.folder === null || dirname(path) !== this.folder || this.staged.byPath(path)) return;
    if (this.dismissed.get(path) === version) return;
    this.dismissed.delete(path);
    try {
      await this.staged.stagePath(path, 'watched-folder');
    } catch {
      // Not a regular file (a link, a folder named *.pdf) or unreadable: not something to offer.
      return;
    }
    this.onChange();
  }

  /** Puts the folder in its error state: its offers are withdrawn until it is back. */
  private async fail(problem: Promise<UserFacingError>): Promise<void> {
    this.error = await problem;
    await this.stopWatcher();
    await this.staged.releaseAll('watched-folder');
    this.onChange();
  }

  /** Periodically: is the folder still there? Is it back? */
  private async check(): Promise<void> {
    if (this.folder === null) return;
    const problem = await checkFolder(this.folder);
    if (problem && this.watcher) return this.fail(Promise.resolve(problem));
    if (!problem && !this.watcher) {
      await this.startWatcher();
      this.onChange();
    }
  }

  /** The user discarded this offer: it is not offered again unless the file changes. */
  async dismiss(file: StagedFile): Promise<void> {
    try {
      const stats = await stat(file.path);
      this.dismissed.set(file.path, `${stats.size}:${stats.mtimeMs}`);
    } catch {
      // gone already
    }
  }

  /**
   * The file was filed: move it into 登録済み (a name already there gets a numbered suffix).
   * Returns the problem when it cannot be moved; the file must then not be filed again by mistake,
   * so it is dismissed for this run and the view says what happened.
   */
  async filed(file: StagedFile): Promise<UserFacingError | null> {
    if (this.folder === null || dirname(file.path) !== this.folder) return null;
    try {
      const target = join(this.folder, FILED_SUBFOLDER);
      await mkdir(target, { recursive: true });
      await rename(file.path, await freeName(target, basename(file.path), exists));
      if (this.error?.reason === 'WATCHED_FOLDER_MOVE_FAILED') {
        this.error = null;
        this.onChange();
      }
      return null;
    } catch {
      await this.dismiss(file);
      this.error = LOCAL_ERRORS.watchedFolderMoveFailed(file.view.fileName);
      this.onChange();
      return this.error;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.checkTimer);
    await this.stopWatcher();
  }
}
