// Withdrawing a record as entered in error (入力誤り) — the record's way of deleting: nothing goes,
// the record stays struck with who did it, when and why. The dialog quotes the record (the caller
// says how) so the right one is withdrawn, and will not go on without a reason.
import { useState, type ReactNode } from 'react';
import type { UserFacingError } from '../../../shared/desktop-api';
import { toUserFacingError } from '../../api/user-facing-error';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useMessages } from '../../i18n/locale-context';
import { Field } from './Field';

export interface EnteredInErrorDialogProps {
  title: string;
  intro: string;
  /** The record being withdrawn, as the reader should recognise it. */
  quoted: ReactNode;
  reasonHint: string;
  confirmLabel: string;
  /** The reason field's element id (unique on the page). */
  reasonId: string;
  testId?: string;
  /** Sends the mark; a refusal is shown in the dialog with the reason kept. */
  mark(reason: string): Promise<unknown>;
  onClose(): void;
  onDone(): void;
}

export function EnteredInErrorDialog({ title, intro, quoted, reasonHint, confirmLabel, reasonId, testId, mark, onClose, onDone }: EnteredInErrorDialogProps) {
  const t = useMessages();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<UserFacingError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (busy) return;
    if (reason.trim() === '') {
      setMissing(true);
      document.getElementById(reasonId)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await mark(reason.trim());
      onDone();
    } catch (thrown) {
      setError(toUserFacingError(thrown));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={title}
      onClose={onClose}
      {...(testId !== undefined && { testId })}
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('cancel')}
          </button>
          <button type="button" className="button button--danger" aria-disabled={busy || undefined} onClick={() => void submit()}>
            {busy ? t('saving') : confirmLabel}
          </button>
        </>
      }
    >
      <p className="dialog__intro">{intro}</p>
      {quoted}
      <Field label={t('enteredInErrorReasonLabel')} hint={reasonHint} problems={missing ? t('enteredInErrorReasonRequired') : null} id={reasonId}>
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
