// 概要's two cards on what the patient's care runs under: the 訪問看護指示書 in force with its period
// (always, not only near its end: a nurse checks it before every visit), and insurance and
// certification (保険・認定) with the 60-day renewal alert. The days are counted from the last valid
// day on the day the screen shows them, so an overview read from the cache tells today's truth.
// Roles that may not read instructions or INSURANCE see no card about them; those the chart policy
// lets write INSURANCE record and change it from the card (chart/insurance), and every reader may
// open its history, while the server answers.
import { certificationAlert, instructionAsOf } from '@renkei/proto/chart-rules';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { CoverageView, InstructionInForceView, PatientOverviewView } from '../../../shared/desktop-api';
import { queryKeys } from '../../api/query-keys';
import { useDesktopApi } from '../../app/desktop-api-context';
import { useNow } from '../../app/use-now';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { CoverageDialog } from '../insurance/CoverageDialog';
import { CoverageFacts } from '../insurance/CoverageFacts';
import { CoverageHistoryDialog } from '../insurance/CoverageHistoryDialog';
import { INSURANCE } from '../insurance/coverage-queries';
import { AuthorLine } from '../shared/AuthorLine';
import { useChart } from '../shared/chart-context';
import { formatRecordDay } from '../shared/chart-dates';
import { canRead, canWrite, INSTRUCTION_DOCUMENT_TYPE } from '../shared/record-access';
import { documentViewerRequest } from '../shared/viewer-requests';
import './coverage-cards.css';

export function CoverageCards({ overview, onOpenForm }: { overview: PatientOverviewView; onOpenForm(formId: string): void }) {
  const access = overview.chart.myAccess;
  const readsInstructions = canRead(access, INSTRUCTION_DOCUMENT_TYPE);
  const readsInsurance = canRead(access, INSURANCE);
  if (!readsInstructions && !readsInsurance) return null;
  return (
    <div className="overview__grid overview__grid--even coverage-cards">
      {readsInstructions ? <InstructionInForceCard instruction={overview.instructionInForce} onOpenForm={onOpenForm} /> : null}
      {readsInsurance ? <CoverageCard coverage={overview.coverage} /> : null}
    </div>
  );
}

function InstructionInForceCard({ instruction, onOpenForm }: { instruction: InstructionInForceView | null; onOpenForm(formId: string): void }) {
  const api = useDesktopApi();
  const chart = useChart();
  const t = useMessages();
  const { locale } = useLocale();
  const now = useNow();
  const day = (text: string) => formatRecordDay(text, locale, chart.era);
  const today = instruction ? instructionAsOf(instruction, now) : null;
  const stateText =
    today === null
      ? ''
      : today.daysLeft < 0
        ? t('instructionStateEnded', { days: -today.daysLeft })
        : today.daysLeft === 0
          ? t('instructionStateEndsToday')
          : today.state === 'INSTRUCTION_STATE_ENDING'
            ? t('instructionStateEnding', { days: today.daysLeft })
            : t('instructionStateInForce', { days: today.daysLeft });
  const tone = today === null ? 'none' : today.daysLeft < 0 ? 'ended' : today.state === 'INSTRUCTION_STATE_ENDING' ? 'ending' : 'in-force';
  return (
    <section
      className={`card instruction-in-force instruction-in-force--${tone}`}
      aria-labelledby="instruction-in-force-heading"
      data-testid="instruction-in-force"
    >
      <h2 id="instruction-in-force-heading">{t('instructionInForceHeading')}</h2>
      {today === null ? (
        <p className="muted">{t('instructionNone')}</p>
      ) : (
        <div className="instruction-in-force__body">
          <span className={`coverage-state coverage-state--${tone}`}>{stateText}</span>
          <span className="instruction-in-force__title">{today.title}</span>
          <span className="instruction-in-force__period">
            {today.validFrom !== ''
              ? t('instructionPeriod', { from: day(today.validFrom), to: day(today.validUntil) })
              : t('instructionPeriodUntil', { to: day(today.validUntil) })}
          </span>
          <button
            type="button"
            className="button button--small"
            onClick={() =>
              today.formId !== '' ? onOpenForm(today.formId) : chart.openViewer(documentViewerRequest(api, chart.patientId, today.documentId, 0, today.title))
            }
          >
            {t('openInstruction')}
          </button>
        </div>
      )}
    </section>
  );
}

