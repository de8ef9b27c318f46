// The controls every document viewer shares: pages (前へ / 次へ, "N / M", jump to a page), zoom
// (−, +, 100%, fit width) and print. Each control also has a key (see viewerKeyAction), shown in
// its tooltip so the keyboard way can be discovered.
import { useState, type KeyboardEvent } from 'react';
import { useMessages } from '../i18n/locale-context';
import { MAX_ZOOM, MIN_ZOOM, parsePageNumber, zoomPercent, type ZoomSetting } from './viewer-geometry';

export interface PrintProgress {
  done: number;
  total: number;
}

export interface ViewerToolbarProps {
  /** Page controls are left out for a single image. */
  paged: boolean;
  pageIndex: number;
  pageCount: number;
  onPage(index: number): void;
  /** The zoom as chosen, and the scale it currently comes to (fit width varies with the window). */
  zoom: ZoomSetting;
  scale: number;
  onZoom(zoom: ZoomSetting): void;
  onZoomIn(): void;
  onZoomOut(): void;
  onPrint(): void;
  /** Non-null while pages are being prepared for printing. */
  printProgress: PrintProgress | null;
}

export function ViewerToolbar({ paged, pageIndex, pageCount, onPage, zoom, scale, onZoom, onZoomIn, onZoomOut, onPrint, printProgress }: ViewerToolbarProps) {
  const t = useMessages();
  // The jump field shows nothing typed until the user types; Enter jumps, Esc forgets, and so
  // does a move to another page (by the buttons, the keys or scrolling).
  const [pageText, setPageText] = useState('');
  const [pageOfText, setPageOfText] = useState(pageIndex);
  if (pageOfText !== pageIndex) {
    setPageOfText(pageIndex);
    setPageText('');
  }

  const jump = () => {
    const index = parsePageNumber(pageText, pageCount);
    if (index !== null) onPage(index);
    setPageText('');
  };
  const onJumpKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      jump();
    } else if (event.key === 'Escape' && pageText !== '') {
      // Only this field's Esc: an empty field lets Esc reach the screen (back to the list).
      event.stopPropagation();
      setPageText('');
    }
  };

  return (
    <div className="viewer-toolbar" role="toolbar" aria-label={t('viewerToolbarLabel')}>
      {paged ? (
        <div className="viewer-toolbar__group">
          <button type="button" className="button button--small" onClick={() => onPage(pageIndex - 1)} disabled={pageIndex <= 0} title="PageUp">
            {t('viewerPreviousPage')}
          </button>
          <span className="viewer-toolbar__page-status" aria-live="polite" aria-atomic="true">
            {t('viewerPageStatus', { page: pageIndex + 1, total: pageCount })}
          </span>
          <button type="button" className="button button--small" onClick={() => onPage(pageIndex + 1)} disabled={pageIndex >= pageCount - 1} title="PageDown">
            {t('viewerNextPage')}
          </button>
          {pageCount > 2 ? (
            <label className="viewer-toolbar__jump">
              <span>{t('viewerGoToPage')}</span>
              <input
                className="viewer-toolbar__jump-input"
                inputMode="numeric"
                size={4}
                value={pageText}
                placeholder={String(pageIndex + 1)}
                onChange={(event) => setPageText(event.target.value)}
                onKeyDown={onJumpKey}
                onBlur={() => setPageText('')}
              />
            </label>
          ) : null}
        </div>
      ) : null}
      <div className="viewer-toolbar__group">
        <button
          type="button"
          className="button button--small"
          onClick={onZoomOut}
          disabled={scale <= MIN_ZOOM}
          aria-label={t('viewerZoomOut')}
          title={`${t('viewerZoomOut')} (−)`}
        >
          −
        </button>
        <span className="viewer-toolbar__zoom" aria-live="polite">
          {t('viewerZoomLevel', { percent: zoomPercent(scale) })}
        </span>
        <button
          type="button"
          className="button button--small"
          onClick={onZoomIn}
          disabled={scale >= MAX_ZOOM}
          aria-label={t('viewerZoomIn')}
          title={`${t('viewerZoomIn')} (+)`}
        >
          +
        </button>
        <button type="button" className="button button--small" onClick={() => onZoom(1)} aria-pressed={zoom === 1} title={`${t('viewerActualSize')} (0)`}>
          100%
        </button>
        <button type="button" className="button button--small" onClick={() => onZoom('fit-width')} aria-pressed={zoom === 'fit-width'}>
          {t('viewerFitWidth')}
        </button>
      </div>
      <div className="viewer-toolbar__group viewer-toolbar__group--end">
        {printProgress !== null ? (
          <span className="viewer-toolbar__progress" role="status">
            <span className="spinner" aria-hidden="true" />
            {t('viewerPreparingPrint', { done: printProgress.done, total: printProgress.total })}
          </span>
        ) : null}
        <button type="button" className="button button--small" onClick={onPrint} aria-disabled={printProgress !== null} title="Ctrl+P">
          {t('viewerPrint')}
        </button>
      </div>
    </div>
  );
}
