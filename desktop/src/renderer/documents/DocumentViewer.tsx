// A filed document, shown inside the app whatever its kind (見読性: a record kept electronically
// must always be displayable and printable, without depending on software outside the app).
// Every kind gets the same toolbar: pages, zoom, print. A document the viewer fails to draw says
// so in the viewer's place; the dialog and the chart around it stay.
//
// Each viewer is loaded when a document of its kind is first opened (pdf.js and the TIFF decoder
// are most of the renderer's code): Vite emits them as chunks of their own, beside the app's, so
// the app's CSP (script-src 'self') covers them in Electron's app scheme and the bridge alike.
import { lazy, Suspense } from 'react';
import { PaneErrorBoundary } from '../components/PaneErrorBoundary';
import { useMessages } from '../i18n/locale-context';
import './document-viewer.css';

const PdfViewer = lazy(() => import('./PdfViewer').then(({ PdfViewer }) => ({ default: PdfViewer })));
const TiffViewer = lazy(() => import('./TiffViewer').then(({ TiffViewer }) => ({ default: TiffViewer })));
const ImageViewer = lazy(() => import('./ImageViewer').then(({ ImageViewer }) => ({ default: ImageViewer })));

export type DocumentMediaType = 'application/pdf' | 'image/jpeg' | 'image/png' | 'image/tiff';

export interface ViewableDocument {
  bytes: Uint8Array;
  mediaType: DocumentMediaType;
  /** What the document is called: the page's accessible name and the print job's title. */
  title: string;
}

export interface DocumentViewerProps {
  document: ViewableDocument;
  /** Reads the document again before a viewer that failed to draw it tries again. */
  onRetry?(): Promise<unknown>;
}

export function DocumentViewer({ document, onRetry }: DocumentViewerProps) {
  return (
    <PaneErrorBoundary onRetry={onRetry}>
      <Suspense fallback={<ViewerLoading />}>
        <ViewerFor document={document} />
      </Suspense>
    </PaneErrorBoundary>
  );
}

function ViewerFor({ document }: { document: ViewableDocument }) {
  const t = useMessages();
  const { bytes, mediaType, title } = document;
  // Keyed by the bytes: another document starts from page 1 at the default zoom.
  switch (mediaType) {
    case 'application/pdf':
      return <PdfViewer key={keyOf(bytes)} bytes={bytes} title={title} />;
    case 'image/tiff':
      return <TiffViewer key={keyOf(bytes)} bytes={bytes} title={title} />;
    case 'image/jpeg':
    case 'image/png':
      return <ImageViewer key={keyOf(bytes)} bytes={bytes} mediaType={mediaType} title={title} />;
    default:
      // The type says this cannot happen, but the value comes from stored metadata.
      return (
        <div className="error-notice document-viewer__message" role="alert">
          {t('viewerUnsupported', { mediaType: String(mediaType) })}
        </div>
      );
  }
}

function ViewerLoading() {
  const t = useMessages();
  return <p className="muted">{t('loading')}</p>;
}

const keys = new WeakMap<Uint8Array, number>();
let nextKey = 1;

/** A stable key per byte array, so a new document remounts its viewer and an old one does not. */
function keyOf(bytes: Uint8Array): number {
  let key = keys.get(bytes);
  if (key === undefined) {
    key = nextKey++;
    keys.set(bytes, key);
  }
  return key;
}
