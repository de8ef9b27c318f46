import { describe, expect, it } from 'vitest';
import { readLocalePreference, writeLocalePreference } from '../../src/renderer/i18n/locale-preference';
import { MESSAGES } from '../../src/renderer/i18n/messages';

describe('messages', () => {
  it('has every message in both languages, none empty', () => {
    expect(Object.keys(MESSAGES.en).sort()).toEqual(Object.keys(MESSAGES.ja).sort());
    for (const locale of ['ja', 'en'] as const) {
      for (const [key, message] of Object.entries(MESSAGES[locale])) {
        const text = typeof message === 'function' ? (message as (...a: unknown[]) => string)('X', 1, 2) : message;
        expect(text.trim(), `${locale}.${key}`).not.toBe('');
      }
    }
  });
});

describe('the remembered language', () => {
  const memoryStore = () => {
    const items = new Map<string, string>();
    return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v) };
  };

  it('is Japanese until English is chosen, and stays chosen', () => {
    const store = memoryStore();
    expect(readLocalePreference(store)).toBe('ja');
    writeLocalePreference(store, 'en');
    expect(readLocalePreference(store)).toBe('en');
    writeLocalePreference(store, 'ja');
    expect(readLocalePreference(store)).toBe('ja');
  });

  it('falls back to Japanese when storage holds nonsense or cannot be used', () => {
    expect(readLocalePreference({ getItem: () => 'fr', setItem: () => {} })).toBe('ja');
    const broken = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(readLocalePreference(broken)).toBe('ja');
    expect(() => writeLocalePreference(broken, 'en')).not.toThrow();
    expect(readLocalePreference(null)).toBe('ja');
  });
});
