// A problem the screens find themselves (offline, no right to file), in the same shape as the
// core's errors, so it is shown the same way and follows a language switch.
import type { UserFacingError } from '../../../shared/desktop-api';
import type { MessageKey, MessageValues } from '../../i18n/messages';
import { translatorFor } from '../../i18n/translate';

/** For messages without arguments: a local error's words are fixed when it is made, in both languages. */
type PlainMessageKey = { [K in MessageKey]: keyof MessageValues<K> extends never ? K : never }[MessageKey];

export function localError(reason: string, message: PlainMessageKey): UserFacingError {
  return { reason, message: { ja: translatorFor('ja')(message), en: translatorFor('en')(message) } };
}
