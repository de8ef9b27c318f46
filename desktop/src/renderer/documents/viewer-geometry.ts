// The arithmetic of the document viewers, kept free of the DOM so it can be tested alone: zoom
// steps, which pages to draw for the part of a long document that is on screen, and what a key
// press means. (TIFF structure and page sizes are in tiff-structure.ts.)
//
// Sizes are in CSS pixels "at 100%", and 100% means the paper's real size (96 CSS px per inch),
// as in Acrobat and the pdf.js viewer: a filed A4 page looks the same whether it came as a PDF,
// a fax TIFF or a scan.

export const CSS_PX_PER_INCH = 96;
/** PDF user space is in points (1/72 inch). */
export const PDF_TO_CSS = CSS_PX_PER_INCH / 72;

/** The zoom levels +/− walk through, as in common PDF viewers. */
export const ZOOM_STEPS: readonly number[] = [0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4];
export const MIN_ZOOM = ZOOM_STEPS[0]!;
export const MAX_ZOOM = ZOOM_STEPS[ZOOM_STEPS.length - 1]!;

/** "Fit width" follows the window; a number is a fixed zoom (1 = 100%). */
export type ZoomSetting = 'fit-width' | number;

export function clampZoom(scale: number): number {
  if (!Number.isFinite(scale)) return 1;
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, scale));
}

// Fit-width scales are arbitrary (0.873…): a step counts as "next" only if it differs by more
// than rounding, so + from 99.6% goes to 110%, not to 100%.
const STEP_EPSILON = 0.005;

/** The next step above `scale` (stays at the maximum). */
export function zoomIn(scale: number): number {
  return ZOOM_STEPS.find((step) => step > scale + STEP_EPSILON) ?? MAX_ZOOM;
}

/** The next step below `scale` (stays at the minimum). */
export function zoomOut(scale: number): number {
  return [...ZOOM_STEPS].reverse().find((step) => step < scale - STEP_EPSILON) ?? MIN_ZOOM;
}

/** A whole-number percentage for the toolbar. */
export function zoomPercent(scale: number): number {
  return Math.round(scale * 100);
}

export interface Size {
  width: number;
  height: number;
}

/** Space between pages, and around them inside the scroll area (CSS px, matches app.css). */
export const PAGE_GAP = 16;

/**
 * The scale at which the widest page fills `availableWidth` (the scroll area's inner width, less
 * the padding on both sides), clamped to the zoom range.
 */
export function fitWidthScale(availableWidth: number, pages: readonly Size[]): number {
  const widest = pages.reduce((max, page) => Math.max(max, page.width), 0);
  if (widest <= 0 || availableWidth <= 0) return 1;
  return clampZoom((availableWidth - 2 * PAGE_GAP) / widest);
}

export function resolveZoom(setting: ZoomSetting, availableWidth: number, pages: readonly Size[]): number {
  return setting === 'fit-width' ? fitWidthScale(availableWidth, pages) : clampZoom(setting);
}

/**
 * Where each page starts, top to bottom, at `scale`: pages are stacked with PAGE_GAP between and
 * around them. The last entry is the total height, so `tops.length === pages.length + 1`.
 */
export function pageTops(pages: readonly Size[], scale: number): number[] {
  const tops = [PAGE_GAP];
  for (const page of pages) tops.push(tops[tops.length - 1]! + Math.round(page.height * scale) + PAGE_GAP);
  return tops;
}

/** The index of the last page whose top is at or above `y` (0 above the first page). */
function pageAt(tops: readonly number[], y: number): number {
  let low = 0;
  let high = tops.length - 2;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (tops[mid]! <= y) low = mid;
    else high = mid - 1;
  }
  return Math.max(0, low);
}

export interface PageWindow {
  /** First and last page (0-based, inclusive) at least partly in view. */
  firstVisible: number;
  lastVisible: number;
  /** First and last page to have drawn: the visible ones and `overscan` more on each side. */
  first: number;
  last: number;
}

