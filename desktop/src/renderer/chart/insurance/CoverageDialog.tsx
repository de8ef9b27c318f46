// Entering and changing the insurance and certification (保険・認定) from 概要: the whole record in
// one form, as 医療事務 and the care manager copy it from the cards (被保険者証, 介護保険被保険者証,
// 負担割合証, 認定通知書), saved as a new version on top of the one the user opened. The card numbers
// are checked as they are typed by the same rules the server applies (proto chart-rules), in the
// same words; whatever else the server finds wrong comes back at its field, and what was typed
// stays. Someone else's save in between is reported, not overwritten: the user reopens the latest.
import {
  INSURANCE_NUMBER_LENGTHS,
  INSURANCE_NUMBER_RULES,
  INSURANCE_NUMBER_VIOLATIONS,
  insuranceCardDigits,
  type InsuranceNumberName,
} from '@renkei/proto/chart-rules';
import { describeViolation } from '@renkei/proto/field-violations';
import { isTemplateDate } from '@renkei/proto/template-forms';
import { CARE_LEVELS, DEMENTIA_INDEPENDENCE_LABELS, DISABILITY_INDEPENDENCE_LABELS } from '@renkei/proto/labels';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { CoverageView, PublicExpenseView, RecordCoverageInput } from '../../../shared/coverage-views';
import type { FieldProblem, UserFacingError } from '../../../shared/desktop-api';
import { fieldProblem, toUserFacingError } from '../../api/user-facing-error';
import { DayInput } from '../../components/DayInput';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { careLevelLabel } from '../../format/record-labels';
import { writtenName } from '../../format/person-name';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { useChart } from '../shared/chart-context';
import { Field } from '../shared/Field';
import { isSuperseded, useRecordCoverage } from './coverage-queries';
import './coverage-dialog.css';

interface Draft {
  medical: { insurerNumber: string; symbol: string; number: string; branch: string; copayTenths: number; publicExpenses: PublicExpenseView[] };
  longTermCare: { insurerNumber: string; insuredNumber: string; copayTenths: number };
  certification: { careLevel: string; validFrom: string; validUntil: string };
  disabilityIndependence: string;
  dementiaIndependence: string;
  changeReason: string;
}

const NO_CARE_LEVEL = 'CARE_LEVEL_UNSPECIFIED';
const PUBLIC_EXPENSES = 'medical.publicExpenses';
const EMPTY_PUBLIC_EXPENSE: PublicExpenseView = { payerNumber: '', recipientNumber: '', name: '' };
const COPAYS = [1, 2, 3] as const;

function draftOf(coverage: CoverageView | null): Draft {
  const medical = coverage?.medical;
  const care = coverage?.longTermCare;
  const certification = coverage?.certification;
  return {
    medical: {
      insurerNumber: medical?.insurerNumber ?? '',
      symbol: medical?.symbol ?? '',
      number: medical?.number ?? '',
      branch: medical?.branch ?? '',
      copayTenths: medical?.copayTenths ?? 0,
      publicExpenses: medical?.publicExpenses.map((p) => ({ ...p })) ?? [],
    },
    longTermCare: { insurerNumber: care?.insurerNumber ?? '', insuredNumber: care?.insuredNumber ?? '', copayTenths: care?.copayTenths ?? 0 },
    certification: {
      careLevel: certification?.careLevel ?? NO_CARE_LEVEL,
      validFrom: certification?.validFrom ?? '',
      validUntil: certification?.validUntil ?? '',
    },
    disabilityIndependence: coverage?.disabilityIndependence || 'DISABILITY_INDEPENDENCE_UNSPECIFIED',
    dementiaIndependence: coverage?.dementiaIndependence || 'DEMENTIA_INDEPENDENCE_UNSPECIFIED',
    changeReason: '',
  };
}

const filled = (text: string) => text.trim() !== '';

