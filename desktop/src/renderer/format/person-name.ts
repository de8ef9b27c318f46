// Japanese names are written family name first, with a space between family and given name both in
// kanji and in the kana reading; English text keeps the same order (as Japanese documents do).
import type { PersonName } from '../../shared/desktop-api';

export function writtenName(name: PersonName): string {
  return [name.family, name.given].filter((part) => part !== '').join(' ');
}

export function kanaName(name: PersonName): string {
  return [name.familyKana, name.givenKana].filter((part) => part !== '').join(' ');
}
