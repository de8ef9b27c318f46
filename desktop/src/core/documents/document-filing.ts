// Sending a staged file: it is opened as the one that was staged and streamed to the server;
// discarding the staged file meanwhile cancels. Filed as a document of a patient's chart (with
// progress) here; attached to a timeline post by core/timeline/post-attachments.ts.
import type { FileHandle } from 'node:fs/promises';
import type { DocumentTypeName } from '@renkei/proto/labels';
import type { UploadDocumentResponse__Output } from '@renkei/proto/generated/renkei/v1/UploadDocumentResponse';
import type { UploadDocumentInput } from '../../shared/desktop-api';
import { DesktopApiError } from '../../shared/desktop-api-error';
import type { ChartApi } from '../api/chart-api';
import { SourceChangedError } from '../api/file-transfer';
import { LOCAL_ERRORS } from '../user-messages';
import type { StagedFile, StagedFiles } from './staged-files';

/** Streams the staged file through `send`, which stops when `signal` aborts (the file was discarded). */
export async function sendStagedFile<T>(
  staged: StagedFiles,
  stagedFileId: string,
  send: (file: StagedFile, handle: FileHandle, signal: AbortSignal) => Promise<T>,
): Promise<{ response: T; file: StagedFile }> {
  const file = staged.get(stagedFileId);
  if (!file) throw new DesktopApiError(LOCAL_ERRORS.stagedFileNotFound);
  if (file.uploading) throw new DesktopApiError(LOCAL_ERRORS.uploadInProgress);
  const cancel = new AbortController();
  file.uploading = cancel;
  try {
    const { handle } = await staged.openForUpload(file);
    try {
      return { response: await send(file, handle, cancel.signal), file };
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (cancel.signal.aborted) throw new DesktopApiError(LOCAL_ERRORS.uploadCancelled);
    if (error instanceof SourceChangedError) throw new DesktopApiError(LOCAL_ERRORS.stagedFileChanged(file.view.fileName));
    throw error;
  } finally {
    file.uploading = undefined;
  }
}

export function fileStagedDocument(
  api: ChartApi,
  staged: StagedFiles,
  input: UploadDocumentInput,
  onProgress: (sentBytes: number, totalBytes: number) => void,
): Promise<{ response: UploadDocumentResponse__Output; file: StagedFile }> {
  return sendStagedFile(staged, input.stagedFileId, (file, handle, signal) =>
    api.uploadDocument(
      {
        patientId: input.patientId,
        uploadId: file.uploadId,
        documentType: input.documentType as DocumentTypeName,
        title: input.title,
        fileName: file.view.fileName,
        issuedOn: input.issuedOn,
        issuer: input.issuer,
        validFrom: input.validFrom,
        validUntil: input.validUntil,
        replacesDocumentId: input.replacesDocumentId,
        note: input.note,
      },
      handle,
      { signal, onProgress },
    ),
  );
}
