// The chosen language for every screen below the provider, and its messages through FormatJS.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { IntlProvider, useIntl } from 'react-intl';
import type { Locale } from '../../shared/desktop-api';
import { readLocalePreference, writeLocalePreference } from './locale-preference';
import type { Translate } from './messages';
import { intlConfigFor, translatorOf } from './translate';

interface LocaleContextValue {
  locale: Locale;
  setLocale(locale: Locale): void;
}

const LocaleContext = createContext<LocaleContextValue | null>(null);

function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => readLocalePreference(browserStorage()));
  useEffect(() => {
    // lang picks Japanese glyph forms in CJK fonts and the right voice for screen readers.
    document.documentElement.lang = locale;
  }, [locale]);
  const setLocale = useCallback((next: Locale) => {
    writeLocalePreference(browserStorage(), next);
    setLocaleState(next);
  }, []);
  const value = useMemo(() => ({ locale, setLocale }), [locale, setLocale]);
  return (
    <LocaleContext.Provider value={value}>
      <IntlProvider {...intlConfigFor(locale)}>{children}</IntlProvider>
    </LocaleContext.Provider>
  );
}

export function useLocale(): LocaleContextValue {
  const value = useContext(LocaleContext);
  if (!value) throw new Error('useLocale outside LocaleProvider');
  return value;
}

/** The messages of the chosen language: `const t = useMessages(); t('loading')`. */
export function useMessages(): Translate {
  const intl = useIntl();
  return useMemo(() => translatorOf(intl), [intl]);
}
