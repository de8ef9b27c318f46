// Vital signs: which values a measurement may take, and how they read as the O of a SOAP note.
// The server refuses a value outside its range (a typo such as 1365 for 136 or 365 for 36.5,
// not a judgement on the patient: the ranges are wide enough for any living patient at home);
// the screens check the same ranges before sending and write the same text into O. Browser-safe.

/** The signs, in the order a nurse says them (and the O text lists them). */
export const VITAL_SIGN_KEYS = [
  'systolicMmhg',
  'diastolicMmhg',
  'pulsePerMin',
  'temperatureCelsius',
  'spo2Percent',
  'respirationPerMin',
  'weightKg',
  'bloodGlucoseMgDl',
] as const;

export type VitalSignKey = (typeof VITAL_SIGN_KEYS)[number];

/** A measurement; 0 (or absent) means "not measured", as on the wire (medication.proto). */
export type VitalSignValues = Partial<Record<VitalSignKey, number>>;

export interface VitalSignRange {
  min: number;
  max: number;
  /** Digits after the decimal point accepted (temperature 36.5, weight 52.4). */
  decimals: number;
  unit: string;
}

export const VITAL_SIGN_RANGES: Readonly<Record<VitalSignKey, VitalSignRange>> = {
  systolicMmhg: { min: 40, max: 300, decimals: 0, unit: 'mmHg' },
  diastolicMmhg: { min: 20, max: 200, decimals: 0, unit: 'mmHg' },
  pulsePerMin: { min: 20, max: 250, decimals: 0, unit: '/分' },
  temperatureCelsius: { min: 30, max: 44, decimals: 1, unit: '℃' },
  spo2Percent: { min: 50, max: 100, decimals: 0, unit: '%' },
  respirationPerMin: { min: 4, max: 80, decimals: 0, unit: '/分' },
  weightKg: { min: 1, max: 300, decimals: 1, unit: 'kg' },
  bloodGlucoseMgDl: { min: 10, max: 1000, decimals: 0, unit: 'mg/dL' },
};

export type VitalSignProblem =
  | { key: VitalSignKey; reason: 'VITAL_OUT_OF_RANGE'; min: number; max: number; unit: string }
  | { key: VitalSignKey; reason: 'VITAL_TOO_PRECISE'; decimals: number }
  | { key: 'diastolicMmhg'; reason: 'DIASTOLIC_NOT_BELOW_SYSTOLIC' }
  | { key: 'systolicMmhg' | 'diastolicMmhg'; reason: 'BLOOD_PRESSURE_HALF' }
  | { key: null; reason: 'VITALS_EMPTY' };

function measured(value: number | undefined): value is number {
  return value !== undefined && value !== 0 && !Number.isNaN(value);
}

/** What is wrong with a measurement, sign by sign; empty when it may be recorded. */
export function vitalSignProblems(values: VitalSignValues): VitalSignProblem[] {
  const problems: VitalSignProblem[] = [];
  for (const key of VITAL_SIGN_KEYS) {
    const value = values[key];
    if (!measured(value)) continue;
    const range = VITAL_SIGN_RANGES[key];
    if (value < range.min || value > range.max) {
      problems.push({ key, reason: 'VITAL_OUT_OF_RANGE', min: range.min, max: range.max, unit: range.unit });
    } else if (Math.abs(value * 10 ** range.decimals - Math.round(value * 10 ** range.decimals)) > 1e-6) {
      problems.push({ key, reason: 'VITAL_TOO_PRECISE', decimals: range.decimals });
    }
  }
  const { systolicMmhg: systolic, diastolicMmhg: diastolic } = values;
  // A pressure is read as a pair: one half alone is a slip of the hand, not a measurement.
  if (measured(systolic) !== measured(diastolic)) problems.push({ key: measured(systolic) ? 'diastolicMmhg' : 'systolicMmhg', reason: 'BLOOD_PRESSURE_HALF' });
  else if (measured(systolic) && measured(diastolic) && diastolic >= systolic) problems.push({ key: 'diastolicMmhg', reason: 'DIASTOLIC_NOT_BELOW_SYSTOLIC' });
  if (!VITAL_SIGN_KEYS.some((key) => measured(values[key]))) problems.push({ key: null, reason: 'VITALS_EMPTY' });
  return problems;
}

function fixed(value: number, decimals: number): string {
  return value.toFixed(decimals);
}

/**
 * The values as a line of O, in the form clinicians write them: 「BP 128/76 P 72 T 36.5 SpO2 97%」.
 * Signs not measured are left out.
 */
export function vitalSignsText(values: VitalSignValues): string {
  const parts: string[] = [];
  const v = (key: VitalSignKey) => (measured(values[key]) ? values[key] : undefined);
  const systolic = v('systolicMmhg');
  const diastolic = v('diastolicMmhg');
  if (systolic !== undefined && diastolic !== undefined) parts.push(`BP ${systolic}/${diastolic}`);
  const pulse = v('pulsePerMin');
  if (pulse !== undefined) parts.push(`P ${pulse}`);
  const temperature = v('temperatureCelsius');
  if (temperature !== undefined) parts.push(`T ${fixed(temperature, 1)}`);
  const spo2 = v('spo2Percent');
  if (spo2 !== undefined) parts.push(`SpO2 ${spo2}%`);
  const respiration = v('respirationPerMin');
  if (respiration !== undefined) parts.push(`R ${respiration}`);
  const weight = v('weightKg');
  if (weight !== undefined) parts.push(`BW ${fixed(weight, 1)}kg`);
  const glucose = v('bloodGlucoseMgDl');
  if (glucose !== undefined) parts.push(`BS ${glucose}`);
  return parts.join(' ');
}
