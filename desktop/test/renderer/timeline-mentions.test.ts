// The @ that starts a mention in the compose box: Japanese writes it straight after a word or a
// 「。」, so a mention is any @ (or full-width ＠) not inside a Latin word or an e-mail address.
import { describe, expect, it } from 'vitest';
import { mentionQuery } from '../../src/renderer/timeline/ComposeBox';

const at = (text: string) => mentionQuery(text, text.length);

describe('mentionQuery', () => {
  it('finds a mention typed straight after Japanese text, at the start, and after a space', () => {
    expect(at('明日確認します。@児')).toEqual({ start: 8, query: '児' });
    expect(at('@')).toEqual({ start: 0, query: '' });
    expect(at('先生 @くろ')).toEqual({ start: 3, query: 'くろ' });
    expect(at('お願いします＠甲斐')).toEqual({ start: 6, query: '甲斐' });
  });

  it('sees no mention in an e-mail address, after the name was finished, or before the caret moved past it', () => {
    expect(at('kai@example')).toBeNull();
    expect(at('@児玉 恵 さんへ')).toBeNull();
    expect(mentionQuery('@児玉 恵', 0)).toBeNull();
  });
});
