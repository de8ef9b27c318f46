// Adding a drug to the patient's list, changing an entry (a new version, with the reason kept in
// its history), or stopping it (a change with the day it was stopped: the entry leaves the current
// list and stays in the history). The server checks every field; its problems show at the field.
import { MEDICATION_HANDLING_LABELS, MEDICATION_HANDLINGS } from '@renkei/proto/labels';
import { isTemplateDate } from '@renkei/proto/template-forms';
import { useState } from 'react';
import type { MedicationDetailsInput, MedicationView, UserFacingError } from '../../../shared/desktop-api';
import { fieldProblem, toUserFacingError } from '../../api/user-facing-error';
import { DayInput } from '../../components/DayInput';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { useChart } from '../shared/chart-context';
import { isoDayOf } from '../shared/chart-dates';
import { Field } from '../shared/Field';
import { useAddMedication, useChangeMedication } from './medication-queries';

export type MedicationAction = { kind: 'add' } | { kind: 'change' | 'stop'; medication: MedicationView };

const DETAIL_FIELDS = ['drugName', 'dose', 'usage', 'prescriber', 'startedOn', 'stoppedOn', 'handling', 'note'] as const;
type Problems = Partial<Record<(typeof DETAIL_FIELDS)[number] | 'reason', string>>;

const EMPTY: MedicationDetailsInput = {
  drugName: '',
  dose: '',
  usage: '',
  prescriber: '',
  startedOn: '',
  stoppedOn: '',
  handling: [],
  note: '',
};

function detailsOf(medication: MedicationView): MedicationDetailsInput {
  const { drugName, dose, usage, prescriber, startedOn, stoppedOn, handling, note } = medication;
  return { drugName, dose, usage, prescriber, startedOn, stoppedOn, handling, note };
}

