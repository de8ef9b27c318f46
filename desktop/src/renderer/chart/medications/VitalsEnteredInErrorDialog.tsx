// Withdrawing vital signs as entered in error (入力誤り): 158 typed for 128, another patient's
// weight. Like a note's, the observation is not deleted: it stays in the 記録一覧, struck, with who
// marked it, when and why, and leaves the trend. The dialog names the observation (its time and
// values) so the right one is withdrawn; values written with a progress note are said to stay in
// that note's O, which its writer withdraws by the notes' own rule.
import { vitalSignsText } from '@renkei/proto/chart-rules';
import { useState } from 'react';
import type { UserFacingError, VitalSignsView } from '../../../shared/desktop-api';
import { toUserFacingError } from '../../api/user-facing-error';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { useChart } from '../shared/chart-context';
import { formatDateTime } from '../shared/chart-dates';
import { Field } from '../shared/Field';
import { useMarkVitalSignsEnteredInError } from './vital-signs-queries';

export function VitalsEnteredInErrorDialog({ observation, onClose, onDone }: { observation: VitalSignsView; onClose(): void; onDone(): void }) {
  const { patientId, era } = useChart();
  const mark = useMarkVitalSignsEnteredInError();
  const t = useMessages();
  const { locale } = useLocale();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<UserFacingError | null>(null);
  const [busy, setBusy] = useState(false);
  const observed = formatDateTime(observation.observedAt, locale, era);

  const submit = async () => {
    if (busy) return;
    if (reason.trim() === '') {
      setMissing(true);
      document.getElementById('vitals-entered-in-error-reason')?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await mark.mutateAsync({ patientId, vitalSignsId: observation.id, reason: reason.trim() });
      onDone();
    } catch (thrown) {
      setError(toUserFacingError(thrown));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={t('vitalsEnteredInErrorTitle')}
      onClose={onClose}
      testId="vitals-entered-in-error"
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('cancel')}
          </button>
          <button type="button" className="button button--danger" aria-disabled={busy || undefined} onClick={() => void submit()}>
            {busy ? t('saving') : t('vitalsEnteredInErrorConfirm')}
          </button>
        </>
      }
    >
      <p className="dialog__intro">{t('vitalsEnteredInErrorIntro')}</p>
      <p className="quoted-note vitals-quoted">{t('vitalsObservationQuote', { time: observed, text: vitalSignsText(observation.values) })}</p>
      {observation.noteId !== '' ? <p className="vitals-with-note">{t('vitalsWithNote', { time: observed })}</p> : null}
      <Field
        label={t('enteredInErrorReasonLabel')}
        hint={t('vitalsEnteredInErrorReasonHint')}
        problems={missing ? t('enteredInErrorReasonRequired') : null}
        id="vitals-entered-in-error-reason"
      >
        {(control) => (
          <textarea
            {...control}
            rows={2}
            value={reason}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              setMissing(false);
            }}
            autoFocus
          />
        )}
      </Field>
      <ErrorNotice error={error} />
    </Dialog>
  );
}
