import { describe, expect, it } from 'vitest';
import { CARE_TEAM_ROLES } from '../src/labels';
import {
  addresseeChoices,
  compareTemplateValues,
  defaultAddresseeFacilityId,
  instructionPeriod,
  latestInstructionEnd,
  mergeTemplateValues,
  TEMPLATE_FORMS,
  TEMPLATE_KINDS,
  templateFields,
  validateForFinalise,
  validateTemplateValues,
  type TemplateValues,
} from '../src/template-forms';

const fieldsOf = (violations: { field: string }[]) => violations.map((v) => v.field);

function instruction(kind: string, from: string, to: string): TemplateValues {
  return { instructionKind: kind, instructionPeriod: { from, to } };
}

describe('template form definitions', () => {
  it('defines every kind with unique camelCase keys, labels in both languages and known roles', () => {
    expect(TEMPLATE_KINDS).toEqual([
      'VISITING_NURSING_INSTRUCTION',
      'VISITING_NURSING_PLAN',
      'VISITING_NURSING_REPORT',
      'HOME_MEDICAL_MANAGEMENT_REPORT',
      'REFERRAL_LETTER',
    ]);
    for (const kind of TEMPLATE_KINDS) {
      const form = TEMPLATE_FORMS[kind];
      expect(form.kind).toBe(kind);
      expect(form.title.ja).not.toBe('');
      const keys = templateFields(kind).map((f) => f.key);
      expect(new Set(keys).size, kind).toBe(keys.length);
      for (const f of templateFields(kind)) {
        expect(f.key, `${kind}.${f.key}`).toMatch(/^[a-z][a-zA-Z0-9]*$/);
        expect(f.label.ja && f.label.en, `${kind}.${f.key}`).toBeTruthy();
        expect(f.filledBy.length, `${kind}.${f.key}`).toBeGreaterThan(0);
        for (const role of f.filledBy) expect(CARE_TEAM_ROLES).toContain(role);
        if (f.type === 'choice') expect(f.choices?.length, `${kind}.${f.key}`).toBeGreaterThan(0);
        if (f.type === 'text' || f.type === 'multiline') expect(f.maxLength).toBeGreaterThan(0);
      }
    }
    expect(TEMPLATE_FORMS.VISITING_NURSING_INSTRUCTION.title.ja).toBe('訪問看護指示書');
    expect(TEMPLATE_FORMS.VISITING_NURSING_INSTRUCTION.filledBy).toContain('CARE_TEAM_ROLE_ATTENDING_DOCTOR');
    expect(TEMPLATE_FORMS.VISITING_NURSING_PLAN.filledBy).toContain('CARE_TEAM_ROLE_VISITING_NURSE');
    expect(TEMPLATE_FORMS.VISITING_NURSING_REPORT.filledBy).toContain('CARE_TEAM_ROLE_VISITING_NURSE');
    expect(TEMPLATE_FORMS.HOME_MEDICAL_MANAGEMENT_REPORT.filledBy).toEqual(['CARE_TEAM_ROLE_PHARMACIST']);
  });
});

