import { describe, expect, it } from 'vitest';
import {
  allergyEmphasis,
  allergySeverityLabel,
  allergySeverityRank,
  careLevelLabel,
  careTeamRoleLabel,
  professionLabel,
  sexLabel,
} from '../../src/renderer/format/record-labels';
import { formatPostalCode } from '../../src/renderer/format/contact';
import { kanaName, writtenName } from '../../src/renderer/format/person-name';

describe('labels of the record', () => {
  it('reads proto enum names in Japanese and English', () => {
    expect(careLevelLabel('CARE_LEVEL_CARE_3', 'ja')).toBe('要介護3');
    expect(careLevelLabel('CARE_LEVEL_SUPPORT_2', 'en')).toBe('Support level 2');
    expect(sexLabel('SEX_MALE', 'ja')).toBe('男');
    expect(sexLabel('SEX_FEMALE', 'ja')).toBe('女');
    expect(careTeamRoleLabel('CARE_TEAM_ROLE_ATTENDING_DOCTOR', 'ja')).toBe('主治医');
    expect(professionLabel('PROFESSION_CARE_MANAGER', 'ja')).toBe('ケアマネジャー');
    expect(allergySeverityLabel('ALLERGY_SEVERITY_SEVERE', 'ja')).toBe('重度');
  });

  it('shows a value this build does not know as it is, never as something else', () => {
    expect(careLevelLabel('CARE_LEVEL_CARE_6', 'ja')).toBe('CARE_LEVEL_CARE_6');
    expect(sexLabel('constructor', 'ja')).toBe('constructor');
    expect(sexLabel('__proto__', 'en')).toBe('__proto__');
  });

  it('ranks allergies so the severe come first and an unknown severity is not taken as mild', () => {
    const severities = ['ALLERGY_SEVERITY_MILD', 'ALLERGY_SEVERITY_UNSPECIFIED', 'ALLERGY_SEVERITY_SEVERE', 'ALLERGY_SEVERITY_MODERATE'];
    expect([...severities].sort((a, b) => allergySeverityRank(a) - allergySeverityRank(b))).toEqual([
      'ALLERGY_SEVERITY_SEVERE',
      'ALLERGY_SEVERITY_UNSPECIFIED',
      'ALLERGY_SEVERITY_MODERATE',
      'ALLERGY_SEVERITY_MILD',
    ]);
    expect(allergyEmphasis('ALLERGY_SEVERITY_LIFE_THREATENING')).toBe('unknown');
  });
});

describe('names and contact details', () => {
  const name = { family: '山田', given: '太郎', familyKana: 'ヤマダ', givenKana: 'タロウ' };
  it('writes family name first, in kanji and in kana', () => {
    expect(writtenName(name)).toBe('山田 太郎');
    expect(kanaName(name)).toBe('ヤマダ タロウ');
    expect(kanaName({ ...name, familyKana: '', givenKana: '' })).toBe('');
  });

  it('writes postal codes as 〒123-4567, whatever width they were stored in', () => {
    expect(formatPostalCode('8800805')).toBe('〒880-0805');
    expect(formatPostalCode('880-0805')).toBe('〒880-0805');
    expect(formatPostalCode('８８０−０８０５')).toBe('〒880-0805');
    expect(formatPostalCode('')).toBe('');
  });
});
