// The shapes a form's values may take, checked at run time: values arrive as JSON from the other
// end, so a date range or a visit entry is trusted only once it has exactly its own keys.
import type { DateRangeValue, VisitMarkEntry } from './form-model';

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function hasExactlyKeys(value: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(value);
  return own.length === keys.length && keys.every((key) => Object.hasOwn(value, key));
}

export function isDateRange(value: unknown): value is DateRangeValue {
  return isPlainObject(value) && hasExactlyKeys(value, ['from', 'to']) && typeof value.from === 'string' && typeof value.to === 'string';
}

export function isVisitEntry(value: unknown): value is VisitMarkEntry {
  return isPlainObject(value) && hasExactlyKeys(value, ['date', 'mark']) && typeof value.date === 'string' && typeof value.mark === 'string';
}