/**
 * Which pages to draw when the scroll area shows [scrollTop, scrollTop + viewportHeight): only
 * those, and a page or two around them so scrolling does not show blank pages. A 300-page
 * referral bundle then costs a few canvases, not 300.
 */
export function visiblePageWindow(tops: readonly number[], scrollTop: number, viewportHeight: number, overscan = 1): PageWindow | null {
  const count = tops.length - 1;
  if (count <= 0) return null;
  const firstVisible = pageAt(tops, Math.max(0, scrollTop));
  const lastVisible = Math.max(firstVisible, pageAt(tops, scrollTop + Math.max(0, viewportHeight) - 1));
  return {
    firstVisible,
    lastVisible,
    first: Math.max(0, firstVisible - overscan),
    last: Math.min(count - 1, lastVisible + overscan),
  };
}

/**
 * The page the toolbar calls "current": the one covering the line a third of the way down the
 * view, which is where the eye reads, so a page becomes current once it fills most of the screen.
 */
export function currentPageIndex(tops: readonly number[], scrollTop: number, viewportHeight: number): number {
  const count = tops.length - 1;
  if (count <= 0) return 0;
  // At the very bottom the last page is current even when it is too short to reach that line.
  if (scrollTop + viewportHeight >= tops[count]! - 1 && scrollTop > 0) return count - 1;
  return Math.min(count - 1, pageAt(tops, scrollTop + viewportHeight / 3));
}

/** A page number typed by the user, as an index; null when it is not a page. */
export function parsePageNumber(text: string, pageCount: number): number | null {
  const normalized = text.normalize('NFKC').trim();
  if (!/^\d+$/.test(normalized)) return null;
  const page = Number(normalized);
  return page >= 1 && page <= pageCount ? page - 1 : null;
}

export function clampPageIndex(index: number, pageCount: number): number {
  return Math.min(Math.max(0, pageCount - 1), Math.max(0, Math.trunc(index)));
}

/**
 * The largest canvas backing store worth allocating for one page: 4096×4096 pixels. Beyond it
 * (a large drawing at 400% on a high-DPI screen) the page is drawn at a lower resolution and
 * stretched, rather than failing to allocate or exhausting a clinic PC's memory.
 */
export const MAX_CANVAS_PIXELS = 4096 * 4096;

/** Device pixels per CSS pixel for a page canvas of `cssSize`, capped by MAX_CANVAS_PIXELS. */
export function canvasPixelRatio(cssSize: Size, devicePixelRatio: number, maxPixels = MAX_CANVAS_PIXELS): number {
  const wanted = devicePixelRatio > 0 && Number.isFinite(devicePixelRatio) ? devicePixelRatio : 1;
  const area = cssSize.width * cssSize.height;
  if (area <= 0) return wanted;
  return Math.min(wanted, Math.sqrt(maxPixels / area));
}

// ---- keyboard ----

export type ViewerKeyAction = 'previous-page' | 'next-page' | 'first-page' | 'last-page' | 'zoom-in' | 'zoom-out' | 'zoom-reset' | 'print';

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/**
 * What a key does inside the viewer. Ctrl+P (⌘P) prints the document, never the app around it.
 * Plain keys only when the focus is not in a text field (`inTextField`), so typing a page number
 * is not taken for a command.
 */
export function viewerKeyAction(event: KeyLike, inTextField: boolean): ViewerKeyAction | null {
  const command = event.ctrlKey || event.metaKey;
  if (command && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'p') return 'print';
  if (command || event.altKey) return null;
  switch (event.key) {
    case 'PageUp':
      return 'previous-page';
    case 'PageDown':
      return 'next-page';
  }
  if (inTextField) return null;
  switch (event.key) {
    case 'Home':
      return 'first-page';
    case 'End':
      return 'last-page';
    case '+':
    case '=':
      return 'zoom-in';
    case '-':
      return 'zoom-out';
    case '0':
      return 'zoom-reset';
    default:
      return null;
  }
}
