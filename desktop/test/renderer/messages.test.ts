import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { readLocalePreference, writeLocalePreference } from '../../src/renderer/i18n/locale-preference';
import { MESSAGES, type MessageKey } from '../../src/renderer/i18n/messages';
import { translatorFor } from '../../src/renderer/i18n/translate';

/** The arguments a message uses, wherever they sit (inside plural branches too), with their kinds. */
function argumentsOf(elements: MessageFormatElement[], found = new Map<string, string>()): Map<string, string> {
  for (const element of elements) {
    if (element.type === TYPE.literal || element.type === TYPE.pound) continue;
    found.set(element.value, TYPE[element.type]);
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      for (const option of Object.values(element.options)) argumentsOf(option.value, found);
    }
    if (element.type === TYPE.tag) argumentsOf(element.children, found);
  }
  return found;
}

const keys = Object.keys(MESSAGES.ja) as MessageKey[];

describe('the message catalogue', () => {
  it('has the same keys in Japanese and English', () => {
    expect(Object.keys(MESSAGES.en).sort()).toEqual([...keys].sort());
  });

  it('parses every message, none empty', () => {
    for (const locale of ['ja', 'en'] as const) {
      for (const key of keys) {
        const text = MESSAGES[locale][key];
        expect(text.trim(), `${locale}.${key}`).not.toBe('');
        expect(() => parse(text), `${locale}.${key}: ${text}`).not.toThrow();
      }
    }
  });

  it('spells katakana loanwords one way: フォルダー (JIS Z 8301, as Windows says it), never フォルダ', () => {
    const offending = keys.filter((key) => /フォルダ(?!ー)/u.test(MESSAGES.ja[key]));
    expect(offending).toEqual([]);
  });

  it('gives each message the same arguments in both languages', () => {
    for (const key of keys) {
      const ja = argumentsOf(parse(MESSAGES.ja[key]));
      const en = argumentsOf(parse(MESSAGES.en[key]));
      // Japanese counts without plural forms, so a count is a plain argument there and a plural in English.
      expect([...en.keys()].sort(), key).toEqual([...ja.keys()].sort());
    }
  });

  it('writes counts by each language’s plural rules, not by hand', () => {
    const en = translatorFor('en');
    const ja = translatorFor('ja');
    expect(en('patientCount', { count: 1 })).toBe('1 patient');
    expect(en('patientCount', { count: 2 })).toBe('2 patients');
    expect(en('patientCount', { count: 0 })).toBe('0 patients');
    expect(ja('patientCount', { count: 1 })).toBe('1名');
    expect(en('instructionExpired', { days: 0 })).toBe('Expired');
    expect(en('instructionExpired', { days: 1 })).toBe('Expired 1 day ago');
    expect(en('instructionExpired', { days: 3 })).toBe('Expired 3 days ago');
    expect(ja('instructionExpired', { days: 0 })).toBe('期限切れ');
    expect(ja('instructionExpired', { days: 3 })).toBe('期限切れ（3日経過）');
    expect(en('pasteToFormTitle', { count: 1 })).toBe('Paste 1 note into a form');
    expect(en('filesWaiting', { count: 2 })).toBe('2 more files are waiting');
  });

  it('leaves no hand-written English plural in the catalogue', () => {
    for (const key of keys) expect(MESSAGES.en[key], key).not.toMatch(/=== ?1|\(s\)/);
  });

  it('says a message with its arguments filled in, in each language', () => {
    expect(translatorFor('ja')('mergeVersions', { base: 2, theirs: 3, name: '佐藤', time: '11/20 14:35' })).toBe(
      'あなたは第2版を編集していました。佐藤さんが 11/20 14:35 に第3版を保存しています。',
    );
    expect(translatorFor('en')('noPatientsMatch', { query: 'やまだ' })).toBe('No patient matches “やまだ”.');
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
