// A filed document or a form's PDF, in the shared viewer (pages, zoom, print). When the bytes came
// from this PC's cache (offline), the dialog says so: it may not be the newest version. The bytes
// are read each time the viewer opens and let go when it closes (gcTime 0): a patient's documents
// are not kept in memory for nobody.
import { useQuery } from '@tanstack/react-query';
import { useUserFacingError } from '../../api/user-facing-error';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { DocumentViewer } from '../../documents/DocumentViewer';
import { useMessages } from '../../i18n/locale-context';
import type { ViewerRequest } from './chart-context';

export function ViewerDialog({ request, onClose }: { request: ViewerRequest; onClose(): void }) {
  const t = useMessages();
  const read = useQuery({ queryKey: request.queryKey, queryFn: request.load, gcTime: 0 });
  const error = useUserFacingError(read.error);
  const opened = read.data ?? null;
  return (
    <Dialog
      title={
        <>
          {request.title}
          {opened?.source === 'cache' ? <span className="tag tag--cached">{t('viewerFromCache')}</span> : null}
        </>
      }
      onClose={onClose}
      size="full"
      testId="viewer-dialog"
    >
      <ErrorNotice error={error} />
      {opened === null ? (
        error === null ? (
          <p className="muted">{t('loading')}</p>
        ) : null
      ) : (
        <DocumentViewer document={{ bytes: opened.bytes, mediaType: opened.mediaType, title: request.title }} onRetry={() => read.refetch()} />
      )}
    </Dialog>
  );
}
