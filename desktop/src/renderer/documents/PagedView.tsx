// The frame the PDF, TIFF and image viewers share: the toolbar, a scrolling column of pages, the
// keys, and printing. A long document is laid out in full (each page a box of its final size, so
// the scroll bar is honest) but only the pages on screen and one either side are drawn; the rest
// are empty boxes and hold no canvas.
import {
  useCallback,
  useEffect,
  useEffectEvent,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent as ReactKeyboardEvent,
  type ReactNode,
} from 'react';
import { useMessages } from '../i18n/locale-context';
import { clearPrintContainer, printPages, type PrintPage } from './print-pages';
import {
  canvasPixelRatio,
  clampPageIndex,
  currentPageIndex,
  PAGE_GAP,
  pageTops,
  resolveZoom,
  viewerKeyAction,
  visiblePageWindow,
  zoomIn,
  zoomOut,
  type Size,
  type ViewerKeyAction,
  type ZoomSetting,
} from './viewer-geometry';
import { ViewerToolbar, type PrintProgress } from './ViewerToolbar';

/** Drawing one page; cancelled when the page scrolls away or the zoom changes first. */
export interface PageRenderJob {
  done: Promise<void>;
  cancel(): void;
}

export interface CanvasTarget {
  /** Size of the page box in CSS px. */
  cssWidth: number;
  cssHeight: number;
  /** Device pixels per CSS px to draw at (the screen's, capped for huge pages). */
  pixelRatio: number;
  /** The zoom (1 = 100%, real paper size). */
  scale: number;
}

export type PageContent =
  | { kind: 'canvas'; render(index: number, canvas: HTMLCanvasElement, target: CanvasTarget): PageRenderJob }
  | { kind: 'element'; element(index: number): ReactNode };

export interface PreparedPrint {
  pages: PrintPage[];
  /** Frees what was made for printing (object URLs), once the dialog has closed. */
  release(): void;
}

export interface PagedViewProps {
  title: string;
  /** Each page's size at 100%, in CSS px. */
  pageSizes: readonly Size[];
  content: PageContent;
  /** False for a single image: no page controls. */
  paged: boolean;
  preparePrint(onProgress: (progress: PrintProgress) => void, signal: AbortSignal): Promise<PreparedPrint>;
}

/** Where the pages were at a given zoom, to find the same spot at the next. */
interface Layout {
  tops: number[];
  scale: number;
}

interface ScrollView {
  scrollTop: number;
  width: number;
  height: number;
}

/** The newest viewer on screen takes Ctrl+P; one shown in a dialog over another wins. */
const printKeyOwners: symbol[] = [];

function isTextField(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || (target instanceof HTMLElement && target.isContentEditable);
}

function useDevicePixelRatio(): number {
  const [ratio, setRatio] = useState(() => window.devicePixelRatio || 1);
  useEffect(() => {
    // Fires when the window moves to a screen with another scale, or the app is zoomed.
    const query = window.matchMedia(`(resolution: ${ratio}dppx)`);
    const changed = () => setRatio(window.devicePixelRatio || 1);
    query.addEventListener('change', changed);
    return () => query.removeEventListener('change', changed);
  }, [ratio]);
  return ratio;
}

