import { describe, expect, it } from 'vitest';
import { appendToFieldText } from '../../src/renderer/chart/forms/form-values';
import { noteAsText, noteHeading, notesAsText } from '../../src/renderer/chart/notes/note-paste';
import type { ProgressNoteView } from '../../src/shared/desktop-api';

function note(change: Partial<ProgressNoteView> & { observedAt: string }): ProgressNoteView {
  return {
    noteId: 'n1',
    version: 1,
    soap: { subjective: '息苦しさは昨日より楽', objective: 'SpO2 95%（室内気）', assessment: '', plan: '利尿薬を継続' },
    status: 'current',
    correctionReason: '',
    author: {
      userId: 'u-kuroki',
      name: { family: '黒木', given: '一郎', familyKana: 'クロキ', givenKana: 'イチロウ' },
      profession: 'PROFESSION_DOCTOR',
      facilityName: 'くろき在宅クリニック',
    },
    recordedAt: change.observedAt,
    superseded: false,
    ...change,
  };
}

describe('progress notes pasted into a form', () => {
  it('heads each note with the day, 訪問 and the author as colleagues name them', () => {
    expect(noteHeading(note({ observedAt: '2026-11-20T05:30:00Z' }))).toBe('2026/11/20 訪問 黒木医師');
    const nurse = note({ observedAt: '2026-11-20T05:30:00Z' });
    nurse.author = { ...nurse.author, name: { ...nurse.author.name, family: '鈴木' }, profession: 'PROFESSION_NURSE' };
    expect(noteHeading(nurse)).toBe('2026/11/20 訪問 鈴木看護師');
  });

  it('takes the day in the user’s zone: 23:30 UTC is already the next day in Japan', () => {
    expect(noteHeading(note({ observedAt: '2026-11-19T23:30:00Z' }))).toMatch(/^2026\/11\/20 /);
  });

  it('writes the SOAP parts that have text, each under its letter', () => {
    expect(noteAsText(note({ observedAt: '2026-11-20T05:30:00Z' }))).toBe(
      '2026/11/20 訪問 黒木医師\nS: 息苦しさは昨日より楽\nO: SpO2 95%（室内気）\nP: 利尿薬を継続',
    );
  });

  it('puts several notes oldest first, blank line between, and never pastes one entered in error', () => {
    const later = note({ noteId: 'b', observedAt: '2026-11-22T01:00:00Z' });
    const earlier = note({ noteId: 'a', observedAt: '2026-11-18T01:00:00Z' });
    const wrong = note({ noteId: 'c', observedAt: '2026-11-19T01:00:00Z', status: 'entered-in-error' });
    const text = notesAsText([later, wrong, earlier]);
    expect(text.split('\n\n').map((block) => block.split('\n')[0])).toEqual(['2026/11/18 訪問 黒木医師', '2026/11/22 訪問 黒木医師']);
  });

  it('appends below what the field says, never replacing it', () => {
    expect(appendToFieldText('', 'new')).toBe('new');
    expect(appendToFieldText('既存の記載\n\n', 'new')).toBe('既存の記載\n\nnew');
    expect(appendToFieldText('既存', '')).toBe('既存');
  });
});
