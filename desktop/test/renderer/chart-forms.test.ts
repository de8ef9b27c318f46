import { compareTemplateValues, type TemplateValues } from '@renkei/proto/template-forms';
import { describe, expect, it } from 'vitest';
import { fieldValueText, readFormValues, resolvedValues, unresolvedConflicts, violationsByField } from '../../src/renderer/chart/forms/form-values';
import { calendarWeeks, periodDays, toggleVisitMark } from '../../src/renderer/chart/forms/visit-calendar';
import { templateKindOf, writableDocumentTypes, writableTemplateKinds } from '../../src/renderer/chart/shared/record-access';

describe('form values', () => {
  it('keeps well-shaped values and drops what the editor cannot hold', () => {
    expect(readFormValues({ a: 'text', b: { from: '2026-11-01', to: '2026-11-30' }, c: [{ date: '2026-11-02', mark: '○' }], d: 42, e: [{ nope: 1 }] })).toEqual(
      { a: 'text', b: { from: '2026-11-01', to: '2026-11-30' }, c: [{ date: '2026-11-02', mark: '○' }] },
    );
  });

  it('shows a value as one line: choices by label, days in order with their marks', () => {
    expect(fieldValueText('VISITING_NURSING_INSTRUCTION', 'instructionKind', 'SPECIAL', 'ja')).toBe('特別訪問看護指示');
    expect(
      fieldValueText(
        'VISITING_NURSING_REPORT',
        'visitDates',
        [
          { date: '2026-11-05', mark: '◎' },
          { date: '2026-11-02', mark: '○' },
          { date: '2026-11-05', mark: '□' },
        ],
        'ja',
      ),
    ).toBe('11/2○、11/5◎□');
    expect(fieldValueText('VISITING_NURSING_REPORT', 'reportPeriod', { from: '2026-11-01', to: '2026-11-30' }, 'ja')).toBe('2026年11月1日 〜 2026年11月30日');
    expect(fieldValueText('VISITING_NURSING_REPORT', 'reportPeriod', { from: '', to: '' }, 'ja')).toBe('');
  });

  it('groups problems by field in the user’s language', () => {
    const byField = violationsByField(
      [
        { field: 'a', ja: 'あ', en: 'A' },
        { field: 'a', ja: 'い', en: 'B' },
      ],
      'en',
    );
    expect(byField.get('a')).toEqual(['A', 'B']);
  });
});

describe('merging after a conflict', () => {
  const base: TemplateValues = { courseAndAdl: '元', careGiven: '処置A', specialNotes: '' };
  const mine: TemplateValues = { courseAndAdl: '自分の記載', careGiven: '処置A', specialNotes: '' };
  const theirs: TemplateValues = { courseAndAdl: '相手の記載', careGiven: '処置B', specialNotes: '' };
  const comparisons = compareTemplateValues(base, mine, theirs, 'VISITING_NURSING_REPORT');

  it('takes what only one side changed, and waits for a person on what both changed', () => {
    expect(unresolvedConflicts(comparisons, {})).toEqual(['courseAndAdl']);
    expect(resolvedValues(comparisons, {}).careGiven).toBe('処置B');
  });

  it('applies each decision: mine, theirs, or a value written by hand', () => {
    expect(resolvedValues(comparisons, { courseAndAdl: { take: 'theirs' } }).courseAndAdl).toBe('相手の記載');
    expect(resolvedValues(comparisons, { courseAndAdl: { take: 'mine' } }).courseAndAdl).toBe('自分の記載');
    const manual = resolvedValues(comparisons, { courseAndAdl: { take: 'manual', value: '両方をまとめた記載' } });
    expect(manual).toEqual({ courseAndAdl: '両方をまとめた記載', careGiven: '処置B', specialNotes: '' });
    expect(unresolvedConflicts(comparisons, { courseAndAdl: { take: 'mine' } })).toEqual([]);
  });
});

describe('the visit calendar', () => {
  it('lays out the reporting period in weeks starting on Sunday', () => {
    const days = periodDays({ from: '2026-11-01', to: '2026-11-30' })!;
    expect(days).toHaveLength(30);
    const weeks = calendarWeeks(days);
    // 2026-11-01 is a Sunday.
    expect(weeks[0]![0]).toBe('2026-11-01');
    expect(weeks).toHaveLength(5);
    expect(calendarWeeks(periodDays({ from: '2026-11-04', to: '2026-11-05' })!)[0]).toEqual([null, null, null, '2026-11-04', '2026-11-05', null, null]);
  });

  it('has no calendar for an incomplete, reversed or overlong period', () => {
    expect(periodDays({ from: '2026-11-01', to: '' })).toBeNull();
    expect(periodDays({ from: '2026-11-30', to: '2026-11-01' })).toBeNull();
    expect(periodDays({ from: '2026-01-01', to: '2026-12-31' })).toBeNull();
  });

  it('puts a mark on a day and takes it off again, keeping the printed order', () => {
    const once = toggleVisitMark([{ date: '2026-11-03', mark: '□' }], '2026-11-03', '○');
    expect(once).toEqual([
      { date: '2026-11-03', mark: '○' },
      { date: '2026-11-03', mark: '□' },
    ]);
    expect(toggleVisitMark(once, '2026-11-03', '○')).toEqual([{ date: '2026-11-03', mark: '□' }]);
  });
});

describe('what the user may write', () => {
  const access = [
    { recordKind: 'PROGRESS_NOTES', canRead: true, canWrite: true },
    { recordKind: 'DOCUMENT_TYPE_VISITING_NURSING_REPORT', canRead: true, canWrite: true },
    { recordKind: 'DOCUMENT_TYPE_CONSENT_FORM', canRead: true, canWrite: true },
    { recordKind: 'DOCUMENT_TYPE_REFERRAL_LETTER', canRead: true, canWrite: false },
  ];

  it('offers only the document types and form kinds the role may write', () => {
    expect(writableDocumentTypes(access)).toEqual(['DOCUMENT_TYPE_VISITING_NURSING_REPORT', 'DOCUMENT_TYPE_CONSENT_FORM']);
    expect(writableTemplateKinds(access)).toEqual(['VISITING_NURSING_REPORT']);
  });

  it('maps document types to form definitions only where one exists', () => {
    expect(templateKindOf('DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION')).toBe('VISITING_NURSING_INSTRUCTION');
    expect(templateKindOf('DOCUMENT_TYPE_CONSENT_FORM')).toBeNull();
    expect(templateKindOf('VISITING_NURSING_PLAN')).toBeNull();
  });
});