export function PagedView({ title, pageSizes, content, paged, preparePrint }: PagedViewProps) {
  const t = useMessages();
  const scroller = useRef<HTMLDivElement>(null);
  const [zoom, setZoom] = useState<ZoomSetting>('fit-width');
  const [view, setView] = useState<ScrollView>({ scrollTop: 0, width: 0, height: 0 });
  const [pageIndex, setPageIndex] = useState(0);
  const [printProgress, setPrintProgress] = useState<PrintProgress | null>(null);
  const [printFailed, setPrintFailed] = useState(false);
  const devicePixelRatio = useDevicePixelRatio();
  const pageCount = pageSizes.length;

  const scale = resolveZoom(zoom, view.width, pageSizes);
  const tops = useMemo(() => pageTops(pageSizes, scale), [pageSizes, scale]);
  const pageWindow = view.width > 0 ? visiblePageWindow(tops, view.scrollTop, view.height) : null;

  // Where a scroll we caused ought to land: its scroll event must not recompute the current page
  // (a short last page can never reach the top of the view, yet "次へ" did go to it).
  const ownScrollTarget = useRef<number | null>(null);
  const lastScroll = useRef({ top: 0, left: 0 });

  const measure = useCallback(() => {
    const element = scroller.current;
    if (element === null) return;
    setView((previous) =>
      previous.scrollTop === element.scrollTop && previous.width === element.clientWidth && previous.height === element.clientHeight
        ? previous
        : { scrollTop: element.scrollTop, width: element.clientWidth, height: element.clientHeight },
    );
  }, []);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (element === null) return;
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [measure]);

  const onScroll = useCallback(() => {
    const element = scroller.current;
    if (element === null) return;
    lastScroll.current = { top: element.scrollTop, left: element.scrollLeft };
    const target = ownScrollTarget.current;
    ownScrollTarget.current = null;
    if (target === null || Math.abs(element.scrollTop - target) > 1) {
      setPageIndex(currentPageIndex(tops, element.scrollTop, element.clientHeight));
    }
    measure();
  }, [measure, tops]);

  const scrollTo = useCallback((top: number, left?: number) => {
    const element = scroller.current;
    if (element === null) return;
    const reachable = Math.max(0, Math.min(top, element.scrollHeight - element.clientHeight));
    if (Math.abs(element.scrollTop - reachable) > 1) ownScrollTarget.current = reachable;
    element.scrollTop = reachable;
    if (left !== undefined) element.scrollLeft = left;
    lastScroll.current = { top: element.scrollTop, left: element.scrollLeft };
  }, []);

  const goToPage = useCallback(
    (index: number) => {
      const page = clampPageIndex(index, pageCount);
      setPageIndex(page);
      scrollTo(tops[page]! - PAGE_GAP);
    },
    [pageCount, scrollTo, tops],
  );

  // After a zoom, keep the same spot of the current page in view instead of jumping elsewhere.
  // Only a change of layout moves the view; the page index is read, not followed.
  const keepSpotAfterZoom = useEffectEvent((element: HTMLDivElement, before: Layout) => {
    // Positions are measured from where "go to page" would put the view (the gap above a page),
    // so a view at the very top stays at the very top.
    const page = Math.min(pageIndex, before.tops.length - 2);
    const oldOrigin = before.tops[page]! - PAGE_GAP;
    const oldSpan = before.tops[page + 1]! - before.tops[page]!;
    const within = oldSpan > 0 ? (lastScroll.current.top - oldOrigin) / oldSpan : 0;
    const centre = lastScroll.current.left + element.clientWidth / 2;
    scrollTo(tops[page]! - PAGE_GAP + within * (tops[page + 1]! - tops[page]!), Math.max(0, centre * (scale / before.scale) - element.clientWidth / 2));
    measure();
  });
  const previousLayout = useRef<Layout | null>(null);
  useLayoutEffect(() => {
    const before = previousLayout.current;
    previousLayout.current = { tops, scale };
    if (before === null || before.scale === scale || scroller.current === null) return;
    keepSpotAfterZoom(scroller.current, before);
  }, [tops, scale]);

  const changeZoom = useCallback((next: ZoomSetting) => setZoom(next), []);
  const zoomInStep = useCallback(() => setZoom(zoomIn(scale)), [scale]);
  const zoomOutStep = useCallback(() => setZoom(zoomOut(scale)), [scale]);

  // ---- printing ----
  const printAbort = useRef<AbortController | null>(null);
  const print = useCallback(() => {
    if (printAbort.current !== null) return;
    const abort = new AbortController();
    printAbort.current = abort;
    setPrintFailed(false);
    setPrintProgress({ done: 0, total: pageCount });
    preparePrint((progress) => {
      if (!abort.signal.aborted) setPrintProgress(progress);
    }, abort.signal)
      .then(async (prepared) => {
        if (abort.signal.aborted) {
          prepared.release();
          return;
        }
        setPrintProgress(null);
        await printPages(prepared.pages, title, prepared.release);
      })
      .catch((thrown: unknown) => {
        if (abort.signal.aborted) return;
        console.error('printing the document failed:', thrown);
        setPrintFailed(true);
      })
      .finally(() => {
        if (printAbort.current === abort) printAbort.current = null;
        if (!abort.signal.aborted) setPrintProgress(null);
      });
  }, [pageCount, preparePrint, title]);

  useEffect(
    () => () => {
      printAbort.current?.abort();
      printAbort.current = null;
      clearPrintContainer();
    },
    [],
  );

  // ---- keys ----
  const act = useCallback(
    (action: ViewerKeyAction) => {
      switch (action) {
        case 'previous-page':
          return goToPage(pageIndex - 1);
        case 'next-page':
          return goToPage(pageIndex + 1);
        case 'first-page':
          return goToPage(0);
        case 'last-page':
          return goToPage(pageCount - 1);
        case 'zoom-in':
          return zoomInStep();
        case 'zoom-out':
          return zoomOutStep();
        case 'zoom-reset':
          return setZoom(1);
        case 'print':
          return print();
      }
    },
    [goToPage, pageCount, pageIndex, print, zoomInStep, zoomOutStep],
  );

  // Ctrl+P anywhere while the document is shown: the browser's own print would print the app.
  const printFromKey = useEffectEvent(() => print());
  useEffect(() => {
    const owner = Symbol('viewer');
    printKeyOwners.push(owner);
    const onKeyDown = (event: KeyboardEvent) => {
      if (printKeyOwners[printKeyOwners.length - 1] !== owner) return;
      if (viewerKeyAction(event, isTextField(event.target)) !== 'print') return;
      event.preventDefault();
      event.stopPropagation();
      printFromKey();
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      printKeyOwners.splice(printKeyOwners.indexOf(owner), 1);
    };
  }, []);

  const onKeyDown = (event: ReactKeyboardEvent<HTMLDivElement>) => {
    const action = viewerKeyAction(event, isTextField(event.target));
    if (action === null || action === 'print') return;
    if (!paged && action.endsWith('page')) return;
    event.preventDefault();
    act(action);
  };

  return (
    <div className="document-viewer" onKeyDown={onKeyDown}>
      <ViewerToolbar
        paged={paged}
        pageIndex={pageIndex}
        pageCount={pageCount}
        onPage={goToPage}
        zoom={zoom}
        scale={scale}
        onZoom={changeZoom}
        onZoomIn={zoomInStep}
        onZoomOut={zoomOutStep}
        onPrint={print}
        printProgress={printProgress}
      />
      {printFailed ? (
        <div className="error-notice document-viewer__notice" role="alert">
          {t('viewerPrintFailed')}
        </div>
      ) : null}
      {/* Focusable, so a click on a page lets PageUp/PageDown and the arrow keys work. */}
      <div ref={scroller} className="document-viewer__scroll" tabIndex={0} onScroll={onScroll} aria-label={title}>
        <div className="document-viewer__pages">
          {pageSizes.map((size, index) => {
            const cssWidth = Math.round(size.width * scale);
            const cssHeight = Math.round(size.height * scale);
            const drawn = pageWindow !== null && index >= pageWindow.first && index <= pageWindow.last;
            return (
              <div
                key={index}
                className="document-page"
                aria-label={t('viewerPageLabel', { page: index + 1 })}
                role="group"
                data-page={index + 1}
                // The box's size is set through the CSSOM (React assigns element.style.*), which
                // the CSP allows; there is no style attribute in any markup.
                style={{ width: `${cssWidth}px`, height: `${cssHeight}px` }}
              >
                {drawn ? (
                  content.kind === 'canvas' ? (
                    <CanvasPage
                      index={index}
                      content={content}
                      target={{ cssWidth, cssHeight, scale, pixelRatio: canvasPixelRatio({ width: cssWidth, height: cssHeight }, devicePixelRatio) }}
                    />
                  ) : (
                    content.element(index)
                  )
                ) : null}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function CanvasPage({ index, content, target }: { index: number; content: Extract<PageContent, { kind: 'canvas' }>; target: CanvasTarget }) {
  const t = useMessages();
  const host = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'drawing' | 'drawn' | 'failed'>('drawing');
  const { cssWidth, cssHeight, pixelRatio, scale } = target;

  // A page that failed shows the spinner again while anything new is tried; one already drawn
  // keeps showing its picture meanwhile.
  const [drawingFor, setDrawingFor] = useState({ content, index, cssWidth, cssHeight, pixelRatio, scale });
  if (
    drawingFor.content !== content ||
    drawingFor.index !== index ||
    drawingFor.cssWidth !== cssWidth ||
    drawingFor.cssHeight !== cssHeight ||
    drawingFor.pixelRatio !== pixelRatio ||
    drawingFor.scale !== scale
  ) {
    setDrawingFor({ content, index, cssWidth, cssHeight, pixelRatio, scale });
    if (state === 'failed') setState('drawing');
  }

  useEffect(() => {
    // Each drawing goes to a fresh canvas that replaces the old one only when finished: after a
    // zoom the old picture stays (stretched) instead of the page flashing white.
    const canvas = document.createElement('canvas');
    canvas.className = 'document-page__canvas';
    let live = true;
    const job = content.render(index, canvas, { cssWidth, cssHeight, pixelRatio, scale });
    job.done.then(
      () => {
        if (!live) return;
        host.current?.replaceChildren(canvas);
        setState('drawn');
      },
      (thrown: unknown) => {
        if (!live) return;
        console.error(`page ${index + 1} could not be drawn:`, thrown);
        setState('failed');
      },
    );
    return () => {
      live = false;
      job.cancel();
    };
  }, [content, index, cssWidth, cssHeight, pixelRatio, scale]);

  return (
    <>
      {/* React leaves this box's children to the effect above. */}
      <div ref={host} className="document-page__canvas-host" />
      {state === 'drawing' ? <span className="document-page__status spinner" aria-hidden="true" /> : null}
      {state === 'failed' ? (
        <p className="document-page__status document-page__status--failed" role="alert">
          {t('viewerPageFailed', { page: index + 1 })}
        </p>
      ) : null}
    </>
  );
}