/** What is sent: a part with nothing in it is not recorded (null); text is trimmed, card numbers read as the rules read them. */
function inputOf(draft: Draft, patientId: string, baseVersion: number): RecordCoverageInput {
  const { medical, longTermCare: care, certification } = draft;
  const publicExpenses = medical.publicExpenses
    .filter((p) => filled(p.payerNumber) || filled(p.recipientNumber) || filled(p.name))
    .map((p) => ({ payerNumber: insuranceCardDigits(p.payerNumber), recipientNumber: insuranceCardDigits(p.recipientNumber), name: p.name.trim() }));
  const medicalFilled =
    [medical.insurerNumber, medical.symbol, medical.number, medical.branch].some(filled) || medical.copayTenths !== 0 || publicExpenses.length > 0;
  const careFilled = filled(care.insurerNumber) || filled(care.insuredNumber) || care.copayTenths !== 0;
  const certificationFilled = certification.careLevel !== NO_CARE_LEVEL || filled(certification.validFrom) || filled(certification.validUntil);
  return {
    patientId,
    baseVersion,
    medical: medicalFilled
      ? {
          insurerNumber: insuranceCardDigits(medical.insurerNumber),
          symbol: medical.symbol.trim(),
          number: medical.number.trim(),
          branch: medical.branch.trim(),
          copayTenths: medical.copayTenths,
          publicExpenses,
        }
      : null,
    longTermCare: careFilled
      ? { insurerNumber: insuranceCardDigits(care.insurerNumber), insuredNumber: insuranceCardDigits(care.insuredNumber), copayTenths: care.copayTenths }
      : null,
    certification: certificationFilled ? { ...certification } : null,
    disabilityIndependence: draft.disabilityIndependence,
    dementiaIndependence: draft.dementiaIndependence,
    changeReason: draft.changeReason.trim(),
  };
}

/** Every card number in the form: its field (as the server names it) and the rule it follows. */
function numberFields(draft: Draft): { field: string; name: InsuranceNumberName; value: string }[] {
  return [
    { field: 'medical.insurerNumber', name: 'medicalInsurer', value: draft.medical.insurerNumber },
    ...draft.medical.publicExpenses.flatMap((p, index) => [
      { field: `medical.publicExpenses.${index}.payerNumber`, name: 'publicPayer' as const, value: p.payerNumber },
      { field: `medical.publicExpenses.${index}.recipientNumber`, name: 'publicRecipient' as const, value: p.recipientNumber },
    ]),
    { field: 'longTermCare.insurerNumber', name: 'careInsurer', value: draft.longTermCare.insurerNumber },
    { field: 'longTermCare.insuredNumber', name: 'careInsured', value: draft.longTermCare.insuredNumber },
  ];
}

