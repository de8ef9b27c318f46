import { describe, expect, it } from 'vitest';
import { changedFields, textDiff } from '../../src/renderer/chart/shared/text-diff';

const shown = (before: string, after: string) =>
  textDiff(before, after)
    .map((p) => (p.change === 'removed' ? `[-${p.text}-]` : p.change === 'added' ? `{+${p.text}+}` : p.text))
    .join('');

describe('what a version changed, word by word', () => {
  it('marks only the changed value in a line of Japanese and numbers', () => {
    expect(shown('BP 158/90 下腿浮腫 2+', 'BP 138/90 下腿浮腫 2+')).toBe('BP [-158-]{+138+}/90 下腿浮腫 2+');
  });

  it('finds Japanese words without spaces, not the whole sentence', () => {
    const parts = textDiff('フロセミドを増量する', 'フロセミドを減量する');
    expect(
      parts
        .filter((p) => p.change === 'same')
        .map((p) => p.text)
        .join(''),
    ).toContain('フロセミド');
    expect(
      parts
        .filter((p) => p.change === 'removed')
        .map((p) => p.text)
        .join(''),
    ).toContain('増');
    expect(
      parts
        .filter((p) => p.change === 'added')
        .map((p) => p.text)
        .join(''),
    ).toContain('減');
    expect(
      parts
        .filter((p) => p.change !== 'same')
        .map((p) => p.text)
        .join(''),
    ).not.toContain('フロセミド');
  });

  it('shows text added to an empty field, and nothing for an unchanged one', () => {
    expect(shown('', '2週後に再診')).toBe('{+2週後に再診+}');
    expect(textDiff('同じ', '同じ')).toEqual([{ change: 'same', text: '同じ' }]);
    expect(textDiff('', '')).toEqual([]);
  });

  it('keeps only the fields that changed, in order', () => {
    const fields = [
      { key: 's', label: 'S', before: 'a', after: 'a' },
      { key: 'o', label: 'O', before: 'b', after: 'c' },
      { key: 'p', label: 'P', before: '', after: 'd' },
    ];
    expect(changedFields(fields).map((f) => f.key)).toEqual(['o', 'p']);
  });
});
