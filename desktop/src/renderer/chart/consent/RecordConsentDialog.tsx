// Recording a consent (患者同意書): the day it was signed, who obtained it, what it covers (every
// office on the care team, or only the offices listed), and the signed form itself, chosen from
// the patient's filed 同意書 — or uploaded right here if it has not been filed yet.
import { isTemplateDate } from '@renkei/proto/template-forms';
import { useState } from 'react';
import type { ConsentRecordView, UserFacingError } from '../../../shared/desktop-api';
import { toUserFacingError } from '../../api/user-facing-error';
import { useNow } from '../../app/use-now';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { DayInput } from '../../components/DayInput';
import { writtenName } from '../../format/person-name';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { useDocumentList } from '../documents/document-queries';
import { useChart } from '../shared/chart-context';
import { formatRecordDay, isoDayOf } from '../shared/chart-dates';
import { consentScopeLabel } from '../shared/chart-labels';
import { Field, FieldGroup } from '../shared/Field';
import { canWrite, CONSENT_FORM_DOCUMENT_TYPE } from '../shared/record-access';
import { useRecordConsent } from './consent-queries';
import { careTeamOffices } from './consent-state';
import './consent.css';

type Problem = 'obtainedOn' | 'obtainedOnFuture' | 'obtainedBy' | 'facilities';

