// Filing one file for this patient (dropped on the screen, picked, or offered by the watched
// folder): what kind of document it is (only kinds the user's role may file), its title, date and
// issuer, for an instruction its validity period, and whether it replaces an earlier document as
// a new version. The file's first page is shown beside the form, and what this PC can tell about
// it (empty, too large, not a PDF or image, a PDF with a password) is said as soon as the dialog
// opens, in the server's words, with no 登録する to press. When the file names another of the
// user's patients, the patient on screen is confirmed by name before filing. The progress bar
// follows the core's upload; the server's own refusal is said in its words too, and every input
// stays as typed for another try.
import { INSTRUCTION_PERIOD_LIMITS, latestInstructionEnd, type InstructionKind } from '@renkei/proto/template-forms';
import { useEffect, useEffectEvent, useState } from 'react';
import type { StagedFileView, UploadResult, UserFacingError } from '../../../shared/desktop-api';
import { toUserFacingError } from '../../api/user-facing-error';
import { useDesktopApi } from '../../app/desktop-api-context';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { writtenName } from '../../format/person-name';
import { DayInput } from '../../components/DayInput';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { labelInSentence } from '../../i18n/messages';
import type { Translate } from '../../i18n/messages';
import { useChart } from '../shared/chart-context';
import { namesAnotherPatient } from '../watched-folder/filing-suggestion';
import { useFilingSuggestion } from '../watched-folder/use-filing-suggestion';
import { FilingSuggestionLine, needsPatientConfirmation } from '../watched-folder/WatchedFileCheck';
import { formatRecordDay } from '../shared/chart-dates';
import { documentTypeLabel } from '../shared/chart-labels';
import { Field, FieldGroup } from '../shared/Field';
import { writableDocumentTypes } from '../shared/record-access';
import { documentViewerRequest } from '../shared/viewer-requests';
import { useDocumentList, useUploadDocument } from './document-queries';
import {
  formatFileSize,
  INSTRUCTION_KINDS,
  isInstruction,
  titleFromFileName,
  toUploadInput,
  uploadPercent,
  uploadProblems,
  type UploadDraft,
  type UploadProblem,
} from './upload-form';
import { USUAL_UPLOAD_LIMIT_MB } from './staged-file-check';
import { StagedFilePreview } from './StagedFilePreview';
import { useStagedFileInspection } from './use-staged-file-inspection';
import './documents.css';

interface UploadDialogProps {
  file: StagedFileView;
  presetType?: string;
  /** Files still waiting after this one. */
  remaining: number;
  onFinished(result: UploadResult | null): void;
  onCancelled(): void;
}

type Phase = { step: 'editing' } | { step: 'uploading' } | { step: 'done'; result: UploadResult };

