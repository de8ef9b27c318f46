// The 保険医療機関番号 rule (@renkei/proto/chart-rules, and the server's field facilities/institution-number.ts): 10 digits after NFKC, prefecture
// 01–47, 点数表番号 1/3/4/6, and the 検証番号 over the nine digits before it. The published example
// (0110113719, Japanese Wikipedia 「処方箋発行医療機関コード」) passes; one digit changed anywhere fails.
import { describe, expect, it } from 'vitest';
import { DEMO_FACILITIES } from '../src/cli/demo/demo-people';
import { institutionNumberDigits, institutionNumberProblem } from '@renkei/proto/chart-rules';
import { institutionNumber } from '../src/facilities/institution-number';

describe('保険医療機関番号', () => {
  it('accepts well-formed numbers with their check digit: the published example and the demo’s', () => {
    for (const n of ['0110113719', '4539900003']) expect(institutionNumberProblem(n), n).toBeUndefined();
    const demo = DEMO_FACILITIES.flatMap((f) => (f.institutionNumber ? [f.institutionNumber] : []));
    expect(demo).toHaveLength(6);
    for (const n of demo) expect(institutionNumberProblem(n), n).toBeUndefined();
    expect(demo.every((n) => n.startsWith('45'))).toBe(true);
  });

  it('normalises full-width digits, spaces and hyphens before checking', () => {
    expect(institutionNumberDigits('４５１９９００－１０６')).toBe('4519900106');
    expect(institutionNumber.parse(' 45 1 9900106 ')).toBe('4519900106');
  });

  it('refuses the wrong length and anything but digits', () => {
    for (const n of ['', '451990010', '45199001060', '45199001O6', '４５１'])
      expect(institutionNumberProblem(institutionNumberDigits(n)), n).toBe('INSTITUTION_NUMBER_FORMAT');
  });

  it('refuses a prefecture outside 01–47', () => {
    expect(institutionNumberProblem('0019900106')).toBe('INSTITUTION_NUMBER_PREFECTURE');
    expect(institutionNumberProblem('4819900106')).toBe('INSTITUTION_NUMBER_PREFECTURE');
  });

  it('refuses a 点数表番号 other than 1, 3, 4, 6', () => {
    for (const t of ['0', '2', '5', '7', '8', '9']) expect(institutionNumberProblem(`45${t}9900106`), t).toBe('INSTITUTION_NUMBER_FEE_SCHEDULE');
  });

  it('refuses a wrong check digit, and a digit changed anywhere before it', () => {
    expect(institutionNumberProblem('0110113718')).toBe('INSTITUTION_NUMBER_CHECK_DIGIT');
    expect(institutionNumberProblem('4519900107')).toBe('INSTITUTION_NUMBER_CHECK_DIGIT');
    // The prefecture and 点数表番号 count: the same code under another prefecture needs another digit.
    expect(institutionNumberProblem('4419900106')).toBe('INSTITUTION_NUMBER_CHECK_DIGIT');
    expect(institutionNumberProblem('4519910106')).toBe('INSTITUTION_NUMBER_CHECK_DIGIT');
  });
});
