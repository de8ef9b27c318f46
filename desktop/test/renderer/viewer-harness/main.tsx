// A page with nothing but the document viewer, for test/e2e/document-viewer.spec.ts: built with
// the renderer's own Vite config and served by the development bridge under the app's CSP, so the
// bundled pdf.js worker, CMaps and fonts are loaded exactly as in the app. The test hands it a
// document through window.renkeiViewerHarness (page.evaluate), as a screen would pass bytes.
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { DocumentViewer, type ViewableDocument } from '../../../src/renderer/documents/DocumentViewer';
import { LocaleProvider } from '../../../src/renderer/i18n/locale-context';
import './harness.css';

export interface HarnessDocument {
  base64: string;
  mediaType: ViewableDocument['mediaType'];
  title: string;
}

declare global {
  interface Window {
    renkeiViewerHarness?: { show(document: HarnessDocument): void };
  }
}

function bytesOf(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function Harness() {
  const [shown, setShown] = useState<ViewableDocument | null>(null);
  useEffect(() => {
    window.renkeiViewerHarness = {
      show: ({ base64, mediaType, title }) => setShown({ bytes: bytesOf(base64), mediaType, title }),
    };
    document.body.dataset['harnessReady'] = 'true';
  }, []);
  return (
    <div className="harness">
      <h1>{shown?.title ?? '—'}</h1>
      <div className="harness__viewer">{shown !== null ? <DocumentViewer document={shown} /> : null}</div>
    </div>
  );
}

const root = document.getElementById('root');
if (root === null) throw new Error('no #root');
createRoot(root).render(
  <StrictMode>
    <LocaleProvider>
      <Harness />
    </LocaleProvider>
  </StrictMode>,
);
