// The period of a 訪問看護指示書 and its limits: a normal instruction may cover up to 6 months, a
// 特別訪問看護指示 (acute worsening, after discharge) up to 14 days, a 在宅患者訪問点滴注射指示 up to 7
// days. A longer period is not a valid instruction. The server applies these limits to forms and to
// filed instructions alike; the overview's expiry alerts read the period from here.
import { lastDayOfDaysPeriod, lastDayOfMonthsPeriod, parseDay, type CalendarDate } from '../calendar';
import type { Label } from '../labels';
import type { TemplateKind, TemplateValues } from './form-model';
import { isDateRange, isPlainObject } from './value-shapes';

export const INSTRUCTION_KIND_FIELD = 'instructionKind';
export const INSTRUCTION_PERIOD_FIELD = 'instructionPeriod';
/** 別紙様式16 carries a 点滴注射指示期間 of its own: the form may also instruct drip infusion. */
export const DRIP_PERIOD_FIELD = 'dripPeriod';

export type InstructionKind = 'NORMAL' | 'SPECIAL' | 'DRIP_INFUSION';

interface InstructionPeriodLimit {
  label: Label;
  /** The period may last this many calendar months, counted as the civil code counts months. */
  months?: number;
  /** The period may last this many days, both the first and the last day counted. */
  days?: number;
  /** How the limit is written in a message. */
  limit: Label;
}

export const INSTRUCTION_PERIOD_LIMITS: Record<InstructionKind, InstructionPeriodLimit> = {
  NORMAL: { label: { ja: '訪問看護指示', en: 'Visiting nursing instruction' }, months: 6, limit: { ja: '6か月', en: '6 months' } },
  SPECIAL: { label: { ja: '特別訪問看護指示', en: 'Special visiting nursing instruction' }, days: 14, limit: { ja: '14日', en: '14 days' } },
  DRIP_INFUSION: { label: { ja: '在宅患者訪問点滴注射指示', en: 'Home drip infusion instruction' }, days: 7, limit: { ja: '7日', en: '7 days' } },
};

export function isInstructionKind(value: string): value is InstructionKind {
  return Object.hasOwn(INSTRUCTION_PERIOD_LIMITS, value);
}

/** Days before Japan adopted the Gregorian calendar (1873) cannot be written in 和暦 correctly. */
const EARLIEST_YEAR = 1873;

/** A day a form may hold: a real YYYY-MM-DD from 1873 on. */
export function parseFormDay(text: string): CalendarDate | undefined {
  const day = parseDay(text);
  return day && day.year >= EARLIEST_YEAR ? day : undefined;
}

/** Whether `text` is a real calendar day written YYYY-MM-DD (from 1873, when Japan took the Gregorian calendar). */
export function isTemplateDate(text: string): boolean {
  return parseFormDay(text) !== undefined;
}

/**
 * The last day an instruction of this kind starting on `from` may run to, or undefined when
 * `from` is not a date. The first day counts; months are counted by the civil code (民法143条):
 * 2024-08-31 + 6 months runs to 2025-02-28.
 */
export function latestInstructionEnd(instructionKind: InstructionKind, from: string): string | undefined {
  const start = parseFormDay(from);
  if (!start) return undefined;
  const limit = INSTRUCTION_PERIOD_LIMITS[instructionKind];
  const end = limit.days !== undefined ? lastDayOfDaysPeriod(start, limit.days) : lastDayOfMonthsPeriod(start, limit.months ?? 0);
  return end.toString();
}

/** The instruction validity period of a filled 訪問看護指示書, if any (for expiry flags). */
export function instructionPeriod(kind: TemplateKind, values: TemplateValues): { from: string; to: string } | undefined {
  if (kind !== 'VISITING_NURSING_INSTRUCTION' || !isPlainObject(values)) return undefined;
  const period = Object.hasOwn(values, INSTRUCTION_PERIOD_FIELD) ? values[INSTRUCTION_PERIOD_FIELD] : undefined;
  if (!isDateRange(period)) return undefined;
  const from = parseFormDay(period.from);
  const to = parseFormDay(period.to);
  if (!from || !to || to.compare(from) < 0) return undefined;
  return { from: period.from, to: period.to };
}
