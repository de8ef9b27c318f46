// Every version of a note, oldest first: what was written, when, by whom, and why each correction
// was made. Nothing in a progress note's past is hidden (真正性).
import type { ProgressNoteView } from '../../../shared/desktop-api';
import { useUserFacingError } from '../../api/user-facing-error';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { AuthorLine } from '../shared/AuthorLine';
import { useChart } from '../shared/chart-context';
import { formatDateTime } from '../shared/chart-dates';
import { useNoteHistory } from './note-queries';
import { SoapView } from './SoapView';
import { useEra } from '../shared/era-preference';

export function NoteHistoryDialog({ note, onClose }: { note: ProgressNoteView; onClose(): void }) {
  const { patientId } = useChart();
  const t = useMessages();
  const { locale } = useLocale();
  const era = useEra();
  const history = useNoteHistory(patientId, note.noteId);
  const error = useUserFacingError(history.error);
  const versions = history.data ?? [];
  return (
    <Dialog title={t('noteHistoryTitle', { time: formatDateTime(note.observedAt, locale, era) })} onClose={onClose} size="wide">
      <ErrorNotice error={error} />
      {history.isPending ? <p className="muted">{t('loading')}</p> : null}
      <ol className="note-history">
        {versions.map((version) => {
          const inError = version.status === 'entered-in-error';
          return (
            <li key={version.version} className={`note-history__version${inError ? ' note--entered-in-error' : ''}`}>
              <div className="note__head">
                <strong>{t('versionNumber', { version: version.version })}</strong>
                <span className="muted">{t('recordedAtLine', { time: formatDateTime(version.recordedAt, locale, era) })}</span>
                <AuthorLine author={version.author} />
                {inError ? <span className="tag tag--error">{t('enteredInErrorTag')}</span> : null}
                {!version.superseded ? <span className="tag">{t('currentVersionTag')}</span> : null}
              </div>
              {version.version > 1 && version.correctionReason !== '' ? (
                <p className={inError ? 'note__error-reason' : 'note__correction muted'}>
                  {inError ? t('reasonLine', { reason: version.correctionReason }) : t('correctionReasonLine', { reason: version.correctionReason })}
                </p>
              ) : null}
              <SoapView soap={version.soap} struck={inError} />
            </li>
          );
        })}
      </ol>
    </Dialog>
  );
}
