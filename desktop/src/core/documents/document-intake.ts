// What waits on this PC to be filed onto a patient's chart: files a user dropped onto the window
// (or the development bridge uploaded) and the PDFs of the watched folder, staged until filed or
// discarded. The watched folder belongs to the PC (its settings remember it across restarts and
// re-enrollment); what a user dropped is theirs and goes when their session ends. The folder's
// files are shown only to a logged-in user: their names often name patients.
import { extname } from 'node:path';
import type { UploadDocumentResponse__Output } from '@renkei/proto/generated/renkei/v1/UploadDocumentResponse';
import type { StagedFileContent, StagedFileView, UploadDocumentInput, WatchedFolderView } from '../../shared/desktop-api';
import type { DocumentMediaType } from '../../shared/record-values';
import type { ChartApi } from '../api/chart-api';
import { fail } from '../desktop-error';
import { DeviceSettingsStore } from '../device/device-settings';
import type { SessionManager } from '../session/session-manager';
import { LOCAL_ERRORS } from '../user-messages';
import { fileStagedDocument } from './document-filing';
import type { StagedFile, StagedFiles } from './staged-files';
import { WatchedFolder, checkFolder, type WatchedFolderOptions } from './watched-folder';

/** What the viewer shows a staged file as; the server decides from the bytes when it is filed. */
function mediaTypeOfName(fileName: string): DocumentMediaType {
  const extension = extname(fileName).toLowerCase();
  if (extension === '.jpg' || extension === '.jpeg') return 'image/jpeg';
  if (extension === '.png') return 'image/png';
  if (extension === '.tif' || extension === '.tiff') return 'image/tiff';
  return 'application/pdf';
}

export class DocumentIntake {
  private readonly settings: DeviceSettingsStore;
  private readonly watched: WatchedFolder;

  constructor(
    dataDir: string,
    private readonly staged: StagedFiles,
    private readonly sessions: SessionManager,
    /** Told the watched folder's view whenever it changes. */
    private readonly publish: (view: WatchedFolderView) => void,
    options: WatchedFolderOptions | undefined,
  ) {
    this.settings = new DeviceSettingsStore(dataDir);
    this.watched = new WatchedFolder(staged, () => this.changed(), options);
  }

  /** Watches the folder this PC's settings name. A folder that is gone is shown as such (and looked for again), not forgotten. */
  async start(): Promise<void> {
    const folder = this.settings.read().watchedFolder;
    if (folder) await this.watched.watch(folder);
  }

  view(): WatchedFolderView {
    return this.watched.view(this.sessions.current !== undefined);
  }

  /** The view changed, or who may see its files did (a session began or ended). */
  changed(): void {
    this.publish(this.view());
  }

  /** Offers the file at an absolute path (dropped onto the window) for filing. */
  async stagePath(path: string): Promise<StagedFileView> {
    this.sessions.require();
    return this.staged.stagePath(path, 'dropped');
  }

  /** Offers bytes (the development bridge's upload of a dropped file) for filing. */
  async stageBytes(fileName: string, body: AsyncIterable<Uint8Array>): Promise<StagedFileView> {
    this.sessions.require();
    return this.staged.stageBytes(fileName, body);
  }

  /** Streams a staged file to the server as a document of the patient. */
  send(
    chart: ChartApi,
    input: UploadDocumentInput,
    onProgress: (sentBytes: number, totalBytes: number) => void,
  ): Promise<{ response: UploadDocumentResponse__Output; file: StagedFile }> {
    return fileStagedDocument(chart, this.staged, input, onProgress);
  }

  /** The file was filed: no longer offered, and a watched folder's file moves into 登録済み. */
  async filed(file: StagedFile): Promise<void> {
    if (file.view.origin === 'watched-folder') await this.watched.filed(file);
    await this.staged.release(file.view.stagedFileId);
    if (file.view.origin === 'watched-folder') this.changed();
  }

  /**
   * A staged file's bytes, for the logged-in user to preview and to tell whose it is before filing.
   * The same checks as sending it: still the file that was staged, not a link, within the limit.
   */
  async read(stagedFileId: string): Promise<StagedFileContent> {
    this.sessions.require();
    const file = this.staged.get(stagedFileId);
    if (!file) fail(LOCAL_ERRORS.stagedFileNotFound);
    const { handle } = await this.staged.openForUpload(file);
    try {
      const bytes = new Uint8Array(await handle.readFile());
      return { fileName: file.view.fileName, mediaType: mediaTypeOfName(file.view.fileName), bytes };
    } finally {
      await handle.close();
    }
  }

  async discard(stagedFileId: string): Promise<void> {
    const file = this.staged.get(stagedFileId);
    if (!file) return;
    if (file.view.origin === 'watched-folder') await this.watched.dismiss(file);
    await this.staged.release(stagedFileId);
    if (file.view.origin === 'watched-folder') this.changed();
  }

  /** The core has no window to show a dialog in: Electron main shows it, then calls setFolder. */
  chooseFolder(): never {
    fail(LOCAL_ERRORS.folderDialogUnavailable);
  }

  async setFolder(path: string | null): Promise<WatchedFolderView> {
    if (path !== null) {
      const problem = await checkFolder(path);
      if (problem) fail(problem);
    }
    this.settings.update({ watchedFolder: path });
    await this.watched.watch(path);
    return this.view();
  }

  /**
   * A user's session ended: what they dropped is not left for the next (but for the files of their
   * posts waiting in the outbox, held until they are next online); the watched folder's offers belong to the PC.
   */
  sessionEnded(): void {
    void this.staged.releaseAll('dropped');
    this.changed();
  }

  /** Forgets every staged file (the region's data leaves this PC). */
  releaseAll(): Promise<void> {
    return this.staged.releaseAll();
  }

  async close(): Promise<void> {
    await this.watched.close();
    // Bytes the development bridge staged are patients' documents in the clear: not left behind.
    await this.staged.releaseAll();
  }
}
