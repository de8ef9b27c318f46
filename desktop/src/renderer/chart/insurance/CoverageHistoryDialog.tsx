// Every version of the insurance and certification, newest first: who recorded it, from which
// office, when, and why it replaced the one before (真正性: nothing is changed silently). Read from
// the server when opened; the card offers it only while the server answers.
import { useNow } from '../../app/use-now';
import { useUserFacingError } from '../../api/user-facing-error';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatInstant } from '../../format/clock-time';
import { writtenName } from '../../format/person-name';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { useChart } from '../shared/chart-context';
import { CoverageFacts } from './CoverageFacts';
import { useCoverageHistory } from './coverage-queries';
import './coverage-dialog.css';

export function CoverageHistoryDialog({ onClose }: { onClose(): void }) {
  const t = useMessages();
  const { locale } = useLocale();
  const now = useNow();
  const chart = useChart();
  const history = useCoverageHistory(chart.patientId);
  const error = useUserFacingError(history.error);
  const versions = history.data ?? [];
  return (
    <Dialog
      title={t('coverageHistoryTitle', { patient: writtenName(chart.overview.patient.name) })}
      onClose={onClose}
      size="wide"
      testId="coverage-history-dialog"
    >
      <ErrorNotice error={error} />
      {history.data === undefined && error === null ? <p className="muted">{t('loading')}</p> : null}
      {history.data !== undefined && versions.length === 0 ? <p className="muted">{t('coverageNotRecorded')}</p> : null}
      <ol className="coverage-history">
        {versions.map((version, index) => (
          <li key={version.version} data-testid="coverage-version">
            <h3>
              {t('coverageVersion', { version: version.version })}
              {index === 0 ? <span className="tag">{t('coverageVersionCurrent')}</span> : null}
              <span className="muted coverage-history__by">
                {t('coverageVersionBy', {
                  name: writtenName(version.recordedBy.name),
                  facility: version.recordedBy.facilityName,
                  time: formatInstant(version.recordedAt, locale, { now, era: chart.era }),
                })}
              </span>
            </h3>
            <p className="coverage-history__reason">
              {version.changeReason !== ''
                ? t('coverageVersionReason', { reason: version.changeReason })
                : version.version === 1
                  ? t('coverageVersionFirst')
                  : t('coverageVersionNoReason')}
            </p>
            <CoverageFacts coverage={version} />
          </li>
        ))}
      </ol>
    </Dialog>
  );
}
