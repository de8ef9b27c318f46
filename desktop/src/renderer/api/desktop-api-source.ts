// Where the screens get their DesktopApi. In the app, Electron's preload exposes it as
// window.renkei; in a plain browser (development, Playwright) the page was served by the
// development bridge, which carries the same calls to a core running in Node.
// Either way the screens also get stageDroppedFile, to hand a dropped file to the core.
import type { DesktopApi, DroppedFileStaging } from '../../shared/desktop-api';
import { connectDevBridge } from './dev-bridge-client';

declare global {
  interface Window {
    renkei?: DesktopApi & DroppedFileStaging;
  }
}

export function desktopApiForThisWindow(): DesktopApi & DroppedFileStaging {
  if (window.renkei !== undefined) return window.renkei;
  return connectDevBridge(new URL('./', window.location.href));
}
