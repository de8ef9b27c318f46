// How 概要 reads the hospital's data: its days at the precision written, a prescription's period on
// today's Japan date, diagnoses in order, reference ranges as hospitals write them, and lab results
// grouped by test with their trend.
import { describe, expect, it } from 'vitest';
import type { HospitalDiagnosisView, HospitalLabResultView, HospitalSourceView } from '../../src/shared/hospital-data-views';
import {
  diagnosesInOrder,
  flagSide,
  hospitalDay,
  labTests,
  outOfRangeFlags,
  prescriptionPeriod,
  referenceBounds,
} from '../../src/renderer/chart/overview/hospital-facts';

const source: HospitalSourceView = {
  hospitalId: 'f1',
  hospitalName: '宮崎中央病院',
  hospitalPatientId: 'H1',
  dataType: 'OML-11',
  orderNumber: '1',
  messageControlId: 'm1',
  createdAt: '2026-11-01T12:00:00',
  importedAt: '2026-11-02T00:00:00.000Z',
};

function result(code: string, text: string, observedAt: string, value: string, flags: string[] = []): HospitalLabResultView {
  return {
    test: { code, text, system: code === '' ? '' : 'JC10' },
    value,
    numeric: /^\d/.test(value) ? Number(value) : null,
    unit: '%',
    referenceRange: '4.6-6.2',
    abnormalFlags: flags,
    status: 'F',
    observedAt,
    specimen: '',
    testGroup: '',
    source,
  };
}

function diagnosis(text: string, change: Partial<HospitalDiagnosisView> = {}): HospitalDiagnosisView {
  return { diagnosis: { code: '', text, system: '' }, icd10Code: '', start: '', end: '', outcome: '', main: false, source, ...change };
}

describe('hospital facts on 概要', () => {
  it('reads a hospital’s day at the precision written', () => {
    expect(hospitalDay('2024-04-01T10:20:30')).toBe('2024-04-01');
    expect(hospitalDay('2024-04-01T10:20')).toBe('2024-04-01');
    expect(hospitalDay('20240401102030123')).toBe('2024-04-01');
    expect(hospitalDay('20240401')).toBe('2024-04-01');
    expect(hospitalDay('2024-04')).toBe('2024-04');
    expect(hospitalDay('2024')).toBe('2024');
    expect(hospitalDay('')).toBe('');
    expect(hospitalDay('不明')).toBe('不明');
  });

  it('says whether a prescription is in its period on today’s date, first and last day included', () => {
    const p = { start: '2026-11-01', end: '2026-11-28' };
    expect(prescriptionPeriod(p, '2026-10-31')).toBe('not-started');
    expect(prescriptionPeriod(p, '2026-11-01')).toBe('in-period');
    expect(prescriptionPeriod(p, '2026-11-28')).toBe('in-period');
    expect(prescriptionPeriod(p, '2026-11-29')).toBe('ended');
    // Without a last day (no 日数) or with a month only, nothing is claimed.
    expect(prescriptionPeriod({ start: '2026-11-01', end: '' }, '2026-11-29')).toBeNull();
    expect(prescriptionPeriod({ start: '2026-11', end: '2026-11-28' }, '2026-11-29')).toBeNull();
  });

  it('puts the 主病名 first, then those going on, then the ended ones', () => {
    const ordered = diagnosesInOrder([
      diagnosis('肺炎', { end: '2024-04-05', outcome: '治癒' }),
      diagnosis('2型糖尿病'),
      diagnosis('慢性心不全', { main: true }),
      diagnosis('骨折', { outcome: '中止' }),
      diagnosis('高血圧症'),
    ]);
    expect(ordered.map((d) => d.diagnosis.text)).toEqual(['慢性心不全', '2型糖尿病', '高血圧症', '肺炎', '骨折']);
  });

  it('reads reference ranges as hospitals write them', () => {
    expect(referenceBounds('4.6-6.2')).toEqual({ low: 4.6, high: 6.2 });
    expect(referenceBounds('0.65 - 1.07')).toEqual({ low: 0.65, high: 1.07 });
    expect(referenceBounds('３．６～４．８')).toEqual({ low: 3.6, high: 4.8 });
    expect(referenceBounds('60以上')).toEqual({ low: 60, high: null });
    expect(referenceBounds('>=60')).toEqual({ low: 60, high: null });
    expect(referenceBounds('≧60')).toEqual({ low: 60, high: null });
    expect(referenceBounds('18.4以下')).toEqual({ low: null, high: 18.4 });
    expect(referenceBounds('<0.3')).toEqual({ low: null, high: 0.3 });
    expect(referenceBounds('-0.14')).toEqual({ low: null, high: 0.14 });
    expect(referenceBounds('陰性')).toBeNull();
    expect(referenceBounds('(-)')).toBeNull();
    expect(referenceBounds('')).toBeNull();
  });

  it('knows which flags mark a value out of range, and on which side', () => {
    expect(outOfRangeFlags({ abnormalFlags: ['N', ' ', 'H'] })).toEqual(['H']);
    expect(['H', 'HH', 'L', 'LL', 'A'].map(flagSide)).toEqual(['high', 'high', 'low', 'low', 'abnormal']);
  });

  it('groups results by test, newest first, with the numeric trend oldest first', () => {
    const tests = labTests([
      result('3D046', 'HbA1c', '2026-11-01T09:10', '7.4', ['H']),
      result('8A065', 'eGFR', '2026-11-01T09:10', '41'),
      result('3D046', 'HbA1c', '2026-03-02T09:00', '8.6', ['H']),
      result('3D046', 'HbA1c', '2026-07-15T09:00', '6.1'),
      result('', '尿蛋白', '2026-11-01T09:10', '陰性'),
    ]);
    expect(tests.map((t) => [t.name, t.newest.value, t.results.length])).toEqual([
      ['HbA1c', '7.4', 3],
      ['eGFR', '41', 1],
      ['尿蛋白', '陰性', 1],
    ]);
    expect(tests[0]!.trend).toEqual([
      { day: '2026-03-02', value: 8.6, flags: ['H'] },
      { day: '2026-07-15', value: 6.1, flags: [] },
      { day: '2026-11-01', value: 7.4, flags: ['H'] },
    ]);
    expect(tests[2]!.trend).toEqual([]);
  });
});