describe('validateTemplateValues', () => {
  it('accepts a partly filled draft and empty values', () => {
    expect(validateTemplateValues('VISITING_NURSING_INSTRUCTION', {})).toEqual([]);
    expect(
      validateTemplateValues('VISITING_NURSING_INSTRUCTION', {
        instructionKind: '',
        instructionPeriod: { from: '2024-04-01', to: '' },
        mainDiagnosis: '脳梗塞後遺症',
        careNotes: '誤嚥に注意。\n体位変換は2時間ごと。',
        issuedOn: '',
      }),
    ).toEqual([]);
  });

  it('rejects values that are not an object of fields', () => {
    for (const values of [null, 'text', [], 42, new Date()]) {
      const violations = validateTemplateValues('REFERRAL_LETTER', values);
      expect(fieldsOf(violations), String(values)).toEqual(['']);
      expect(violations[0]!.ja).toMatch(/形式/);
    }
  });

  it('rejects unknown keys, including prototype names', () => {
    const values = JSON.parse('{"mainDiagnosis":"肺炎","diagnosisX":"x","__proto__":"y","toString":"z"}') as unknown;
    const violations = validateTemplateValues('VISITING_NURSING_INSTRUCTION', values);
    expect(fieldsOf(violations).sort()).toEqual(['__proto__', 'diagnosisX', 'toString']);
    expect(violations.find((v) => v.field === 'diagnosisX')!.ja).toBe('「diagnosisX」は訪問看護指示書にない項目です。');
    expect(violations.find((v) => v.field === 'diagnosisX')!.en).toMatch(/not a field/);
  });

  it('rejects values of the wrong shape for each field type', () => {
    const violations = validateTemplateValues('VISITING_NURSING_REPORT', {
      courseAndAdl: 12, // multiline: string expected
      reportedOn: { from: '2024-04-01', to: '2024-04-30' }, // date: string expected
      suppliesChangeNeeded: ['YES'], // choice: string expected
      reportPeriod: '2024-04-01', // dateRange: object expected
      visitDates: { date: '2024-04-01', mark: '○' }, // calendar: list expected
    });
    expect(fieldsOf(violations).sort()).toEqual(['courseAndAdl', 'reportPeriod', 'reportedOn', 'suppliesChangeNeeded', 'visitDates']);
    for (const v of violations) expect(v.ja).toMatch(/値の形式が正しくありません/);

    const extraKey = validateTemplateValues('VISITING_NURSING_REPORT', {
      reportPeriod: { from: '2024-04-01', to: '2024-04-30', days: 30 },
    });
    expect(fieldsOf(extraKey)).toEqual(['reportPeriod']);
  });

  it('rejects too long text, counting characters rather than UTF-16 units', () => {
    const exactly = '𠮷'.repeat(200); // 400 UTF-16 units, 200 characters
    expect(validateTemplateValues('VISITING_NURSING_INSTRUCTION', { mainDiagnosis: exactly })).toEqual([]);
    const tooLong = validateTemplateValues('VISITING_NURSING_INSTRUCTION', { mainDiagnosis: exactly + 'あ' });
    expect(tooLong).toHaveLength(1);
    expect(tooLong[0]!.ja).toBe('「主たる傷病名」は200文字以内で入力してください（現在201文字）。');
    expect(fieldsOf(validateTemplateValues('REFERRAL_LETTER', { course: 'あ'.repeat(4001) }))).toEqual(['course']);
  });

  it('rejects a line break in a single-line field', () => {
    const violations = validateTemplateValues('REFERRAL_LETTER', { toFacility: '宮崎市民病院\n内科' });
    expect(violations.map((v) => v.ja)).toEqual(['「紹介先医療機関」には改行を入力できません。']);
  });

  it('checks the 紹介先の医療機関コード by the 保険医療機関番号 rule when one is given, as people type it', () => {
    const number = (toInstitutionNumber: string) => validateTemplateValues('REFERRAL_LETTER', { toInstitutionNumber });
    for (const good of ['', '4519901005', '４５１９９０１００５', '45-1-9901005']) expect(number(good), good).toEqual([]);
    expect(number('4519901006').map((v) => [v.field, v.ja, v.en])).toEqual([
      [
        'toInstitutionNumber',
        '「紹介先の医療機関コード」: 保険医療機関番号の検証番号（最後の1桁）が合いません。番号を1桁ずつ確かめて入力し直してください。',
        '"Institution number of the facility": The check digit (last digit) of the medical institution number does not match. Check the number digit by digit and enter it again.',
      ],
    ]);
    expect(number('451990100').map((v) => v.ja)).toEqual([expect.stringContaining('10桁の数字です')]);
    expect(number('4829901005').map((v) => v.ja)).toEqual([expect.stringContaining('都道府県番号')]);
    expect(number('4529901005').map((v) => v.ja)).toEqual([expect.stringContaining('点数表番号')]);
  });

  it('rejects bad dates: wrong format, impossible days, before 1873', () => {
    for (const bad of ['2024/04/01', '2024-4-1', '2023-02-29', '2024-13-01', '2024-04-31', '1872-12-31', ' 2024-04-01']) {
      const violations = validateTemplateValues('REFERRAL_LETTER', { writtenOn: bad });
      expect(fieldsOf(violations), bad).toEqual(['writtenOn']);
    }
    expect(validateTemplateValues('REFERRAL_LETTER', { writtenOn: '2024-02-29' })).toEqual([]);
    const range = validateTemplateValues('VISITING_NURSING_PLAN', { planPeriod: { from: '2024-02-30', to: 'soon' } });
    expect(range.map((v) => v.ja)).toEqual([
      '「計画期間」の開始日「2024-02-30」が正しくありません（例: 2024-04-01）。',
      '「計画期間」の終了日「soon」が正しくありません（例: 2024-04-01）。',
    ]);
    const backwards = validateTemplateValues('VISITING_NURSING_PLAN', { planPeriod: { from: '2024-05-01', to: '2024-04-30' } });
    expect(backwards.map((v) => v.ja)).toEqual(['「計画期間」の終了日が開始日より前です。']);
  });

  it('rejects a choice the field does not offer', () => {
    const violations = validateTemplateValues('HOME_MEDICAL_MANAGEMENT_REPORT', { adherence: 'PERFECT', storage: 'APPROPRIATE' });
    expect(fieldsOf(violations)).toEqual(['adherence']);
    expect(validateTemplateValues('VISITING_NURSING_PLAN', { careLevel: 'CARE_LEVEL_CARE_3' })).toEqual([]);
    expect(fieldsOf(validateTemplateValues('VISITING_NURSING_PLAN', { careLevel: '要介護3' }))).toEqual(['careLevel']);
  });

  it('checks visit calendar entries: shape, date, mark, duplicates, reporting period', () => {
    const ok = validateTemplateValues('VISITING_NURSING_REPORT', {
      reportPeriod: { from: '2024-04-01', to: '2024-04-30' },
      visitDates: [
        { date: '2024-04-01', mark: '○' },
        { date: '2024-04-03', mark: '◎' },
        { date: '2024-04-03', mark: '×' },
        { date: '2024-04-05', mark: '□' },
      ],
    });
    expect(ok).toEqual([]);
    const bad = validateTemplateValues('VISITING_NURSING_REPORT', {
      reportPeriod: { from: '2024-04-01', to: '2024-04-30' },
      visitDates: [
        { date: '2024-04-01', mark: '○' },
        { date: '2024-04-31', mark: '○' },
        { date: '2024-04-02', mark: '〇' }, // the kanji zero, not the circle
        { date: '2024-04-01', mark: '○' },
        { date: '2024-05-01', mark: '○' },
        { date: '2024-04-06' },
      ],
    });
    expect(bad.map((v) => v.ja)).toEqual([
      '「訪問日」の2件目の日付「2024-04-31」が正しくありません（例: 2024-04-01）。',
      '「訪問日」の3件目の記号「〇」は使えません（○ ◎ □ ◇ △ ×）。',
      '「訪問日」の4件目は同じ日付と記号の重複です。',
      '「訪問日」の5件目（2024年5月1日）が報告期間の外です。',
      '「訪問日」の6件目の形式が正しくありません（日付と記号が必要です）。',
    ]);
    expect(bad.every((v) => v.field === 'visitDates' && v.en.length > 0)).toBe(true);
  });
});

