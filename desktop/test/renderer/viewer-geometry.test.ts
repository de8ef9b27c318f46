import { describe, expect, it } from 'vitest';
import {
  canvasPixelRatio,
  clampPageIndex,
  currentPageIndex,
  fitWidthScale,
  MAX_ZOOM,
  MIN_ZOOM,
  PAGE_GAP,
  pageTops,
  parsePageNumber,
  PDF_TO_CSS,
  resolveZoom,
  viewerKeyAction,
  visiblePageWindow,
  zoomIn,
  zoomOut,
  zoomPercent,
  type KeyLike,
} from '../../src/renderer/documents/viewer-geometry';

const A4 = { width: 595.28 * PDF_TO_CSS, height: 841.89 * PDF_TO_CSS };

describe('zoom', () => {
  it('steps through the zoom levels, and stops at the ends', () => {
    expect(zoomIn(1)).toBe(1.1);
    expect(zoomOut(1)).toBe(0.9);
    expect(zoomIn(MAX_ZOOM)).toBe(MAX_ZOOM);
    expect(zoomOut(MIN_ZOOM)).toBe(MIN_ZOOM);
  });

  it('steps from an arbitrary fit-width scale to the next level, not to one a rounding away', () => {
    expect(zoomIn(0.996)).toBe(1.1);
    expect(zoomOut(1.004)).toBe(0.9);
    expect(zoomIn(1.63)).toBe(1.75);
    expect(zoomOut(1.63)).toBe(1.5);
  });

  it('fits the widest page into the width left after the padding', () => {
    expect(
      fitWidthScale(800 + 2 * PAGE_GAP, [
        { width: 400, height: 600 },
        { width: 800, height: 100 },
      ]),
    ).toBe(1);
    expect(fitWidthScale(1366, [A4])).toBeCloseTo((1366 - 2 * PAGE_GAP) / A4.width, 6);
    // Unmeasured or empty: 100% rather than nonsense; a tiny window stays within the zoom range.
    expect(fitWidthScale(0, [A4])).toBe(1);
    expect(fitWidthScale(1000, [])).toBe(1);
    expect(fitWidthScale(40, [A4])).toBe(MIN_ZOOM);
  });

  it('resolves a fixed zoom as given and fit-width from the window', () => {
    expect(resolveZoom(1.25, 500, [A4])).toBe(1.25);
    expect(resolveZoom(99, 500, [A4])).toBe(MAX_ZOOM);
    expect(resolveZoom('fit-width', A4.width + 2 * PAGE_GAP, [A4])).toBeCloseTo(1, 9);
    expect(zoomPercent(0.6666)).toBe(67);
  });
});