export function RecordConsentDialog({ current, onClose, onRecorded }: { current: ConsentRecordView | null; onClose(): void; onRecorded(): void }) {
  const recordConsent = useRecordConsent();
  const chart = useChart();
  const t = useMessages();
  const { locale } = useLocale();
  const now = useNow();
  const { patientId, overview, user } = chart;
  const offices = careTeamOffices(overview.careTeam);
  const officesHaveIds = offices.length > 0 && offices.every((o) => o.id !== '');
  const [obtainedOn, setObtainedOn] = useState(() => isoDayOf(new Date()));
  const [obtainedBy, setObtainedBy] = useState(() => writtenName(user.name));
  const [scope, setScope] = useState('CONSENT_SCOPE_CARE_TEAM');
  const [facilityIds, setFacilityIds] = useState<ReadonlySet<string>>(new Set());
  const [formDocumentId, setFormDocumentId] = useState('');
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<ReadonlySet<Problem>>(new Set());
  const [error, setError] = useState<UserFacingError | null>(null);
  const [busy, setBusy] = useState(false);
  const documents = useDocumentList(patientId);
  const consentForms = (documents.data ?? overview.chart.documents).filter((d) => d.documentType === CONSENT_FORM_DOCUMENT_TYPE);
  const mayUploadForm = canWrite(overview.chart.myAccess, CONSENT_FORM_DOCUMENT_TYPE);

  const submit = async () => {
    if (busy) return;
    const found = new Set<Problem>();
    if (!isTemplateDate(obtainedOn)) found.add('obtainedOn');
    else if (obtainedOn > isoDayOf(now)) found.add('obtainedOnFuture');
    if (obtainedBy.trim() === '') found.add('obtainedBy');
    if (scope === 'CONSENT_SCOPE_LISTED_FACILITIES' && facilityIds.size === 0) found.add('facilities');
    setProblems(found);
    if (found.size > 0) {
      const first = [...found][0]!;
      document.getElementById(`consent-${first === 'obtainedOnFuture' ? 'obtainedOn' : first}`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await recordConsent.mutateAsync({
        patientId,
        obtainedOn,
        obtainedBy: obtainedBy.trim(),
        scope,
        facilityIds: scope === 'CONSENT_SCOPE_LISTED_FACILITIES' ? [...facilityIds] : [],
        formDocumentId,
        note: note.trim(),
      });
      onRecorded();
    } catch (thrown) {
      setError(toUserFacingError(thrown));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={t('recordConsentTitle')}
      onClose={onClose}
      size="wide"
      testId="record-consent-dialog"
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('cancel')}
          </button>
          <button type="button" className="button button--primary" aria-disabled={busy || undefined} onClick={() => void submit()}>
            {busy ? t('saving') : t('recordConsentSubmit')}
          </button>
        </>
      }
    >
      <p className="dialog__intro">
        {current !== null ? t('recordConsentReplaces', { date: formatRecordDay(current.obtainedOn, locale, chart.era) }) : t('recordConsentIntro')}
      </p>
      <div className="field-row">
        <Field
          label={t('consentObtainedOn')}
          id="consent-obtainedOn"
          problems={problems.has('obtainedOn') ? t('invalidDate') : problems.has('obtainedOnFuture') ? t('consentDateInFuture') : null}
        >
          {(control) => <DayInput {...control} value={obtainedOn} onChange={setObtainedOn} />}
        </Field>
        <Field
          label={t('consentObtainedBy')}
          hint={t('consentObtainedByHint')}
          id="consent-obtainedBy"
          className="field--grow"
          problems={problems.has('obtainedBy') ? t('consentObtainedByRequired') : null}
        >
          {(control) => <input {...control} type="text" value={obtainedBy} onChange={(e) => setObtainedBy(e.currentTarget.value)} />}
        </Field>
      </div>

      <FieldGroup legend={t('consentScope')} problems={problems.has('facilities') ? [t('consentFacilitiesRequired')] : null}>
        <label className="radio">
          <input type="radio" name="consent-scope" checked={scope === 'CONSENT_SCOPE_CARE_TEAM'} onChange={() => setScope('CONSENT_SCOPE_CARE_TEAM')} />
          {consentScopeLabel('CONSENT_SCOPE_CARE_TEAM', locale)}
          <span className="muted"> — {t('consentScopeCareTeamHint')}</span>
        </label>
        <label className="radio">
          <input
            type="radio"
            name="consent-scope"
            checked={scope === 'CONSENT_SCOPE_LISTED_FACILITIES'}
            disabled={!officesHaveIds}
            onChange={() => setScope('CONSENT_SCOPE_LISTED_FACILITIES')}
          />
          {consentScopeLabel('CONSENT_SCOPE_LISTED_FACILITIES', locale)}
          <span className="muted"> — {officesHaveIds ? t('consentScopeListedHint') : t('consentListedUnavailable')}</span>
        </label>
        {scope === 'CONSENT_SCOPE_LISTED_FACILITIES' ? (
          <fieldset className="consent-offices" id="consent-facilities" tabIndex={-1}>
            <legend className="visually-hidden">{t('consentOfficesLegend')}</legend>
            {offices.map((office) => (
              <label key={office.id} className="checkbox">
                <input
                  type="checkbox"
                  checked={facilityIds.has(office.id)}
                  onChange={(e) => {
                    const on = e.currentTarget.checked;
                    setFacilityIds((currentIds) => {
                      const next = new Set(currentIds);
                      if (on) next.add(office.id);
                      else next.delete(office.id);
                      return next;
                    });
                  }}
                />
                {office.name}
              </label>
            ))}
          </fieldset>
        ) : null}
      </FieldGroup>

      <Field label={t('consentFormDocument')} hint={consentForms.length === 0 ? t('consentFormNoneFiled') : t('consentFormHint')} id="consent-formDocumentId">
        {(control) => (
          <span className="field-inline">
            <select {...control} value={formDocumentId} onChange={(e) => setFormDocumentId(e.currentTarget.value)}>
              <option value="">{t('consentFormNotAttached')}</option>
              {consentForms.map((d) => (
                <option key={d.documentId} value={d.documentId}>
                  {`${d.title}${d.issuedOn !== '' ? `（${formatRecordDay(d.issuedOn, locale, chart.era)}）` : ''}`}
                </option>
              ))}
            </select>
            {mayUploadForm ? (
              <button
                type="button"
                className="button button--small"
                onClick={() =>
                  chart.pickFiles({
                    presetType: CONSENT_FORM_DOCUMENT_TYPE,
                    // Filing it reads the documents again, so it appears among the choices.
                    onFiled: (filed) => setFormDocumentId(filed.documentId),
                  })
                }
              >
                {t('uploadConsentForm')}
              </button>
            ) : null}
          </span>
        )}
      </Field>

      <Field label={t('columnNote')} id="consent-note">
        {(control) => <textarea {...control} rows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} />}
      </Field>
      <ErrorNotice error={error} />
    </Dialog>
  );
}
