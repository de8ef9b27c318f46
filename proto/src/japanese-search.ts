// How a patient name is matched when a clinician types part of it. Server and desktop cache must
// agree, so the rule lives here once.
//
// A query matches when, after normalisation, it is a substring of the kanji name or of the kana
// reading. Normalisation makes the match insensitive to:
//   - full/half width (ﾔﾏﾀﾞ = ヤマダ, ＡＢＣ = abc) and compatibility forms: Unicode NFKC;
//   - hiragana/katakana (やまだ = ヤマダ): katakana are folded to hiragana;
//   - spaces, including the ideographic space, and the middle dot used between names;
//   - the old or variant kanji common in registered names (髙橋 = 高橋, 山﨑 = 山崎), which
//     clinicians type in their common form.

/** Old and variant forms (旧字体・異体字) frequent in Japanese family names, to their common forms. */
const NAME_KANJI_VARIANTS: Readonly<Record<string, string>> = {
  髙: '高',
  﨑: '崎',
  嵜: '崎',
  邊: '辺',
  邉: '辺',
  濵: '浜',
  濱: '浜',
  澤: '沢',
  嶋: '島',
  嶌: '島',
  廣: '広',
  齋: '斎',
  齊: '斉',
  國: '国',
  櫻: '桜',
  瀨: '瀬',
  眞: '真',
  惠: '恵',
  壽: '寿',
  關: '関',
  淺: '浅',
  藏: '蔵',
  冨: '富',
  德: '徳',
  龍: '竜',
  實: '実',
  榮: '栄',
  𠮷: '吉',
};

const KATAKANA_START = 0x30a1; // ァ
const KATAKANA_END = 0x30f6; // ヶ
const KATAKANA_TO_HIRAGANA = 0x60;

export function normalizeForSearch(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFKC').toLowerCase()) {
    if (/[\s・]/u.test(ch)) continue;
    const code = ch.codePointAt(0)!;
    if (code >= KATAKANA_START && code <= KATAKANA_END) {
      out += String.fromCodePoint(code - KATAKANA_TO_HIRAGANA);
    } else if (ch === 'ヽ' || ch === 'ヾ') {
      out += ch === 'ヽ' ? 'ゝ' : 'ゞ';
    } else {
      out += NAME_KANJI_VARIANTS[ch] ?? ch;
    }
  }
  return out;
}

interface SearchableName {
  family: string;
  given: string;
  familyKana: string;
  givenKana: string;
}

/** The two strings a query is matched against: the name as written and its reading. */
export function searchKeysOf(name: SearchableName): { written: string; reading: string } {
  return {
    written: normalizeForSearch(name.family + name.given),
    reading: normalizeForSearch(name.familyKana + name.givenKana),
  };
}

export function nameMatches(name: SearchableName, query: string): boolean {
  const needle = normalizeForSearch(query);
  if (needle === '') return false;
  const keys = searchKeysOf(name);
  return keys.written.includes(needle) || keys.reading.includes(needle);
}

/** Kana readings are stored in katakana (as on insurance cards): convert what the user typed. */
export function toKatakana(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFKC')) {
    const code = ch.codePointAt(0)!;
    out +=
      code >= KATAKANA_START - KATAKANA_TO_HIRAGANA && code <= KATAKANA_END - KATAKANA_TO_HIRAGANA ? String.fromCodePoint(code + KATAKANA_TO_HIRAGANA) : ch;
  }
  return out;
}

/** True when a reading contains only kana, the long-vowel mark and spaces. */
export function isKanaReading(text: string): boolean {
  return /^[\p{Script=Hiragana}\p{Script=Katakana}ー・\s　]+$/u.test(text.normalize('NFKC'));
}
