// Carries DesktopApi calls from the window to the core. Every call is checked before the core
// sees it: it must come from the app's own window and page (not a frame or a page that got there
// somehow), name a method of DESKTOP_API_METHODS, and carry arguments of exactly the declared
// shape (core/renderer-boundary.ts, shared with the development bridge). Core events go back to
// the window.
//
// Three calls end here rather than in the core as they are: chooseWatchedFolder shows the native
// folder dialog (the core has no window) and hands the chosen folder to the core;
// saveAccessLogCsv hands the core the native save dialog to ask where; a dropped
// file's path arrives on its own channel, from the preload, and the core checks the file itself.
import { isAbsolute } from 'node:path';
import { dialog, ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { DesktopHost } from '../core/desktop-host';
import { DROPPED_FILE_PATH, asUserFacingError, checkArguments, invoke, isDesktopApiMethod } from '../core/renderer-boundary';
import type { DesktopApiMethod, Locale } from '../shared/desktop-api';
import { IPC_CALL, IPC_EVENT, IPC_STAGE_DROPPED_FILE, type IpcResult } from '../shared/ipc-channels';
import { isAppUrl } from './navigation-policy';

const REFUSED: IpcResult = {
  ok: false,
  error: {
    reason: 'IPC_REFUSED',
    message: { ja: 'この操作は受け付けられませんでした。アプリを再起動してください。', en: 'This request was refused. Restart the app.' },
  },
};

function fromAppWindow(event: IpcMainInvokeEvent, window: BrowserWindow): boolean {
  const frame = event.senderFrame;
  return event.sender === window.webContents && frame !== null && frame === window.webContents.mainFrame && isAppUrl(frame.url);
}

async function settle(what: string, run: () => Promise<unknown>): Promise<IpcResult> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    const detail = asUserFacingError(error);
    if (detail) return { ok: false, error: detail };
    console.error(`${what} failed`, error);
    return {
      ok: false,
      error: {
        reason: 'UNEXPECTED',
        message: { ja: '予期しないエラーが発生しました。アプリを再起動してください。', en: 'Something unexpected happened. Restart the app.' },
      },
    };
  }
}

/** The native folder dialog, over the app's window; then the core watches what was chosen. */
async function chooseWatchedFolder(api: DesktopHost, window: BrowserWindow, locale: Locale): Promise<unknown> {
  const current = await api.getWatchedFolder();
  const chosen = await dialog.showOpenDialog(window, {
    title: locale === 'ja' ? '監視フォルダーを選択' : 'Choose the watched folder',
    ...(current.path !== null && { defaultPath: current.path }),
    properties: ['openDirectory', 'createDirectory'],
  });
  const [folder] = chosen.filePaths;
  if (chosen.canceled || folder === undefined) return current;
  return api.setWatchedFolder(folder);
}

/** The native save dialog for a CSV, over the app's window; it asks before replacing a file. */
async function chooseSavePath(window: BrowserWindow, locale: Locale, suggestedName: string): Promise<string | null> {
  const chosen = await dialog.showSaveDialog(window, {
    title: locale === 'ja' ? 'アクセス記録をCSVで保存' : 'Save the access log as CSV',
    defaultPath: suggestedName,
    filters: [{ name: 'CSV', extensions: ['csv'] }],
    properties: ['showOverwriteConfirmation', 'createDirectory'],
  });
  return chosen.canceled || !chosen.filePath ? null : chosen.filePath;
}

export function registerIpc(api: DesktopHost, window: BrowserWindow, locale: Locale = 'ja'): () => void {
  ipcMain.handle(IPC_CALL, async (event, method: unknown, args: unknown): Promise<IpcResult> => {
    if (!fromAppWindow(event, window) || typeof method !== 'string' || !isDesktopApiMethod(method)) return REFUSED;
    const checked = checkArguments(method, { args });
    if (!checked.ok) return REFUSED;
    const name: DesktopApiMethod = method;
    if (name === 'chooseWatchedFolder') return settle(name, () => chooseWatchedFolder(api, window, locale));
    if (name === 'saveAccessLogCsv') {
      const [query] = checked.args as Parameters<DesktopHost['saveAccessLogCsvTo']>;
      return settle(name, () => api.saveAccessLogCsvTo(query, (suggestedName) => chooseSavePath(window, locale, suggestedName)));
    }
    if (name === 'saveFhirExport') {
      const [query] = checked.args as Parameters<DesktopHost['saveFhirExportTo']>;
      return settle(name, () => api.saveFhirExportTo(query, (suggestedName) => chooseSavePath(window, locale, suggestedName)));
    }
    return settle(name, () => invoke(api, name, checked.args));
  });
  ipcMain.handle(IPC_STAGE_DROPPED_FILE, async (event, path: unknown): Promise<IpcResult> => {
    if (!fromAppWindow(event, window)) return REFUSED;
    const checked = DROPPED_FILE_PATH.safeParse(path);
    if (!checked.success || !isAbsolute(checked.data)) return REFUSED;
    return settle('stageFile', () => api.stageFile(checked.data));
  });
  const stopEvents = api.onEvent((event) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENT, event);
  });
  return () => {
    ipcMain.removeHandler(IPC_CALL);
    ipcMain.removeHandler(IPC_STAGE_DROPPED_FILE);
    stopEvents();
  };
}
