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
  },
}));
