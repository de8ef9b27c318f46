// How a DesktopApi call fails: with a UserFacingError the screen can show as is. It crosses
// Electron IPC and the development bridge as plain data and is rebuilt on the other side.
import type { UserFacingError } from './desktop-api';

export class DesktopApiError extends Error {
  override name = 'DesktopApiError';
  constructor(readonly detail: UserFacingError) {
    super(detail.message.en);
  }
}

export function isUserFacingError(value: unknown): value is UserFacingError {
  const v = value as UserFacingError | null;
  return typeof v?.reason === 'string' && typeof v.message?.ja === 'string' && typeof v.message?.en === 'string';
}
