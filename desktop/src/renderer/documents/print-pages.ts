// Printing a document, not the app around it: the pages, already drawn as images, go into a
// container that only exists for printing, and app.css (@media print) hides everything else
// while <html> has the `document-printing` class. Landscape pages get a landscape sheet.

export interface PrintPage {
  /** An image URL (blob: or data:) of the whole page. */
  url: string;
  landscape: boolean;
}

const PRINTING_CLASS = 'document-printing';
const CONTAINER_CLASS = 'document-print';

let cleanupCurrent: (() => void) | null = null;

/** Removes what the last print left behind (also on unmount, when afterprint never came). */
export function clearPrintContainer(): void {
  cleanupCurrent?.();
}

/**
 * Puts `pages` into the print-only container, waits until every image is decoded (a page that is
 * still loading would print blank), and opens the print dialog. `revoke` is called once the
 * dialog closes, to free object URLs made for printing.
 */
export async function printPages(pages: readonly PrintPage[], title: string, revoke: () => void = () => {}): Promise<void> {
  clearPrintContainer();
  const container = document.createElement('div');
  container.className = CONTAINER_CLASS;
  const images = pages.map((page) => {
    const sheet = document.createElement('div');
    sheet.className = page.landscape ? 'document-print__page document-print__page--landscape' : 'document-print__page';
    const image = document.createElement('img');
    image.alt = '';
    image.src = page.url;
    sheet.append(image);
    container.append(sheet);
    return image;
  });
  document.body.append(container);

  const previousTitle = document.title;
  let cleaned = false;
  const cleanup = () => {
    if (cleaned) return;
    cleaned = true;
    window.removeEventListener('afterprint', cleanup);
    document.documentElement.classList.remove(PRINTING_CLASS);
    document.title = previousTitle;
    container.remove();
    revoke();
    if (cleanupCurrent === cleanup) cleanupCurrent = null;
  };
  cleanupCurrent = cleanup;

  try {
    await Promise.all(images.map((image) => image.decode()));
  } catch (thrown) {
    cleanup();
    throw thrown;
  }
  if (cleaned) return; // another print started meanwhile
  document.documentElement.classList.add(PRINTING_CLASS);
  // The print dialog offers the title as the file name for "Save as PDF".
  document.title = title;
  window.addEventListener('afterprint', cleanup);
  window.print();
}

/** A canvas as a PNG object URL (no multi-megabyte data: string on the heap). */
export function canvasToObjectUrl(canvas: HTMLCanvasElement): Promise<string> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob === null ? reject(new Error('canvas.toBlob gave nothing')) : resolve(URL.createObjectURL(blob))), 'image/png');
  });
}
