// One field of a shared form, generated from its definition in @renkei/proto/template-forms: a
// line of text, free text with its length (and the 定型文 picker, while it can be written), a day
// (with its 和暦 beside it), a period, a choice, or the visit calendar. Its problems are shown under
// it as the user types.
import {
  INSTRUCTION_KIND_FIELD,
  INSTRUCTION_PERIOD_FIELD,
  INSTRUCTION_PERIOD_LIMITS,
  latestInstructionEnd,
  type InstructionKind,
  type TemplateField,
  type TemplateFieldValue,
  type TemplateKind,
  type TemplateValues,
} from '@renkei/proto/template-forms';
import type { ReactNode } from 'react';
import { DayInput } from '../../components/DayInput';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { joinSentences } from '../../format/sentences';
import { labelInSentence } from '../../i18n/messages';
import { PhrasePicker } from '../phrases/PhrasePicker';
import { formatRecordDay } from '../shared/chart-dates';
import { Field, FieldGroup } from '../shared/Field';
import { dateRangeValue, stringValue, visitEntries } from './form-values';
import { VisitCalendarInput } from './VisitCalendarInput';

interface TemplateFieldInputProps {
  kind: TemplateKind;
  field: TemplateField;
  values: TemplateValues;
  editable: boolean;
  problems: readonly string[];
  /** The user's roles on the team: fields they usually fill are marked. */
  myRoles: readonly string[];
  idPrefix: string;
  onChange(key: string, value: TemplateFieldValue): void;
}

export function TemplateFieldInput({ kind, field, values, editable, problems, myRoles, idPrefix, onChange }: TemplateFieldInputProps) {
  const t = useMessages();
  const { locale } = useLocale();
  const label = field.label[locale];
  const id = `${idPrefix}-${field.key}`;
  // What to fill before finalising, and which fields are yours, are said only while the form can
  // be edited: on a finalised (or read-only) form they ask for work no one can do.
  const aside = editable ? (
    <span className="field__tags">
      {field.required ? <span className="field__required">{t('requiredToFinalise')}</span> : null}
      {field.filledBy.some((role) => myRoles.includes(role)) ? <span className="tag tag--yours">{t('yourField')}</span> : null}
    </span>
  ) : null;
  const hint = field.hint?.[locale];

  switch (field.type) {
    case 'text':
    case 'multiline': {
      const value = stringValue(values, field.key);
      const count = [...value].length;
      const counter =
        field.maxLength !== undefined && (field.type === 'multiline' || count > field.maxLength * 0.8) ? (
          <span className={`field__count${count > field.maxLength ? ' field__count--over' : ''}`}>{t('characterCount', { count, max: field.maxLength })}</span>
        ) : null;
      return (
        <Field
          label={label}
          id={id}
          hint={hint}
          problems={problems}
          className={field.type === 'multiline' ? 'field--wide' : undefined}
          aside={
            <>
              {aside}
              {counter}
            </>
          }
        >
          {(control) =>
            field.type === 'text' ? (
              <input {...control} type="text" value={value} readOnly={!editable} onChange={(e) => onChange(field.key, e.currentTarget.value)} />
            ) : (
              <div className="form-field__text">
                <textarea
                  {...control}
                  rows={Math.max(3, Math.min(14, value.split('\n').length + 1))}
                  value={value}
                  readOnly={!editable}
                  onChange={(e) => onChange(field.key, e.currentTarget.value)}
                />
                {/* The words written in every report (「状態安定。著変なし。」) one pick away; the form's own
                    phrases (PHRASE_TARGET_FORM) and those for any field. */}
                {editable ? (
                  <PhrasePicker target="PHRASE_TARGET_FORM" fieldLabel={label} textareaId={control.id} onChange={(text) => onChange(field.key, text)} />
                ) : null}
              </div>
            )
          }
        </Field>
      );
    }
    case 'date': {
      const value = stringValue(values, field.key);
      return (
        <Field label={label} id={id} hint={hint} problems={problems} aside={aside}>
          {(control) => <DayInput {...control} value={value} readOnly={!editable} onChange={(typed) => onChange(field.key, typed)} />}
        </Field>
      );
    }
    case 'dateRange': {
      const value = dateRangeValue(values, field.key);
      let limitHint = hint;
      if (kind === 'VISITING_NURSING_INSTRUCTION' && field.key === INSTRUCTION_PERIOD_FIELD && value.from !== '') {
        // Say the last permitted day for the chosen kind, so nobody has to count months.
        const chosen = stringValue(values, INSTRUCTION_KIND_FIELD);
        const instructionKind = (Object.hasOwn(INSTRUCTION_PERIOD_LIMITS, chosen) ? chosen : 'NORMAL') as InstructionKind;
        const latest = latestInstructionEnd(instructionKind, value.from);
        if (latest !== undefined) {
          const latestEnd = t('instructionLatestEnd', {
            kind: labelInSentence(INSTRUCTION_PERIOD_LIMITS[instructionKind].label[locale], locale),
            date: formatRecordDay(latest, locale, false),
          });
          limitHint = joinSentences([hint, latestEnd], locale);
        }
      }
      return (
        <FieldGroup legend={<FieldLegend label={label} aside={aside} />} hint={limitHint} problems={problems} className="field--range">
          <div className="date-range">
            <label className="date-range__part">
              <span className="date-range__label">{t('rangeFrom')}</span>
              <DayInput
                id={`${id}-from`}
                value={value.from}
                readOnly={!editable}
                aria-invalid={problems.length > 0 || undefined}
                onChange={(typed) => onChange(field.key, { from: typed, to: value.to })}
              />
            </label>
            <span aria-hidden="true">〜</span>
            <label className="date-range__part">
              <span className="date-range__label">{t('rangeTo')}</span>
              <DayInput
                id={`${id}-to`}
                value={value.to}
                readOnly={!editable}
                aria-invalid={problems.length > 0 || undefined}
                onChange={(typed) => onChange(field.key, { from: value.from, to: typed })}
              />
            </label>
          </div>
        </FieldGroup>
      );
    }
    case 'choice': {
      const value = stringValue(values, field.key);
      return (
        <Field label={label} id={id} hint={hint} problems={problems} aside={aside}>
          {(control) =>
            // Read-only, the choice is shown as text like the other fields: a disabled list still
            // looks like something to open.
            !editable ? (
              <input
                {...control}
                type="text"
                readOnly
                value={(field.choices ?? []).find((c) => c.value === value)?.label[locale] ?? (value === '' ? t('notChosen') : value)}
              />
            ) : (
              <select {...control} value={value} onChange={(e) => onChange(field.key, e.currentTarget.value)}>
                <option value="">{t('notChosen')}</option>
                {(field.choices ?? []).map((choice) => (
                  <option key={choice.value} value={choice.value}>
                    {choice.label[locale]}
                  </option>
                ))}
                {value !== '' && !(field.choices ?? []).some((c) => c.value === value) ? <option value={value}>{value}</option> : null}
              </select>
            )
          }
        </Field>
      );
    }
    case 'visitCalendar':
      return (
        <FieldGroup legend={<FieldLegend label={label} aside={aside} />} hint={hint} problems={problems} className="field--wide">
          <VisitCalendarInput
            idPrefix={id}
            entries={visitEntries(values, field.key)}
            period={dateRangeValue(values, 'reportPeriod')}
            editable={editable}
            onChange={(entries) => onChange(field.key, entries)}
          />
        </FieldGroup>
      );
  }
}

function FieldLegend({ label, aside }: { label: string; aside: ReactNode }) {
  return (
    <span className="field__label-row">
      <span>{label}</span>
      {aside}
    </span>
  );
}
