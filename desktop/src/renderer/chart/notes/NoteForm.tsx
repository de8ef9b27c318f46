// Writing a progress note (経過記録) in SOAP, or correcting one. A correction is a new version with
// its reason; the old version stays readable in the history (真正性: no silent change). The time
// observed defaults to now, since most notes are written during or right after the visit; a
// correction starts from the note's own time and may move it (a note dated wrongly).
import { useEffect, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { ProgressNoteView, SoapText, UserFacingError } from '../../../shared/desktop-api';
import { fieldProblem, toUserFacingError } from '../../api/user-facing-error';
import { DateTimeInput } from '../../components/DateTimeInput';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { useChart } from '../shared/chart-context';
import { dateTimeInputValue, formatDateTime, instantFromDateTimeInput } from '../shared/chart-dates';
import { Field } from '../shared/Field';
import { useEra } from '../shared/era-preference';
import { hasVitals, useVitalsProblems, VitalsEntry, vitalsOf, type VitalsDraft } from '../medications/VitalsEntry';
import { vitalSignsText } from '@renkei/proto/chart-rules';
import { useCorrectNote, useRecordVitalSigns, useWriteNote } from './note-queries';
import type { PhraseTargetName } from '../../../shared/phrase-views';
import { PhrasePicker } from '../phrases/PhrasePicker';

const PARTS: readonly (keyof SoapText)[] = ['subjective', 'objective', 'assessment', 'plan'];
/** The picker's name says only the letter, so it is never mistaken for the field's own label. */
const PHRASE_FIELD_LETTERS: Record<keyof SoapText, string> = { subjective: 'S', objective: 'O', assessment: 'A', plan: 'P' };
/** Which 定型文 each part's picker offers. */
const PHRASE_TARGETS: Record<keyof SoapText, PhraseTargetName> = {
  subjective: 'PHRASE_TARGET_SOAP_S',
  objective: 'PHRASE_TARGET_SOAP_O',
  assessment: 'PHRASE_TARGET_SOAP_A',
  plan: 'PHRASE_TARGET_SOAP_P',
};
/** A clock a few minutes fast is not a note from the future. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

type Problem = 'soap' | 'observed' | 'observed-future' | 'reason' | 'unchanged';

interface NoteFormProps {
  /** The note being corrected; absent for a new note. */
  correcting?: ProgressNoteView;
  onSaved(note: ProgressNoteView): void;
  onCancel(): void;
  /** Prefix of the controls' ids (the new-note form and the correction dialog may both exist). */
  idPrefix: string;
  onUnsavedChange(unsaved: boolean): void;
}

