// The document viewer: pages, zoom, printing, files it cannot show.
import type { viewer as ja } from '../ja/viewer';

export const viewer = {
  viewerToolbarLabel: 'Document controls',
  viewerPreviousPage: 'Previous',
  viewerNextPage: 'Next',
  viewerPageStatus: '{page} / {total}',
  viewerGoToPage: 'Go to page',
  viewerPageLabel: 'Page {page}',
  viewerZoomIn: 'Zoom in',
  viewerZoomOut: 'Zoom out',
  viewerZoomLevel: '{percent}%',
  viewerActualSize: 'Actual size',
  viewerFitWidth: 'Fit width',
  viewerPrint: 'Print',
  viewerPreparingPrint: 'Preparing to print… {done} / {total, plural, one {# page} other {# pages}}',
  viewerPrintFailed: 'The document could not be prepared for printing. Try again.',
  viewerLoading: 'Loading the document…',
  viewerPageFailed: 'Page {page} could not be shown.',
  viewerPdfPassword: 'This PDF is password-protected and cannot be shown. Ask the sender to send it again without a password.',
  viewerPdfDamaged: 'This PDF file is damaged and cannot be shown. Ask the sender to send it again.',
  viewerPdfFailed: 'This PDF could not be shown. If this keeps happening, contact the regional office.',
  viewerTiffUnreadable: 'This TIFF image is damaged or in a form that cannot be shown. Ask the sender to send it again.',
  viewerImageTooLarge:
    "This image is {width} × {height} pixels, too large to show (opening it could use up the computer's memory). Ask the sender to scan it again at about 300 dpi and send that.",
  viewerImageUnreadable: 'This image file is damaged and cannot be shown. Ask the sender to send it again.',
  viewerUnsupported: 'Documents of this type ({mediaType}) cannot be shown.',
} satisfies Record<keyof typeof ja, string>;