export function MedicationDialog({ action, onClose }: { action: MedicationAction; onClose(): void }) {
  const t = useMessages();
  const { locale } = useLocale();
  const { patientId } = useChart();
  const add = useAddMedication();
  const change = useChangeMedication();
  const stopping = action.kind === 'stop';
  const [details, setDetails] = useState<MedicationDetailsInput>(() =>
    action.kind === 'add' ? EMPTY : { ...detailsOf(action.medication), ...(stopping && { stoppedOn: isoDayOf(new Date()) }) },
  );
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const [error, setError] = useState<UserFacingError | null>(null);
  const [busy, setBusy] = useState(false);
  // Editing a field answers the server's problem with it: that problem goes (and the refusal with
  // its last one), so what is still shown is still true.
  const forgetProblem = (field: string) =>
    setError((e) => {
      if (e === null || (e.fields ?? []).length === 0) return e;
      const left = (e.fields ?? []).filter((f) => fieldProblem({ ...e, fields: [f] }, field, locale) === null);
      return left.length === 0 ? null : { ...e, fields: left };
    });
  const set = <K extends keyof MedicationDetailsInput>(key: K, value: MedicationDetailsInput[K]) => {
    setDetails((d) => ({ ...d, [key]: value }));
    forgetProblem(key);
  };
  const toggleHandling = (flag: string, on: boolean) =>
    set('handling', on ? MEDICATION_HANDLINGS.filter((h) => h === flag || details.handling.includes(h)) : details.handling.filter((h) => h !== flag));

  // What can be told before asking the server; the server's own checks come back at the fields.
  const check = (): Problems => {
    const found: Problems = {};
    if (details.drugName.trim() === '') found.drugName = t('medicationDrugRequired');
    if (details.startedOn !== '' && !isTemplateDate(details.startedOn)) found.startedOn = t('invalidDate');
    if (stopping && details.stoppedOn === '') found.stoppedOn = t('medicationStopDateRequired');
    else if (details.stoppedOn !== '' && !isTemplateDate(details.stoppedOn)) found.stoppedOn = t('invalidDate');
    else if (details.stoppedOn !== '' && details.startedOn !== '' && details.stoppedOn < details.startedOn) found.stoppedOn = t('medicationStopBeforeStart');
    if (action.kind !== 'add' && reason.trim() === '') found.reason = t('medicationReasonRequired');
    return found;
  };

  const save = async () => {
    if (busy) return;
    const found = check();
    setProblems(found);
    const first = [...DETAIL_FIELDS, 'reason'].find((field) => field in found);
    if (first !== undefined) {
      document.getElementById(`medication-${first}`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    const trimmed: MedicationDetailsInput = {
      ...details,
      drugName: details.drugName.trim(),
      dose: details.dose.trim(),
      usage: details.usage.trim(),
      prescriber: details.prescriber.trim(),
      note: details.note.trim(),
    };
    try {
      if (action.kind === 'add') await add.mutateAsync({ patientId, details: trimmed });
      else
        await change.mutateAsync({
          patientId,
          medicationId: action.medication.medicationId,
          baseVersion: action.medication.version,
          details: trimmed,
          reason: reason.trim(),
        });
      onClose();
    } catch (thrown) {
      setError(toUserFacingError(thrown));
      setBusy(false);
    }
  };

  const problemAt = (field: keyof Problems) => problems[field] ?? fieldProblem(error, field, locale);
  // A refusal every part of which is shown at its field needs no notice besides.
  const shownAtFields =
    (error?.fields ?? []).length > 0 &&
    (error?.fields ?? []).every((f) => [...DETAIL_FIELDS, 'reason'].some((field) => fieldProblem({ ...error!, fields: [f] }, field, locale)));
  const title =
    action.kind === 'add' ? t('medicationAddTitle') : t(stopping ? 'medicationStopTitle' : 'medicationChangeTitle', { drug: action.medication.drugName });
  const text = (field: 'drugName' | 'dose' | 'usage' | 'prescriber', label: string) => (
    <Field label={label} id={`medication-${field}`} problems={problemAt(field)}>
      {(control) => <input {...control} type="text" value={details[field]} readOnly={stopping} onChange={(e) => set(field, e.currentTarget.value)} />}
    </Field>
  );

  return (
    <Dialog
      title={title}
      onClose={onClose}
      testId="medication-dialog"
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('cancel')}
          </button>
          <button
            type="button"
            className={`button ${stopping ? 'button--danger' : 'button--primary'}`}
            aria-disabled={busy || undefined}
            onClick={() => void save()}
          >
            {stopping ? t('medicationStopConfirm') : t('medicationSave')}
          </button>
        </>
      }
    >
      {text('drugName', t('medicationDrug'))}
      <div className="medication-dialog__row">
        {text('dose', t('medicationDose'))}
        {text('usage', t('medicationUsage'))}
      </div>
      {text('prescriber', t('medicationPrescriber'))}
      <div className="medication-dialog__row">
        <Field label={t('medicationStarted')} id="medication-startedOn" problems={problemAt('startedOn')}>
          {(control) => <DayInput {...control} value={details.startedOn} readOnly={stopping} onChange={(day) => set('startedOn', day)} />}
        </Field>
        {stopping || details.stoppedOn !== '' ? (
          <Field label={t('medicationStoppedOn')} id="medication-stoppedOn" problems={problemAt('stoppedOn')}>
            {(control) => <DayInput {...control} value={details.stoppedOn} onChange={(day) => set('stoppedOn', day)} />}
          </Field>
        ) : null}
      </div>
      <fieldset className="medication-dialog__handling" disabled={stopping}>
        <legend>{t('medicationHandlingLegend')}</legend>
        {MEDICATION_HANDLINGS.map((flag) => (
          <label key={flag}>
            <input type="checkbox" checked={details.handling.includes(flag)} onChange={(e) => toggleHandling(flag, e.currentTarget.checked)} />
            {MEDICATION_HANDLING_LABELS[flag][locale]}
          </label>
        ))}
      </fieldset>
      <Field label={t('medicationNote')} id="medication-note" problems={problemAt('note')}>
        {(control) => <textarea {...control} rows={2} value={details.note} readOnly={stopping} onChange={(e) => set('note', e.currentTarget.value)} />}
      </Field>
      {action.kind !== 'add' ? (
        <Field
          label={stopping ? t('medicationStopReason') : t('medicationChangeReason')}
          hint={t('medicationReasonHint')}
          id="medication-reason"
          problems={problemAt('reason')}
        >
          {(control) => (
            <textarea
              {...control}
              rows={2}
              value={reason}
              onChange={(e) => {
                setReason(e.currentTarget.value);
                forgetProblem('reason');
              }}
            />
          )}
        </Field>
      ) : null}
      {shownAtFields ? null : <ErrorNotice error={error} />}
    </Dialog>
  );
}
