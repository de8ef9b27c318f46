// The fields of a shared form as text to compare between two saved versions (the versions dialog
// shows what each save changed), labelled as the form labels them.
import { templateFields } from '@renkei/proto/template-forms';
import type { FormView, Locale } from '../../../shared/desktop-api';
import { templateKindOf } from '../shared/record-access';
import type { FieldVersions } from '../shared/text-diff';
import { fieldValueText, readFormValues } from './form-values';

export function formFields(locale: Locale, before: FormView, after: FormView): FieldVersions[] {
  const kind = templateKindOf(after.documentType);
  if (kind === null) return [];
  const was = readFormValues(before.values);
  const is = readFormValues(after.values);
  return templateFields(kind).map((field) => ({
    key: field.key,
    label: field.label[locale],
    before: fieldValueText(kind, field.key, was[field.key], locale),
    after: fieldValueText(kind, field.key, is[field.key], locale),
    // A date is one value: 11/30 → 11/29, not its digits compared.
    whole: field.type === 'date' || field.type === 'dateRange' || field.type === 'choice',
  }));
}