describe('instruction period limits', () => {
  it('allows a normal instruction up to 6 months, the first day counted', () => {
    expect(latestInstructionEnd('NORMAL', '2024-04-01')).toBe('2024-09-30');
    expect(validateTemplateValues('VISITING_NURSING_INSTRUCTION', instruction('NORMAL', '2024-04-01', '2024-09-30'))).toEqual([]);
    const over = validateTemplateValues('VISITING_NURSING_INSTRUCTION', instruction('NORMAL', '2024-04-01', '2024-10-01'));
    expect(fieldsOf(over)).toEqual(['instructionPeriod']);
    expect(over[0]!.ja).toBe('「指示期間」が長すぎます。訪問看護指示の期間は6か月以内です（この開始日では2024年9月30日まで）。');
    expect(over[0]!.en).toMatch(/at most 6 months/);
  });

  it('counts months to the month end when the later month is shorter', () => {
    expect(latestInstructionEnd('NORMAL', '2024-08-31')).toBe('2025-02-28');
    expect(latestInstructionEnd('NORMAL', '2023-08-29')).toBe('2024-02-28');
    expect(latestInstructionEnd('NORMAL', '2023-08-30')).toBe('2024-02-29');
    expect(latestInstructionEnd('NORMAL', '2024-10-15')).toBe('2025-04-14');
    expect(validateTemplateValues('VISITING_NURSING_INSTRUCTION', instruction('NORMAL', '2024-08-31', '2025-02-28'))).toEqual([]);
    expect(validateTemplateValues('VISITING_NURSING_INSTRUCTION', instruction('NORMAL', '2024-08-31', '2025-03-01'))).toHaveLength(1);
  });

  it('allows a special instruction 14 days and a drip infusion instruction 7 days', () => {
    expect(validateTemplateValues('VISITING_NURSING_INSTRUCTION', instruction('SPECIAL', '2024-04-25', '2024-05-08'))).toEqual([]);
    const special = validateTemplateValues('VISITING_NURSING_INSTRUCTION', instruction('SPECIAL', '2024-04-25', '2024-05-09'));
    expect(special.map((v) => v.ja)).toEqual(['「指示期間」が長すぎます。特別訪問看護指示の期間は14日以内です（この開始日では2024年5月8日まで）。']);
    expect(validateTemplateValues('VISITING_NURSING_INSTRUCTION', instruction('DRIP_INFUSION', '2024-02-26', '2024-03-03'))).toEqual([]);
    expect(fieldsOf(validateTemplateValues('VISITING_NURSING_INSTRUCTION', instruction('DRIP_INFUSION', '2024-02-26', '2024-03-04')))).toEqual([
      'instructionPeriod',
    ]);
    // A one-day instruction is fine; the limit applies before the kind is chosen too (6 months).
    expect(validateTemplateValues('VISITING_NURSING_INSTRUCTION', instruction('DRIP_INFUSION', '2024-03-01', '2024-03-01'))).toEqual([]);
    expect(fieldsOf(validateTemplateValues('VISITING_NURSING_INSTRUCTION', instruction('', '2024-04-01', '2024-10-01')))).toEqual(['instructionPeriod']);
  });

  it('holds the 点滴注射指示期間 beside a normal instruction to 7 days', () => {
    const withDrip = (to: string) => ({ ...instruction('NORMAL', '2024-04-01', '2024-09-30'), dripPeriod: { from: '2024-04-10', to } });
    expect(validateTemplateValues('VISITING_NURSING_INSTRUCTION', withDrip('2024-04-16'))).toEqual([]);
    const over = validateTemplateValues('VISITING_NURSING_INSTRUCTION', withDrip('2024-04-17'));
    expect(fieldsOf(over)).toEqual(['dripPeriod']);
    expect(over[0]!.ja).toBe('「点滴注射指示期間」が長すぎます。在宅患者訪問点滴注射指示の期間は7日以内です（この開始日では2024年4月16日まで）。');
  });

  it('reads the period of a filled instruction for expiry flags', () => {
    expect(instructionPeriod('VISITING_NURSING_INSTRUCTION', instruction('NORMAL', '2024-04-01', '2024-09-30'))).toEqual({
      from: '2024-04-01',
      to: '2024-09-30',
    });
    expect(instructionPeriod('VISITING_NURSING_INSTRUCTION', instruction('NORMAL', '2024-04-01', ''))).toBeUndefined();
    expect(instructionPeriod('VISITING_NURSING_INSTRUCTION', instruction('NORMAL', '2024-04-01', '2024-02-30'))).toBeUndefined();
    expect(instructionPeriod('VISITING_NURSING_INSTRUCTION', {})).toBeUndefined();
    expect(instructionPeriod('VISITING_NURSING_PLAN', { planPeriod: { from: '2024-04-01', to: '2024-09-30' } })).toBeUndefined();
  });
});

