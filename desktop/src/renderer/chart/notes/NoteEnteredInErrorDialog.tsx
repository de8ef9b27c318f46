// Withdrawing a progress note as entered in error: the note is quoted with its time and SOAP, and
// the mark is a new version of the note (based on the version read, so a colleague's newer one is said).
import type { ProgressNoteView } from '../../../shared/desktop-api';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { useChart } from '../shared/chart-context';
import { formatDateTime } from '../shared/chart-dates';
import { EnteredInErrorDialog } from '../shared/EnteredInErrorDialog';
import { useEra } from '../shared/era-preference';
import { useMarkNoteEnteredInError } from './note-queries';
import { SoapView } from './SoapView';

export function NoteEnteredInErrorDialog({ note, onClose, onDone }: { note: ProgressNoteView; onClose(): void; onDone(): void }) {
  const { patientId } = useChart();
  const markEnteredInError = useMarkNoteEnteredInError();
  const t = useMessages();
  const { locale } = useLocale();
  const era = useEra();
  return (
    <EnteredInErrorDialog
      title={t('markEnteredInErrorTitle')}
      intro={t('markEnteredInErrorIntro')}
      quoted={
        <div className="quoted-note">
          <p className="muted">{formatDateTime(note.observedAt, locale, era)}</p>
          <SoapView soap={note.soap} compact />
        </div>
      }
      reasonHint={t('enteredInErrorReasonHint')}
      confirmLabel={t('markEnteredInErrorConfirm')}
      reasonId="entered-in-error-reason"
      mark={(reason) => markEnteredInError.mutateAsync({ patientId, noteId: note.noteId, baseVersion: note.version, reason })}
      onClose={onClose}
      onDone={onDone}
    />
  );
}
