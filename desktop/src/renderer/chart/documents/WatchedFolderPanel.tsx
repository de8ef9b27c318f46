// Files this PC's watched folder offers (a folder the EMR or nursing software saves PDFs into):
// each can be filed for the patient on screen with one action, through the same upload dialog.
import type { StagedFileView, WatchedFolderView } from '../../../shared/desktop-api';
import { useNow } from '../../app/use-now';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatInstant } from '../../format/clock-time';
import { writtenName } from '../../format/person-name';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { useChart } from '../shared/chart-context';
import { useFilingSuggestion } from '../watched-folder/use-filing-suggestion';
import { FilingSuggestionLine } from '../watched-folder/WatchedFileCheck';
import { formatFileSize } from './upload-form';

/** One offered file: its name, whose document it looks like (among the user's own patients), preview, and filing. */
function WatchedFileRow({ file, canFile, patientName }: { file: StagedFileView; canFile: boolean; patientName: string }) {
  const chart = useChart();
  const t = useMessages();
  const { locale } = useLocale();
  const now = useNow();
  const { suggestion, pending } = useFilingSuggestion(file);
  return (
    <li className="watched-file">
      <span className="watched-file__name">{file.fileName}</span>
      <span className="muted">{formatFileSize(file.size)}</span>
      <span className="muted">{formatInstant(file.stagedAt, locale, { now })}</span>
      <button
        type="button"
        className="button button--small"
        aria-disabled={!canFile || undefined}
        aria-label={t('fileForPatientLabel', { file: file.fileName, patient: patientName })}
        title={canFile ? undefined : chart.readOnlyReason !== null ? t('chartReadOnlyOffline') : t('uploadNotAllowed')}
        onClick={() => {
          if (canFile) chart.fileStaged([file]);
        }}
      >
        {t('fileForThisPatient')}
      </button>
      <FilingSuggestionLine file={file} suggestion={suggestion} pending={pending} />
    </li>
  );
}

export function WatchedFolderPanel({ folder, canFile }: { folder: WatchedFolderView; canFile: boolean }) {
  const chart = useChart();
  const t = useMessages();
  const patientName = writtenName(chart.overview.patient.name);
  return (
    <section className="card watched-folder" aria-labelledby="watched-folder-heading" data-testid="watched-folder-panel">
      <h3 id="watched-folder-heading">{t('watchedFolderHeading')}</h3>
      <p className="muted watched-folder__path">
        {t('watchedFolderPath')} <span className="code">{folder.path}</span>
      </p>
      <ErrorNotice error={folder.error} />
      {folder.files.length === 0 ? (
        <p className="muted">{t('watchedFolderEmpty')}</p>
      ) : (
        <ul className="watched-folder__files">
          {folder.files.map((file) => (
            <WatchedFileRow key={file.stagedFileId} file={file} canFile={canFile} patientName={patientName} />
          ))}
        </ul>
      )}
    </section>
  );
}
