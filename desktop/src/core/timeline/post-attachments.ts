// The photos and PDFs a post takes along. They are files the user dropped on the compose box
// (staged like a chart document's, documents/staged-files.ts) and go up, in order, just before the
// post, each through UploadAttachment (the same checked streaming as a chart document, and the
// staged file's own upload id, so a retry is stored once); WritePost then names them. The server
// refuses a post whose files it refused, so a post is never half-written.
//
// From the moment the post is written until it is sent or cancelled, its files are held for it:
// they outlive the user's session (a post in the outbox goes when the user is next online), but
// not the app (staged files are not kept across a restart): a post whose file is gone is refused
// with the file's name, and the user attaches it again.
import type { TimelineRefView } from '../../shared/timeline-views';
import type { TimelineServiceApi } from '../api/timeline-api';
import { fail } from '../desktop-error';
import { sendStagedFile } from '../documents/document-filing';
import type { StagedFiles } from '../documents/staged-files';
import { LOCAL_ERRORS } from '../user-messages';
import { refMessage } from './timeline-mapping';

/** A file a post takes along, as its outbox entry remembers it. */
export interface HeldFile {
  stagedFileId: string;
  fileName: string;
  size: number;
}

export class PostAttachments {
  constructor(private readonly staged: StagedFiles) {}

  /** Holds the dropped files for the post `clientRequestId`; a file not (or no longer) staged is refused. */
  hold(stagedFileIds: readonly string[], clientRequestId: string): HeldFile[] {
    return stagedFileIds.map((stagedFileId) => {
      const file = this.staged.get(stagedFileId);
      // Only what was dropped for it: a watched folder's file is offered to the chart, and a file
      // another waiting post holds is that post's (and may be another user's, kept past their session).
      if (!file || file.view.origin !== 'dropped' || file.heldForPost !== undefined) fail(LOCAL_ERRORS.stagedFileNotFound);
      file.heldForPost = clientRequestId;
      return { stagedFileId, fileName: file.view.fileName, size: file.view.size };
    });
  }

  /** Held no longer (the post was refused while the user was still writing it): the compose box offers them again. */
  letGo(files: readonly HeldFile[]): void {
    for (const { stagedFileId } of files) {
      const file = this.staged.get(stagedFileId);
      if (file) file.heldForPost = undefined;
    }
  }

  /** The first of the files that is no longer on this PC (the app was restarted since the post was written). */
  lost(files: readonly HeldFile[]): HeldFile | undefined {
    return files.find((file) => !this.staged.get(file.stagedFileId));
  }

  /** Uploads the files to the timeline, in order: their attachment ids, for WritePost. */
  async upload(api: TimelineServiceApi, timeline: TimelineRefView, files: readonly HeldFile[]): Promise<string[]> {
    const ids: string[] = [];
    for (const { stagedFileId } of files) {
      const { response } = await sendStagedFile(this.staged, stagedFileId, (file, handle, signal) =>
        api.uploadAttachment({ timeline: refMessage(timeline), uploadId: file.uploadId, fileName: file.view.fileName }, handle, { signal }),
      );
      ids.push(response.attachmentId);
    }
    return ids;
  }

  /** The post was sent or cancelled: its files are no longer offered (what this PC wrote is deleted). */
  async release(files: readonly HeldFile[]): Promise<void> {
    for (const { stagedFileId } of files) await this.staged.release(stagedFileId);
  }
}
