// 概要's two cards on what the patient's care runs under: the 訪問看護指示書 in force with its period
// (always, not only near its end: a nurse checks it before every visit), and insurance and
// certification (保険・認定) with the 60-day renewal alert. The days are counted from the last valid
// day on the day the screen shows them, so an overview read from the cache tells today's truth.
// Roles that may not read instructions or INSURANCE see no card about them.
import { certificationAlert, instructionAsOf } from '@renkei/proto/chart-rules';
import { DEMENTIA_INDEPENDENCE_LABELS, DISABILITY_INDEPENDENCE_LABELS, type Label } from '@renkei/proto/labels';
import type { CoverageView, InstructionInForceView, Locale, PatientOverviewView } from '../../../shared/desktop-api';
import { useDesktopApi } from '../../app/desktop-api-context';
import { useNow } from '../../app/use-now';
import { careLevelLabel } from '../../format/record-labels';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { AuthorLine } from '../shared/AuthorLine';
import { useChart } from '../shared/chart-context';
import { formatRecordDay } from '../shared/chart-dates';
import { canRead, INSTRUCTION_DOCUMENT_TYPE } from '../shared/record-access';
import { documentViewerRequest } from '../shared/viewer-requests';
import './coverage-cards.css';

const INSURANCE = 'INSURANCE';

function label(table: Readonly<Record<string, Label>>, value: string, locale: Locale): string {
  return Object.hasOwn(table, value) ? table[value]![locale] : value;
}

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

function CoverageCard({ coverage }: { coverage: CoverageView | null }) {
  const chart = useChart();
  const t = useMessages();
  const { locale } = useLocale();
  const now = useNow();
  const day = (text: string) => formatRecordDay(text, locale, chart.era);
  if (coverage === null) {
    return (
      <section className="card coverage" aria-labelledby="coverage-heading" data-testid="coverage">
        <h2 id="coverage-heading">{t('coverageHeading')}</h2>
        <p className="muted">{t('coverageNotRecorded')}</p>
      </section>
    );
  }
  const { medical, longTermCare, certification } = coverage;
  const alert = certification ? certificationAlert(certification.validUntil, now) : undefined;
  const none = <span className="muted">{t('notRecordedShort')}</span>;
  return (
    <section
      className={`card coverage${alert ? (alert.expired ? ' coverage--expired' : ' coverage--ending') : ''}`}
      aria-labelledby="coverage-heading"
      data-testid="coverage"
    >
      <h2 id="coverage-heading">{t('coverageHeading')}</h2>
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
      <dl className="facts coverage__facts">
        <dt>{t('certificationLabel')}</dt>
        <dd>
          {certification ? (
            <>
              <strong>{careLevelLabel(certification.careLevel, locale)}</strong>
              {certification.validUntil !== '' ? (
                <span className="coverage__period">{t('certificationPeriod', { from: day(certification.validFrom), to: day(certification.validUntil) })}</span>
              ) : null}
            </>
          ) : (
            none
          )}
        </dd>
        <dt>{t('medicalInsuranceLabel')}</dt>
        <dd>
          {medical ? (
            <ul className="coverage__numbers">
              <li>
                {t('insurerNumberLabel')} <span className="code">{medical.insurerNumber}</span>
              </li>
              <li>
                {t('insuredSymbolNumberLabel')}{' '}
                <span className="code">
                  {[medical.symbol, medical.number].filter((part) => part !== '').join(' ・ ')}
                  {medical.branch !== '' ? t('insuredBranch', { branch: medical.branch }) : ''}
                </span>
              </li>
              <li>
                {t('copayLabel')} <strong>{t('copayTenths', { tenths: medical.copayTenths })}</strong>
              </li>
              {medical.publicExpenses.map((p, index) => (
                <li key={index}>
                  {t('publicExpenseLabel')}{' '}
                  <span className="code">
                    {t('publicExpenseEntry', { name: p.name, payer: p.payerNumber })}
                    {p.recipientNumber !== '' ? t('publicExpenseRecipient', { recipient: p.recipientNumber }) : ''}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            none
          )}
        </dd>
        <dt>{t('longTermCareLabel')}</dt>
        <dd>
          {longTermCare ? (
            <ul className="coverage__numbers">
              <li>
                {t('insurerNumberLabel')} <span className="code">{longTermCare.insurerNumber}</span>
              </li>
              <li>
                {t('insuredNumberLabel')} <span className="code">{longTermCare.insuredNumber}</span>
              </li>
              <li>
                {t('copayLabel')} <strong>{t('copayTenths', { tenths: longTermCare.copayTenths })}</strong>
              </li>
            </ul>
          ) : (
            none
          )}
        </dd>
        <dt>{t('independenceLabel')}</dt>
        <dd>
          {t('disabilityIndependenceLabel')} <strong>{label(DISABILITY_INDEPENDENCE_LABELS, coverage.disabilityIndependence, locale)}</strong> ／{' '}
          {t('dementiaIndependenceLabel')} <strong>{label(DEMENTIA_INDEPENDENCE_LABELS, coverage.dementiaIndependence, locale)}</strong>
        </dd>
      </dl>
      <p className="coverage__recorded muted">
        {t('coverageRecordedBy', { version: coverage.version })} · <AuthorLine author={coverage.recordedBy} />
      </p>
    </section>
  );
}
