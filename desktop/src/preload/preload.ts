// The preload: the only bridge between the sandboxed page and the app. It exposes one object,
// window.renkei, with a named function per DesktopApi method, stageDroppedFile and an event
// subscription; never ipcRenderer itself. Bundled to dist/preload/preload.cjs (a sandboxed
// preload may require only electron). A failed call rejects with a plain UserFacingError, which
// crosses the context bridge intact (an Error would lose its fields).
//
// A dropped file reaches the core by its path, which only this preload can learn from the File
// (webUtils.getPathForFile); the page never sees it. A File the page made up has no path, so a
// compromised page cannot name a file for the core to read.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import {
  DESKTOP_API_METHODS,
  type DesktopApi,
  type DesktopEvent,
  type DroppedFileStaging,
  type StagedFileView,
  type UserFacingError,
} from '../shared/desktop-api';
import { IPC_CALL, IPC_EVENT, IPC_STAGE_DROPPED_FILE, type IpcResult } from '../shared/ipc-channels';

function method(name: (typeof DESKTOP_API_METHODS)[number]) {
  return async (...args: unknown[]): Promise<unknown> => {
    const result = (await ipcRenderer.invoke(IPC_CALL, name, args)) as IpcResult;
    if (result.ok) return result.value;
    throw result.error;
  };
}

const api = Object.fromEntries(DESKTOP_API_METHODS.map((name) => [name, method(name)])) as unknown as Omit<DesktopApi, 'onEvent'>;

const NOT_A_FILE: UserFacingError = {
  reason: 'DROPPED_FILE_UNREADABLE',
  message: {
    ja: 'ドロップされたものをファイルとして読み取れません。エクスプローラーなどから、PCに保存されたファイルをドロップしてください。',
    en: 'What was dropped cannot be read as a file. Drop a file saved on this PC, from Explorer or a similar window.',
  },
};

async function stageDroppedFile(file: unknown): Promise<StagedFileView> {
  let path = '';
  try {
    path = webUtils.getPathForFile(file as File);
  } catch {
    // not a File at all
  }
  if (!path) throw NOT_A_FILE;
  const result = (await ipcRenderer.invoke(IPC_STAGE_DROPPED_FILE, path)) as IpcResult;
  if (result.ok) return result.value as StagedFileView;
  throw result.error;
}

const renkei: DesktopApi & DroppedFileStaging = {
  ...api,
  stageDroppedFile,
  onEvent(listener: (event: DesktopEvent) => void): () => void {
    const forward = (_event: IpcRendererEvent, event: DesktopEvent) => listener(event);
    ipcRenderer.on(IPC_EVENT, forward);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, forward);
    };
  },
};

contextBridge.exposeInMainWorld('renkei', renkei);
