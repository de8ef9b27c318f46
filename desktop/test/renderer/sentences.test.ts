import { describe, expect, it } from 'vitest';
import { joinSentences } from '../../src/renderer/format/sentences';

describe('sentences in one hint', () => {
  it('ends a Japanese phrase with 。 before the next sentence, with no space between', () => {
    expect(joinSentences(['通常6か月以内、特別訪問看護指示は14日以内', 'この開始日では、訪問看護指示は2027年5月31日までです。'], 'ja')).toBe(
      '通常6か月以内、特別訪問看護指示は14日以内。この開始日では、訪問看護指示は2027年5月31日までです。',
    );
  });

  it('ends an English phrase with a full stop and a space', () => {
    expect(joinSentences(['Up to 6 months; special: 14 days', 'From this start, it may run until 31 May 2027.'], 'en')).toBe(
      'Up to 6 months; special: 14 days. From this start, it may run until 31 May 2027.',
    );
  });

  it('leaves a sentence already ended alone, and skips missing parts', () => {
    expect(joinSentences(['すでに終わっています。', undefined, '次の文です。'], 'ja')).toBe('すでに終わっています。次の文です。');
    expect(joinSentences([undefined, 'ひとつだけ'], 'ja')).toBe('ひとつだけ');
  });
});
