// Reading, showing and merging the values of a shared form (共有テンプレート). The definitions,
// validation and three-way comparison live in @renkei/proto/template-forms, shared with the
// server; this is what the screens add: values as text (the merge view, version lists), problems
// per field, a merge resolved by a person, and text pasted into a field (notes, 経過記録から).
import {
  templateField,
  templateFields,
  type DateRangeValue,
  type FieldComparison,
  type TemplateField,
  type TemplateFieldValue,
  type TemplateKind,
  type TemplateValues,
  type TemplateViolation,
  type VisitMarkEntry,
} from '@renkei/proto/template-forms';
import type { FormView, Locale } from '../../../shared/desktop-api';
import { formatRecordDay } from '../shared/chart-dates';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isDateRange(value: unknown): value is DateRangeValue {
  return isRecord(value) && typeof value.from === 'string' && typeof value.to === 'string';
}

function isVisitEntry(value: unknown): value is VisitMarkEntry {
  return isRecord(value) && typeof value.date === 'string' && typeof value.mark === 'string';
}

/**
 * The values as the editor can hold them. A form saved by a newer version of the app may carry
 * fields or shapes this build does not know; those are kept as they are (so saving does not
 * drop someone else's data) but only known, well-shaped values are edited.
 */
export function readFormValues(values: Record<string, unknown>): TemplateValues {
  const out: TemplateValues = {};
  for (const [key, value] of Object.entries(values)) {
    if (typeof value === 'string') out[key] = value;
    else if (Array.isArray(value) && value.every(isVisitEntry)) out[key] = value.map((e) => ({ date: e.date, mark: e.mark }));
    else if (isDateRange(value)) out[key] = { from: value.from, to: value.to };
  }
  return out;
}

export function isEmptyFieldValue(value: TemplateFieldValue | undefined): boolean {
  if (value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return value.from === '' && value.to === '';
}

/** The fields a note can be pasted into: the free-text ones. */
export function multilineFields(kind: TemplateKind): TemplateField[] {
  return templateFields(kind).filter((f) => f.type === 'multiline');
}

export function stringValue(values: TemplateValues, key: string): string {
  const value = values[key];
  return typeof value === 'string' ? value : '';
}

export function dateRangeValue(values: TemplateValues, key: string): DateRangeValue {
  const value = values[key];
  return value !== undefined && isDateRange(value) ? value : { from: '', to: '' };
}

export function visitEntries(values: TemplateValues, key: string): VisitMarkEntry[] {
  const value = values[key];
  return Array.isArray(value) ? value : [];
}

/** A value as one line of text ('' when empty): for the merge view and version lists. */
export function fieldValueText(kind: TemplateKind, key: string, value: TemplateFieldValue | undefined, locale: Locale, era = false): string {
  if (value === undefined) return '';
  const field = templateField(kind, key);
  if (typeof value === 'string') {
    if (field?.type === 'choice') return field.choices?.find((c) => c.value === value)?.label[locale] ?? value;
    if (field?.type === 'date') return formatRecordDay(value, locale, era);
    return value;
  }
  if (Array.isArray(value)) {
    const byDay = new Map<string, string>();
    for (const entry of [...value].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))) {
      byDay.set(entry.date, (byDay.get(entry.date) ?? '') + entry.mark);
    }
    return [...byDay].map(([day, marks]) => `${shortDay(day)}${marks}`).join(locale === 'ja' ? '、' : ', ');
  }
  if (value.from === '' && value.to === '') return '';
  return `${formatRecordDay(value.from, locale, era) || '…'} 〜 ${formatRecordDay(value.to, locale, era) || '…'}`;
}

function shortDay(day: string): string {
  const match = /^\d{4}-(\d{2})-(\d{2})$/.exec(day);
  return match ? `${Number(match[1])}/${Number(match[2])}` : day;
}

/** Problems per field key, in the user's language ('' holds problems with the whole form). */
export function violationsByField(violations: readonly TemplateViolation[], locale: Locale): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const v of violations) out.set(v.field, [...(out.get(v.field) ?? []), v[locale]]);
  return out;
}

export type FormStatus = 'draft' | 'finalised';

export function formStatus(form: Pick<FormView, 'finalised'>): FormStatus {
  return form.finalised ? 'finalised' : 'draft';
}

// ---- merging after a version conflict -------------------------------------------------------

/** A person's decision on one conflicting field. */
export type MergeChoice = { take: 'mine' } | { take: 'theirs' } | { take: 'manual'; value: TemplateFieldValue };

/** The fields a person still has to decide. */
export function unresolvedConflicts(comparisons: readonly FieldComparison[], choices: Readonly<Record<string, MergeChoice>>): string[] {
  return comparisons.filter((c) => c.conflict && !Object.hasOwn(choices, c.field)).map((c) => c.field);
}

/**
 * The merged values: what the automatic merge took, and for each conflict what the person chose.
 * A person may also override a field that merged automatically (a manual edit).
 */
export function resolvedValues(comparisons: readonly FieldComparison[], choices: Readonly<Record<string, MergeChoice>>): TemplateValues {
  const out: TemplateValues = {};
  for (const c of comparisons) {
    const choice = Object.hasOwn(choices, c.field) ? choices[c.field] : undefined;
    let value: TemplateFieldValue | undefined;
    if (choice === undefined) value = c.merged;
    else if (choice.take === 'mine') value = c.mine;
    else if (choice.take === 'theirs') value = c.theirs;
    else value = choice.value;
    if (value !== undefined) out[c.field] = value;
  }
  return out;
}

/** Appends below what the field already says, separated by a blank line; nothing is replaced. */
export function appendToFieldText(existing: string, addition: string): string {
  if (addition === '') return existing;
  const kept = existing.replace(/\s+$/, '');
  return kept === '' ? addition : `${kept}\n\n${addition}`;
}
