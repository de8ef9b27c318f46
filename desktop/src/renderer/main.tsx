// The renderer's entry: pick the DesktopApi for this window and show the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { desktopApiForThisWindow } from './api/desktop-api-source';
import { App } from './app/App';
import { LocaleProvider } from './i18n/locale-context';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <LocaleProvider>
      <App api={desktopApiForThisWindow()} />
    </LocaleProvider>
  </StrictMode>,
);
