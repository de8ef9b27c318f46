// What people read for the chart's enumerations (document types, record kinds, consent scopes).
// As in format/record-labels: a value this build does not know (a newer server) is shown as it is.
import { CONSENT_SCOPE_LABELS, DOCUMENT_TYPE_LABELS, RECORD_KIND_LABELS, type Label } from '@renkei/proto/labels';
import type { Locale } from '../../../shared/desktop-api';

function lookup(table: Readonly<Record<string, Label>>, value: string, locale: Locale): string {
  return Object.hasOwn(table, value) ? table[value]![locale] : value;
}

export const documentTypeLabel = (value: string, locale: Locale) => lookup(DOCUMENT_TYPE_LABELS, value, locale);
export const recordKindLabel = (value: string, locale: Locale) => lookup(RECORD_KIND_LABELS, value, locale);
export const consentScopeLabel = (value: string, locale: Locale) => lookup(CONSENT_SCOPE_LABELS, value, locale);
