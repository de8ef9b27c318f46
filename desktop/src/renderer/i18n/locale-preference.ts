// The language a user chose is remembered on this PC. Japanese unless English was chosen: a stale
// or tampered value must never leave the screens without a language.
import type { Locale } from '../../shared/desktop-api';

const STORAGE_KEY = 'renkei.locale';

type PreferenceStore = Pick<Storage, 'getItem' | 'setItem'>;

export function readLocalePreference(store: PreferenceStore | null): Locale {
  try {
    return store?.getItem(STORAGE_KEY) === 'en' ? 'en' : 'ja';
  } catch {
    return 'ja';
  }
}

export function writeLocalePreference(store: PreferenceStore | null, locale: Locale): void {
  try {
    store?.setItem(STORAGE_KEY, locale);
  } catch {
    // Storage can be unavailable (disabled, full); the choice then lasts for this window only.
  }
}