describe('validateForFinalise', () => {
  const complete: TemplateValues = {
    instructionKind: 'NORMAL',
    instructionPeriod: { from: '2024-04-01', to: '2024-09-30' },
    issuedOn: '2024-03-28',
    mainDiagnosis: '脳梗塞後遺症',
    conditionSummary: '右片麻痺。状態は安定している。',
    careNotes: '誤嚥に注意。',
    emergencyContact: 'さくら在宅クリニック 0985-00-0000（24時間）',
    facilityName: 'さくら在宅クリニック',
    doctorName: '佐藤 一郎',
    addresseeStation: 'ひまわり訪問看護ステーション',
  };

  it('passes a complete instruction and lists each missing required field', () => {
    expect(validateForFinalise('VISITING_NURSING_INSTRUCTION', complete)).toEqual([]);
    const { mainDiagnosis: _, ...withoutDiagnosis } = complete;
    const violations = validateForFinalise('VISITING_NURSING_INSTRUCTION', {
      ...withoutDiagnosis,
      careNotes: '   ',
      instructionPeriod: { from: '2024-04-01', to: '' },
    });
    expect(fieldsOf(violations)).toEqual(['instructionPeriod', 'mainDiagnosis', 'careNotes']);
    expect(violations[1]!.ja).toBe('「主たる傷病名」は確定の前に入力が必要です。');
    expect(violations[1]!.en).toBe('"Main diagnosis" must be filled in before finalising.');
  });

  it('reports the draft checks as well, and an empty visit calendar as missing', () => {
    expect(fieldsOf(validateForFinalise('VISITING_NURSING_INSTRUCTION', { ...complete, issuedOn: '2024-02-30' }))).toEqual(['issuedOn']);
    const report = validateForFinalise('VISITING_NURSING_REPORT', { reportPeriod: { from: '2024-04-01', to: '2024-04-30' }, visitDates: [] });
    expect(fieldsOf(report)).toContain('visitDates');
    expect(fieldsOf(report)).not.toContain('reportPeriod');
  });
});

