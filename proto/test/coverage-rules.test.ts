import { describe, expect, it } from 'vitest';
import { describeViolation } from '../src/field-violations';
import {
  careInsuredNumberProblem,
  careInsurerNumberProblem,
  certificationAlert,
  checkDigitOf,
  insuranceCardDigits,
  INSURANCE_NUMBER_LENGTHS,
  INSURANCE_NUMBER_RULES,
  INSURANCE_NUMBER_VIOLATIONS,
  instructionAlerts,
  instructionInForce,
  instructionNeedingAttention,
  medicalInsurerNumberProblem,
  publicPayerNumberProblem,
  publicRecipientNumberProblem,
} from '../src/chart-rules';

const INSTRUCTION = 'DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION';
/** 2026-12-06 10:00 in Tokyo. */
const NOW = new Date('2026-12-06T01:00:00Z');

describe('insurance numbers', () => {
  it('check the 検証番号 of 保険者番号 as the claims rules define it', () => {
    // 協会けんぽ東京支部 01130012, 東京都後期高齢者医療広域連合 39131008: real, published numbers.
    expect(checkDigitOf('0113001')).toBe(2);
    expect(checkDigitOf('3913100')).toBe(8);
    expect(medicalInsurerNumberProblem('01130012')).toBeUndefined();
    expect(medicalInsurerNumberProblem('39131008')).toBeUndefined();
    // One digit mistyped, two digits swapped: caught by the check digit.
    expect(medicalInsurerNumberProblem('01130022')).toBe('CHECK_DIGIT');
    expect(medicalInsurerNumberProblem('39311008')).toBe('CHECK_DIGIT');
    // 国民健康保険: 6 digits, checked the same way (45001 → 5).
    expect(medicalInsurerNumberProblem('450015')).toBeUndefined();
    expect(medicalInsurerNumberProblem('450016')).toBe('CHECK_DIGIT');
    expect(medicalInsurerNumberProblem('0113001')).toBe('WRONG_LENGTH');
    expect(medicalInsurerNumberProblem('0113-0012')).toBe('NOT_DIGITS');
  });

  it('check 公費 numbers, and only the form of 介護保険 numbers', () => {
    expect(publicPayerNumberProblem(`5445000${checkDigitOf('5445000')}`)).toBeUndefined();
    expect(publicPayerNumberProblem('54450001'.replace(/.$/, String((checkDigitOf('5445000') + 1) % 10)))).toBe('CHECK_DIGIT');
    expect(publicRecipientNumberProblem(`123456${checkDigitOf('123456')}`)).toBeUndefined();
    expect(publicRecipientNumberProblem('12345678')).toBe('WRONG_LENGTH');
    expect(careInsurerNumberProblem('452017')).toBeUndefined();
    expect(careInsurerNumberProblem('45201')).toBe('WRONG_LENGTH');
    expect(careInsuredNumberProblem('0000123456')).toBeUndefined();
    expect(careInsuredNumberProblem('H000123456')).toBe('NOT_DIGITS');
  });

  it('say which number is wrong in the user’s language', () => {
    expect(describeViolation('INSURANCE_NUMBER_CHECK_DIGIT', { number: 'medicalInsurer' })).toBe(
      '保険者番号の検証番号（最後の1桁）が合いません。保険証の番号を1桁ずつ確かめて入力し直してください。',
    );
    expect(describeViolation('INSURANCE_NUMBER_LENGTH', { number: 'careInsured' }, 'en')).toBe(
      'The long-term care insured number has 10 digits. Check the card.',
    );
  });

  it('read a number as copied from a card, and name each rule as the violations name it (what the screens check as typed)', () => {
    expect(insuranceCardDigits('３９１３ １００８')).toBe('39131008');
    expect(insuranceCardDigits('0113-0012')).toBe('01130012');
    expect(INSURANCE_NUMBER_RULES.medicalInsurer(insuranceCardDigits('３９３１１００８'))).toBe('CHECK_DIGIT');
    // The longest length is the whole number: one digit more is never right.
    for (const [name, lengths] of Object.entries(INSURANCE_NUMBER_LENGTHS) as [keyof typeof INSURANCE_NUMBER_RULES, readonly number[]][]) {
      expect(INSURANCE_NUMBER_RULES[name]('1'.repeat(Math.max(...lengths) + 1))).toBe('WRONG_LENGTH');
      expect(INSURANCE_NUMBER_RULES[name]('1'.repeat(Math.max(...lengths)))).not.toBe('WRONG_LENGTH');
    }
    expect(describeViolation(INSURANCE_NUMBER_VIOLATIONS.CHECK_DIGIT, { number: 'publicPayer' })).toContain('公費負担者番号の検証番号');
  });
});

