// How 概要 reads the hospital's data (病院データ): the day a hospital wrote, whether a prescription
// is in its period on today's Japan date, lab results grouped by test with their trend, and the
// reference range as bounds a chart can draw. Pure functions, so each rule is tested on its own.
import type { HospitalDiagnosisView, HospitalLabResultView, HospitalPrescriptionView } from '../../../shared/hospital-data-views';
import { daysBetween } from '../shared/chart-dates';

/**
 * The calendar day of a hospital's date or time, at the precision written: "2024-04-01T10:20" and
 * "20240401102030" (the SS-MIX2 file name's form) are "2024-04-01", "2024-04" stays. Anything else
 * is returned as written, so nothing the hospital sent is lost.
 */
export function hospitalDay(text: string): string {
  const trimmed = text.trim();
  const compact = /^(\d{4})(\d{2})(\d{2})(?:\d{2,})?$/.exec(trimmed);
  if (compact) return `${compact[1]}-${compact[2]}-${compact[3]}`;
  const iso = /^(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:$|T)/.exec(trimmed);
  return iso ? iso[1]! : trimmed;
}

export type PrescriptionPeriod = 'in-period' | 'ended' | 'not-started';

/**
 * Where a prescription stands on `today` (YYYY-MM-DD, Japan): from its first to its last day it is
 * in its period; after the last day it has ended. Unknown (null) when its days are not both full
 * dates: the screen then claims nothing.
 */
export function prescriptionPeriod(prescription: Pick<HospitalPrescriptionView, 'start' | 'end'>, today: string): PrescriptionPeriod | null {
  const sinceStart = daysBetween(hospitalDay(prescription.start), today);
  const toEnd = daysBetween(today, hospitalDay(prescription.end));
  if (sinceStart === null || toEnd === null) return null;
  if (sinceStart < 0) return 'not-started';
  return toEnd < 0 ? 'ended' : 'in-period';
}

/** 主病名 first, then those still going on, then the ended ones; otherwise as the hospital listed them. */
export function diagnosesInOrder(diagnoses: readonly HospitalDiagnosisView[]): HospitalDiagnosisView[] {
  const rank = (d: HospitalDiagnosisView) => (d.main ? 0 : d.end.trim() === '' && d.outcome.trim() === '' ? 1 : 2);
  return diagnoses
    .map((diagnosis, index) => ({ diagnosis, index }))
    .sort((a, b) => rank(a.diagnosis) - rank(b.diagnosis) || a.index - b.index)
    .map((entry) => entry.diagnosis);
}

/** Bounds read from a reference range; either may be open. */
export interface ReferenceBounds {
  low: number | null;
  high: number | null;
}

const NUMBER = String.raw`(-?\d+(?:\.\d+)?)`;

/**
 * The bounds of a reference range as hospitals write them: "4.6-6.2", "60以上", "≧60", ">=60",
 * "0.14以下", "<0.3", "-0.14", "60-". Null when it is not a numeric range ("陰性").
 */
export function referenceBounds(range: string): ReferenceBounds | null {
  const text = range.normalize('NFKC').replace(/\s+/g, '');
  if (text === '') return null;
  let match = new RegExp(`^${NUMBER}[-~〜～–]${NUMBER}$`).exec(text);
  if (match) return { low: Number(match[1]), high: Number(match[2]) };
  match = new RegExp(`^(?:>=?|≧|≥)${NUMBER}$|^${NUMBER}(?:以上|超|-|~|〜)$`).exec(text);
  if (match) return { low: Number(match[1] ?? match[2]), high: null };
  match = new RegExp(`^(?:<=?|≦|≤|-|~|〜)${NUMBER}$|^${NUMBER}(?:以下|未満)$`).exec(text);
  if (match) return { low: null, high: Number(match[1] ?? match[2]) };
  return null;
}

/** One numeric value of a trend, with the day taken and the flags that mark it out of range. */
export interface LabPoint {
  day: string;
  value: number;
  flags: string[];
}

/** One test's results, newest first as the overview carries them. */
export interface LabTest {
  key: string;
  name: string;
  newest: HospitalLabResultView;
  results: HospitalLabResultView[];
  /** The numeric values, oldest first, as a trend runs. */
  trend: LabPoint[];
}

/** Flags that mean the value is out of range: H, L, HH, LL, A (abnormal) and the like; N is normal. */
export function outOfRangeFlags(result: Pick<HospitalLabResultView, 'abnormalFlags'>): string[] {
  return result.abnormalFlags.map((flag) => flag.trim()).filter((flag) => flag !== '' && flag !== 'N');
}

/** Whether a flag says high (H, HH, >) or low (L, LL, <); other flags are abnormal without a side. */
export function flagSide(flag: string): 'high' | 'low' | 'abnormal' {
  if (/^(H+|>)$/.test(flag)) return 'high';
  if (/^(L+|<)$/.test(flag)) return 'low';
  return 'abnormal';
}

/**
 * Results grouped by test (its code in its system, or its name when the hospital sent no code), in
 * the order the tests first appear, each newest first (by the day taken, the overview's order kept
 * among equals).
 */
export function labTests(results: readonly HospitalLabResultView[]): LabTest[] {
  const groups = new Map<string, HospitalLabResultView[]>();
  for (const result of results) {
    const key = result.test.code.trim() !== '' ? `${result.test.system}\u0000${result.test.code}` : `\u0000${result.test.text}`;
    const group = groups.get(key);
    if (group) group.push(result);
    else groups.set(key, [result]);
  }
  return [...groups.entries()].map(([key, group]) => {
    const newestFirst = group
      .map((result, index) => ({ result, index }))
      .sort((a, b) => (a.result.observedAt < b.result.observedAt ? 1 : a.result.observedAt > b.result.observedAt ? -1 : a.index - b.index))
      .map((entry) => entry.result);
    const newest = newestFirst[0]!;
    return {
      key,
      name: newest.test.text.trim() !== '' ? newest.test.text : newest.test.code,
      newest,
      results: newestFirst,
      trend: newestFirst
        .filter((result) => result.numeric !== null)
        .reverse()
        .map((result) => ({ day: hospitalDay(result.observedAt), value: result.numeric!, flags: outOfRangeFlags(result) })),
    };
  });
}