describe('three-way compare and merge', () => {
  const base: TemplateValues = {
    mainDiagnosis: '脳梗塞後遺症',
    careNotes: '誤嚥に注意。',
    medication: 'アムロジピン 5mg 1日1回',
    rehabilitation: '',
    instructionPeriod: { from: '2024-04-01', to: '2024-09-30' },
  };

  it('takes a field only one side changed, keeps a field both changed alike', () => {
    const mine = { ...base, careNotes: '誤嚥に注意。食事は30度ギャッジアップで。', instructionPeriod: { from: '2024-04-01', to: '2024-06-30' } };
    const theirs = { ...base, medication: 'アムロジピン 2.5mg 1日1回', instructionPeriod: { from: '2024-04-01', to: '2024-06-30' } };
    const comparison = compareTemplateValues(base, mine, theirs, 'VISITING_NURSING_INSTRUCTION');
    const byField = new Map(comparison.map((c) => [c.field, c]));
    expect(comparison.map((c) => c.field)).toEqual(['instructionPeriod', 'mainDiagnosis', 'medication', 'careNotes', 'rehabilitation']);
    expect(byField.get('mainDiagnosis')).toMatchObject({ change: 'unchanged', conflict: false, merged: '脳梗塞後遺症' });
    expect(byField.get('careNotes')).toMatchObject({ change: 'mine', conflict: false, merged: mine.careNotes });
    expect(byField.get('medication')).toMatchObject({
      change: 'theirs',
      conflict: false,
      base: base.medication,
      mine: base.medication,
      theirs: theirs.medication,
      merged: theirs.medication,
    });
    expect(byField.get('instructionPeriod')).toMatchObject({ change: 'same', conflict: false, merged: { from: '2024-04-01', to: '2024-06-30' } });

    const { merged, conflicts } = mergeTemplateValues(base, mine, theirs);
    expect(conflicts).toEqual([]);
    expect(merged).toEqual({ ...base, careNotes: mine.careNotes, medication: theirs.medication, instructionPeriod: mine.instructionPeriod });
  });

  it('reports a conflict when both changed a field differently and keeps mine', () => {
    const mine = { ...base, careNotes: '誤嚥に注意。とろみ剤を使用。' };
    const theirs = { ...base, careNotes: '誤嚥に注意。吸引器を準備。', rehabilitation: '関節可動域訓練' };
    const comparison = compareTemplateValues(base, mine, theirs);
    expect(comparison.find((c) => c.field === 'careNotes')).toMatchObject({
      change: 'conflict',
      conflict: true,
      base: base.careNotes,
      mine: mine.careNotes,
      theirs: theirs.careNotes,
      merged: mine.careNotes,
    });
    const { merged, conflicts } = mergeTemplateValues(base, mine, theirs);
    expect(conflicts).toEqual(['careNotes']);
    expect(merged.careNotes).toBe(mine.careNotes);
    expect(merged.rehabilitation).toBe('関節可動域訓練');
  });

  it('treats a date range as one value: changing its start and its end on two sides conflicts', () => {
    const mine = { ...base, instructionPeriod: { from: '2024-04-02', to: '2024-09-30' } };
    const theirs = { ...base, instructionPeriod: { from: '2024-04-01', to: '2024-08-31' } };
    expect(mergeTemplateValues(base, mine, theirs).conflicts).toEqual(['instructionPeriod']);
  });

  it('handles fields added and removed, absent being the same as empty', () => {
    const mine: TemplateValues = { ...base, devices: '胃ろう（20Fr）' };
    const theirs: TemplateValues = { ...base, pressureUlcerCare: '仙骨部 毎日洗浄' };
    delete theirs.rehabilitation; // was empty: not a change
    const comparison = compareTemplateValues(base, mine, theirs);
    expect(comparison.find((c) => c.field === 'devices')).toMatchObject({ change: 'mine', base: undefined, theirs: undefined, merged: '胃ろう（20Fr）' });
    expect(comparison.find((c) => c.field === 'pressureUlcerCare')).toMatchObject({ change: 'theirs', merged: '仙骨部 毎日洗浄' });
    expect(comparison.find((c) => c.field === 'rehabilitation')).toMatchObject({ change: 'unchanged' });
    const { merged, conflicts } = mergeTemplateValues(base, mine, theirs);
    expect(conflicts).toEqual([]);
    expect(merged).toEqual({ ...base, devices: '胃ろう（20Fr）', pressureUlcerCare: '仙骨部 毎日洗浄' });

    // The same field added on both sides with different text is a conflict.
    const both = mergeTemplateValues(base, { ...base, devices: '胃ろう' }, { ...base, devices: '在宅酸素' });
    expect(both.conflicts).toEqual(['devices']);
    expect(both.merged.devices).toBe('胃ろう');

    // A field theirs cleared (and mine left alone) is cleared.
    const cleared = { ...base };
    delete cleared.medication;
    expect(mergeTemplateValues(base, base, cleared).merged).not.toHaveProperty('medication');
  });

  it('merges visit calendars day by day and conflicts only on a day both changed', () => {
    const calBase: TemplateValues = { visitDates: [{ date: '2024-04-01', mark: '○' }] };
    const mine: TemplateValues = {
      visitDates: [
        { date: '2024-04-01', mark: '○' },
        { date: '2024-04-03', mark: '◎' },
      ],
    };
    const theirs: TemplateValues = {
      visitDates: [
        { date: '2024-04-05', mark: '□' },
        { date: '2024-04-01', mark: '○' },
      ],
    };
    const comparison = compareTemplateValues(calBase, mine, theirs);
    expect(comparison[0]).toMatchObject({ change: 'combined', conflict: false });
    expect(mergeTemplateValues(calBase, mine, theirs)).toEqual({
      merged: {
        visitDates: [
          { date: '2024-04-01', mark: '○' },
          { date: '2024-04-03', mark: '◎' },
          { date: '2024-04-05', mark: '□' },
        ],
      },
      conflicts: [],
    });
    // Order of entries is not a change.
    const reordered: TemplateValues = {
      visitDates: [
        { date: '2024-04-03', mark: '◎' },
        { date: '2024-04-01', mark: '○' },
      ],
    };
    expect(compareTemplateValues(mine, reordered, mine)[0]!.change).toBe('unchanged');
    // Both changed the mark of the same day differently.
    const conflict = mergeTemplateValues(calBase, { visitDates: [{ date: '2024-04-01', mark: '◎' }] }, { visitDates: [{ date: '2024-04-01', mark: '□' }] });
    expect(conflict).toEqual({ merged: { visitDates: [{ date: '2024-04-01', mark: '◎' }] }, conflicts: ['visitDates'] });
  });

  it('does not share objects between the inputs and the result', () => {
    const mine = { ...base, instructionPeriod: { from: '2024-04-01', to: '2024-05-31' } };
    const { merged } = mergeTemplateValues(base, mine, base);
    (merged.instructionPeriod as { to: string }).to = '2030-01-01';
    expect(mine.instructionPeriod.to).toBe('2024-05-31');
  });
});

