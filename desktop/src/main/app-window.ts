// The one app window, hardened as Signal Desktop hardens its windows: context isolation, the
// sandbox, no Node in the page, no navigation away from the app, no new windows, no webviews, no
// permissions (camera, notifications…), and external links only to vetted https addresses, in
// the system browser. It reopens where the user left it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BrowserWindow, screen, shell } from 'electron';
import { APP_ENTRY, isAppUrl, isVettedExternalUrl } from './navigation-policy';
import { MINIMUM_SIZE, parsePlacement, placeWindow, type WindowPlacement } from './window-bounds';

export interface AppWindowOptions {
  preloadPath: string;
  /** Where the window's size and place are remembered. */
  stateFile: string;
  title: string;
}

function savedPlacement(stateFile: string): WindowPlacement | undefined {
  return existsSync(stateFile) ? parsePlacement(readFileSync(stateFile, 'utf8')) : undefined;
}

export function createAppWindow(options: AppWindowOptions): BrowserWindow {
  const workAreas = [screen.getPrimaryDisplay(), ...screen.getAllDisplays()].map((d) => d.workArea);
  const placement = placeWindow(savedPlacement(options.stateFile), workAreas);
  const window = new BrowserWindow({
    x: placement.x,
    y: placement.y,
    width: placement.width,
    height: placement.height,
    minWidth: MINIMUM_SIZE.width,
    minHeight: MINIMUM_SIZE.height,
    title: options.title,
    show: false,
    backgroundColor: '#f3f5f8',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      // A middle click (auxclick) on a link would open it in a new window, past will-navigate.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      devTools: !process.env.RENKEI_PACKAGED,
    },
  });
  if (placement.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());

  const contents = window.webContents;
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isVettedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });

  const remember = () => {
    const bounds = window.isMaximized() ? window.getNormalBounds() : window.getBounds();
    writeFileSync(options.stateFile, JSON.stringify({ ...bounds, maximized: window.isMaximized() }));
  };
  window.on('close', remember);

  void window.loadURL(APP_ENTRY);
  return window;
}

export function windowStateFile(userDataDir: string): string {
  return join(userDataDir, 'window-state.json');
}
