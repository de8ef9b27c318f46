// The preload: the only bridge between the sandboxed page and the app. It exposes one object,
// window.renkei, with a named function per DesktopApi method and an event subscription; never
// ipcRenderer itself. Bundled to dist/preload/preload.cjs (a sandboxed preload may require only
// electron). A failed call rejects with a plain UserFacingError, which crosses the context
// bridge intact (an Error would lose its fields).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { DESKTOP_API_METHODS, type DesktopApi, type DesktopEvent } from '../shared/desktop-api';
import { IPC_CALL, IPC_EVENT, type IpcResult } from '../shared/ipc-channels';

function method(name: (typeof DESKTOP_API_METHODS)[number]) {
  return async (...args: unknown[]): Promise<unknown> => {
    const result = (await ipcRenderer.invoke(IPC_CALL, name, args)) as IpcResult;
    if (result.ok) return result.value;
    throw result.error;
  };
}

const api = Object.fromEntries(DESKTOP_API_METHODS.map((name) => [name, method(name)])) as unknown as Omit<DesktopApi, 'onEvent'>;

const renkei: DesktopApi = {
  ...api,
  onEvent(listener: (event: DesktopEvent) => void): () => void {
    const forward = (_event: IpcRendererEvent, event: DesktopEvent) => listener(event);
    ipcRenderer.on(IPC_EVENT, forward);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, forward);
    };
  },
};

contextBridge.exposeInMainWorld('renkei', renkei);
