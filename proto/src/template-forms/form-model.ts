// The model of a shared form (共有テンプレート): the structured home-care documents several
// professions fill in together — instructions, plans, reports, referral letters. They are forms
// with text fields rather than uploaded PDFs because more than one person edits them, so the server
// (which stores and validates them) and the screens (which render, check and merge them) must read
// the same definition. Browser-safe: no Node imports.
//
// Values are a flat record keyed by field key. Keys are stable: they are stored in the database and
// sent over the API, so a key is never renamed or reused for a different meaning; labels may change.
// Dates are calendar days written YYYY-MM-DD (a day is the same day in every time zone).
import type { CareTeamRoleName, Label } from '../labels';

export const TEMPLATE_KINDS = [
  'VISITING_NURSING_INSTRUCTION',
  'VISITING_NURSING_PLAN',
  'VISITING_NURSING_REPORT',
  'HOME_MEDICAL_MANAGEMENT_REPORT',
  'REFERRAL_LETTER',
] as const;

export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

export function isTemplateKind(value: string): value is TemplateKind {
  return (TEMPLATE_KINDS as readonly string[]).includes(value);
}

export type TemplateFieldType = 'text' | 'multiline' | 'date' | 'dateRange' | 'choice' | 'visitCalendar';

export interface TemplateChoice {
  /** Stored value; stable. */
  value: string;
  label: Label;
}

export interface TemplateField {
  /** camelCase, stable: stored and sent over the API. Unique within its form. */
  key: string;
  label: Label;
  type: TemplateFieldType;
  /** Only for 'choice'. An empty string means "not chosen yet". */
  choices?: readonly TemplateChoice[];
  /** Enforced only when the document is finalised (drafts may be incomplete). */
  required: boolean;
  /** Characters (Unicode code points) for 'text' and 'multiline'. */
  maxLength?: number;
  /** The care-team roles who typically write this field; the screen offers it to them first. */
  filledBy: readonly CareTeamRoleName[];
  /** Help shown by the input: what to write, with examples. */
  hint?: Label;
  /** A 'text' field holding a number with a rule of its own, checked when it is not empty. */
  format?: TemplateFieldFormat;
}

/** institutionNumber: a 保険医療機関番号 (10 digits with its 検証番号; chart-rules/institution-number.ts). */
export type TemplateFieldFormat = 'institutionNumber';

export interface TemplateSection {
  key: string;
  title: Label;
  fields: readonly TemplateField[];
}

export interface TemplateForm {
  kind: TemplateKind;
  title: Label;
  /** Who usually writes (and finalises) the document as a whole. */
  filledBy: readonly CareTeamRoleName[];
  sections: readonly TemplateSection[];
}

export interface DateRangeValue {
  from: string;
  to: string;
}

export interface VisitMarkEntry {
  date: string;
  mark: string;
}

export type TemplateFieldValue = string | DateRangeValue | VisitMarkEntry[];
export type TemplateValues = Record<string, TemplateFieldValue>;

/** A problem with a form's values, in both languages; `field` is the field key ('' for the whole). */
export interface TemplateViolation {
  field: string;
  ja: string;
  en: string;
}

export const MAX_TEXT_LENGTH = 200;
export const MAX_MULTILINE_LENGTH = 4000;
/** Two months of daily visits with several marks a day is far below this. */
export const MAX_VISIT_ENTRIES = 200;
