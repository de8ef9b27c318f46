// The chosen language and its messages, for every screen below the provider.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Locale } from '../../shared/desktop-api';
import { readLocalePreference, writeLocalePreference } from './locale-preference';
import { MESSAGES, type Messages } from './messages';

interface LocaleContextValue {
  locale: Locale;
  t: Messages;
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
  const value = useMemo(() => ({ locale, t: MESSAGES[locale], setLocale }), [locale, setLocale]);
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

export function useLocale(): LocaleContextValue {
  const value = useContext(LocaleContext);
  if (!value) throw new Error('useLocale outside LocaleProvider');
  return value;
}
