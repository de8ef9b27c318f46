// A shared form (共有テンプレート) being read or written: the fields of its definition, checked as
// they are typed; saved as a new version on top of the version it was read at. If someone saved
// first, the merge view takes over (see MergeView). 確定 locks the current version as the official
// one, with who did it; changing a finalised form means starting a new version on purpose. Every
// version stays readable, and any version can be shown as the server's PDF (見読性) and printed.
import {
  compareTemplateValues,
  TEMPLATE_FORMS,
  templateField,
  validateForFinalise,
  validateTemplateValues,
  type TemplateFieldValue,
  type TemplateKind,
  type TemplateValues,
  type TemplateViolation,
} from '@renkei/proto/template-forms';
import { useEffect, useState } from 'react';
import type { FormView, UserFacingError } from '../../../shared/desktop-api';
import { toUserFacingError, useUserFacingError } from '../../api/user-facing-error';
import { useDesktopApi } from '../../app/desktop-api-context';
import { ConfirmDialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { writtenName } from '../../format/person-name';
import { professionLabel } from '../../format/record-labels';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { labelInSentence } from '../../i18n/messages';
import { useChart } from '../shared/chart-context';
import { formatDateTime } from '../shared/chart-dates';
import { documentTypeLabel } from '../shared/chart-labels';
import { Field } from '../shared/Field';
import { localError } from '../shared/local-error';
import { canWrite, documentTypeOfKind, templateKindOf } from '../shared/record-access';
import { formPdfViewerRequest } from '../shared/viewer-requests';
import { useCreateForm, useFinaliseForm, useFormToEdit, useSaveForm } from './form-queries';
import { appendToFieldText, readFormValues, stringValue, violationsByField, type MergeChoice } from './form-values';
import { FormStatusTag } from './FormStatusTag';
import { FormVersionsDialog } from './FormVersionsDialog';
import { MergeView, type MergeState } from './MergeView';
import { TemplateFieldInput } from './TemplateFieldInput';
import { AddresseeField, useAddresseeChoices } from './AddresseeField';
import './forms.css';
import { useEra } from '../shared/era-preference';

export interface FormEditorProps {
  /** null: a new form of `kind`, created on the first save. */
  formId: string | null;
  kind: TemplateKind | null;
  initialTitle?: string;
  /** For a new form: the office it goes to ('' for none), as chosen when it was started; absent: not chosen yet. */
  addresseeFacilityId?: string;
  /** Notes to append to a field once the form is read (経過記録から貼り付け). */
  paste?: { field: string; text: string };
  onBack(): void;
  onUnsavedChange(unsaved: boolean): void;
}

export function FormEditor(props: FormEditorProps) {
  const { patientId } = useChart();
  const t = useMessages();
  const read = useFormToEdit(patientId, props.formId);
  const readError = useUserFacingError(read.error);
  if (props.formId !== null && read.isPending) return <p className="muted">{t('loading')}</p>;
  return <OpenedForm {...props} read={read.data ?? null} readError={readError} />;
}

interface OpenedFormProps extends FormEditorProps {
  /** The form as read; null for a new form, or when it could not be read (then readError says why). */
  read: FormView | null;
  readError: UserFacingError | null;
}

/** What the editor starts from: the form as read, with the pasted notes appended once. */
interface Opening {
  kind: TemplateKind | null;
  values: TemplateValues;
  pastedField: string | null;
  amending: boolean;
}

function opening(formId: string | null, requestedKind: TemplateKind | null, read: FormView | null, paste: FormEditorProps['paste']): Opening {
  // A form that could not be read opens empty, its kind as requested; the error says why.
  if (formId !== null && read === null) return { kind: requestedKind, values: {}, pastedField: null, amending: false };
  const kind = read !== null ? templateKindOf(read.documentType) : requestedKind;
  const values = read !== null ? readFormValues(read.values) : {};
  // Pasting into a finalised form can only mean a new version of it.
  const amending = paste !== undefined && read !== null && read.finalised;
  // Notes go only into a form whose kind, and so whose fields, are known.
  if (paste === undefined || kind === null) return { kind, values, pastedField: null, amending };
  return { kind, values: { ...values, [paste.field]: appendToFieldText(stringValue(values, paste.field), paste.text) }, pastedField: paste.field, amending };
}

function OpenedForm({ formId, kind: requestedKind, initialTitle, addresseeFacilityId, paste, onBack, onUnsavedChange, read, readError }: OpenedFormProps) {
  const api = useDesktopApi();
  const chart = useChart();
  const t = useMessages();
  const { locale } = useLocale();
  const era = useEra();
  const { patientId, overview, readOnlyReason } = chart;
  const [opened] = useState(() => opening(formId, requestedKind, read, paste));
  const { kind } = opened;
  const createForm = useCreateForm();
  const saveForm = useSaveForm();
  const finaliseForm = useFinaliseForm();
  const [form, setForm] = useState<FormView | null>(read);
  const [values, setValues] = useState<TemplateValues>(opened.values);
  const [title, setTitle] = useState(initialTitle ?? '');
  // null: not chosen yet; the usual office the field shows is the one sent.
  const [addressee, setAddressee] = useState<string | null>(addresseeFacilityId ?? null);
  // What is sent is what the field shows: a choice the team no longer offers falls back as it does there.
  const addresseeToSend = useAddresseeChoices(kind).resolve(addressee);
  const [dirty, setDirty] = useState(opened.pastedField !== null);
  const [amending, setAmending] = useState(opened.amending);
  const [viewing, setViewing] = useState<FormView | null>(null);
  const [merge, setMerge] = useState<MergeState | null>(null);
  const [error, setError] = useState<UserFacingError | null>(readError);
  const [busy, setBusy] = useState(false);
  // The file a FHIR export of this letter was saved to (「FHIRで出力」), to say so.
  const [fhirSaved, setFhirSaved] = useState<string | null>(null);
  const [finaliseProblems, setFinaliseProblems] = useState<TemplateViolation[]>([]);
  const [confirmFinalise, setConfirmFinalise] = useState(false);
  const [versionsOpen, setVersionsOpen] = useState(false);
  const [pastedField, setPastedField] = useState<string | null>(opened.pastedField);
  const [confirmBack, setConfirmBack] = useState(false);

  // Pasted notes land at the end of their field: show them there, ready to be edited. Only as the
  // form opens, not on every later edit.
  useEffect(() => {
    if (opened.pastedField === null) return;
    const target = document.getElementById(`form-field-${opened.pastedField}`);
    if (target instanceof HTMLTextAreaElement) {
      target.focus();
      target.setSelectionRange(target.value.length, target.value.length);
      target.scrollTop = target.scrollHeight;
      target.scrollIntoView({ block: 'center' });
    }
  }, [opened]);

  useEffect(() => onUnsavedChange(dirty), [dirty, onUnsavedChange]);
  useEffect(() => () => onUnsavedChange(false), [onUnsavedChange]);

  if (kind === null) {
    return (
      <div>
        <button type="button" className="button button--quiet" onClick={onBack}>
          ← {t('backToForms')}
        </button>
        <ErrorNotice error={error ?? localError('FORM_KIND_UNKNOWN', 'formKindUnknown')} />
      </div>
    );
  }

  const definition = TEMPLATE_FORMS[kind];
  const documentType = documentTypeOfKind(kind);
  const mayWrite = canWrite(overview.chart.myAccess, documentType) && readOnlyReason === null;
  const shown = viewing ?? form;
  const shownValues = viewing !== null ? readFormValues(viewing.values) : values;
  const finalised = form?.finalised ?? false;
  const editable = mayWrite && viewing === null && merge === null && (!finalised || amending);
  const liveViolations = editable ? validateTemplateValues(kind, values) : [];
  const problems = violationsByField(dedupe([...liveViolations, ...finaliseProblems]), locale);
  const formTitle = form?.title ?? (title.trim() || definition.title[locale]);

  const change = (key: string, value: TemplateFieldValue) => {
    setValues((current) => ({ ...current, [key]: value }));
    setDirty(true);
    if (finaliseProblems.some((p) => p.field === key)) setFinaliseProblems((current) => current.filter((p) => p.field !== key));
  };

  const focusField = (key: string) => {
    const target = document.querySelector<HTMLElement>(`[id^="form-field-${key}"]`);
    target?.focus();
    target?.scrollIntoView({ block: 'center' });
  };

  const adopt = (saved: FormView, message: string) => {
    setForm(saved);
    setValues(readFormValues(saved.values));
    setDirty(false);
    setAmending(false);
    setMerge(null);
    setFinaliseProblems([]);
    setPastedField(null);
    setError(null);
    chart.notify(message);
  };

  const startMerge = async (base: FormView, mine: TemplateValues, conflict: UserFacingError) => {
    const [theirs, baseVersion] = await Promise.all([api.getForm(patientId, base.formId, 0), api.getForm(patientId, base.formId, base.version)]);
    setMerge({
      base: baseVersion,
      theirs,
      mine,
      comparisons: compareTemplateValues(readFormValues(baseVersion.values), mine, readFormValues(theirs.values), kind),
      choices: {},
      conflict,
    });
    setError(null);
  };

  const saveValues = async (toSave: TemplateValues, base: FormView | null) => {
    setBusy(true);
    setError(null);
    try {
      if (base === null) {
        const created = await createForm.mutateAsync({
          patientId,
          documentType,
          title: title.trim() || definition.title[locale],
          values: toSave,
          ...(addresseeToSend !== '' && { addresseeFacilityId: addresseeToSend }),
        });
        adopt(created, t('formSaved', { version: created.version }));
      } else {
        const saved = await saveForm.mutateAsync({
          patientId,
          formId: base.formId,
          baseVersion: base.version,
          values: toSave,
          ...(amending ? { amendFinalised: true } : {}),
        });
        adopt(saved, t('formSaved', { version: saved.version }));
      }
    } catch (thrown) {
      const problem = toUserFacingError(thrown);
      if (problem.reason === 'TEMPLATE_VERSION_CONFLICT' && base !== null) {
        try {
          await startMerge(base, toSave, problem);
        } catch (readFailure) {
          setError(toUserFacingError(readFailure));
        }
      } else {
        setError(problem);
      }
    } finally {
      setBusy(false);
    }
  };

  const save = () => {
    if (busy) return;
    const invalid = validateTemplateValues(kind, values);
    if (invalid.length > 0) {
      setError(localError('TEMPLATE_INVALID', 'formHasProblems'));
      focusField(invalid[0]!.field);
      return;
    }
    void saveValues(values, form);
  };

  const saveMerged = (merged: TemplateValues) => {
    if (merge === null || busy) return;
    const invalid = validateTemplateValues(kind, merged);
    if (invalid.length > 0) {
      setError(localError('TEMPLATE_INVALID', 'mergeHasProblems'));
      setFinaliseProblems(invalid);
      return;
    }
    setFinaliseProblems([]);
    void saveValues(merged, merge.theirs);
  };

  const askFinalise = () => {
    if (form === null || dirty) return;
    const missing = validateForFinalise(kind, values);
    if (missing.length > 0) {
      setFinaliseProblems(missing);
      setError(localError('TEMPLATE_INCOMPLETE', 'formIncompleteForFinalise'));
      focusField(missing[0]!.field);
      return;
    }
    setConfirmFinalise(true);
  };

  const finalise = async () => {
    if (form === null) return;
    setBusy(true);
    try {
      const done = await finaliseForm.mutateAsync({ patientId, formId: form.formId, version: form.version });
      setConfirmFinalise(false);
      adopt(done, t('formFinalisedNotice', { version: done.version }));
    } catch (thrown) {
      setConfirmFinalise(false);
      const problem = toUserFacingError(thrown);
      if (problem.reason === 'TEMPLATE_VERSION_CONFLICT') {
        // Someone saved a newer version: that one, not the one on screen, is what would be
        // finalised. Show it first; the user finalises again after reading it.
        try {
          const latest = await api.getForm(patientId, form.formId, 0);
          setForm(latest);
          setValues(readFormValues(latest.values));
          setError(localError('TEMPLATE_VERSION_CONFLICT', 'formReloadedBeforeFinalise'));
        } catch (readFailure) {
          setError(toUserFacingError(readFailure));
        }
      } else {
        setError(problem);
      }
    } finally {
      setBusy(false);
    }
  };

  const showPdf = (version: FormView) =>
    chart.openViewer(
      formPdfViewerRequest(api, patientId, version.formId, version.version, `${version.title} ${t('versionNumber', { version: version.version })}`),
    );

  const back = () => (dirty ? setConfirmBack(true) : onBack());

  // A finalised 診療情報提供書 goes out as a JP-CLINS document too: the server builds it from the
  // letter and what the user may read, and records the export; saved where the user chooses.
  const exportsFhir = kind === 'REFERRAL_LETTER' && form !== null && form.finalised && !amending;
  const saveFhir = async () => {
    if (form === null) return;
    setBusy(true);
    setError(null);
    setFhirSaved(null);
    try {
      const result = await api.saveFhirExport({ patientId, formId: form.formId });
      if (result.saved) setFhirSaved(result.fileName);
    } catch (thrown) {
      setError(toUserFacingError(thrown));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="form-editor" aria-labelledby="form-editor-heading" data-testid="form-editor">
      <div className="form-editor__bar">
        <button type="button" className="button button--quiet" onClick={back}>
          <span aria-hidden="true">← </span>
          {t('backToForms')}
        </button>
        <span className="form-editor__spacer" />
        {form !== null ? (
          <>
            <button type="button" className="button button--small" onClick={() => setVersionsOpen(true)}>
              {t('formVersions')}
            </button>
            <button type="button" className="button button--small" onClick={() => showPdf(shown ?? form)}>
              {t('formPdf')}
            </button>
            {exportsFhir ? (
              <button
                type="button"
                className="button button--small"
                onClick={() => void saveFhir()}
                disabled={busy || readOnlyReason !== null}
                title={readOnlyReason !== null ? t('formFhirOffline') : t('formFhirHint')}
                data-testid="form-fhir-export"
              >
                {t('formFhirExport')}
              </button>
            ) : null}
          </>
        ) : null}
      </div>

      <div className="form-editor__head">
        <h2 id="form-editor-heading">
          <span className="form-editor__kind">{documentTypeLabel(documentType, locale)}</span>
          {form !== null ? <span className="form-editor__title">{form.title}</span> : null}
        </h2>
        {shown !== null ? (
          <div className="form-editor__status">
            <FormStatusTag form={shown} />
            <span className="muted">{t('savedByLine', { name: writtenName(shown.savedBy.name), time: formatDateTime(shown.savedAt, locale, era) })}</span>
            {dirty ? <span className="tag tag--unsaved">{t('unsavedTag')}</span> : null}
          </div>
        ) : (
          <div className="form-editor__status">
            <span className="tag tag--draft">{t('formNew')}</span>
            {dirty ? <span className="tag tag--unsaved">{t('unsavedTag')}</span> : null}
          </div>
        )}
      </div>

      {form === null && editable ? (
        <AddresseeField
          kind={kind}
          value={addressee}
          onChange={(facilityId) => {
            setAddressee(facilityId);
            setDirty(true);
          }}
        />
      ) : null}
      {form === null ? (
        <Field label={t('formTitleLabel')} hint={t('formTitleHint')}>
          {(control) => (
            <input
              {...control}
              type="text"
              value={title}
              placeholder={definition.title[locale]}
              onChange={(e) => {
                setTitle(e.currentTarget.value);
                setDirty(true);
              }}
            />
          )}
        </Field>
      ) : null}

      {viewing !== null ? (
        <div className="form-banner form-banner--old">
          <span>{t('viewingOldVersion', { version: viewing.version, current: form?.version ?? viewing.currentVersion })}</span>
          <button type="button" className="button button--small" onClick={() => setViewing(null)}>
            {t('backToCurrentVersion')}
          </button>
        </div>
      ) : finalised && form !== null ? (
        <div className={`form-banner ${amending ? 'form-banner--amending' : 'form-banner--finalised'}`} data-testid="finalised-banner">
          {amending ? (
            <span>{t('amendingFinalised', { version: form.version, next: form.version + 1 })}</span>
          ) : (
            <span>
              <strong>{t('formFinalisedBanner', { version: form.version })}</strong>{' '}
              {form.finalisedBy !== null
                ? t('finalisedByLine', {
                    name: writtenName(form.finalisedBy.name),
                    detail: `${professionLabel(form.finalisedBy.profession, locale)}・${form.finalisedBy.facilityName}`,
                    time: form.finalisedAt !== null ? formatDateTime(form.finalisedAt, locale, era) : '',
                  })
                : null}
            </span>
          )}
          {!amending && mayWrite ? (
            <button type="button" className="button button--small" onClick={() => setAmending(true)}>
              {t('amendFinalised')}
            </button>
          ) : null}
        </div>
      ) : null}

      {!mayWrite && viewing === null ? (
        <p className="muted" role="note">
          {readOnlyReason !== null ? t('chartReadOnlyOffline') : t('formNotWritable')}
        </p>
      ) : null}
      {pastedField !== null ? (
        <p className="form-banner form-banner--paste" role="status">
          {t('pastedInto', { field: templateField(kind, pastedField)?.label[locale] ?? pastedField })}
        </p>
      ) : null}

      {merge !== null ? (
        <MergeView
          kind={kind}
          merge={merge}
          busy={busy}
          error={error}
          problems={problems}
          onChoose={(field: string, choice: MergeChoice) => setMerge((m) => (m === null ? m : { ...m, choices: { ...m.choices, [field]: choice } }))}
          onSave={saveMerged}
          onCancel={() => {
            setMerge(null);
            setError(null);
            setFinaliseProblems([]);
          }}
        />
      ) : (
        <>
          <ErrorNotice error={error} />
          {exportsFhir && readOnlyReason !== null ? (
            <p className="muted" role="note" data-testid="form-fhir-offline">
              {t('formFhirOffline')}
            </p>
          ) : null}
          {fhirSaved !== null ? (
            <p className="form-banner form-banner--finalised" role="status" data-testid="form-fhir-saved">
              {t('formFhirSaved', { fileName: fhirSaved })}
            </p>
          ) : null}
          <div className="form-sections">
            {definition.sections.map((section) => (
              <section key={section.key} className="form-section" aria-labelledby={`form-section-${section.key}`}>
                <h3 id={`form-section-${section.key}`} className="form-section__title">
                  {section.title[locale]}
                </h3>
                <div className="form-section__fields">
                  {section.fields.map((field) => (
                    <TemplateFieldInput
                      key={field.key}
                      kind={kind}
                      field={field}
                      values={shownValues}
                      editable={editable}
                      problems={problems.get(field.key) ?? []}
                      myRoles={overview.patient.myRoles}
                      idPrefix="form-field"
                      onChange={change}
                    />
                  ))}
                </div>
              </section>
            ))}
          </div>
          {(problems.get('') ?? []).length > 0 ? <div className="field__problem">{problems.get('')!.join(' ')}</div> : null}
          {editable ? (
            <div className="form-editor__actions">
              <button type="button" className="button button--primary" aria-disabled={busy || undefined} onClick={save}>
                {busy ? t('saving') : form === null ? t('createForm') : amending ? t('saveAsNewVersion', { version: form.version + 1 }) : t('saveForm')}
              </button>
              {form !== null && !finalised ? (
                <button
                  type="button"
                  className="button"
                  aria-disabled={dirty || busy || undefined}
                  title={dirty ? t('saveBeforeFinalise') : undefined}
                  onClick={askFinalise}
                >
                  {t('finaliseForm')}
                </button>
              ) : null}
              {dirty && form !== null && !finalised ? <span className="muted">{t('saveBeforeFinalise')}</span> : null}
              {amending ? (
                <button
                  type="button"
                  className="button button--quiet"
                  onClick={() => {
                    setAmending(false);
                    setValues(readFormValues(form?.values ?? {}));
                    setDirty(false);
                  }}
                >
                  {t('cancelAmend')}
                </button>
              ) : null}
            </div>
          ) : null}
        </>
      )}

      {confirmFinalise && form !== null ? (
        <ConfirmDialog
          title={t('finaliseTitle', { version: form.version })}
          confirmLabel={t('finaliseConfirm')}
          busy={busy}
          onCancel={() => setConfirmFinalise(false)}
          onConfirm={() => void finalise()}
        >
          <p>{t('finaliseBody', { kind: labelInSentence(documentTypeLabel(documentType, locale), locale), title: formTitle, version: form.version })}</p>
          <p className="muted">{t('finaliseBodyNote')}</p>
        </ConfirmDialog>
      ) : null}
      {versionsOpen && form !== null ? (
        <FormVersionsDialog
          form={form}
          onClose={() => setVersionsOpen(false)}
          onView={(version) => {
            setVersionsOpen(false);
            setViewing(version.version === form.version ? null : version);
          }}
          onPdf={showPdf}
        />
      ) : null}
      {confirmBack ? (
        <ConfirmDialog
          title={t('unsavedTitle')}
          confirmLabel={t('unsavedLeave')}
          danger
          onCancel={() => setConfirmBack(false)}
          onConfirm={() => {
            setConfirmBack(false);
            setDirty(false);
            onBack();
          }}
        >
          <p>{t('unsavedBody')}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

function dedupe(violations: readonly TemplateViolation[]): TemplateViolation[] {
  const seen = new Set<string>();
  return violations.filter((v) => {
    const key = `${v.field}\u0000${v.ja}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
