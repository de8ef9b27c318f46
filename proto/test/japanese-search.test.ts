import { describe, expect, it } from 'vitest';
import { isKanaReading, nameMatches, normalizeForSearch, toKatakana } from '../src/japanese-search';

const yamada = { family: '山田', given: '太郎', familyKana: 'ヤマダ', givenKana: 'タロウ' };
const takahashi = { family: '髙橋', given: 'ヨシ子', familyKana: 'タカハシ', givenKana: 'ヨシコ' };

describe('Japanese name search', () => {
  it('folds katakana to hiragana and half width to full width', () => {
    expect(normalizeForSearch('ﾔﾏﾀﾞ ﾀﾛｳ')).toBe(normalizeForSearch('やまだたろう'));
    expect(normalizeForSearch('ヤマダ　タロウ')).toBe('やまたたろう');
    expect(normalizeForSearch('ＡＢＣ１２３')).toBe('abc123');
  });

  it('matches kanji, hiragana, katakana and half-width katakana queries', () => {
    for (const query of ['山田', '太郎', '山田太郎', '山田 太郎', 'やまだ', 'ヤマダ', 'ﾔﾏﾀﾞ', 'たろう', 'まだた']) {
      expect(nameMatches(yamada, query), query).toBe(true);
    }
    for (const query of ['山本', 'やまもと', '', '   ']) {
      expect(nameMatches(yamada, query), query).toBe(false);
    }
  });

  it('finds a registered old-form kanji by its common form and the reverse', () => {
    expect(nameMatches(takahashi, '高橋')).toBe(true);
    expect(nameMatches({ ...takahashi, family: '高橋' }, '髙橋')).toBe(true);
    expect(nameMatches({ family: '山﨑', given: '一', familyKana: 'ヤマザキ', givenKana: 'ハジメ' }, '山崎')).toBe(true);
  });

  it('folds voicing marks, small kana and the ways a long vowel is written', () => {
    // Heard on the phone, typed without knowing how the reading was registered.
    expect(normalizeForSearch('すし')).toBe(normalizeForSearch('ズシ'));
    expect(normalizeForSearch('くろぎ')).toBe(normalizeForSearch('クロキ'));
    expect(normalizeForSearch('ﾊﾟﾝﾀﾞ')).toBe(normalizeForSearch('はんた'));
    expect(normalizeForSearch('こおろぎ')).toBe(normalizeForSearch('コウロギ'));
    expect(normalizeForSearch('こーろぎ')).toBe(normalizeForSearch('コウロギ'));
    expect(normalizeForSearch('ユーコ')).toBe(normalizeForSearch('ゆうこ'));
    expect(normalizeForSearch('ケーコ')).toBe(normalizeForSearch('けいこ'));
    expect(normalizeForSearch('ねえ')).toBe(normalizeForSearch('ネイ'));
    expect(normalizeForSearch('きょうこ')).toBe(normalizeForSearch('キヨウコ'));
    expect(normalizeForSearch('ヴィ')).toBe(normalizeForSearch('うい'));
    expect(normalizeForSearch('さっぽろ')).toBe(normalizeForSearch('サツホロ'));
    // A lone long-vowel mark lengthens nothing, and other scripts keep their accents.
    expect(normalizeForSearch('ー')).toBe('');
    expect(normalizeForSearch('Café')).toBe('café');
  });

  it('still tells a long vowel from a short one, and one name from another', () => {
    expect(normalizeForSearch('おの')).not.toBe(normalizeForSearch('おおの'));
    expect(normalizeForSearch('こじ')).not.toBe(normalizeForSearch('こうじ'));
    expect(normalizeForSearch('くろき')).not.toBe(normalizeForSearch('くらき'));
  });

  it('finds a reading by its voicing and long-vowel variants', () => {
    const kuroki = { family: '黒木', given: '浩一', familyKana: 'クロキ', givenKana: 'コウイチ' };
    for (const query of ['くろぎ', 'グロキ', 'こおいち', 'コーイチ', 'くろきこういち']) {
      expect(nameMatches(kuroki, query), query).toBe(true);
    }
    expect(nameMatches({ family: '寿司田', given: '一', familyKana: 'スシダ', givenKana: 'ハジメ' }, 'ズシ')).toBe(true);
    expect(nameMatches({ family: '興梠', given: '茂', familyKana: 'コウロギ', givenKana: 'シゲル' }, 'こおろぎ')).toBe(true);
    expect(nameMatches(kuroki, 'くらき')).toBe(false);
  });

  it('converts typed hiragana to the katakana readings are stored in', () => {
    expect(toKatakana('やまだ たろう')).toBe('ヤマダ タロウ');
    expect(toKatakana('ﾔﾏﾀﾞ')).toBe('ヤマダ');
    expect(isKanaReading('ヤマダ　タロウ')).toBe(true);
    expect(isKanaReading('やまだ')).toBe(true);
    expect(isKanaReading('山田')).toBe(false);
  });
});
