// 同意: the patient's consent to share (患者同意書) — in force, never obtained, or withdrawn, and what
// that means for who sees the chart; the consent in force, and every consent ever recorded. Who
// may record or withdraw is the server's decision (the registering office's team, or the regional
// office): the buttons are offered to everyone and a refusal is shown in the server's words.
import { useState } from 'react';
import type { ConsentRecordView, DocumentView } from '../../../shared/desktop-api';
import { useUserFacingError } from '../../api/user-facing-error';
import { useDesktopApi } from '../../app/desktop-api-context';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { LinkButton } from '../shared/LinkButton';
import { useChart } from '../shared/chart-context';
import { formatDateTime, formatRecordDay } from '../shared/chart-dates';
import { consentScopeLabel } from '../shared/chart-labels';
import { documentViewerRequest } from '../shared/viewer-requests';
import { ConsentSummary } from './ConsentSummary';
import { RecordConsentDialog } from './RecordConsentDialog';
import { WithdrawConsentDialog } from './WithdrawConsentDialog';
import { consentActorText } from './consent-actor';
import { useConsentStatus } from './consent-queries';
import { consentState } from './consent-state';
import './consent.css';
import { useEra } from '../shared/era-preference';

export function ConsentTab() {
  const chart = useChart();
  const t = useMessages();
  const { patientId, overview, readOnlyReason } = chart;
  const status = useConsentStatus(patientId, readOnlyReason === null);
  const error = useUserFacingError(status.error);
  const [recording, setRecording] = useState(false);
  const [withdrawing, setWithdrawing] = useState(false);
  // Offline the overview's consent status is shown; so it is when the server's could not be read.
  const fromCache = readOnlyReason !== null || (status.data === undefined && status.isError);
  const consent = fromCache ? overview.chart.consent : (status.data ?? null);
  const state = consentState(consent);
  // Offered only to whom the server allows (its answer says); from the cache that is not known,
  // and writing waits for the connection anyway (the buttons say so).
  const mayRecord = fromCache || (status.data?.callerMayRecord ?? false);

  return (
    <section aria-labelledby="consent-heading" className="consent">
      <div className="tab-head">
        <h2 id="consent-heading">
          {t('consentHeading')}
          {fromCache ? <span className="tag tag--cached">{t('cachedTag')}</span> : null}
        </h2>
        {mayRecord ? (
          <div className="tab-head__actions">
            <button
              type="button"
              className="button button--primary"
              aria-disabled={readOnlyReason !== null || undefined}
              title={readOnlyReason !== null ? t('chartReadOnlyOffline') : undefined}
              onClick={() => {
                if (readOnlyReason === null) setRecording(true);
              }}
            >
              {state === 'in-force' ? t('recordNewConsent') : t('recordConsent')}
            </button>
            {state === 'in-force' ? (
              <button
                type="button"
                className="button"
                aria-disabled={readOnlyReason !== null || undefined}
                onClick={() => {
                  if (readOnlyReason === null) setWithdrawing(true);
                }}
              >
                {t('withdrawConsent')}
              </button>
            ) : null}
          </div>
        ) : null}
      </div>
      <ErrorNotice error={error} />
      {!fromCache && status.isPending ? <p className="muted">{t('loading')}</p> : null}

      <div className="card">
        <ConsentSummary consent={consent} />
        <p className="muted consent__who">{t('consentWhoMayRecord', { office: consent?.registeredByFacilityName || t('consentRegisteringOfficeUnknown') })}</p>
      </div>

      {consent?.current ? (
        <section className="card" aria-labelledby="consent-current-heading">
          <h3 id="consent-current-heading">{t('consentCurrentHeading')}</h3>
          <ConsentDetails record={consent.current} />
        </section>
      ) : null}

      <section className="card" aria-labelledby="consent-history-heading">
        <h3 id="consent-history-heading">{t('consentHistoryHeading')}</h3>
        {consent === null || consent.history.length === 0 ? (
          <p className="muted">{t('consentHistoryEmpty')}</p>
        ) : (
          <ConsentHistory history={consent.history} currentId={consent.current?.id ?? null} />
        )}
      </section>

      {recording ? (
        <RecordConsentDialog
          current={consent?.current ?? null}
          onClose={() => setRecording(false)}
          onRecorded={() => {
            setRecording(false);
            chart.notify(t('consentRecorded'));
          }}
        />
      ) : null}
      {withdrawing ? (
        <WithdrawConsentDialog
          onClose={() => setWithdrawing(false)}
          onWithdrawn={() => {
            setWithdrawing(false);
            chart.notify(t('consentWithdrawn'));
          }}
        />
      ) : null}
    </section>
  );
}

