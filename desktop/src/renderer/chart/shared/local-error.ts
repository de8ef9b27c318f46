// A problem the screens find themselves (offline, no right to file), in the same shape as the
// core's errors, so it is shown the same way and follows a language switch.
import type { UserFacingError } from '../../../shared/desktop-api';
import { MESSAGES, type Messages } from '../../i18n/messages';

export function localError(reason: string, pick: (messages: Messages) => string): UserFacingError {
  return { reason, message: { ja: pick(MESSAGES.ja), en: pick(MESSAGES.en) } };
}