describe('page layout and the lazy window', () => {
  const pages = Array.from({ length: 300 }, () => ({ width: 800, height: 1000 }));
  const tops = pageTops(pages, 1);

  it('stacks pages with a gap between and around them', () => {
    expect(
      pageTops(
        [
          { width: 1, height: 100 },
          { width: 1, height: 50.4 },
        ],
        2,
      ),
    ).toEqual([PAGE_GAP, PAGE_GAP + 200 + PAGE_GAP, PAGE_GAP + 200 + PAGE_GAP + 101 + PAGE_GAP]);
    expect(tops).toHaveLength(301);
  });

  it('draws only the pages in view and one either side of them', () => {
    expect(visiblePageWindow(tops, 0, 700)).toEqual({ firstVisible: 0, lastVisible: 0, first: 0, last: 1 });
    // Page 150 starts at 16 + 150 × 1016; a view straddling 150 and 151.
    const top150 = tops[150]!;
    expect(visiblePageWindow(tops, top150 + 500, 700)).toEqual({ firstVisible: 150, lastVisible: 151, first: 149, last: 152 });
    expect(visiblePageWindow(tops, tops[300]! - 700, 700)).toEqual({ firstVisible: 299, lastVisible: 299, first: 298, last: 299 });
    expect(visiblePageWindow(tops, 0, 700, 0)).toEqual({ firstVisible: 0, lastVisible: 0, first: 0, last: 0 });
  });

  it('counts the gap above a page as that page’s neighbour, and handles no pages', () => {
    // In the gap between pages 0 and 1: page 0 is still "at" the top of the view.
    expect(visiblePageWindow(tops, tops[1]! - 5, 10)?.firstVisible).toBe(0);
    expect(visiblePageWindow([PAGE_GAP], 0, 700)).toBeNull();
  });

  it('calls current the page a third of the way down the view, or the last at the very end', () => {
    expect(currentPageIndex(tops, 0, 900)).toBe(0);
    expect(currentPageIndex(tops, tops[3]! - PAGE_GAP, 900)).toBe(3);
    // Page 3 scrolled mostly away: page 4 holds the reading line.
    expect(currentPageIndex(tops, tops[3]! + 800, 900)).toBe(4);
    const short = pageTops(
      [
        { width: 1, height: 1000 },
        { width: 1, height: 200 },
      ],
      1,
    );
    expect(currentPageIndex(short, short[2]! - 900, 900)).toBe(1);
    expect(currentPageIndex([PAGE_GAP], 0, 900)).toBe(0);
  });

  it('reads a typed page number, full-width digits included', () => {
    expect(parsePageNumber('3', 10)).toBe(2);
    expect(parsePageNumber(' ３ ', 10)).toBe(2);
    expect(parsePageNumber('10', 10)).toBe(9);
    expect(parsePageNumber('0', 10)).toBeNull();
    expect(parsePageNumber('11', 10)).toBeNull();
    expect(parsePageNumber('2.5', 10)).toBeNull();
    expect(parsePageNumber('', 10)).toBeNull();
    expect(clampPageIndex(-1, 5)).toBe(0);
    expect(clampPageIndex(7, 5)).toBe(4);
    expect(clampPageIndex(3, 0)).toBe(0);
  });

  it('draws at the screen’s pixel ratio, but never a canvas beyond the cap', () => {
    expect(canvasPixelRatio({ width: 800, height: 1100 }, 1.5)).toBe(1.5);
    expect(canvasPixelRatio({ width: 800, height: 1100 }, 0)).toBe(1);
    const huge = { width: A4.width * 4, height: A4.height * 4 };
    const ratio = canvasPixelRatio(huge, 2);
    expect(ratio).toBeLessThan(2);
    expect(huge.width * ratio * huge.height * ratio).toBeLessThanOrEqual(4096 * 4096 + 1);
  });
});

describe('keys', () => {
  const key = (key: string, modifiers: Partial<KeyLike> = {}): KeyLike => ({
    key,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    ...modifiers,
  });

  it('prints the document on Ctrl+P or ⌘P, even from a text field', () => {
    expect(viewerKeyAction(key('p', { ctrlKey: true }), false)).toBe('print');
    expect(viewerKeyAction(key('P', { ctrlKey: true }), true)).toBe('print');
    expect(viewerKeyAction(key('p', { metaKey: true }), false)).toBe('print');
    expect(viewerKeyAction(key('p', { ctrlKey: true, shiftKey: true }), false)).toBeNull();
    expect(viewerKeyAction(key('p'), false)).toBeNull();
  });

  it('turns pages with PageUp/PageDown, and Home/End outside text fields', () => {
    expect(viewerKeyAction(key('PageDown'), false)).toBe('next-page');
    expect(viewerKeyAction(key('PageUp'), true)).toBe('previous-page');
    expect(viewerKeyAction(key('Home'), false)).toBe('first-page');
    expect(viewerKeyAction(key('End'), true)).toBeNull();
    expect(viewerKeyAction(key('PageDown', { ctrlKey: true }), false)).toBeNull();
  });

  it('zooms with + − 0 only when not typing', () => {
    expect(viewerKeyAction(key('+'), false)).toBe('zoom-in');
    expect(viewerKeyAction(key('-'), false)).toBe('zoom-out');
    expect(viewerKeyAction(key('0'), false)).toBe('zoom-reset');
    expect(viewerKeyAction(key('0'), true)).toBeNull();
    // Ctrl+− is the app's own zoom (Electron), not the document's.
    expect(viewerKeyAction(key('-', { ctrlKey: true }), false)).toBeNull();
  });
});
