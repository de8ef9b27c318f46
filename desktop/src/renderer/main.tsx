// The renderer's entry: pick the DesktopApi for this window, make the one cache of what the screens
// read through it, and show the app. (The styles every screen shares are linked by index.html, so
// they come first; each feature's own come with its components.)
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { desktopApiForThisWindow } from './api/desktop-api-source';
import { createQueryClient } from './api/query-client';
import { App } from './app/App';
import { LocaleProvider } from './i18n/locale-context';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <LocaleProvider>
      <QueryClientProvider client={createQueryClient()}>
        <App api={desktopApiForThisWindow()} />
      </QueryClientProvider>
    </LocaleProvider>
  </StrictMode>,
);
