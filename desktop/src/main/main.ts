// The Electron main process: a thin adapter. It starts the desktop core (src/core, plain Node),
// opens one hardened window serving the screens, carries DesktopApi calls and events between
// them over IPC, and shows the tunnel's state in the tray. Everything else is in the core.
//
// Bundled to dist/main/main.cjs (scripts/build-electron.mjs). Development and demo overrides:
//   RENKEI_DATA_DIR            the app's data directory (default: Electron's userData)
//   RENKEI_TUNNEL_SOCKET       the tunnel service's socket (default: /run/renkei/tunnel.sock)
//   RENKEI_NO_TUNNEL_SERVICE=1 run without the tunnel service (the demo on machines without root)
import { join } from 'node:path';
import { app, session, type BrowserWindow } from 'electron';
import { RenkeiCore } from '../core/renkei-core';
import { DEFAULT_TUNNEL_SOCKET, TunnelServiceClient } from '../core/tunnel/tunnel-client';
import type { Locale } from '../shared/desktop-api';
import { installAppMenu } from './app-menu';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { createAppTray } from './app-tray';
import { createAppWindow, windowStateFile } from './app-window';
import { registerIpc } from './ipc-handlers';
import { showTimelineAlerts } from './timeline-alerts';
import { windowTitle } from './tray-status';

// dist/, where the bundles, the renderer and the .proto files are (scripts/build-electron.mjs).
const distDir = join(__dirname, '..');

// Every renderer is sandboxed, whatever a window asks for.
app.enableSandbox();
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  // The app already runs: it is brought to the front (below) and this copy leaves.
  app.quit();
} else {
  void start();
}

async function start(): Promise<void> {
  await app.whenReady();
  const locale: Locale = app.getLocale().startsWith('ja') ? 'ja' : 'en';
  const dataDir = process.env.RENKEI_DATA_DIR ?? app.getPath('userData');
  const tunnel =
    process.env.RENKEI_NO_TUNNEL_SERVICE === '1' ? null : new TunnelServiceClient({ socketPath: process.env.RENKEI_TUNNEL_SOCKET ?? DEFAULT_TUNNEL_SOCKET });
  const core = await RenkeiCore.start({ dataDir, tunnel });

  serveRenderer(join(distDir, 'renderer'));
  installAppMenu(locale, !app.isPackaged, () => void core.lockScreen().catch(() => undefined));
  denyPermissionsAndNetwork();

  let window: BrowserWindow | undefined = createAppWindow({
    preloadPath: join(distDir, 'preload', 'preload.cjs'),
    stateFile: windowStateFile(dataDir),
    title: 'Renkei（連携）',
  });
  const stopIpc = registerIpc(core, window, locale);
  // The page's title (a document's while printing) never becomes the window's; locked, it says so.
  window.on('page-title-updated', (event) => event.preventDefault());
  const stopTitle = core.onEvent((event) => {
    if (event.type === 'status') window?.setTitle(windowTitle(event.status, locale));
  });
  void core.getStatus().then((status) => window?.setTitle(windowTitle(status, locale)));
  const stopTray = createAppTray(
    core,
    () => window,
    locale,
    () => app.quit(),
  );
  const stopAlerts = showTimelineAlerts(core, () => window);
  window.on('closed', () => {
    window = undefined;
    app.quit();
  });
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  });
  app.on('will-quit', (event) => {
    event.preventDefault();
    stopIpc();
    stopTitle();
    stopTray();
    stopAlerts();
    void core.stop().finally(() => app.exit(0));
  });
}

/** The page asks for nothing and reaches nothing on the network: all data comes through IPC. */
function denyPermissionsAndNetwork(): void {
  const defaultSession = session.defaultSession;
  defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  defaultSession.setPermissionCheckHandler(() => false);
  defaultSession.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (_details, callback) =>
    callback({ cancel: true }),
  );
}
