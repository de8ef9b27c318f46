import { describe, expect, it } from 'vitest';
import { isKanaReading, nameMatches, normalizeForSearch, toKatakana } from '../src/japanese-search';

const yamada = { family: '山田', given: '太郎', familyKana: 'ヤマダ', givenKana: 'タロウ' };
const takahashi = { family: '髙橋', given: 'ヨシ子', familyKana: 'タカハシ', givenKana: 'ヨシコ' };

describe('Japanese name search', () => {
  it('folds katakana to hiragana and half width to full width', () => {
    expect(normalizeForSearch('ﾔﾏﾀﾞ ﾀﾛｳ')).toBe('やまだたろう');
    expect(normalizeForSearch('ヤマダ　タロウ')).toBe('やまだたろう');
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

  it('converts typed hiragana to the katakana readings are stored in', () => {
    expect(toKatakana('やまだ たろう')).toBe('ヤマダ タロウ');
    expect(toKatakana('ﾔﾏﾀﾞ')).toBe('ヤマダ');
    expect(isKanaReading('ヤマダ　タロウ')).toBe(true);
    expect(isKanaReading('やまだ')).toBe(true);
    expect(isKanaReading('山田')).toBe(false);
  });
});
