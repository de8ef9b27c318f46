// The IPC channels between preload and main. Calls return an envelope rather than throwing,
// because Electron reduces an error thrown by a handler to its message.
import type { UserFacingError } from './desktop-api';

export const IPC_CALL = 'renkei:call';
export const IPC_EVENT = 'renkei:event';
/** A dropped file's path, as the preload resolved it from the File (webUtils.getPathForFile): nothing else. */
export const IPC_STAGE_DROPPED_FILE = 'renkei:stage-dropped-file';

export type IpcResult = { ok: true; value: unknown } | { ok: false; error: UserFacingError };
