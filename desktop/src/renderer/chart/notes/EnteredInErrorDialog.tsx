// Withdrawing a note as entered in error (入力誤り) — the record's way of deleting: the note stays,
// struck through, with who did it and why, so nobody later wonders where it went.
import { useState } from 'react';
import type { ProgressNoteView, UserFacingError } from '../../../shared/desktop-api';
import { toUserFacingError } from '../../api/user-facing-error';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { useChart } from '../shared/chart-context';
import { formatDateTime } from '../shared/chart-dates';
import { Field } from '../shared/Field';
import { useMarkNoteEnteredInError } from './note-queries';
import { SoapView } from './SoapView';
import { useEra } from '../shared/era-preference';

export function EnteredInErrorDialog({ note, onClose, onDone }: { note: ProgressNoteView; onClose(): void; onDone(): void }) {
  const { patientId } = useChart();
  const markEnteredInError = useMarkNoteEnteredInError();
  const t = useMessages();
  const { locale } = useLocale();
  const era = useEra();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<UserFacingError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (busy) return;
    if (reason.trim() === '') {
      setMissing(true);
      document.getElementById('entered-in-error-reason')?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await markEnteredInError.mutateAsync({ patientId, noteId: note.noteId, baseVersion: note.version, reason: reason.trim() });
      onDone();
    } catch (thrown) {
      setError(toUserFacingError(thrown));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={t('markEnteredInErrorTitle')}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('cancel')}
          </button>
          <button type="button" className="button button--danger" aria-disabled={busy || undefined} onClick={() => void submit()}>
            {busy ? t('saving') : t('markEnteredInErrorConfirm')}
          </button>
        </>
      }
    >
      <p className="dialog__intro">{t('markEnteredInErrorIntro')}</p>
      <div className="quoted-note">
        <p className="muted">{formatDateTime(note.observedAt, locale, era)}</p>
        <SoapView soap={note.soap} compact />
      </div>
      <Field
        label={t('enteredInErrorReasonLabel')}
        hint={t('enteredInErrorReasonHint')}
        problems={missing ? t('enteredInErrorReasonRequired') : null}
        id="entered-in-error-reason"
      >
        {(control) => <textarea {...control} rows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} autoFocus />}
      </Field>
      <ErrorNotice error={error} />
    </Dialog>
  );
}
