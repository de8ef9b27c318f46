// Recording that the patient (or family) withdrew consent: the day and the reason, then a plain
// confirmation of the consequence — from then on only the registering office sees the patient.
import { isTemplateDate } from '@renkei/proto/template-forms';
import { useState } from 'react';
import type { UserFacingError } from '../../../shared/desktop-api';
import { toUserFacingError } from '../../api/user-facing-error';
import { ConfirmDialog, Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { DayInput } from '../../components/DayInput';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { useChart } from '../shared/chart-context';
import { formatRecordDay, isoDayOf } from '../shared/chart-dates';
import { Field } from '../shared/Field';
import { useWithdrawConsent } from './consent-queries';

export function WithdrawConsentDialog({ onClose, onWithdrawn }: { onClose(): void; onWithdrawn(): void }) {
  const withdrawConsent = useWithdrawConsent();
  const chart = useChart();
  const t = useMessages();
  const { locale } = useLocale();
  const [withdrawnOn, setWithdrawnOn] = useState(() => isoDayOf(new Date()));
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<{ date?: string; reason?: string }>({});
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<UserFacingError | null>(null);
  const [busy, setBusy] = useState(false);
  const registeredBy = chart.overview.chart.consent?.registeredByFacilityName || t('consentRegisteringOfficeUnknown');

  const check = () => {
    const found: { date?: string; reason?: string } = {};
    if (!isTemplateDate(withdrawnOn)) found.date = t('invalidDate');
    else if (withdrawnOn > isoDayOf(new Date())) found.date = t('consentDateInFuture');
    if (reason.trim() === '') found.reason = t('withdrawReasonRequired');
    setProblems(found);
    if (found.date) document.getElementById('withdraw-date')?.focus();
    else if (found.reason) document.getElementById('withdraw-reason')?.focus();
    else setConfirming(true);
  };

  const withdraw = async () => {
    setBusy(true);
    setError(null);
    try {
      await withdrawConsent.mutateAsync({ patientId: chart.patientId, withdrawnOn, reason: reason.trim() });
      onWithdrawn();
    } catch (thrown) {
      setConfirming(false);
      setError(toUserFacingError(thrown));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={t('withdrawConsentTitle')}
      onClose={onClose}
      testId="withdraw-consent-dialog"
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('cancel')}
          </button>
          <button type="button" className="button button--danger" aria-disabled={busy || undefined} onClick={check}>
            {t('withdrawConsentNext')}
          </button>
        </>
      }
    >
      <p className="dialog__intro">{t('withdrawConsentIntro', { office: registeredBy })}</p>
      <Field label={t('consentWithdrawnOn')} id="withdraw-date" problems={problems.date ?? null}>
        {(control) => <DayInput {...control} value={withdrawnOn} onChange={setWithdrawnOn} />}
      </Field>
      <Field label={t('consentWithdrawalReason')} hint={t('withdrawReasonHint')} id="withdraw-reason" problems={problems.reason ?? null}>
        {(control) => <textarea {...control} rows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />}
      </Field>
      <ErrorNotice error={error} />
      {confirming ? (
        <ConfirmDialog
          title={t('withdrawConfirmTitle')}
          confirmLabel={t('withdrawConfirm')}
          danger
          busy={busy}
          onCancel={() => setConfirming(false)}
          onConfirm={() => void withdraw()}
        >
          <p>{t('withdrawConfirmBody', { date: formatRecordDay(withdrawnOn, locale, chart.era), office: registeredBy })}</p>
        </ConfirmDialog>
      ) : null}
    </Dialog>
  );
}
