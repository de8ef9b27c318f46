// Builds the renderer (the screens) into dist/renderer. The output is loaded either by Electron
// (file or app protocol) or by the development bridge, so every URL in it must be relative.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const desktopDir = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig(({ mode }) => ({
  root: `${desktopDir}src/renderer`,
  base: './',
  plugins: [react()],
  build: {
    outDir: `${desktopDir}dist/renderer`,
    emptyOutDir: true,
    // The CSP forbids inline scripts; Chromium supports modulepreload natively, so no polyfill.
    modulePreload: { polyfill: false },
    // Maps only for development builds: the packaged app ships no source.
    sourcemap: mode === 'development',
    target: 'chrome130',
    rolldownOptions: {
      // Rolldown warns when plugins take much of a build's time, which on a busy 2-core machine is
      // most builds: advice for plugin authors that `npm run demo` would print among its
      // instructions, where a newcomer reads it as a fault.
      checks: { bundlerTimings: false },
      output: {
        // The document viewers (pdf.js, the TIFF decoder) are chunks of their own already, loaded
        // when a document is opened (documents/DocumentViewer). The libraries every screen is
        // built on get one too, so the app's own code has room to grow under Vite's 500 kB warning.
        codeSplitting: { groups: [{ name: 'react', test: /[\\/]node_modules[\\/](react|react-dom|scheduler|@tanstack)[\\/]/ }] },
      },
    },
  },
}));
