// The registration memo offered as a first key person: phone, relation and name where the line
// has them, the rest kept as the note, nothing of it lost.
import { describe, expect, it } from 'vitest';
import { keyPersonFromMemo } from '../../src/renderer/chart/emergency/legacy-key-person';

describe('a key person from the registration memo', () => {
  it('reads relation, name and phone from the usual line', () => {
    expect(keyPersonFromMemo('妻 宮崎幸子 090-3261-4408')).toEqual({ relation: '妻', name: '宮崎幸子', phone: '090-3261-4408', note: '' });
    expect(keyPersonFromMemo('長男の妻 黒木 美穂 0985-22-1234')).toEqual({ relation: '長男の妻', name: '黒木', phone: '0985-22-1234', note: '美穂' });
  });

  it('takes full-width digits, a phone without hyphens or in front, and a relation glued to the name', () => {
    expect(keyPersonFromMemo('０９０３２６１４４０８ 長女山田花子（同居）')).toEqual({
      relation: '長女',
      name: '山田花子',
      phone: '09032614408',
      note: '同居',
    });
    expect(keyPersonFromMemo('長男 太郎、日中は 03(1234)5678、夜は携帯')).toEqual({
      relation: '長男',
      name: '太郎',
      phone: '03(1234)5678',
      note: '日中は 夜は携帯',
    });
  });

  it('keeps a line it cannot place as a name to check, and offers nothing for an empty one', () => {
    expect(keyPersonFromMemo('民生委員 佐藤さん')).toEqual({ relation: '', name: '民生委員', phone: '', note: '佐藤さん' });
    expect(keyPersonFromMemo('  ')).toBeNull();
  });
});