describe('to whom a new form goes', () => {
  const member = (facilityId: string, facilityName: string, role: string, name: string) => ({ facilityId, facilityName, role, name });
  const team = [
    member('clinic', 'みやざき在宅クリニック', 'CARE_TEAM_ROLE_ATTENDING_DOCTOR', '黒木'),
    member('station-a', 'ひまわり訪問看護ステーション', 'CARE_TEAM_ROLE_VISITING_NURSE', '日高'),
    member('station-a', 'ひまわり訪問看護ステーション', 'CARE_TEAM_ROLE_VISITING_NURSE', '甲斐'),
    member('pharmacy', 'たちばな薬局', 'CARE_TEAM_ROLE_PHARMACIST', '橘'),
    member('cm', 'すまいる居宅介護支援事業所', 'CARE_TEAM_ROLE_CARE_MANAGER', '川越'),
  ];
  const officeIds = (choices: { offices: { facilityId: string }[] }) => choices.offices.map((o) => o.facilityId);

  it('an instruction goes to the team’s visiting nurse station, chosen by itself when there is one', () => {
    const choices = addresseeChoices('VISITING_NURSING_INSTRUCTION', team, ['clinic']);
    expect(officeIds(choices)).toEqual(['station-a']);
    expect(choices.offices[0]!.members.map((m) => m.name)).toEqual(['日高', '甲斐']);
    expect(defaultAddresseeFacilityId(choices)).toBe('station-a');

    const twoStations = [...team, member('station-b', 'あおぞら訪問看護ステーション', 'CARE_TEAM_ROLE_VISITING_NURSE', '青木')];
    const both = addresseeChoices('VISITING_NURSING_INSTRUCTION', twoStations, ['clinic']);
    expect(officeIds(both)).toEqual(['station-a', 'station-b']);
    expect(defaultAddresseeFacilityId(both)).toBe('');
  });

  it('a nurse’s plan or report and a pharmacist’s report go to the attending doctor’s clinic', () => {
    for (const kind of ['VISITING_NURSING_PLAN', 'VISITING_NURSING_REPORT'] as const) {
      expect(officeIds(addresseeChoices(kind, team, ['station-a']))).toEqual(['clinic']);
    }
    const pharmacist = addresseeChoices('HOME_MEDICAL_MANAGEMENT_REPORT', team, ['pharmacy']);
    expect(officeIds(pharmacist)).toEqual(['clinic']);
    expect(defaultAddresseeFacilityId(pharmacist)).toBe('clinic');
  });

  it('a referral letter may go to any other office on the team, none chosen by itself', () => {
    const choices = addresseeChoices('REFERRAL_LETTER', team, ['clinic']);
    expect(officeIds(choices)).toEqual(['station-a', 'pharmacy', 'cm']);
    expect(choices.usual).toBe(false);
    expect(defaultAddresseeFacilityId(choices)).toBe('');
  });

  it('offers every other office when the team has none of the usual kind, and never the author’s own', () => {
    const noStation = team.filter((m) => m.role !== 'CARE_TEAM_ROLE_VISITING_NURSE');
    const choices = addresseeChoices('VISITING_NURSING_INSTRUCTION', noStation, ['clinic']);
    expect(officeIds(choices)).toEqual(['pharmacy', 'cm']);
    expect(choices.usual).toBe(false);
    expect(defaultAddresseeFacilityId(choices)).toBe('');
    // The station's own nurse writing a report: her station is not offered, even if a doctor worked there.
    const withStationDoctor = [...team, member('station-a', 'ひまわり訪問看護ステーション', 'CARE_TEAM_ROLE_ATTENDING_DOCTOR', '医師')];
    expect(officeIds(addresseeChoices('VISITING_NURSING_REPORT', withStationDoctor, ['station-a']))).toEqual(['clinic']);
  });
});