export function CoverageDialog({ coverage: current, onClose, onReopen }: { coverage: CoverageView | null; onClose(): void; onReopen(): void }) {
  const t = useMessages();
  const { locale } = useLocale();
  const chart = useChart();
  const record = useRecordCoverage();
  // The version the user opened, kept while the overview is read again behind the dialog (after a
  // sync, or a refusal as superseded): what is typed is saved on top of what was seen, or refused.
  const [coverage] = useState(current);
  const baseVersion = coverage?.version ?? 0;
  const reopenRef = useRef<HTMLButtonElement>(null);
  const [draft, setDraft] = useState<Draft>(() => draftOf(coverage));
  const [error, setError] = useState<UserFacingError | null>(null);
  /** Fields the user has left (or everything, once saving was tried): a number typed short is said then, not while typing. */
  const [settled, setSettled] = useState<ReadonlySet<string>>(new Set());
  const [triedSaving, setTriedSaving] = useState(false);

  // Editing a field answers the server's problem with it: that problem goes, so what is shown stays
  // true. A 公費 row removed takes the problems of every row with it (the rows after it move up).
  const forgetProblem = (field: string) =>
    setError((e) => {
      if (e === null || (e.fields ?? []).length === 0) return e;
      const answered = (f: FieldProblem) =>
        field === PUBLIC_EXPENSES ? f.field.startsWith(PUBLIC_EXPENSES) : fieldProblem({ ...e, fields: [f] }, field, locale) !== null;
      const left = (e.fields ?? []).filter((f) => !answered(f));
      return left.length === 0 ? null : { ...e, fields: left };
    });
  const change = (field: string, update: (d: Draft) => Draft) => {
    setDraft(update);
    forgetProblem(field);
  };
  const settle = (field: string) => setSettled((s) => (s.has(field) ? s : new Set([...s, field])));

  /**
   * A card number's problem by the shared rule, in the server's words: at once when it cannot be
   * right (not digits, or wrong though typed in full), a number still short once the field is left.
   */
  const numberProblem = (field: string, name: InsuranceNumberName, value: string, now = false): string | null => {
    const digits = insuranceCardDigits(value);
    if (digits === '') return null;
    const problem = INSURANCE_NUMBER_RULES[name](digits);
    if (problem === undefined) return null;
    const whole = digits.length >= Math.max(...INSURANCE_NUMBER_LENGTHS[name]);
    if (problem !== 'NOT_DIGITS' && !whole && !now && !settled.has(field) && !triedSaving) return null;
    return describeViolation(INSURANCE_NUMBER_VIOLATIONS[problem], { number: name }, locale);
  };
  /** What can be told before asking the server; the server's own checks come back at the fields. */
  const localProblems = (): { field: string; problem: string }[] => {
    const found = numberFields(draft).flatMap(({ field, name, value }) => {
      const problem = numberProblem(field, name, value, true);
      return problem === null ? [] : [{ field, problem }];
    });
    for (const field of ['validFrom', 'validUntil'] as const) {
      const value = draft.certification[field];
      if (value !== '' && !isTemplateDate(value)) found.push({ field: `certification.${field}`, problem: t('invalidDate') });
    }
    return found;
  };
  const problemsAt = (field: string, local: string | null = null): string[] =>
    [local, fieldProblem(error, field, locale)].filter((p, i, all): p is string => p !== null && all.indexOf(p) === i);

  const save = async () => {
    if (record.isPending) return;
    setTriedSaving(true);
    const found = localProblems();
    if (found.length > 0) {
      document.getElementById(idOf(found[0]!.field))?.focus();
      return;
    }
    setError(null);
    try {
      const saved = await record.mutateAsync(inputOf(draft, chart.patientId, baseVersion));
      chart.notify(t('coverageSaved', { version: saved.version }));
      onClose();
    } catch (thrown) {
      const refusal = toUserFacingError(thrown);
      setError(refusal);
      const first = refusal.fields?.[0]?.field;
      if (first !== undefined) document.getElementById(idOf(first))?.focus();
    }
  };

  const superseded = error !== null && isSuperseded(error.reason);
  // The way on is to reopen: it is brought into view (the form may be scrolled to its end) and focused.
  useEffect(() => {
    if (superseded) reopenRef.current?.focus();
  }, [superseded]);
  // A refusal every part of which is shown at its field needs no notice besides.
  const fields = formFields(draft);
  const shownAtFields =
    (error?.fields ?? []).length > 0 &&
    (error?.fields ?? []).every((f) => fields.some((field) => fieldProblem({ ...error!, fields: [f] }, field, locale) !== null));
  const patient = writtenName(chart.overview.patient.name);

  const text = (
    field: string,
    label: string,
    value: string,
    onValue: (value: string) => void,
    options: { hint?: ReactNode; local?: string | null; code?: boolean; placeholder?: string } = {},
  ) => (
    <Field label={label} hint={options.hint} id={idOf(field)} problems={problemsAt(field, options.local ?? null)}>
      {(control) => (
        <input
          {...control}
          type="text"
          className={options.code ? 'coverage-dialog__code' : undefined}
          inputMode={options.code ? 'numeric' : undefined}
          autoComplete="off"
          spellCheck={false}
          placeholder={options.placeholder}
          value={value}
          onChange={(e) => onValue(e.currentTarget.value)}
          onBlur={() => settle(field)}
        />
      )}
    </Field>
  );
  // Typed helpers that set one part of the draft.
  const setMedical = (key: keyof Draft['medical'], field: string) => (value: string) =>
    change(field, (d) => ({ ...d, medical: { ...d.medical, [key]: value } }));
  const setCare = (key: 'insurerNumber' | 'insuredNumber', field: string) => (value: string) =>
    change(field, (d) => ({ ...d, longTermCare: { ...d.longTermCare, [key]: value } }));
  const setPublic = (index: number, key: keyof PublicExpenseView, field: string) => (value: string) =>
    change(field, (d) => ({
      ...d,
      medical: { ...d.medical, publicExpenses: d.medical.publicExpenses.map((p, i) => (i === index ? { ...p, [key]: value } : p)) },
    }));
  const copaySelect = (field: string, value: number, onValue: (tenths: number) => void) => (
    <Field label={t('copayLabel')} id={idOf(field)} problems={problemsAt(field)}>
      {(control) => (
        <select {...control} value={value} onChange={(e) => onValue(Number(e.currentTarget.value))}>
          <option value={0}>{t('coverageNotChosen')}</option>
          {COPAYS.map((tenths) => (
            <option key={tenths} value={tenths}>
              {t('copayTenths', { tenths })}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  return (
    <Dialog
      title={coverage === null ? t('coverageRecordTitle', { patient }) : t('coverageChangeTitle', { patient, version: coverage.version })}
      onClose={onClose}
      size="wide"
      testId="coverage-dialog"
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('cancel')}
          </button>
          <button
            type="button"
            className="button button--primary"
            aria-disabled={record.isPending || superseded || undefined}
            onClick={() => (superseded ? undefined : void save())}
            data-testid="coverage-save"
          >
            {record.isPending ? t('coverageSaving') : t('coverageSave')}
          </button>
        </>
      }
    >
      {superseded ? (
        <div className="error-notice coverage-dialog__superseded" role="alert">
          <p>{error.message[locale]}</p>
          <p>{t('coverageSupersededAdvice')}</p>
          <button ref={reopenRef} type="button" className="button button--primary" onClick={onReopen} data-testid="coverage-reopen">
            {t('coverageReopen')}
          </button>
        </div>
      ) : shownAtFields ? null : (
        <ErrorNotice error={error} />
      )}
      <p className="muted coverage-dialog__intro">{t('coverageEntryIntro')}</p>

      <fieldset className="coverage-dialog__part" data-testid="coverage-medical">
        <legend>{t('medicalInsuranceLabel')}</legend>
        <div className="coverage-dialog__row">
          {text('medical.insurerNumber', t('insurerNumberLabel'), draft.medical.insurerNumber, setMedical('insurerNumber', 'medical.insurerNumber'), {
            hint: t('coverageMedicalInsurerHint'),
            local: numberProblem('medical.insurerNumber', 'medicalInsurer', draft.medical.insurerNumber),
            code: true,
          })}
          {copaySelect('medical.copayTenths', draft.medical.copayTenths, (tenths) =>
            change('medical.copayTenths', (d) => ({ ...d, medical: { ...d.medical, copayTenths: tenths } })),
          )}
        </div>
        <div className="coverage-dialog__row">
          {text('medical.symbol', t('coverageSymbol'), draft.medical.symbol, setMedical('symbol', 'medical.symbol'), { hint: t('coverageSymbolHint') })}
          {text('medical.number', t('coverageNumber'), draft.medical.number, setMedical('number', 'medical.number'), { code: true })}
          {text('medical.branch', t('coverageBranch'), draft.medical.branch, setMedical('branch', 'medical.branch'), {
            hint: t('coverageBranchHint'),
            code: true,
          })}
        </div>
        <h3 className="coverage-dialog__subhead">{t('coveragePublicExpenses')}</h3>
        {draft.medical.publicExpenses.length === 0 ? <p className="muted">{t('coverageNoPublicExpense')}</p> : null}
        {draft.medical.publicExpenses.map((p, index) => (
          <div key={index} className="coverage-dialog__row coverage-dialog__public" data-testid="public-expense-row">
            {text(`medical.publicExpenses.${index}.name`, t('coveragePublicName'), p.name, setPublic(index, 'name', `medical.publicExpenses.${index}.name`), {
              placeholder: t('coveragePublicNamePlaceholder'),
            })}
            {text(
              `medical.publicExpenses.${index}.payerNumber`,
              t('coveragePayerNumber'),
              p.payerNumber,
              setPublic(index, 'payerNumber', `medical.publicExpenses.${index}.payerNumber`),
              { hint: t('coveragePayerHint'), code: true, local: numberProblem(`medical.publicExpenses.${index}.payerNumber`, 'publicPayer', p.payerNumber) },
            )}
            {text(
              `medical.publicExpenses.${index}.recipientNumber`,
              t('coverageRecipientNumber'),
              p.recipientNumber,
              setPublic(index, 'recipientNumber', `medical.publicExpenses.${index}.recipientNumber`),
              {
                hint: t('coverageRecipientHint'),
                code: true,
                local: numberProblem(`medical.publicExpenses.${index}.recipientNumber`, 'publicRecipient', p.recipientNumber),
              },
            )}
            <button
              type="button"
              className="button button--quiet coverage-dialog__remove"
              aria-label={t('coverageRemovePublicExpenseAria', { index: index + 1 })}
              onClick={() =>
                change(PUBLIC_EXPENSES, (d) => ({
                  ...d,
                  medical: { ...d.medical, publicExpenses: d.medical.publicExpenses.filter((_, i) => i !== index) },
                }))
              }
            >
              {t('coverageRemovePublicExpense')}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button button--small"
          onClick={() => setDraft((d) => ({ ...d, medical: { ...d.medical, publicExpenses: [...d.medical.publicExpenses, EMPTY_PUBLIC_EXPENSE] } }))}
        >
          {t('coverageAddPublicExpense')}
        </button>
      </fieldset>

      <fieldset className="coverage-dialog__part" data-testid="coverage-long-term-care">
        <legend>{t('longTermCareLabel')}</legend>
        <div className="coverage-dialog__row">
          {text(
            'longTermCare.insurerNumber',
            t('insurerNumberLabel'),
            draft.longTermCare.insurerNumber,
            setCare('insurerNumber', 'longTermCare.insurerNumber'),
            {
              hint: t('coverageCareInsurerHint'),
              code: true,
              local: numberProblem('longTermCare.insurerNumber', 'careInsurer', draft.longTermCare.insurerNumber),
            },
          )}
          {text(
            'longTermCare.insuredNumber',
            t('insuredNumberLabel'),
            draft.longTermCare.insuredNumber,
            setCare('insuredNumber', 'longTermCare.insuredNumber'),
            {
              hint: t('coverageCareInsuredHint'),
              code: true,
              local: numberProblem('longTermCare.insuredNumber', 'careInsured', draft.longTermCare.insuredNumber),
            },
          )}
          {copaySelect('longTermCare.copayTenths', draft.longTermCare.copayTenths, (tenths) =>
            change('longTermCare.copayTenths', (d) => ({ ...d, longTermCare: { ...d.longTermCare, copayTenths: tenths } })),
          )}
        </div>
      </fieldset>

      <fieldset className="coverage-dialog__part" data-testid="coverage-certification">
        <legend>{t('certificationLabel')}</legend>
        <div className="coverage-dialog__row">
          <Field label={t('coverageCareLevel')} id={idOf('certification.careLevel')} problems={problemsAt('certification.careLevel')}>
            {(control) => (
              <select
                {...control}
                value={draft.certification.careLevel}
                onChange={(e) => {
                  const careLevel = e.currentTarget.value;
                  change('certification.careLevel', (d) => ({ ...d, certification: { ...d.certification, careLevel } }));
                }}
              >
                <option value={NO_CARE_LEVEL}>{t('coverageNotChosen')}</option>
                {CARE_LEVELS.map((level) => (
                  <option key={level} value={level}>
                    {careLevelLabel(level, locale)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {(['validFrom', 'validUntil'] as const).map((key) => {
            const field = `certification.${key}`;
            const local = triedSaving && draft.certification[key] !== '' && !isTemplateDate(draft.certification[key]) ? t('invalidDate') : null;
            return (
              <Field key={key} label={t(key === 'validFrom' ? 'coverageValidFrom' : 'coverageValidUntil')} id={idOf(field)} problems={problemsAt(field, local)}>
                {(control) => (
                  <DayInput
                    {...control}
                    value={draft.certification[key]}
                    onChange={(day) => change(field, (d) => ({ ...d, certification: { ...d.certification, [key]: day } }))}
                  />
                )}
              </Field>
            );
          })}
        </div>
        <p className="field__hint">{t('coverageCertificationHint')}</p>
      </fieldset>

      <fieldset className="coverage-dialog__part" data-testid="coverage-independence">
        <legend>{t('independenceLabel')}</legend>
        <div className="coverage-dialog__row">
          <Field label={t('coverageDisabilityIndependence')} id={idOf('disabilityIndependence')} problems={problemsAt('disabilityIndependence')}>
            {(control) => (
              <select
                {...control}
                value={draft.disabilityIndependence}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  change('disabilityIndependence', (d) => ({ ...d, disabilityIndependence: value }));
                }}
              >
                {Object.entries(DISABILITY_INDEPENDENCE_LABELS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label[locale]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('coverageDementiaIndependence')} id={idOf('dementiaIndependence')} problems={problemsAt('dementiaIndependence')}>
            {(control) => (
              <select
                {...control}
                value={draft.dementiaIndependence}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  change('dementiaIndependence', (d) => ({ ...d, dementiaIndependence: value }));
                }}
              >
                {Object.entries(DEMENTIA_INDEPENDENCE_LABELS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label[locale]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      </fieldset>

      {coverage !== null ? (
        <Field label={t('coverageChangeReason')} hint={t('coverageChangeReasonHint')} id={idOf('changeReason')} problems={problemsAt('changeReason')}>
          {(control) => (
            <textarea
              {...control}
              rows={2}
              value={draft.changeReason}
              onChange={(e) => {
                const value = e.currentTarget.value;
                change('changeReason', (d) => ({ ...d, changeReason: value }));
              }}
            />
          )}
        </Field>
      ) : null}
    </Dialog>
  );
}

/** Every field the form shows a problem at, as the server names them. */
function formFields(draft: Draft): string[] {
  return [
    ...['insurerNumber', 'symbol', 'number', 'branch', 'copayTenths'].map((key) => `medical.${key}`),
    ...draft.medical.publicExpenses.flatMap((_, index) => ['name', 'payerNumber', 'recipientNumber'].map((key) => `medical.publicExpenses.${index}.${key}`)),
    ...['insurerNumber', 'insuredNumber', 'copayTenths'].map((key) => `longTermCare.${key}`),
    ...['careLevel', 'validFrom', 'validUntil'].map((key) => `certification.${key}`),
    'disabilityIndependence',
    'dementiaIndependence',
    'changeReason',
  ];
}

/** The control's id for a field as the server names it ("medical.publicExpenses.0.payerNumber"). */
function idOf(field: string): string {
  return `coverage-${field.replace(/\./g, '-')}`;
}