describe('certification alert', () => {
  it('warns 60 days before the 要介護認定 ends, counted in Japan time, and stays once it has ended', () => {
    expect(certificationAlert('2027-02-04', NOW)).toEqual({ validUntil: '2027-02-04', expired: false, daysLeft: 60 });
    expect(certificationAlert('2027-02-05', NOW)).toBeUndefined();
    // 2026-12-07 00:30 in Tokyo is still December 6 in UTC: a certification ending on the 6th has ended.
    expect(certificationAlert('2026-12-06', new Date('2026-12-06T15:30:00Z'))).toEqual({ validUntil: '2026-12-06', expired: true, daysLeft: -1 });
    expect(certificationAlert('2025-01-31', NOW)).toMatchObject({ expired: true });
    expect(certificationAlert('', NOW)).toBeUndefined();
  });
});

describe('instruction in force', () => {
  const filed = (validFrom: string, validUntil: string, documentId = 'd') => ({
    documentId,
    documentType: INSTRUCTION,
    title: '指示書',
    validFrom,
    validUntil,
  });
  const form = (from: string, to: string) => ({
    formId: 'f',
    documentType: INSTRUCTION,
    title: '指示書（様式）',
    values: { instructionKind: 'NORMAL', instructionPeriod: { from, to } },
  });

  it('is shown with its period whatever its end, and says how it stands', () => {
    expect(instructionInForce([filed('2026-10-01', '2027-03-31')], [], NOW)).toEqual({
      documentId: 'd',
      formId: '',
      title: '指示書',
      validFrom: '2026-10-01',
      validUntil: '2027-03-31',
      state: 'INSTRUCTION_STATE_IN_FORCE',
      daysLeft: 115,
    });
    expect(instructionInForce([filed('2026-07-01', '2026-12-20')], [], NOW)).toMatchObject({ state: 'INSTRUCTION_STATE_ENDING', daysLeft: 14 });
    expect(instructionInForce([filed('2026-07-01', '2026-12-21')], [], NOW)).toMatchObject({ state: 'INSTRUCTION_STATE_IN_FORCE', daysLeft: 15 });
    expect(instructionInForce([filed('2026-06-01', '2026-11-30')], [], NOW)).toMatchObject({ state: 'INSTRUCTION_STATE_ENDED', daysLeft: -6 });
    expect(instructionInForce([], [], NOW)).toBeUndefined();
  });

  it('is the one that runs furthest, a filed document or a finalised form', () => {
    const result = instructionInForce([filed('2026-06-01', '2026-11-30')], [form('2026-12-01', '2027-05-31')], NOW);
    expect(result).toMatchObject({ documentId: '', formId: 'f', validFrom: '2026-12-01', validUntil: '2027-05-31', state: 'INSTRUCTION_STATE_IN_FORCE' });
  });

  it('needs attention (alert and list mark) within 14 days of its end and up to 90 days after', () => {
    const at = (validUntil: string) => instructionNeedingAttention(instructionInForce([filed('2026-01-01', validUntil)], [], NOW));
    expect(at('2026-12-21')).toBeUndefined();
    expect(at('2026-12-20')).toMatchObject({ state: 'INSTRUCTION_STATE_ENDING' });
    expect(at('2026-09-07')).toMatchObject({ state: 'INSTRUCTION_STATE_ENDED', daysLeft: -90 });
    expect(at('2026-09-06')).toBeUndefined();
    // The overview's alert is the same rule.
    expect(instructionAlerts([filed('2026-01-01', '2026-09-07')], [], NOW)).toEqual([
      { documentId: 'd', formId: '', title: '指示書', validUntil: '2026-09-07', expired: true, daysLeft: -90 },
    ]);
    expect(instructionAlerts([filed('2026-01-01', '2026-09-06')], [], NOW)).toEqual([]);
  });
});

describe('an instruction read from a cache', () => {
  it('counts its days again on the day it is shown', async () => {
    const { instructionAsOf } = await import('../src/chart-rules');
    const cached = { validUntil: '2026-12-20', daysLeft: 20, state: 'INSTRUCTION_STATE_IN_FORCE' as const };
    expect(instructionAsOf(cached, NOW)).toEqual({ validUntil: '2026-12-20', daysLeft: 14, state: 'INSTRUCTION_STATE_ENDING' });
    expect(instructionAsOf(cached, new Date('2026-12-21T01:00:00Z'))).toMatchObject({ daysLeft: -1, state: 'INSTRUCTION_STATE_ENDED' });
  });
});