export function NoteForm({ correcting, onSaved, onCancel, idPrefix, onUnsavedChange }: NoteFormProps) {
  const { patientId } = useChart();
  const write = useWriteNote();
  const recordVitals = useRecordVitalSigns();
  const [vitals, setVitals] = useState<VitalsDraft>({});
  const vitalsProblems = useVitalsProblems(vitals);
  const correct = useCorrectNote();
  const t = useMessages();
  const { locale } = useLocale();
  const era = useEra();
  const [soap, setSoap] = useState<SoapText>(() => correcting?.soap ?? { subjective: '', objective: '', assessment: '', plan: '' });
  const originalObserved = correcting === undefined ? null : dateTimeInputValue(new Date(correcting.observedAt));
  const [observed, setObserved] = useState(() => originalObserved ?? dateTimeInputValue(new Date()));
  const observedMoved = originalObserved !== null && observed !== originalObserved;
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<ReadonlySet<Problem>>(new Set());
  const [error, setError] = useState<UserFacingError | null>(null);
  const [busy, setBusy] = useState(false);

  const typed =
    correcting === undefined
      ? PARTS.some((part) => soap[part].trim() !== '') || hasVitals(vitals)
      : PARTS.some((part) => soap[part] !== correcting.soap[part]) || reason.trim() !== '' || observedMoved;
  useEffect(() => onUnsavedChange(typed), [typed, onUnsavedChange]);
  useEffect(() => () => onUnsavedChange(false), [onUnsavedChange]);

  const labels: Record<keyof SoapText, string> = {
    subjective: t('soapSubjectiveLabel'),
    objective: t('soapObjectiveLabel'),
    assessment: t('soapAssessmentLabel'),
    plan: t('soapPlanLabel'),
  };
  // What the server refused, said at the field it names (a mark that reorders text in the plan, a
  // text too long); the notice below then only stands for what no field of the form shows.
  const serverProblem = (field: string) => fieldProblem(error, field, locale);
  const placed =
    (error?.fields ?? []).length > 0 &&
    (error?.fields ?? []).every((f) => [...PARTS, 'observedAt', 'reason'].some((field) => fieldProblem({ ...error!, fields: [f] }, field, locale)));
  const hints: Record<keyof SoapText, string> = {
    subjective: t('soapSubjectiveHint'),
    objective: t('soapObjectiveHint'),
    assessment: t('soapAssessmentHint'),
    plan: t('soapPlanHint'),
  };

  const check = (): Set<Problem> => {
    const found = new Set<Problem>();
    // Vital signs alone make a note: their text goes into O.
    if (PARTS.every((part) => soap[part].trim() === '') && !(correcting === undefined && hasVitals(vitals))) found.add('soap');
    const instant = instantFromDateTimeInput(observed);
    if (instant === null) found.add('observed');
    else if (instant.getTime() > Date.now() + FUTURE_TOLERANCE_MS) found.add('observed-future');
    if (correcting !== undefined) {
      if (reason.trim() === '') found.add('reason');
      if (PARTS.every((part) => soap[part] === correcting.soap[part]) && !observedMoved) found.add('unchanged');
    }
    return found;
  };

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy) return;
    const found = check();
    setProblems(found);
    if (found.size === 0 && vitalsProblems.length > 0) {
      document.getElementById(`${idPrefix}-vital-systolicMmhg`)?.focus();
      return;
    }
    if (found.size > 0) {
      // Focus the first field that needs attention, so the keyboard user lands on it.
      const first = found.has('observed') || found.has('observed-future') ? 'observed' : found.has('soap') || found.has('unchanged') ? 'subjective' : 'reason';
      document.getElementById(`${idPrefix}-${first}`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const trimmed: SoapText = {
        subjective: soap.subjective.trim(),
        objective: soap.objective.trim(),
        assessment: soap.assessment.trim(),
        plan: soap.plan.trim(),
      };
      const observedAt = instantFromDateTimeInput(observed)!.toISOString();
      const withVitals = correcting === undefined && hasVitals(vitals);
      if (withVitals) {
        // One action, both stored: the values as a record (the trend on 概要) and their text in O.
        const values = vitalsOf(vitals);
        const line = vitalSignsText(values);
        const objective = trimmed.objective.includes(line) ? trimmed.objective : [line, trimmed.objective].filter((part) => part !== '').join('\n');
        const recorded = await recordVitals.mutateAsync({ patientId, values, observedAt, note: { ...trimmed, objective } });
        onSaved(recorded.note!);
        return;
      }
      const note =
        correcting === undefined
          ? await write.mutateAsync({ patientId, soap: trimmed, observedAt })
          : await correct.mutateAsync({
              patientId,
              noteId: correcting.noteId,
              baseVersion: correcting.version,
              soap: trimmed,
              reason: reason.trim(),
              // Sent only when moved: the server keeps the note's time otherwise.
              ...(observedMoved ? { observedAt } : {}),
            });
      onSaved(note);
    } catch (thrown) {
      setError(toUserFacingError(thrown));
      setBusy(false);
    }
  };

  // Ctrl+Enter saves from any field, as in the EMRs clinic staff use.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
    }
  };

  return (
    <form className="note-form" onSubmit={(e) => void submit(e)} onKeyDown={onKeyDown} noValidate aria-busy={busy || undefined}>
      {correcting !== undefined ? (
        <p className="muted">{t('correctingNoteOf', { time: formatDateTime(correcting.observedAt, locale, era), version: correcting.version })}</p>
      ) : null}
      <Field
        label={t('observedAtLabel')}
        hint={correcting === undefined ? t('observedAtHint') : t('observedAtCorrectionHint')}
        problems={problems.has('observed') ? t('observedAtInvalid') : problems.has('observed-future') ? t('observedAtFuture') : serverProblem('observedAt')}
        className="note-form__observed"
        id={`${idPrefix}-observed`}
      >
        {(control) => <DateTimeInput {...control} value={observed} onChange={setObserved} />}
      </Field>
      {correcting === undefined ? <VitalsEntry draft={vitals} onChange={setVitals} idPrefix={idPrefix} /> : null}
      <div className="note-form__soap">
        {PARTS.map((part, index) => (
          <Field
            key={part}
            label={labels[part]}
            hint={hints[part]}
            problems={
              index === 0 && problems.has('soap') ? t('soapEmpty') : index === 0 && problems.has('unchanged') ? t('correctionUnchanged') : serverProblem(part)
            }
            id={`${idPrefix}-${part}`}
          >
            {(control) => (
              <div className="note-form__soap-field">
                <textarea
                  {...control}
                  rows={part === 'objective' ? 4 : 3}
                  value={soap[part]}
                  onChange={(e) => {
                    const value = e.currentTarget.value;
                    setSoap((current) => ({ ...current, [part]: value }));
                  }}
                />
                <PhrasePicker
                  target={PHRASE_TARGETS[part]}
                  fieldLabel={PHRASE_FIELD_LETTERS[part]}
                  textareaId={control.id}
                  onChange={(value) => setSoap((current) => ({ ...current, [part]: value }))}
                />
              </div>
            )}
          </Field>
        ))}
      </div>
      {correcting !== undefined ? (
        <Field
          label={t('correctionReasonLabel')}
          hint={t('correctionReasonHint')}
          problems={problems.has('reason') ? t('correctionReasonRequired') : serverProblem('reason')}
          id={`${idPrefix}-reason`}
        >
          {(control) => <textarea {...control} rows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />}
        </Field>
      ) : null}
      {placed ? null : <ErrorNotice error={error} />}
      <div className="form-actions">
        <button type="submit" className="button button--primary" aria-disabled={busy || undefined}>
          {busy ? t('saving') : correcting === undefined ? t('saveNote') : t('saveCorrection')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('cancel')}
        </button>
        <span className="muted form-actions__hint">{t('ctrlEnterSaves')}</span>
      </div>
    </form>
  );
}
