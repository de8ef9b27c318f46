// The watched folder's guess of whose document a PDF is, and what kind: only among the user's own
// patients, by the whole name (kanji or kana, as the patient search compares them) and the birth
// date however written.
import { describe, expect, it } from 'vitest';
import type { PatientListItem } from '../../src/shared/desktop-api';
import { daysWrittenIn, documentTypeFromFileName, namesAnotherPatient, suggestFiling } from '../../src/renderer/chart/watched-folder/filing-suggestion';

const patient = (id: string, family: string, given: string, familyKana: string, givenKana: string, birthDate: string): PatientListItem => ({
  id,
  name: { family, given, familyKana, givenKana },
  birthDate,
  sex: 'SEX_MALE',
  careLevel: 'CARE_LEVEL_1',
  regionalNumber: 0,
  marks: { instruction: null, certification: null },
  myRoles: [],
});

const yamadaTaro = patient('p-yamada', '山田', '太郎', 'ヤマダ', 'タロウ', '1948-03-02');
const yamadaHanako = patient('p-hanako', '山田', '花子', 'ヤマダ', 'ハナコ', '1950-10-28');
const takahashi = patient('p-takahashi', '高橋', '一郎', 'タカハシ', 'イチロウ', '1948-03-02');
const mine = [yamadaTaro, yamadaHanako, takahashi];

describe('whose document a watched-folder file is', () => {
  it('finds the patient by the whole name in the file name, with old kanji, widths and separators', () => {
    expect(suggestFiling('退院時サマリー_山田太郎.pdf', '', mine).patient?.patient.id).toBe('p-yamada');
    expect(suggestFiling('紹介状_山田 花子.pdf', '', mine).patient?.patient.id).toBe('p-hanako');
    expect(suggestFiling('髙橋_一郎.pdf', '', mine).patient?.patient.id).toBe('p-takahashi');
    expect(suggestFiling('ﾔﾏﾀﾞ_ﾀﾛｳ.pdf', '', mine).patient).toMatchObject({ patient: { id: 'p-yamada' }, matchedBy: ['reading'] });
  });

  it('finds the patient by name and birth date in the PDF text', () => {
    const text = '患者氏名 山田 太郎（ヤマダ タロウ） 生年月日 昭和23年3月2日';
    expect(suggestFiling('export-0001.pdf', text, mine).patient).toMatchObject({ patient: { id: 'p-yamada' }, matchedBy: ['name', 'reading', 'birth-date'] });
  });

  it('does not guess from a family name alone, nor between patients who match equally', () => {
    expect(suggestFiling('山田様.pdf', '', mine).patient).toBeNull();
    // Both born 1948-03-02: the birth date alone cannot say which.
    const both = suggestFiling('19480302.pdf', '', mine);
    expect(both.patient).toBeNull();
    expect(both.ambiguous).toBe(true);
    // A name beats a birth date someone else shares.
    expect(suggestFiling('S23.3.2_高橋一郎.pdf', '', mine).patient?.patient.id).toBe('p-takahashi');
  });

  it('considers only the patients it is given (the user’s own)', () => {
    expect(suggestFiling('退院時サマリー_山田太郎.pdf', '', [yamadaHanako, takahashi]).patient).toBeNull();
  });

  it('reads birth dates however they are written', () => {
    for (const written of ['1948-03-02', '19480302', 'S23.3.2', '昭和23年3月2日', '１９４８／３／２', '1948年3月2日'])
      expect([...daysWrittenIn(`生年月日 ${written} 生`)], written).toEqual(['1948-03-02']);
    expect([...daysWrittenIn('H31.5.1 20230229')]).toEqual([]);
  });
});

describe('what kind of document the file name says', () => {
  it('takes the label, then the names people use', () => {
    expect(documentTypeFromFileName('退院時サマリー_山田太郎.pdf')).toBe('DOCUMENT_TYPE_DISCHARGE_SUMMARY');
    expect(documentTypeFromFileName('訪問看護指示書_20261201.pdf')).toBe('DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION');
    expect(documentTypeFromFileName('居宅療養管理指導報告書.pdf')).toBe('DOCUMENT_TYPE_HOME_MEDICAL_MANAGEMENT_REPORT');
    expect(documentTypeFromFileName('紹介状.pdf')).toBe('DOCUMENT_TYPE_REFERRAL_LETTER');
    expect(documentTypeFromFileName('主治医意見書.pdf')).toBe('DOCUMENT_TYPE_PHYSICIAN_OPINION');
    expect(documentTypeFromFileName('scan0001.pdf')).toBeNull();
  });
});

describe('whether a dropped file names another patient than the one on screen', () => {
  it('asks when the file names someone else, not when it names this patient or nobody', () => {
    expect(namesAnotherPatient(suggestFiling('紹介状_山田花子.pdf', '', mine), 'p-yamada')).toBe(true);
    expect(namesAnotherPatient(suggestFiling('紹介状_山田太郎.pdf', '', mine), 'p-yamada')).toBe(false);
    expect(namesAnotherPatient(suggestFiling('scan0001.pdf', '', mine), 'p-yamada')).toBe(false);
    // 山田 alone is not a whole name: it names nobody.
    expect(namesAnotherPatient(suggestFiling('山田様.pdf', '', mine), 'p-hanako')).toBe(false);
  });

  it('for a birth date shared by two patients, asks only on a chart neither of them is', () => {
    const both = suggestFiling('19480302.pdf', '', mine);
    expect(both.ambiguous).toBe(true);
    expect(namesAnotherPatient(both, 'p-yamada')).toBe(false);
    expect(namesAnotherPatient(both, 'p-takahashi')).toBe(false);
    expect(namesAnotherPatient(both, 'p-hanako')).toBe(true);
  });
});