/** 「保険・認定を記録」 / 「変更」 and 「履歴」: offered to the roles the chart policy lets write INSURANCE, while the server answers. */
function CoverageActions({ coverage }: { coverage: CoverageView | null }) {
  const chart = useChart();
  const t = useMessages();
  const client = useQueryClient();
  const [open, setOpen] = useState<'edit' | 'history' | null>(null);
  // A reopened editor is a new one, prefilled from the overview once it has been read again.
  const [editorKey, setEditorKey] = useState(0);
  const reopen = async () => {
    await client.refetchQueries({ queryKey: queryKeys.overview(chart.patientId) });
    setEditorKey((k) => k + 1);
  };
  const mayWrite = canWrite(chart.overview.chart.myAccess, INSURANCE);
  const offline = chart.readOnlyReason !== null;
  const offlineTitle = offline ? t('chartReadOnlyOffline') : undefined;
  return (
    <>
      <div className="coverage__actions">
        {coverage !== null ? (
          <button
            type="button"
            className="button button--small"
            aria-disabled={offline || undefined}
            title={offlineTitle}
            onClick={() => (offline ? undefined : setOpen('history'))}
            data-testid="coverage-history"
          >
            {t('coverageHistory')}
          </button>
        ) : null}
        {mayWrite ? (
          <button
            type="button"
            className={`button button--small${coverage === null ? ' button--primary' : ''}`}
            aria-disabled={offline || undefined}
            aria-label={coverage === null ? undefined : t('coverageChangeAria')}
            title={offlineTitle}
            onClick={() => (offline ? undefined : setOpen('edit'))}
            data-testid="coverage-edit"
          >
            {coverage === null ? t('coverageRecord') : t('coverageChange')}
          </button>
        ) : null}
      </div>
      {open === 'edit' ? <CoverageDialog key={editorKey} coverage={coverage} onClose={() => setOpen(null)} onReopen={() => void reopen()} /> : null}
      {open === 'history' ? <CoverageHistoryDialog onClose={() => setOpen(null)} /> : null}
    </>
  );
}

function CoverageCard({ coverage }: { coverage: CoverageView | null }) {
  const t = useMessages();
  const now = useNow();
  if (coverage === null) {
    return (
      <section className="card coverage" aria-labelledby="coverage-heading" data-testid="coverage">
        <div className="card__head">
          <h2 id="coverage-heading">{t('coverageHeading')}</h2>
          <CoverageActions coverage={null} />
        </div>
        <p className="muted">{t('coverageNotRecorded')}</p>
      </section>
    );
  }
  const { certification } = coverage;
  const alert = certification ? certificationAlert(certification.validUntil, now) : undefined;
  return (
    <section
      className={`card coverage${alert ? (alert.expired ? ' coverage--expired' : ' coverage--ending') : ''}`}
      aria-labelledby="coverage-heading"
      data-testid="coverage"
    >
      <div className="card__head">
        <h2 id="coverage-heading">{t('coverageHeading')}</h2>
        <CoverageActions coverage={coverage} />
      </div>
      {alert ? (
        <p className={`coverage__alert coverage-state coverage-state--${alert.expired ? 'ended' : 'ending'}`} role="note">
          <strong>
            {alert.expired
              ? t('certificationExpired', { days: -alert.daysLeft })
              : alert.daysLeft === 0
                ? t('certificationEndsToday')
                : t('certificationDaysLeft', { days: alert.daysLeft })}
          </strong>{' '}
          {alert.expired ? t('certificationExpiredAdvice') : t('certificationAdvice')}
        </p>
      ) : null}
      <CoverageFacts coverage={coverage} />
      <p className="coverage__recorded muted">
        {t('coverageRecordedBy', { version: coverage.version })} · <AuthorLine author={coverage.recordedBy} />
      </p>
    </section>
  );
}
