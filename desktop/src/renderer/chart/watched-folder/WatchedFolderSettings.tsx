// This PC's settings, opened from the header: the watched folder is a property of the PC (where
// its business software saves PDFs), not of a patient, so it is chosen here and offered on every
// patient's 文書 tab. Choosing uses the system's folder dialog (in the app); stopping forgets it.
import { useState, type ReactNode } from 'react';
import type { UserFacingError } from '../../../shared/desktop-api';
import { toUserFacingError } from '../../api/user-facing-error';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useMessages } from '../../i18n/locale-context';
import { useChangeWatchedFolder, useWatchedFolder } from './use-watched-folder';

/** `children`: the logged-in user's own settings, shown below this PC's. */
export function PcSettingsDialog({ onClose, children }: { onClose(): void; children?: ReactNode }) {
  const t = useMessages();
  const watched = useWatchedFolder();
  const change = useChangeWatchedFolder();
  const [error, setError] = useState<UserFacingError | null>(null);
  const [busy, setBusy] = useState(false);
  const folder = watched.folder;

  const run = async (what: 'choose' | 'stop') => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await change.mutateAsync(what);
    } catch (thrown) {
      setError(toUserFacingError(thrown));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('pcSettingsTitle')} onClose={onClose} testId="pc-settings">
      <section aria-labelledby="watched-folder-settings-heading">
        <h3 id="watched-folder-settings-heading">{t('watchedFolderSettingsHeading')}</h3>
        <p className="dialog__intro">{t('watchedFolderSettingsIntro')}</p>
        <dl className="facts">
          <dt>{t('watchedFolderCurrent')}</dt>
          <dd data-testid="watched-folder-path">
            {folder === null ? (
              t('loading')
            ) : folder.path === null ? (
              <span className="muted">{t('watchedFolderNone')}</span>
            ) : (
              <span className="code">{folder.path}</span>
            )}
          </dd>
          {folder !== null && folder.path !== null ? (
            <>
              <dt>{t('watchedFolderWaiting')}</dt>
              <dd>{t('watchedFilesWaiting', { count: folder.files.length })}</dd>
            </>
          ) : null}
        </dl>
        <ErrorNotice error={watched.error ?? folder?.error ?? null} />
        <ErrorNotice error={error} />
        <div className="form-actions">
          <button type="button" className="button button--primary" aria-disabled={busy || undefined} onClick={() => void run('choose')}>
            {folder?.path ? t('watchedFolderChange') : t('watchedFolderChoose')}
          </button>
          {folder?.path ? (
            <button type="button" className="button" aria-disabled={busy || undefined} onClick={() => void run('stop')}>
              {t('watchedFolderStop')}
            </button>
          ) : null}
        </div>
      </section>
      {children}
    </Dialog>
  );
}