function ConsentDetails({ record }: { record: ConsentRecordView }) {
  const api = useDesktopApi();
  const chart = useChart();
  const t = useMessages();
  const { locale } = useLocale();
  const era = useEra();
  const formDocument: DocumentView | undefined = chart.overview.chart.documents.find((d) => d.documentId === record.formDocumentId);
  return (
    <dl className="facts">
      <dt>{t('consentObtainedOn')}</dt>
      <dd>{formatRecordDay(record.obtainedOn, locale, chart.era)}</dd>
      <dt>{t('consentObtainedBy')}</dt>
      <dd>{record.obtainedBy}</dd>
      <dt>{t('consentScope')}</dt>
      <dd>
        {consentScopeLabel(record.scope, locale)}
        {record.scope === 'CONSENT_SCOPE_LISTED_FACILITIES' && record.facilityNames.length > 0 ? (
          <ul className="plain-list">
            {record.facilityNames.map((name) => (
              <li key={name}>{name}</li>
            ))}
          </ul>
        ) : null}
      </dd>
      <dt>{t('consentFormDocument')}</dt>
      <dd>
        {record.formDocumentId === '' ? (
          <span className="muted">{t('consentFormNone')}</span>
        ) : (
          <LinkButton
            onClick={() =>
              chart.openViewer(documentViewerRequest(api, chart.patientId, record.formDocumentId, 0, formDocument?.title ?? t('consentFormDocument')))
            }
          >
            {formDocument?.title ?? t('openConsentForm')}
          </LinkButton>
        )}
      </dd>
      {record.note !== '' ? (
        <>
          <dt>{t('columnNote')}</dt>
          <dd>{record.note}</dd>
        </>
      ) : null}
      <dt>{t('consentRecordedBy')}</dt>
      <dd>
        {consentActorText(record.recordedBy, t)} <span className="muted">{formatDateTime(record.recordedAt, locale, era)}</span>
      </dd>
    </dl>
  );
}

function ConsentHistory({ history, currentId }: { history: readonly ConsentRecordView[]; currentId: string | null }) {
  const t = useMessages();
  const { locale } = useLocale();
  const { era } = useChart();
  return (
    <table className="record-table" data-testid="consent-history">
      <thead>
        <tr>
          <th scope="col">{t('consentObtainedOn')}</th>
          <th scope="col">{t('consentObtainedBy')}</th>
          <th scope="col">{t('consentScope')}</th>
          <th scope="col">{t('consentRecordedBy')}</th>
          <th scope="col">{t('consentWithdrawnOn')}</th>
          <th scope="col">{t('consentWithdrawalReason')}</th>
        </tr>
      </thead>
      <tbody>
        {history.map((record) => (
          <tr key={record.id} className={record.withdrawnOn !== '' ? 'record-table__row--withdrawn' : undefined}>
            <td className="nowrap">{formatRecordDay(record.obtainedOn, locale, era)}</td>
            <td>{record.obtainedBy}</td>
            <td>
              {consentScopeLabel(record.scope, locale)}
              {record.facilityNames.length > 0 ? <div className="muted">{record.facilityNames.join('、')}</div> : null}
            </td>
            <td>
              {consentActorText(record.recordedBy, t)}
              <div className="muted">{formatDateTime(record.recordedAt, locale, era)}</div>
            </td>
            <td className="nowrap">
              {record.withdrawnOn !== '' ? (
                formatRecordDay(record.withdrawnOn, locale, era)
              ) : record.id === currentId ? (
                <span className="tag tag--shared">{t('consentInForceTag')}</span>
              ) : (
                <span className="muted">{t('consentSuperseded')}</span>
              )}
            </td>
            <td>{record.withdrawalReason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
