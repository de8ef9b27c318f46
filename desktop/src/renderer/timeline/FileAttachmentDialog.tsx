// 「カルテの文書に登録」: a patient timeline's photo or PDF filed as a document of the chart, as a
// kind the user's role may file (the chart's own rule, chart/shared/record-access.ts) and with a
// title (the file's name unless changed). The server files the same stored file, once: a second
// filing answers the document already filed. The chart's document list and overview follow.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { PostAttachmentView, PostView } from '../../shared/timeline-views';
import { queryKeys } from '../api/query-keys';
import { toUserFacingError } from '../api/user-facing-error';
import { useDesktopApi } from '../app/desktop-api-context';
import { titleFromFileName } from '../chart/documents/upload-form';
import { documentTypeLabel } from '../chart/shared/chart-labels';
import { Field } from '../chart/shared/Field';
import { INSTRUCTION_DOCUMENT_TYPE } from '../chart/shared/record-access';
import { Dialog } from '../components/Dialog';
import { ErrorNotice } from '../components/ErrorNotice';
import { useLocale, useMessages } from '../i18n/locale-context';

interface FileAttachmentDialogProps {
  patientId: string;
  post: PostView;
  attachment: PostAttachmentView;
  /** The document types the user may file (writableDocumentTypes of the chart's access). */
  documentTypes: readonly string[];
  onFiled(alreadyFiled: boolean): void;
  onClose(): void;
}

export function FileAttachmentDialog({ patientId, post, attachment, documentTypes, onFiled, onClose }: FileAttachmentDialogProps) {
  const api = useDesktopApi();
  const client = useQueryClient();
  const t = useMessages();
  const { locale } = useLocale();
  // An instruction needs its validity period, which filing from the timeline does not ask for.
  const types = documentTypes.filter((type) => type !== INSTRUCTION_DOCUMENT_TYPE);
  const [documentType, setDocumentType] = useState(types.length === 1 ? types[0]! : '');
  const [title, setTitle] = useState(titleFromFileName(attachment.fileName));
  const [tried, setTried] = useState(false);
  const file = useMutation({
    mutationFn: () => api.fileAttachment({ patientId, postId: post.postId, attachmentId: attachment.attachmentId, documentType, title: title.trim() }),
    onSuccess: (result) => {
      void client.invalidateQueries({ queryKey: queryKeys.documents(patientId) });
      void client.invalidateQueries({ queryKey: queryKeys.overview(patientId) });
      onFiled(result.alreadyFiled);
    },
  });
  const submit = () => {
    setTried(true);
    if (documentType === '' || title.trim() === '') return;
    file.mutate();
  };

  return (
    <Dialog
      title={t('attachmentFile')}
      onClose={onClose}
      testId="file-attachment"
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('cancel')}
          </button>
          <button type="button" className="button button--primary" disabled={file.isPending} onClick={submit}>
            {t('attachmentFileConfirm')}
          </button>
        </>
      }
    >
      <p>{t('attachmentFileIntro', { name: attachment.fileName })}</p>
      <Field label={t('documentTypeLabel')} problems={tried && documentType === '' ? t('documentTypeRequired') : null} hint={t('attachmentFileNoInstruction')}>
        {(control) => (
          <select {...control} value={documentType} onChange={(e) => setDocumentType(e.currentTarget.value)}>
            <option value="">—</option>
            {types.map((type) => (
              <option key={type} value={type}>
                {documentTypeLabel(type, locale)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('documentTitleLabel')} problems={tried && title.trim() === '' ? t('documentTitleRequired') : null}>
        {(control) => <input {...control} type="text" value={title} onChange={(e) => setTitle(e.currentTarget.value)} />}
      </Field>
      <ErrorNotice error={file.error ? toUserFacingError(file.error) : null} />
    </Dialog>
  );
}
