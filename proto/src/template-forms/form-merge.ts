// Three-way comparison and merge: two people edited the same version of a form. Each field is
// compared between the base version, mine and theirs; what only one side changed is taken, a visit
// calendar combines both sides' marks, and a field both changed differently is a conflict the user
// decides.
import type { TemplateFieldValue, TemplateKind, TemplateValues, VisitMarkEntry } from './form-model';
import { templateFields } from './form-definitions';
import { visitMarkRank } from './visit-marks';

/**
 * How a field changed between the common base and the two edited versions:
 * - 'unchanged': neither side changed it;
 * - 'mine' / 'theirs': only that side changed it (taken automatically);
 * - 'same': both changed it to the same value;
 * - 'combined': both changed a visit calendar, on different days (the days are merged);
 * - 'conflict': both changed it differently; a person must choose.
 */
export type FieldChange = 'unchanged' | 'mine' | 'theirs' | 'same' | 'combined' | 'conflict';

export interface FieldComparison {
  field: string;
  base: TemplateFieldValue | undefined;
  mine: TemplateFieldValue | undefined;
  theirs: TemplateFieldValue | undefined;
  change: FieldChange;
  conflict: boolean;
  /** What the automatic merge takes; for a conflict, `mine` until a person decides. */
  merged: TemplateFieldValue | undefined;
}

// A field that is absent and a field that is present but empty mean the same thing on a form, so
// clearing a field nobody had filled in is not a change.
function isEmptyValue(value: TemplateFieldValue | undefined): boolean {
  if (value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return value.from === '' && value.to === '';
  return false;
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** By day, then in the marks' order on the printed form. */
function sortedVisits(entries: readonly VisitMarkEntry[]): VisitMarkEntry[] {
  const rank = (mark: string) => visitMarkRank(mark);
  return entries
    .map((e) => ({ date: e.date, mark: e.mark }))
    .sort((a, b) => compareText(a.date, b.date) || rank(a.mark) - rank(b.mark) || compareText(a.mark, b.mark));
}

function visitKey(entries: readonly VisitMarkEntry[]): string {
  return JSON.stringify(sortedVisits(entries).map((e) => [e.date, e.mark]));
}

/** Equal as field values: absent equals empty, and a visit calendar is a set of (day, mark). */
function sameTemplateValue(a: TemplateFieldValue | undefined, b: TemplateFieldValue | undefined): boolean {
  if (isEmptyValue(a) || isEmptyValue(b)) return isEmptyValue(a) && isEmptyValue(b);
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && visitKey(a) === visitKey(b);
  return a !== undefined && b !== undefined && a.from === b.from && a.to === b.to;
}

function cloneValue(value: TemplateFieldValue | undefined): TemplateFieldValue | undefined {
  if (value === undefined || typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((e) => ({ date: e.date, mark: e.mark }));
  return { from: value.from, to: value.to };
}

function marksByDay(value: TemplateFieldValue | undefined): Map<string, string> {
  const byDay = new Map<string, VisitMarkEntry[]>();
  if (Array.isArray(value)) {
    for (const entry of value) byDay.set(entry.date, [...(byDay.get(entry.date) ?? []), entry]);
  }
  return new Map([...byDay].map(([day, entries]) => [day, visitKey(entries)]));
}

/**
 * Two people marking visits on different days of the same report is the normal case (two nurses
 * of one station), not a conflict: the calendar is merged day by day. Only a day whose marks both
 * changed differently conflicts.
 */
function mergeVisitCalendars(
  base: TemplateFieldValue | undefined,
  mine: TemplateFieldValue | undefined,
  theirs: TemplateFieldValue | undefined,
): VisitMarkEntry[] | undefined {
  const isCalendar = (v: TemplateFieldValue | undefined) => v === undefined || Array.isArray(v);
  if (!isCalendar(base) || !isCalendar(mine) || !isCalendar(theirs)) return undefined;
  if (!Array.isArray(mine) && !Array.isArray(theirs)) return undefined;
  const b = marksByDay(base);
  const m = marksByDay(mine);
  const t = marksByDay(theirs);
  const merged: VisitMarkEntry[] = [];
  for (const day of new Set([...b.keys(), ...m.keys(), ...t.keys()])) {
    const bk = b.get(day) ?? '[]';
    const mk = m.get(day) ?? '[]';
    const tk = t.get(day) ?? '[]';
    let taken: string;
    if (mk === tk || tk === bk) taken = mk;
    else if (mk === bk) taken = tk;
    else return undefined;
    for (const [date, mark] of JSON.parse(taken) as [string, string][]) merged.push({ date, mark });
  }
  return sortedVisits(merged);
}

/**
 * Field-by-field three-way comparison for the merge screen: for each field present in any of the
 * three versions, the base/mine/theirs values and whether it conflicts (both changed it
 * differently) or can be taken automatically. With `kind`, fields come in the form's order.
 */
export function compareTemplateValues(base: TemplateValues, mine: TemplateValues, theirs: TemplateValues, kind?: TemplateKind): FieldComparison[] {
  const present = new Set([...Object.keys(base), ...Object.keys(mine), ...Object.keys(theirs)]);
  const ordered = kind
    ? templateFields(kind)
        .map((f) => f.key)
        .filter((key) => present.has(key))
    : [];
  const keys = [...new Set([...ordered, ...present])];
  const get = (values: TemplateValues, key: string) => (Object.hasOwn(values, key) ? values[key] : undefined);
  return keys.map((key): FieldComparison => {
    const b = get(base, key);
    const m = get(mine, key);
    const t = get(theirs, key);
    const mineChanged = !sameTemplateValue(b, m);
    const theirsChanged = !sameTemplateValue(b, t);
    let change: FieldChange;
    let merged: TemplateFieldValue | undefined = m;
    if (!mineChanged && !theirsChanged) change = 'unchanged';
    else if (!theirsChanged) change = 'mine';
    else if (!mineChanged) {
      change = 'theirs';
      merged = t;
    } else if (sameTemplateValue(m, t)) change = 'same';
    else {
      const calendar = mergeVisitCalendars(b, m, t);
      if (calendar) {
        change = 'combined';
        merged = calendar;
      } else change = 'conflict';
    }
    return {
      field: key,
      base: cloneValue(b),
      mine: cloneValue(m),
      theirs: cloneValue(t),
      change,
      conflict: change === 'conflict',
      merged: cloneValue(merged),
    };
  });
}

/**
 * Applies the automatic part of a merge (fields only one side changed, both changed alike, visit
 * days changed on different days); conflicting fields are left as `mine` and listed. The merged
 * values should be validated again: two valid edits can combine into an invalid form (one person
 * shortens the instruction kind to 特別, the other lengthens the period).
 */
export function mergeTemplateValues(
  base: TemplateValues,
  mine: TemplateValues,
  theirs: TemplateValues,
  kind?: TemplateKind,
): { merged: TemplateValues; conflicts: string[] } {
  const merged: TemplateValues = {};
  const conflicts: string[] = [];
  for (const comparison of compareTemplateValues(base, mine, theirs, kind)) {
    if (comparison.conflict) conflicts.push(comparison.field);
    if (comparison.merged !== undefined) merged[comparison.field] = comparison.merged;
  }
  return { merged, conflicts };
}

/** The instruction validity period of a filled 訪問看護指示書, if any (for expiry flags). */
