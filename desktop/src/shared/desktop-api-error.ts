// How a DesktopApi call fails: with a UserFacingError the screen can show as is. It crosses
// Electron IPC and the development bridge as plain data and is rebuilt on the other side.
import type { UserFacingError } from './desktop-api';

export class DesktopApiError extends Error {
  override name = 'DesktopApiError';
  constructor(readonly detail: UserFacingError) {
    super(detail.message.en);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function isUserFacingError(value: unknown): value is UserFacingError {
  if (!isRecord(value) || typeof value.reason !== 'string' || !isRecord(value.message)) return false;
  if (typeof value.message.ja !== 'string' || typeof value.message.en !== 'string') return false;
  return (
    value.fields === undefined ||
    (Array.isArray(value.fields) &&
      value.fields.every(
        (f) =>
          isRecord(f) &&
          typeof f.field === 'string' &&
          typeof f.reason === 'string' &&
          isRecord(f.message) &&
          typeof f.message.ja === 'string' &&
          typeof f.message.en === 'string',
      ))
  );
}
