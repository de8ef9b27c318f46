// A PDF, drawn by pdf.js onto canvases, page by page as they scroll into view. A document that
// cannot be opened (password, damage) says so in words, in place of the pages.
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { useEffect, useMemo, useState } from 'react';
import { useMessages } from '../i18n/locale-context';
import { PagedView, type PageContent, type PreparedPrint } from './PagedView';
import { openPdf } from './pdf-assets';
import { canvasToObjectUrl, type PrintPage } from './print-pages';
import { PDF_TO_CSS, type Size } from './viewer-geometry';
import type { PrintProgress } from './ViewerToolbar';

export interface PdfViewerProps {
  bytes: Uint8Array;
  title: string;
}

/** 150 dpi, as pdf.js's own viewer prints: sharp on paper, a few MB per page at most. */
const PRINT_DPI = 150;

type Opened = { state: 'failed'; problem: 'password' | 'damaged' | 'other' } | { state: 'ready'; pdf: PDFDocumentProxy; pageSizes: Size[] };
type Loaded = { state: 'loading' } | Opened;

const LOADING: Loaded = { state: 'loading' };

/** What went wrong, from pdf.js's exception names (they are rebuilt on this side of the worker). */
function problemOf(thrown: unknown): 'password' | 'damaged' | 'other' {
  const name = thrown instanceof Error || (typeof thrown === 'object' && thrown !== null) ? (thrown as { name?: unknown }).name : undefined;
  if (name === 'PasswordException') return 'password';
  if (name === 'InvalidPDFException' || name === 'FormatError') return 'damaged';
  return 'other';
}

export function PdfViewer({ bytes, title }: PdfViewerProps) {
  const t = useMessages();
  // Kept with the bytes it was opened from: other bytes are loading until their own outcome.
  const [opened, setOpened] = useState<{ bytes: Uint8Array; outcome: Opened } | null>(null);
  const loaded = opened !== null && opened.bytes === bytes ? opened.outcome : LOADING;

  useEffect(() => {
    let live = true;
    // No onPassword, so no password prompt: pdf.js then rejects with PasswordException. A filed
    // document must open for everyone who may see it; a protected one is reported, and the
    // sender asked for a copy without a password.
    const task = openPdf(bytes);
    task.promise
      .then(async (pdf) => {
        // Every page's size up front, so the scroll bar and page boxes are right from the start;
        // getPage parses only the page dictionary, not its content.
        const pageSizes = await Promise.all(
          Array.from({ length: pdf.numPages }, async (_, index) => {
            const viewport = (await pdf.getPage(index + 1)).getViewport({ scale: PDF_TO_CSS });
            return { width: viewport.width, height: viewport.height };
          }),
        );
        if (live) setOpened({ bytes, outcome: pageSizes.length === 0 ? { state: 'failed', problem: 'damaged' } : { state: 'ready', pdf, pageSizes } });
      })
      .catch((thrown: unknown) => {
        if (!live) return;
        const problem = problemOf(thrown);
        // A damaged or protected file is the sender's problem, not a bug: no console noise for it.
        if (problem === 'other') console.error('the PDF could not be opened:', thrown);
        setOpened({ bytes, outcome: { state: 'failed', problem } });
      });
    return () => {
      live = false;
      // Ends the worker too: each document has its own.
      void task.destroy();
    };
  }, [bytes]);

  const pdf = loaded.state === 'ready' ? loaded.pdf : null;

  const content = useMemo<PageContent | null>(
    () =>
      pdf === null
        ? null
        : {
            kind: 'canvas',
            render(index, canvas, { scale, pixelRatio }) {
              let cancelled = false;
              let cancelTask = () => {};
              const done = pdf.getPage(index + 1).then((page) => {
                if (cancelled) return;
                const viewport = page.getViewport({ scale: scale * PDF_TO_CSS * pixelRatio });
                canvas.width = Math.max(1, Math.floor(viewport.width));
                canvas.height = Math.max(1, Math.floor(viewport.height));
                const task = page.render({ canvas, viewport });
                cancelTask = () => task.cancel();
                return task.promise;
              });
              return {
                done,
                cancel() {
                  cancelled = true;
                  cancelTask();
                  // The rejection of a cancelled render is expected; the page is no longer shown.
                  done.catch(() => {});
                },
              };
            },
          },
    [pdf],
  );

  const preparePrint = useMemo(
    () =>
      async (onProgress: (progress: PrintProgress) => void, signal: AbortSignal): Promise<PreparedPrint> => {
        if (pdf === null) throw new Error('no document');
        const pages: PrintPage[] = [];
        const release = () => pages.forEach((page) => URL.revokeObjectURL(page.url));
        try {
          for (let number = 1; number <= pdf.numPages; number++) {
            if (signal.aborted) break;
            const page = await pdf.getPage(number);
            const viewport = page.getViewport({ scale: PRINT_DPI / 72 });
            const canvas = document.createElement('canvas');
            canvas.width = Math.floor(viewport.width);
            canvas.height = Math.floor(viewport.height);
            // intent 'print' draws the annotations meant for paper (stamps, form values).
            await page.render({ canvas, viewport, intent: 'print' }).promise;
            pages.push({ url: await canvasToObjectUrl(canvas), landscape: viewport.width > viewport.height });
            // Let go of the bitmap at once rather than when the collector gets to it.
            canvas.width = 0;
            canvas.height = 0;
            page.cleanup();
            onProgress({ done: number, total: pdf.numPages });
          }
        } catch (thrown) {
          release();
          throw thrown;
        }
        return { pages, release };
      },
    [pdf],
  );

  switch (loaded.state) {
    case 'loading':
      return (
        <p className="document-viewer__message muted" role="status">
          <span className="spinner" aria-hidden="true" />
          {t('viewerLoading')}
        </p>
      );
    case 'failed':
      return (
        <div className="error-notice document-viewer__message" role="alert">
          {loaded.problem === 'password' ? t('viewerPdfPassword') : loaded.problem === 'damaged' ? t('viewerPdfDamaged') : t('viewerPdfFailed')}
        </div>
      );
    case 'ready':
      return <PagedView title={title} pageSizes={loaded.pageSizes} content={content!} paged preparePrint={preparePrint} />;
  }
}
