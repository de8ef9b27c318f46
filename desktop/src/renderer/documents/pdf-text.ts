// The text of a PDF's first pages, read by the same pdf.js (and its bundled Japanese CMaps) that
// draws it in the viewer: what a business system printed on it (the patient's name, reading and
// birth date), for telling whose document a file is before it is filed.

/** The names and dates that tell whose a document is are on its first page or two. */
const PAGES_READ = 2;

export async function pdfFirstPagesText(bytes: Uint8Array): Promise<string> {
  // pdf.js is loaded when first needed, as the viewer loads it: not part of every screen's bundle.
  const { openPdf } = await import('./pdf-assets');
  const task = openPdf(bytes);
  try {
    const pdf = await task.promise;
    const parts: string[] = [];
    for (let number = 1; number <= Math.min(PAGES_READ, pdf.numPages); number++) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      for (const item of content.items) if ('str' in item) parts.push(item.str, item.hasEOL ? '\n' : '');
    }
    return parts.join('');
  } finally {
    await task.destroy();
  }
}
