// Where the screens get their DesktopApi. In the app, Electron's preload exposes it as
// window.renkei; in a plain browser (development, Playwright) the page was served by the
// development bridge, which carries the same calls to a core running in Node.
import type { DesktopApi } from '../../shared/desktop-api';
import { connectDevBridge } from './dev-bridge-client';

declare global {
  interface Window {
    renkei?: DesktopApi;
  }
}

export function desktopApiForThisWindow(): DesktopApi {
  if (window.renkei !== undefined) return window.renkei;
  return connectDevBridge(new URL('./', window.location.href));
}
