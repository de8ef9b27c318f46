// What the screens say about a watched-folder file before it is filed: whose document it looks like
// among the user's own patients, a preview in the chart's viewer, and — in the upload dialog, when
// the file does not clearly belong to the patient on screen — a confirmation that names the patient.
// The folder belongs to the PC, and its files are offered to everyone who logs in on it; so each
// user confirms, for their own patient, a file the folder cannot tell is theirs.
import type { StagedFileView } from '../../../shared/desktop-api';
import { useDesktopApi } from '../../app/desktop-api-context';
import { writtenName } from '../../format/person-name';
import { useMessages } from '../../i18n/locale-context';
import type { Translate } from '../../i18n/messages';
import { useChart } from '../shared/chart-context';
import type { FilingSuggestion, MatchedBy } from './filing-suggestion';
import { stagedFileViewerRequest } from './use-filing-suggestion';
import './watched-file-check.css';

function matchedText(matchedBy: readonly MatchedBy[], t: Translate): string {
  const words = { name: t('filingMatchedName'), reading: t('filingMatchedReading'), 'birth-date': t('filingMatchedBirthDate') };
  return matchedBy.map((m) => words[m]).join(t('filingMatchedSeparator'));
}

/** Whether filing this file on the chart on screen needs the user's confirmation of the patient. */
export function needsPatientConfirmation(suggestion: FilingSuggestion | null, pending: boolean, patientId: string): boolean {
  return pending || suggestion?.patient?.patient.id !== patientId;
}

/** The suggestion in one sentence, and the preview button (not where the file's preview is beside it: the upload dialog). */
export function FilingSuggestionLine({
  file,
  suggestion,
  pending,
  withPreview = true,
}: {
  file: StagedFileView;
  suggestion: FilingSuggestion | null;
  pending: boolean;
  withPreview?: boolean;
}) {
  const chart = useChart();
  const api = useDesktopApi();
  const t = useMessages();
  const here = writtenName(chart.overview.patient.name);
  const match = suggestion?.patient ?? null;
  const text = pending
    ? t('filingSuggestionReading')
    : match === null
      ? suggestion?.ambiguous
        ? t('filingSuggestionAmbiguous')
        : t('filingSuggestionNone')
      : match.patient.id === chart.patientId
        ? t('filingSuggestionThis', { patient: here, matched: matchedText(match.matchedBy, t) })
        : t('filingSuggestionOther', { other: writtenName(match.patient.name), patient: here, matched: matchedText(match.matchedBy, t) });
  const state = pending ? 'pending' : match?.patient.id === chart.patientId ? 'match' : 'mismatch';
  return (
    <div className={`filing-suggestion filing-suggestion--${state}`} data-testid="filing-suggestion" data-state={state}>
      <span className="filing-suggestion__text" aria-live="polite">
        {text}
      </span>
      {withPreview ? (
        <button
          type="button"
          className="button button--small"
          aria-label={t('previewFileLabel', { file: file.fileName })}
          onClick={() => chart.openViewer(stagedFileViewerRequest(api, file))}
        >
          {t('previewFile')}
        </button>
      ) : null}
    </div>
  );
}
