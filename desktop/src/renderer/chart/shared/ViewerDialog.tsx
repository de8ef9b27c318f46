// A filed document or a form's PDF, in the shared viewer (pages, zoom, print). When the bytes came
// from this PC's cache (offline), the dialog says so: it may not be the newest version.
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { DocumentViewer } from '../../documents/DocumentViewer';
import { useLocale } from '../../i18n/locale-context';
import type { ViewerRequest } from './chart-context';
import { useLoaded } from './use-loaded';

export function ViewerDialog({ request, onClose }: { request: ViewerRequest; onClose(): void }) {
  const { t } = useLocale();
  const loaded = useLoaded(request.load, request.title);
  const opened = loaded.value;
  return (
    <Dialog
      title={
        <>
          {request.title}
          {opened?.source === 'cache' ? <span className="tag tag--cached">{t.viewerFromCache}</span> : null}
        </>
      }
      onClose={onClose}
      size="full"
      testId="viewer-dialog"
    >
      <ErrorNotice error={loaded.error} />
      {opened === null ? (
        loaded.error === null ? <p className="muted">{t.loading}</p> : null
      ) : (
        <DocumentViewer document={{ bytes: opened.bytes, mediaType: opened.mediaType, title: request.title }} />
      )}
    </Dialog>
  );
}
