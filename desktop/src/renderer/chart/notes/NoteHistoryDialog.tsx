// Every version of a note, oldest first: what was written, when, by whom, why each correction
// was made, and what it changed (word by word). Nothing in a progress note's past is hidden (真正性).
import type { ProgressNoteView, SoapText } from '../../../shared/desktop-api';
import { useUserFacingError } from '../../api/user-facing-error';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { AuthorLine } from '../shared/AuthorLine';
import { useChart } from '../shared/chart-context';
import { formatDateTime } from '../shared/chart-dates';
import type { FieldVersions } from '../shared/text-diff';
import { VersionChanges } from '../shared/VersionChanges';
import { enteredInErrorLine } from '../shared/entered-in-error-line';
import { useNoteHistory } from './note-queries';
import { SoapView } from './SoapView';
import { useEra } from '../shared/era-preference';

const PARTS: readonly (keyof SoapText)[] = ['subjective', 'objective', 'assessment', 'plan'];

export function NoteHistoryDialog({ note, onClose }: { note: ProgressNoteView; onClose(): void }) {
  const { patientId } = useChart();
  const t = useMessages();
  const { locale } = useLocale();
  const era = useEra();
  const history = useNoteHistory(patientId, note.noteId);
  const error = useUserFacingError(history.error);
  const versions = history.data ?? [];
  const partLabels: Record<keyof SoapText, string> = {
    subjective: t('soapSubjectiveLabel'),
    objective: t('soapObjectiveLabel'),
    assessment: t('soapAssessmentLabel'),
    plan: t('soapPlanLabel'),
  };
  const noteFields = (before: ProgressNoteView, after: ProgressNoteView): FieldVersions[] => [
    {
      key: 'observedAt',
      label: t('observedAtLabel'),
      before: formatDateTime(before.observedAt, locale),
      after: formatDateTime(after.observedAt, locale),
      whole: true,
    },
    ...PARTS.map((part) => ({ key: part, label: partLabels[part], before: before.soap[part], after: after.soap[part] })),
  ];
  return (
    <Dialog title={t('noteHistoryTitle', { time: formatDateTime(note.observedAt, locale, era) })} onClose={onClose} size="wide">
      <ErrorNotice error={error} />
      {history.isPending ? <p className="muted">{t('loading')}</p> : null}
      <ol className="note-history">
        {versions.map((version, index) => {
          const inError = version.status === 'entered-in-error';
          const previous = index > 0 ? versions[index - 1] : undefined;
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
                  {inError
                    ? `${enteredInErrorLine(t, locale, { by: version.author, at: version.recordedAt })} ${t('reasonLine', { reason: version.correctionReason })}`
                    : t('correctionReasonLine', { reason: version.correctionReason })}
                </p>
              ) : null}
              {previous !== undefined && !inError ? <VersionChanges fromVersion={previous.version} fields={noteFields(previous, version)} /> : null}
              <SoapView soap={version.soap} struck={inError} />
            </li>
          );
        })}
      </ol>
    </Dialog>
  );
}
