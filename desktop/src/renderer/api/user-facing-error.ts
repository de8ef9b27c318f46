// Whatever a DesktopApi call rejects with, the screens show words a clinic user can act on. The
// core rejects with DesktopApiError (rebuilt on this side of IPC or the bridge); anything else (a
// bug, a lost bridge) becomes a generic message rather than a stack trace.
import { useMemo } from 'react';
import type { Locale, UserFacingError } from '../../shared/desktop-api';
import { DesktopApiError, isUserFacingError } from '../../shared/desktop-api-error';
import { translatorFor } from '../i18n/translate';

export function toUserFacingError(thrown: unknown): UserFacingError {
  if (thrown instanceof DesktopApiError) return thrown.detail;
  if (isUserFacingError(thrown)) return thrown;
  console.error(thrown);
  return { reason: 'UNEXPECTED', message: { ja: translatorFor('ja')('unexpectedError'), en: translatorFor('en')('unexpectedError') } };
}

/** A failed read's error as words, converted (and an unexpected one logged) once, not per render. */
export function useUserFacingError(error: unknown): UserFacingError | null {
  return useMemo(() => (error === null || error === undefined ? null : toUserFacingError(error)), [error]);
}

// The core's words for "the server could not be reached" (it answers so when the call could not get
// through, or it knew not to try): the screens then show what is saved. Any other reason is the
// server's refusal, said as it is, never as offline.
const OFFLINE_REASONS: ReadonlySet<string> = new Set(['SERVER_UNREACHABLE', 'CHART_NEEDS_CONNECTION']);

export function isOfflineError(error: UserFacingError): boolean {
  return OFFLINE_REASONS.has(error.reason);
}

// Servers name fields as in the proto (login_id) while forms use the API's names (loginId).
function fieldKey(name: string): string {
  return name.replace(/[^a-z0-9]/gi, '').toLowerCase();
}

/** What the server found wrong with one form field, in the user's language, if it named that field. */
export function fieldProblem(error: UserFacingError | null, field: string, locale: Locale): string | null {
  const key = fieldKey(field);
  return error?.fields?.find((f) => fieldKey(f.field) === key || fieldKey(f.field).endsWith(key))?.message[locale] ?? null;
}
