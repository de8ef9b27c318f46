// A staged file opened by the same decoders the viewer draws filed documents with (pdf.js with its
// bundled CMaps, the TIFF decoder, the browser's for JPEG and PNG), once, when the upload dialog
// opens: its first page as a small picture, its page count, and whether it opens at all. A PDF
// that needs a password or is encrypted, an image past the pixel budget or broken, is refused here
// in the server's words (staged-file-check.ts), before the form is filled.
import type { DocumentMediaType } from '@renkei/proto/document-limits';
import type { UserFacingError } from '../../../shared/desktop-api';
import { claimedImageSize, exceedsPixelBudget } from '../../documents/image-header';
import { canvasToObjectUrl } from '../../documents/print-pages';
import { PDF_TO_CSS } from '../../documents/viewer-geometry';
import { checkFileBytes, pdfOpenProblemOf, pdfProblemRefusal, refusal } from './staged-file-check';

/** The first page, drawn to fit this box (CSS px): beside the form, within a 1366×768 screen. */
export const PREVIEW_BOX = { width: 168, height: 224 } as const;

export interface FirstPagePicture {
  /** An object URL: the caller revokes it. */
  url: string;
  width: number;
  height: number;
}

export type Inspection =
  | { state: 'refused'; problem: UserFacingError }
  | {
      state: 'ready';
      format: DocumentMediaType;
      pageCount: number;
      /** null when the first page could not be drawn though the file opened (the server decides). */
      picture: FirstPagePicture | null;
      overUsualLimit: boolean;
    };

function fit(width: number, height: number): { width: number; height: number; scale: number } {
  const scale = Math.min(PREVIEW_BOX.width / width, PREVIEW_BOX.height / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)), scale };
}

export async function inspectStagedFile(fileName: string, size: number, bytes: Uint8Array): Promise<Inspection> {
  const check = checkFileBytes(fileName, size, bytes);
  if (!check.ok) return { state: 'refused', problem: check.problem };
  const { format, overUsualLimit } = check;
  const opened =
    format === 'application/pdf'
      ? await inspectPdf(fileName, bytes)
      : format === 'image/tiff'
        ? await inspectTiff(fileName, bytes)
        : await inspectImage(fileName, bytes, format);
  return 'problem' in opened ? { state: 'refused', problem: opened.problem } : { state: 'ready', format, overUsualLimit, ...opened };
}

type Opened = { problem: UserFacingError } | { pageCount: number; picture: FirstPagePicture | null };

async function inspectPdf(fileName: string, bytes: Uint8Array): Promise<Opened> {
  // pdf.js is loaded when first needed, as the viewer loads it.
  const { openPdf } = await import('../../documents/pdf-assets');
  // No onPassword: a protected PDF rejects with PasswordException, as in the viewer.
  const task = openPdf(bytes);
  try {
    let pdf;
    try {
      pdf = await task.promise;
    } catch (thrown) {
      const problem = pdfOpenProblemOf(thrown);
      if (problem === null) throw thrown;
      return { problem: pdfProblemRefusal(fileName, problem) };
    }
    // Opened without a password but encrypted all the same (an owner password restricting printing
    // or copying): the server refuses it, as it would bind every future reader.
    const { info } = await pdf.getMetadata();
    if (typeof (info as { EncryptFilterName?: unknown }).EncryptFilterName === 'string') return { problem: pdfProblemRefusal(fileName, 'encrypted') };
    if (pdf.numPages < 1) return { problem: pdfProblemRefusal(fileName, 'damaged') };
    let picture: FirstPagePicture | null = null;
    try {
      const page = await pdf.getPage(1);
      const natural = page.getViewport({ scale: PDF_TO_CSS });
      const box = fit(natural.width, natural.height);
      const viewport = page.getViewport({ scale: PDF_TO_CSS * box.scale * window.devicePixelRatio });
      const canvas = document.createElement('canvas');
      canvas.width = Math.max(1, Math.floor(viewport.width));
      canvas.height = Math.max(1, Math.floor(viewport.height));
      await page.render({ canvas, viewport }).promise;
      picture = { url: await canvasToObjectUrl(canvas), width: box.width, height: box.height };
    } catch (thrown) {
      // The file opened; a page pdf.js cannot draw is for the server's check to judge.
      console.warn('the first page of a staged PDF could not be drawn:', thrown);
    }
    return { pageCount: pdf.numPages, picture };
  } finally {
    await task.destroy();
  }
}

async function inspectTiff(fileName: string, bytes: Uint8Array): Promise<Opened> {
  // The TIFF decoder is loaded when first needed, as the viewer loads it.
  const { TiffDocument, TiffTooLargeError, TiffUnreadableError } = await import('../../documents/tiff-document');
  let tiff;
  try {
    tiff = TiffDocument.open(bytes);
  } catch (thrown) {
    if (thrown instanceof TiffTooLargeError)
      return { problem: refusal('DOCUMENT_IMAGE_TOO_LARGE', { fileName, width: String(thrown.size.width), height: String(thrown.size.height) }) };
    if (thrown instanceof TiffUnreadableError) return { problem: refusal('DOCUMENT_IMAGE_DAMAGED', { fileName }) };
    throw thrown;
  }
  try {
    const first = tiff.pages[0]!;
    const box = fit(first.width, first.height);
    let picture: FirstPagePicture | null = null;
    try {
      const canvas = document.createElement('canvas');
      tiff.drawPage(0, canvas, box.width, box.height, window.devicePixelRatio);
      picture = { url: await canvasToObjectUrl(canvas), width: box.width, height: box.height };
    } catch (thrown) {
      console.warn('the first page of a staged TIFF could not be drawn:', thrown);
    }
    return { pageCount: tiff.pages.length, picture };
  } finally {
    tiff.close();
  }
}

async function inspectImage(fileName: string, bytes: Uint8Array, mediaType: 'image/jpeg' | 'image/png'): Promise<Opened> {
  // Past the pixel budget the browser is never given the bytes: decoding would be the memory bomb.
  const claimed = claimedImageSize(bytes, mediaType);
  if (claimed !== null && exceedsPixelBudget(claimed)) {
    return { problem: refusal('DOCUMENT_IMAGE_TOO_LARGE', { fileName, width: String(claimed.width), height: String(claimed.height) }) };
  }
  const url = URL.createObjectURL(new Blob([bytes.slice()], { type: mediaType }));
  const probe = new Image();
  probe.src = url;
  try {
    await probe.decode();
  } catch {
    URL.revokeObjectURL(url);
    return { problem: refusal('DOCUMENT_IMAGE_DAMAGED', { fileName }) };
  }
  const box = fit(probe.naturalWidth, probe.naturalHeight);
  return { pageCount: 1, picture: { url, width: box.width, height: box.height } };
}
