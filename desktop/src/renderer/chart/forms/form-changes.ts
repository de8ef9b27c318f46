// The fields of a shared form as text to compare between two saved versions (the versions dialog
// shows what each save changed), labelled as the form labels them.
import { isTemplateKind, templateFields } from '@renkei/proto/template-forms';
import type { FormView, Locale } from '../../../shared/desktop-api';
import type { FieldVersions } from '../shared/text-diff';
import { fieldValueText, readFormValues } from './form-values';

export function formFields(locale: Locale, before: FormView, after: FormView): FieldVersions[] {
  const kind = after.documentType;
  if (!isTemplateKind(kind)) return [];
  const was = readFormValues(before.values);
  const is = readFormValues(after.values);
  return templateFields(kind).map((field) => ({
    key: field.key,
    label: field.label[locale],
    before: fieldValueText(kind, field.key, was[field.key], locale),
    after: fieldValueText(kind, field.key, is[field.key], locale),
  }));
}
