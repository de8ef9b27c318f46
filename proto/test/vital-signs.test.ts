// The vital-sign rules both ends apply: the server refuses what the screens warn of, and the SOAP
// editor writes O in the form clinicians read.
import { describe, expect, it } from 'vitest';
import { vitalSignProblems, vitalSignsText } from '../src/chart-rules';

describe('vital signs', () => {
  it('reads as a line of O, leaving out what was not measured', () => {
    expect(vitalSignsText({ systolicMmhg: 128, diastolicMmhg: 76, pulsePerMin: 72, temperatureCelsius: 36.5, spo2Percent: 97 })).toBe(
      'BP 128/76 P 72 T 36.5 SpO2 97%',
    );
    expect(vitalSignsText({ temperatureCelsius: 37, respirationPerMin: 18, weightKg: 52.4, bloodGlucoseMgDl: 142, pulsePerMin: 0 })).toBe(
      'T 37.0 R 18 BW 52.4kg BS 142',
    );
  });

  it('accepts a measurement within the ranges, and names each sign outside them', () => {
    expect(vitalSignProblems({ systolicMmhg: 128, diastolicMmhg: 76, temperatureCelsius: 36.5, spo2Percent: 100 })).toEqual([]);
    expect(vitalSignProblems({ temperatureCelsius: 365, spo2Percent: 101 }).map((p) => [p.key, p.reason])).toEqual([
      ['temperatureCelsius', 'VITAL_OUT_OF_RANGE'],
      ['spo2Percent', 'VITAL_OUT_OF_RANGE'],
    ]);
    expect(vitalSignProblems({ pulsePerMin: 72.5 }).map((p) => p.reason)).toEqual(['VITAL_TOO_PRECISE']);
  });

  it('reads blood pressure as a pair, the diastolic below the systolic', () => {
    expect(vitalSignProblems({ systolicMmhg: 76, diastolicMmhg: 128 }).map((p) => [p.key, p.reason])).toEqual([
      ['diastolicMmhg', 'DIASTOLIC_NOT_BELOW_SYSTOLIC'],
    ]);
    expect(vitalSignProblems({ diastolicMmhg: 80 }).map((p) => [p.key, p.reason])).toEqual([['systolicMmhg', 'BLOOD_PRESSURE_HALF']]);
    expect(vitalSignProblems({}).map((p) => p.reason)).toEqual(['VITALS_EMPTY']);
  });
});
