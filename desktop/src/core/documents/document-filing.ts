// Filing a staged file as a document of a patient's chart: the file is opened as the one that was
// staged and streamed to the server with progress; discarding the staged file meanwhile cancels.
import type { DocumentTypeName } from '@renkei/proto/labels';
import type { UploadDocumentResponse__Output } from '@renkei/proto/generated/renkei/v1/UploadDocumentResponse';
import type { UploadDocumentInput } from '../../shared/desktop-api';
import { DesktopApiError } from '../../shared/desktop-api-error';
import { SourceChangedError, type ChartApi } from '../api/chart-api';
import { LOCAL_ERRORS } from '../user-messages';
import type { StagedFile, StagedFiles } from './staged-files';

export async function fileStagedDocument(
  api: ChartApi,
  staged: StagedFiles,
  input: UploadDocumentInput,
  onProgress: (sentBytes: number, totalBytes: number) => void,
): Promise<{ response: UploadDocumentResponse__Output; file: StagedFile }> {
  const file = staged.get(input.stagedFileId);
  if (!file) throw new DesktopApiError(LOCAL_ERRORS.stagedFileNotFound);
  if (file.uploading) throw new DesktopApiError(LOCAL_ERRORS.uploadInProgress);
  const cancel = new AbortController();
  file.uploading = cancel;
  try {
    const { handle } = await staged.openForUpload(file);
    try {
      const response = await api.uploadDocument(
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
        { signal: cancel.signal, onProgress },
      );
      return { response, file };
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