export function UploadDialog({ file, presetType, remaining, onFinished, onCancelled }: UploadDialogProps) {
  const api = useDesktopApi();
  const chart = useChart();
  const t = useMessages();
  const { locale } = useLocale();
  const { patientId, overview } = chart;
  const types = writableDocumentTypes(overview.chart.myAccess);
  const [draft, setDraft] = useState<UploadDraft>(() => ({
    documentType: presetType !== undefined && types.includes(presetType) ? presetType : types.length === 1 ? types[0]! : '',
    title: titleFromFileName(file.fileName),
    issuedOn: '',
    issuer: '',
    validFrom: '',
    validUntil: '',
    instructionKind: 'NORMAL',
    note: '',
    asNewVersion: false,
    replacesDocumentId: '',
  }));
  const [checked, setChecked] = useState(false);
  // Whose document it looks like among the user's own patients. A watched-folder file (the PC's
  // folder, offered to everyone who logs in on it) is confirmed unless it clearly is this
  // patient's; a file the user dropped here themselves only when it names someone else.
  const filing = useFilingSuggestion(file);
  const settled = filing.pending ? null : filing.suggestion;
  const mustConfirm =
    settled !== null && (file.origin === 'watched-folder' ? needsPatientConfirmation(settled, false, patientId) : namesAnotherPatient(settled, patientId));
  const [patientConfirmed, setPatientConfirmed] = useState(false);
  // The file opened as soon as the dialog is: its first page, and whether it can be filed at all.
  const inspection = useStagedFileInspection(file);
  const fileProblem = inspection.state === 'refused' ? inspection.problem : inspection.state === 'unreadable' ? inspection.error : null;
  // 登録する pressed before the file was read or its patient known: filed (or stopped) once they are.
  const settling = filing.pending || inspection.state === 'reading';
  const [waitingToSubmit, setWaitingToSubmit] = useState(false);
  const [typeFromName, setTypeFromName] = useState<string | null>(null);
  const suggestedType = filing.suggestion?.documentType ?? null;
  // The type the file name says, once, when the user has not chosen one (state adjusted while rendering, not in an effect).
  if (suggestedType !== null && typeFromName === null && draft.documentType === '' && types.includes(suggestedType)) {
    setTypeFromName(suggestedType);
    setDraft((current) => ({ ...current, documentType: suggestedType }));
  }
  const [phase, setPhase] = useState<Phase>({ step: 'editing' });
  // A dropped file that names nobody says nothing here; a watched-folder file always says whose it looks like.
  const showPatientCheck = phase.step !== 'done' && (file.origin === 'watched-folder' || (settled !== null && (settled.patient !== null || settled.ambiguous)));
  const [progress, setProgress] = useState<{ sent: number; total: number }>({ sent: 0, total: file.size });
  const [error, setError] = useState<UserFacingError | null>(null);
  const documents = useDocumentList(patientId);
  const upload = useUploadDocument();
  const sameType = (documents.data ?? overview.chart.documents).filter((d) => d.documentType === draft.documentType);

  useEffect(
    () =>
      api.onEvent((event) => {
        if (event.type === 'upload-progress' && event.stagedFileId === file.stagedFileId) {
          setProgress({ sent: event.sentBytes, total: event.totalBytes });
        }
      }),
    [api, file.stagedFileId],
  );

  const problems = checked ? uploadProblems(draft) : [];
  const problemOf = (field: UploadProblem['field']) => {
    const found = problems.find((p) => p.field === field);
    return found === undefined ? null : problemText(found, t, locale);
  };
  const set = <K extends keyof UploadDraft>(key: K, value: UploadDraft[K]) => setDraft((current) => ({ ...current, [key]: value }));

  const submit = async () => {
    if (phase.step !== 'editing' || fileProblem !== null) return;
    setChecked(true);
    // Deciding now would ask to confirm a patient the file may well name, or send a file this PC
    // is about to find it cannot file: with the form complete, wait for both answers (they come
    // in a moment) and go on then, with whatever the form says by then.
    if (settling && uploadProblems(draft).length === 0) {
      setWaitingToSubmit(true);
      return;
    }
    setWaitingToSubmit(false);
    if (mustConfirm && !patientConfirmed) {
      document.getElementById('upload-confirm-patient')?.focus();
      return;
    }
    const found = uploadProblems(draft);
    if (found.length > 0) {
      document.getElementById(`upload-${found[0]!.field}`)?.focus();
      return;
    }
    setError(null);
    setPhase({ step: 'uploading' });
    setProgress({ sent: 0, total: file.size });
    try {
      const result = await upload.mutateAsync(toUploadInput(patientId, file.stagedFileId, draft));
      setProgress({ sent: file.size, total: file.size });
      setPhase({ step: 'done', result });
    } catch (thrown) {
      setError(toUserFacingError(thrown));
      setPhase({ step: 'editing' });
    }
  };

  // The latest render's submit, once the file and its patient are known.
  const resumeSubmit = useEffectEvent(() => void submit());
  useEffect(() => {
    if (!waitingToSubmit || settling) return;
    // After this render's effects, as a click's handler would run: submit sets state and sends.
    let live = true;
    queueMicrotask(() => {
      if (live) resumeSubmit();
    });
    return () => {
      live = false;
    };
  }, [waitingToSubmit, settling]);

  const percent = phase.step === 'done' ? 100 : uploadPercent(progress.sent, progress.total);
  const editing = phase.step === 'editing';
  const latest = isInstruction(draft.documentType) && draft.validFrom !== '' ? latestInstructionEnd(draft.instructionKind, draft.validFrom) : undefined;

  return (
    <Dialog
      title={t('uploadTitle')}
      testId="upload-dialog"
      size="wide"
      onClose={() => {
        // An upload under way cannot be called back; the dialog waits for its answer.
        if (phase.step === 'uploading') return;
        if (phase.step === 'done') onFinished(phase.result);
        else onCancelled();
      }}
      actions={
        phase.step === 'done' ? (
          <>
            <button
              type="button"
              className="button"
              onClick={() => {
                const filed = phase.result.document;
                onFinished(phase.result);
                chart.openViewer(documentViewerRequest(api, patientId, filed.documentId, filed.version, filed.title));
              }}
            >
              {t('openFiledDocument')}
            </button>
            <button type="button" className="button button--primary" autoFocus onClick={() => onFinished(phase.result)}>
              {remaining > 0 ? t('nextFile', { count: remaining }) : t('close')}
            </button>
          </>
        ) : (
          <>
            <button type="button" className="button" aria-disabled={!editing || undefined} onClick={() => editing && onCancelled()}>
              {file.origin === 'dropped' ? t('uploadDiscard') : t('cancel')}
            </button>
            {/* Not offered for a file that cannot be filed: nothing the form says would change that. */}
            {fileProblem === null ? (
              <button
                type="button"
                className="button button--primary"
                aria-disabled={!editing || undefined}
                aria-busy={waitingToSubmit || undefined}
                onClick={() => void submit()}
              >
                {phase.step === 'uploading' ? t('uploading') : t('uploadSubmit')}
              </button>
            ) : null}
          </>
        )
      }
    >
      <div className="upload-file">
        <span className="upload-file__name">{file.fileName}</span>
        <span className="muted">{formatFileSize(file.size)}</span>
        {file.origin === 'watched-folder' ? <span className="tag">{t('fromWatchedFolder')}</span> : null}
        {remaining > 0 ? <span className="muted">{t('filesWaiting', { count: remaining })}</span> : null}
      </div>

      {phase.step !== 'editing' ? (
        <div className="upload-progress" data-testid="upload-progress">
          <progress max={100} value={percent} aria-label={t('uploadProgressLabel')} />
          <span className="upload-progress__text" aria-live="polite">
            {phase.step === 'done'
              ? phase.result.alreadyFiled
                ? t('uploadAlreadyFiled', { title: phase.result.document.title })
                : t('uploadDone', { percent })
              : t('uploadPercent', { percent })}
          </span>
        </div>
      ) : null}
      <ErrorNotice error={error} />

      {phase.step === 'done' ? null : (
        <div className="upload-layout">
          <StagedFilePreview file={file} inspection={inspection} />
          {fileProblem !== null ? (
            <section className="upload-refused" aria-labelledby="upload-refused-heading">
              <h3 id="upload-refused-heading">{t('uploadFileRefused')}</h3>
              <ErrorNotice error={fileProblem} />
            </section>
          ) : (
            <div className="upload-main">
              {showPatientCheck ? (
                <div className="upload-patient-check">
                  <FilingSuggestionLine file={file} suggestion={filing.suggestion} pending={filing.pending} withPreview={false} />
                  {mustConfirm ? (
                    <label className={`filing-confirm${checked && !patientConfirmed ? ' filing-confirm--invalid' : ''}`}>
                      <input
                        id="upload-confirm-patient"
                        type="checkbox"
                        checked={patientConfirmed}
                        disabled={!editing}
                        aria-invalid={(checked && !patientConfirmed) || undefined}
                        onChange={(e) => setPatientConfirmed(e.currentTarget.checked)}
                      />
                      <span>
                        {t('filingConfirmPatient', {
                          patient: writtenName(overview.patient.name),
                          birth: formatRecordDay(overview.patient.birthDate, locale, chart.era),
                        })}
                      </span>
                    </label>
                  ) : null}
                  {mustConfirm && checked && !patientConfirmed ? (
                    <p className="field__problem" role="alert">
                      {t('filingConfirmRequired', { patient: writtenName(overview.patient.name) })}
                    </p>
                  ) : null}
                </div>
              ) : null}
              {typeFromName !== null && draft.documentType === typeFromName ? (
                <p className="muted">{t('filingSuggestedType', { type: documentTypeLabel(typeFromName, locale) })}</p>
              ) : null}
              {inspection.state === 'ready' && inspection.overUsualLimit ? (
                <p className="upload-size-warning">{t('uploadOverUsualLimit', { limitMb: USUAL_UPLOAD_LIMIT_MB })}</p>
              ) : null}
              {waitingToSubmit ? (
                <p className="muted" role="status">
                  {t('uploadWaitingForCheck')}
                </p>
              ) : null}
              <fieldset className="upload-form" disabled={!editing}>
                <legend className="visually-hidden">{t('uploadTitle')}</legend>
                <div className="field-row">
                  <Field label={t('documentTypeLabel')} problems={problemOf('documentType')} id="upload-documentType">
                    {(control) => (
                      <select {...control} value={draft.documentType} onChange={(e) => set('documentType', e.currentTarget.value)}>
                        <option value="">{t('chooseDocumentType')}</option>
                        {types.map((type) => (
                          <option key={type} value={type}>
                            {documentTypeLabel(type, locale)}
                          </option>
                        ))}
                      </select>
                    )}
                  </Field>
                  <Field label={t('documentTitleLabel')} hint={t('documentTitleHint')} problems={problemOf('title')} id="upload-title" className="field--grow">
                    {(control) => <input {...control} type="text" value={draft.title} onChange={(e) => set('title', e.currentTarget.value)} />}
                  </Field>
                </div>
                <div className="field-row">
                  <Field label={t('issuedOnLabel')} problems={problemOf('issuedOn')} id="upload-issuedOn">
                    {(control) => (
                      <span className="date-with-era">
                        <DayInput {...control} value={draft.issuedOn} onChange={(v) => set('issuedOn', v)} />
                      </span>
                    )}
                  </Field>
                  <Field label={t('issuerLabel')} hint={t('issuerHint')} id="upload-issuer" className="field--grow">
                    {(control) => <input {...control} type="text" value={draft.issuer} onChange={(e) => set('issuer', e.currentTarget.value)} />}
                  </Field>
                </div>

                {isInstruction(draft.documentType) ? (
                  <FieldGroup
                    legend={t('instructionPeriodLegend')}
                    hint={
                      <>
                        {t('instructionPeriodLimits', {
                          limits: INSTRUCTION_KINDS.map(
                            (k) => `${INSTRUCTION_PERIOD_LIMITS[k].label[locale]} ${INSTRUCTION_PERIOD_LIMITS[k].limit[locale]}`,
                          ).join(locale === 'ja' ? '、' : '; '),
                        })}
                        {latest !== undefined
                          ? ` ${t('instructionLatestEnd', { kind: labelInSentence(INSTRUCTION_PERIOD_LIMITS[draft.instructionKind].label[locale], locale), date: formatRecordDay(latest, locale, false) })}`
                          : ''}
                      </>
                    }
                    className="instruction-period"
                  >
                    <div className="field-row">
                      <Field label={t('instructionKindLabel')} hint={t('instructionKindHint')} id="upload-instructionKind">
                        {(control) => (
                          <select {...control} value={draft.instructionKind} onChange={(e) => set('instructionKind', e.currentTarget.value as InstructionKind)}>
                            {INSTRUCTION_KINDS.map((k) => (
                              <option key={k} value={k}>
                                {`${INSTRUCTION_PERIOD_LIMITS[k].label[locale]}（${INSTRUCTION_PERIOD_LIMITS[k].limit[locale]}）`}
                              </option>
                            ))}
                          </select>
                        )}
                      </Field>
                      <Field label={t('validFromLabel')} problems={problemOf('validFrom')} id="upload-validFrom">
                        {(control) => <DayInput {...control} value={draft.validFrom} onChange={(v) => set('validFrom', v)} />}
                      </Field>
                      <Field label={t('validUntilLabel')} problems={problemOf('validUntil')} id="upload-validUntil">
                        {(control) => <DayInput {...control} value={draft.validUntil} onChange={(v) => set('validUntil', v)} />}
                      </Field>
                    </div>
                  </FieldGroup>
                ) : null}

                <Field label={t('documentNoteLabel')} hint={t('documentNoteHint')} id="upload-note">
                  {(control) => <textarea {...control} rows={2} value={draft.note} onChange={(e) => set('note', e.currentTarget.value)} />}
                </Field>

                <div className="upload-form__version">
                  <label className="checkbox">
                    <input
                      type="checkbox"
                      checked={draft.asNewVersion}
                      disabled={sameType.length === 0}
                      onChange={(e) => set('asNewVersion', e.currentTarget.checked)}
                    />
                    {t('fileAsNewVersion')}
                  </label>
                  {sameType.length === 0 && draft.documentType !== '' ? <span className="muted">{t('noDocumentToReplace')}</span> : null}
                  {draft.asNewVersion ? (
                    <Field label={t('replacesDocumentLabel')} problems={problemOf('replacesDocumentId')} id="upload-replacesDocumentId">
                      {(control) => (
                        <select {...control} value={draft.replacesDocumentId} onChange={(e) => set('replacesDocumentId', e.currentTarget.value)}>
                          <option value="">{t('chooseDocument')}</option>
                          {sameType.map((d) => (
                            <option key={d.documentId} value={d.documentId}>
                              {`${d.title}（${t('versionNumber', { version: d.version })}${d.issuedOn !== '' ? `・${formatRecordDay(d.issuedOn, locale, chart.era)}` : ''}）`}
                            </option>
                          ))}
                        </select>
                      )}
                    </Field>
                  ) : null}
                </div>
              </fieldset>
            </div>
          )}
        </div>
      )}
    </Dialog>
  );
}

function problemText(problem: UploadProblem, t: Translate, locale: 'ja' | 'en'): string {
  switch (problem.code) {
    case 'required':
      return problem.field === 'documentType'
        ? t('documentTypeRequired')
        : problem.field === 'title'
          ? t('documentTitleRequired')
          : problem.field === 'replacesDocumentId'
            ? t('replacesDocumentRequired')
            : t('instructionPeriodRequired');
    case 'too-long':
      return 'latest' in problem
        ? t('instructionPeriodTooLong', {
            kind: labelInSentence(INSTRUCTION_PERIOD_LIMITS[problem.kind].label[locale], locale),
            limit: INSTRUCTION_PERIOD_LIMITS[problem.kind].limit[locale],
            latest: formatRecordDay(problem.latest, locale, false),
          })
        : t('documentTitleTooLong');
    case 'invalid-date':
      return t('invalidDate');
    case 'before-start':
      return t('validUntilBeforeStart');
  }
}
