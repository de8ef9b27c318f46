// The file being filed, beside the upload dialog's form: its first page, small, and how many pages
// it has, so the user sees what they are filing (and whose it is) without opening anything. The
// picture opens the chart's viewer for the whole file. A file that cannot be filed has no picture:
// the dialog says why instead.
import type { StagedFileView } from '../../../shared/desktop-api';
import { useDesktopApi } from '../../app/desktop-api-context';
import { useMessages } from '../../i18n/locale-context';
import { useChart } from '../shared/chart-context';
import { stagedFileViewerRequest } from '../watched-folder/use-filing-suggestion';
import { PREVIEW_BOX } from './staged-file-inspection';
import type { StagedFileState } from './use-staged-file-inspection';

export function StagedFilePreview({ file, inspection }: { file: StagedFileView; inspection: StagedFileState }) {
  const api = useDesktopApi();
  const chart = useChart();
  const t = useMessages();
  const ready = inspection.state === 'ready' ? inspection : null;
  const enlarge = () => chart.openViewer(stagedFileViewerRequest(api, file));
  return (
    <figure className="staged-preview" data-testid="upload-preview" data-state={inspection.state} aria-label={t('uploadPreviewLabel')}>
      <div className="staged-preview__page" style={{ width: PREVIEW_BOX.width, height: PREVIEW_BOX.height }}>
        {inspection.state === 'reading' ? (
          <p className="muted" role="status">
            <span className="spinner" aria-hidden="true" />
            {t('uploadPreviewReading')}
          </p>
        ) : ready?.picture ? (
          // The same as 拡大して見る below, for the mouse: one stop for the keyboard, not two.
          <button type="button" className="staged-preview__open" onClick={enlarge} tabIndex={-1}>
            <img src={ready.picture.url} alt={t('uploadPreviewAlt', { file: file.fileName })} width={ready.picture.width} height={ready.picture.height} />
          </button>
        ) : (
          <p className="muted">{ready !== null ? t('uploadPreviewUnavailable') : t('uploadPreviewNone')}</p>
        )}
      </div>
      {ready !== null ? (
        <figcaption className="staged-preview__caption">
          <span data-testid="upload-page-count">{t('uploadPageCount', { count: ready.pageCount })}</span>
          <button type="button" className="button button--small" onClick={enlarge} aria-label={t('uploadPreviewOpen', { file: file.fileName })}>
            {t('uploadPreviewEnlarge')}
          </button>
        </figcaption>
      ) : null}
    </figure>
  );
}
