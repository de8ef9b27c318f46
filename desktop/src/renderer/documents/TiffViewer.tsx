// A TIFF, typically a received fax: every page in one scrolling column, each decoded only when it
// comes into view (tiff-document.ts), and drawn at its paper proportions.
import { useEffect, useMemo } from 'react';
import { useMessages } from '../i18n/locale-context';
import { PagedView, type PageContent, type PreparedPrint } from './PagedView';
import { canvasToObjectUrl, type PrintPage } from './print-pages';
import type { PixelSize } from './image-header';
import { TiffDocument, TiffTooLargeError, TiffUnreadableError } from './tiff-document';
import type { PrintProgress } from './ViewerToolbar';

export interface TiffViewerProps {
  bytes: Uint8Array;
  title: string;
}

type Opened = { state: 'ready'; tiff: TiffDocument } | { state: 'tooLarge'; size: PixelSize } | { state: 'failed' };

function open(bytes: Uint8Array): Opened {
  try {
    return { state: 'ready', tiff: TiffDocument.open(bytes) };
  } catch (thrown) {
    if (thrown instanceof TiffTooLargeError) return { state: 'tooLarge', size: thrown.size };
    // A file that is not a TIFF or is cut short is the sender's problem, not a bug.
    if (!(thrown instanceof TiffUnreadableError)) console.error('the TIFF could not be opened:', thrown);
    return { state: 'failed' };
  }
}

/** Yields to the event loop, so the progress and the page stay responsive between pages. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export function TiffViewer({ bytes, title }: TiffViewerProps) {
  const t = useMessages();
  // Reading the directories is quick (no pixels), so it is done while rendering.
  const opened = useMemo(() => open(bytes), [bytes]);
  const tiff = opened.state === 'ready' ? opened.tiff : null;
  useEffect(() => () => tiff?.close(), [tiff]);

  const content = useMemo<PageContent | null>(
    () =>
      tiff === null
        ? null
        : {
            kind: 'canvas',
            render(index, canvas, { cssWidth, cssHeight, pixelRatio }) {
              // Decoding is synchronous; starting it in a task of its own lets the page boxes
              // appear (and a scroll past them cancel it) before the decoder runs.
              let cancelled = false;
              const done = nextTask().then(() => {
                if (!cancelled) tiff.drawPage(index, canvas, cssWidth, cssHeight, pixelRatio);
              });
              return {
                done,
                cancel() {
                  cancelled = true;
                },
              };
            },
          },
    [tiff],
  );

  const pageSizes = useMemo(() => tiff?.pages.map(({ width, height }) => ({ width, height })) ?? [], [tiff]);

  const preparePrint = useMemo(
    () =>
      async (onProgress: (progress: PrintProgress) => void, signal: AbortSignal): Promise<PreparedPrint> => {
        if (tiff === null) throw new Error('no document');
        const pages: PrintPage[] = [];
        const release = () => pages.forEach((page) => URL.revokeObjectURL(page.url));
        try {
          for (const [index, page] of tiff.pages.entries()) {
            if (signal.aborted) break;
            await nextTask();
            // Full resolution across; down, whatever keeps the paper's proportions (a
            // standard-mode fax has half the lines it needs).
            const canvas = document.createElement('canvas');
            tiff.drawPage(index, canvas, page.pixelWidth, (page.pixelWidth * page.height) / page.width, 1);
            pages.push({ url: await canvasToObjectUrl(canvas), landscape: page.width > page.height });
            canvas.width = 0;
            canvas.height = 0;
            onProgress({ done: index + 1, total: tiff.pages.length });
          }
        } catch (thrown) {
          release();
          throw thrown;
        }
        return { pages, release };
      },
    [tiff],
  );

  if (opened.state === 'tooLarge') {
    return (
      <div className="error-notice document-viewer__message" role="alert">
        {t('viewerImageTooLarge', { width: opened.size.width, height: opened.size.height })}
      </div>
    );
  }
  if (opened.state === 'failed') {
    return (
      <div className="error-notice document-viewer__message" role="alert">
        {t('viewerTiffUnreadable')}
      </div>
    );
  }
  return <PagedView title={title} pageSizes={pageSizes} content={content!} paged preparePrint={preparePrint} />;
}
