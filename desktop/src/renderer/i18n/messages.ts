// Every word the screens show, in Japanese (the clinic's language, and the default) and English, as
// ICU messages in one folder per language (ja/, en/), one file per feature. The keys and the
// arguments of each message are read from the Japanese text at compile time, so a mistyped key or a
// missing argument does not compile; the English files must have the same keys (checked per feature)
// and the same arguments (checked by test/renderer/messages.test.ts).
import type { Locale } from '../../shared/desktop-api';
import { en } from './en';
import { ja } from './ja';

export type MessageKey = keyof typeof ja;

type IdentifierCharacter =
  | 'a'
  | 'b'
  | 'c'
  | 'd'
  | 'e'
  | 'f'
  | 'g'
  | 'h'
  | 'i'
  | 'j'
  | 'k'
  | 'l'
  | 'm'
  | 'n'
  | 'o'
  | 'p'
  | 'q'
  | 'r'
  | 's'
  | 't'
  | 'u'
  | 'v'
  | 'w'
  | 'x'
  | 'y'
  | 'z'
  | 'A'
  | 'B'
  | 'C'
  | 'D'
  | 'E'
  | 'F'
  | 'G'
  | 'H'
  | 'I'
  | 'J'
  | 'K'
  | 'L'
  | 'M'
  | 'N'
  | 'O'
  | 'P'
  | 'Q'
  | 'R'
  | 'S'
  | 'T'
  | 'U'
  | 'V'
  | 'W'
  | 'X'
  | 'Y'
  | 'Z'
  | '0'
  | '1'
  | '2'
  | '3'
  | '4'
  | '5'
  | '6'
  | '7'
  | '8'
  | '9'
  | '_';
type IsIdentifier<S extends string> = S extends `${IdentifierCharacter}${infer Rest}` ? (Rest extends '' ? true : IsIdentifier<Rest>) : false;

/**
 * One `{…}` of a message as [argument, value type]: `{name}` takes text or a number, `{count, plural, …}`
 * a number. The inside of a plural branch (`{# days}`, `{期限切れ}`) is not a name, so it is skipped.
 */
type Placeholder<Inside extends string> = Inside extends `${infer Name}, ${'plural' | 'selectordinal' | 'number'}${string}`
  ? IsIdentifier<Name> extends true
    ? [Name, number]
    : never
  : Inside extends `${infer Name}, select${string}`
    ? IsIdentifier<Name> extends true
      ? [Name, string]
      : never
    : IsIdentifier<Inside> extends true
      ? [Inside, string | number]
      : never;
type Placeholders<S extends string> = S extends `${string}{${infer Inside}}${infer Rest}` ? Placeholder<Inside> | Placeholders<Rest> : never;

/** The arguments a message takes, named as in its ICU text. */
export type MessageValues<K extends MessageKey> = { [P in Placeholders<(typeof ja)[K]> as P[0]]: P[1] };

/** Says a message in the current language: `t('notesSelected', { count: 3 })`; no values when it takes none. */
export type Translate = <K extends MessageKey>(key: K, ...values: keyof MessageValues<K> extends never ? [] : [values: MessageValues<K>]) => string;

export const MESSAGES: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = { ja, en };

/** The other language's name is written in that language, so a user who cannot read one finds the other. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = { ja: '日本語', en: 'English' };

/**
 * English labels are written as headings (“Visiting nursing instruction”); inside a sentence they are
 * lower case (“a visiting nursing instruction may run until …”). ICU cannot change case, so the
 * screen passes the label already in sentence form. Japanese has no case.
 */
export function labelInSentence(label: string, locale: Locale): string {
  return locale === 'en' ? label.toLowerCase() : label;
}
