// Carries DesktopApi calls from the window to the core. Every call is checked before the core
// sees it: it must come from the app's own window and page (not a frame or a page that got there
// somehow), name a method of DESKTOP_API_METHODS, and carry arguments of exactly the declared
// shape (core/renderer-boundary.ts, shared with the development bridge). Core events go back to
// the window.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { asUserFacingError, checkArguments, invoke, isDesktopApiMethod } from '../core/renderer-boundary';
import type { DesktopApi } from '../shared/desktop-api';
import { IPC_CALL, IPC_EVENT, type IpcResult } from '../shared/ipc-channels';
import { isAppUrl } from './navigation-policy';

const REFUSED: IpcResult = {
  ok: false,
  error: { reason: 'IPC_REFUSED', message: { ja: 'この操作は受け付けられませんでした。アプリを再起動してください。', en: 'This request was refused. Restart the app.' } },
};

function fromAppWindow(event: IpcMainInvokeEvent, window: BrowserWindow): boolean {
  const frame = event.senderFrame;
  return event.sender === window.webContents && frame !== null && frame === window.webContents.mainFrame && isAppUrl(frame.url);
}

export function registerIpc(api: DesktopApi, window: BrowserWindow): () => void {
  ipcMain.handle(IPC_CALL, async (event, method: unknown, args: unknown): Promise<IpcResult> => {
    if (!fromAppWindow(event, window) || typeof method !== 'string' || !isDesktopApiMethod(method)) return REFUSED;
    const checked = checkArguments(method, { args });
    if (!checked.ok) return REFUSED;
    try {
      return { ok: true, value: await invoke(api, method, checked.args) };
    } catch (error) {
      const detail = asUserFacingError(error);
      if (detail) return { ok: false, error: detail };
      console.error(`${method} failed`, error);
      return { ok: false, error: { reason: 'UNEXPECTED', message: { ja: '予期しないエラーが発生しました。アプリを再起動してください。', en: 'Something unexpected happened. Restart the app.' } } };
    }
  });
  const stopEvents = api.onEvent((event) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENT, event);
  });
  return () => {
    ipcMain.removeHandler(IPC_CALL);
    stopEvents();
  };
}
