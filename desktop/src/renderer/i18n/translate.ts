// FormatJS formats the ICU messages (plural rules, numbers) for one language; `translatorOf` gives the
// screens a typed `t(key, values)` over it. Dates inside messages are formatted by the callers with
// @renkei/proto/calendar, and FormatJS itself is told the zone is Japan's, so nothing falls back to
// the PC's zone.
import { createIntl, createIntlCache, type IntlConfig, type IntlShape } from 'react-intl';
import { JAPAN_TIME_ZONE } from '@renkei/proto/calendar';
import type { Locale } from '../../shared/desktop-api';
import { MESSAGES, type MessageKey, type Translate } from './messages';

/**
 * Every message exists in both languages (the catalogue's types and test see to that), so an error
 * here is a key or an argument the catalogue lacks: it is logged as an error, which the screen specs
 * treat as a failure, and the screen shows the key rather than nothing.
 */
function reportMessageError(error: Error): void {
  console.error(`Message error: ${error.message}`);
}

export function intlConfigFor(locale: Locale): IntlConfig {
  return {
    locale,
    defaultLocale: 'ja',
    messages: MESSAGES[locale],
    timeZone: JAPAN_TIME_ZONE,
    onError: reportMessageError,
  };
}

export function translatorOf(intl: IntlShape): Translate {
  return (key: MessageKey, ...values: [Record<string, string | number>?]) => intl.formatMessage({ id: key }, values[0]);
}

const cache = createIntlCache();
const translators = new Map<Locale, Translate>();

/** `t` outside React (status texts, errors the screens make themselves) for either language. */
export function translatorFor(locale: Locale): Translate {
  let translator = translators.get(locale);
  if (!translator) {
    translator = translatorOf(createIntl(intlConfigFor(locale), cache));
    translators.set(locale, translator);
  }
  return translator;
}
