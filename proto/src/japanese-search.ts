// How a patient name is matched when a clinician types part of it. Server and desktop cache must
// agree, so the rule lives here once.
//
// A query matches when, after normalisation, it is a substring of the kanji name or of the kana
// reading. Normalisation makes the match insensitive to:
//   - full/half width (ﾔﾏﾀﾞ = ヤマダ, ＡＢＣ = abc) and compatibility forms: Unicode NFKC;
//   - hiragana/katakana (やまだ = ヤマダ): katakana are folded to hiragana;
//   - spaces, including the ideographic space, and the middle dot used between names;
//   - the old or variant kanji common in registered names (髙橋 = 高橋, 山﨑 = 山崎), which
//     clinicians type in their common form;
//   - voicing marks (dakuten/handakuten: すし = ズシ, くろぎ = クロキ, はんだ = パンダ) and small kana
//     (きよ = きょ, つ = っ), and the ways a long vowel is written (こおろぎ = コウロギ = こーろぎ,
//     ゆうこ = ユーコ), as JP Core's string-search guidance allows for kana: a caller who heard a
//     name on the phone does not know how its reading was registered.
// Folding only ever widens what matches; the ordering puts names that start with the query first.

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

/** Small kana (小書き文字) to their full-size forms: きょ is searched as きよ, っ as つ. */
const SMALL_KANA: Readonly<Record<string, string>> = {
  ぁ: 'あ',
  ぃ: 'い',
  ぅ: 'う',
  ぇ: 'え',
  ぉ: 'お',
  っ: 'つ',
  ゃ: 'や',
  ゅ: 'ゆ',
  ょ: 'よ',
  ゎ: 'わ',
  ゕ: 'か',
  ゖ: 'け',
};

/** Kana no longer in use, to the ones that replaced them in readings (ゐ → い, ゑ → え). */
const OBSOLETE_KANA: Readonly<Record<string, string>> = { ゐ: 'い', ゑ: 'え' };

/** The vowel each unvoiced, full-size hiragana ends in (ん has none). */
const VOWEL_OF: ReadonlyMap<string, string> = (() => {
  const rows: Record<string, string> = {
    あ: 'あかさたなはまやらわ',
    い: 'いきしちにひみり',
    う: 'うくすつぬふむゆる',
    え: 'えけせてねへめれ',
    お: 'おこそとのほもよろを',
  };
  const map = new Map<string, string>();
  for (const [vowel, kana] of Object.entries(rows)) for (const k of kana) map.set(k, vowel);
  return map;
})();

/**
 * A long vowel written any of its usual ways, to one form: ー after a kana becomes the vowel it
 * lengthens (ユーコ → ゆうこ), with お- and え-sounds written as they are in readings (こー → こう,
 * けー → けい); おお after an お-sound is folded with おう (こおろぎ = こうろぎ) and ええ with えい
 * (ねえ = ねい), as each pair is pronounced, and typed, alike.
 */
function foldLongVowel(previous: string | undefined, ch: string): string {
  const vowel = previous === undefined ? undefined : VOWEL_OF.get(previous);
  if (ch === 'ー') {
    if (vowel === undefined) return '';
    return vowel === 'お' ? 'う' : vowel === 'え' ? 'い' : vowel;
  }
  if (ch === 'お' && vowel === 'お') return 'う';
  if (ch === 'え' && vowel === 'え') return 'い';
  return ch;
}

export function normalizeForSearch(text: string): string {
  // NFD splits voiced kana into the kana and its mark (が = か + U+3099), which are dropped; NFC
  // puts everything else back together (é stays é).
  const unvoiced = text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u3099\u309a]/gu, '')
    .normalize('NFC');
  let out = '';
  let previous: string | undefined;
  for (const ch of unvoiced) {
    if (/[\s・]/u.test(ch)) continue;
    const code = ch.codePointAt(0)!;
    let folded: string;
    if (code >= KATAKANA_START && code <= KATAKANA_END) {
      folded = String.fromCodePoint(code - KATAKANA_TO_HIRAGANA);
    } else if (ch === 'ヽ' || ch === 'ヾ' || ch === 'ゞ') {
      folded = 'ゝ';
    } else {
      folded = NAME_KANJI_VARIANTS[ch] ?? ch;
    }
    folded = SMALL_KANA[folded] ?? OBSOLETE_KANA[folded] ?? folded;
    folded = foldLongVowel(previous, folded);
    if (folded === '') continue;
    out += folded;
    previous = folded;
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
