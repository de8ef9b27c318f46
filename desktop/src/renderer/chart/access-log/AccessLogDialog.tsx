// The chart's アクセス記録: who viewed or changed this patient's record, when, from which office and
// device, for a patient's 開示請求 or a check after an incident. The server decides who may read it
// (the attending doctor, the registering office) and says so when refused; the screen does not guess.
// Read page by page from the server when asked, never kept (each read is recorded there), so the
// dialog holds the pages it was given and nothing else. Online only.
import { AUDIT_ON_BEHALF_LABEL, auditActionText, auditActorText, auditOutcomeText, auditRunOnBehalf } from '@renkei/proto/audit-actions';
import { PROFESSION_LABELS, type ProfessionName } from '@renkei/proto/labels';
import { formatJapanRecordTime, formatWarekiDateTime } from '@renkei/proto/calendar';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AccessLogCsvSaved, AccessLogEntryView, AccessLogPage } from '../../../shared/access-log-views';
import type { UserFacingError } from '../../../shared/desktop-api';
import { fieldProblem, toUserFacingError } from '../../api/user-facing-error';
import { useDesktopApi } from '../../app/desktop-api-context';
import { DayInput } from '../../components/DayInput';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { writtenName } from '../../format/person-name';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { useChart } from '../shared/chart-context';
import './access-log.css';

interface Period {
  fromDay: string;
  toDay: string;
}

interface Loaded {
  entries: AccessLogEntryView[];
  nextPageToken: string;
  /** The period the pages were read for: "さらに表示" continues it even if the fields were changed since. */
  period: Period;
}

export function AccessLogDialog({ onClose }: { onClose(): void }) {
  const t = useMessages();
  const { locale } = useLocale();
  const api = useDesktopApi();
  const chart = useChart();
  const [fromDay, setFromDay] = useState('');
  const [toDay, setToDay] = useState('');
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<UserFacingError | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<AccessLogCsvSaved | null>(null);
  const online = chart.readOnlyReason === null;

  const load = useCallback(
    async (period: Period, pageToken: string, previous: AccessLogEntryView[]) => {
      setBusy(true);
      setError(null);
      setSaved(null);
      try {
        const page: AccessLogPage = await api.listPatientAccessLog({ patientId: chart.patientId, ...period, pageToken });
        setLoaded({ entries: [...previous, ...page.entries], nextPageToken: page.nextPageToken, period });
      } catch (thrown) {
        setError(toUserFacingError(thrown));
        if (pageToken === '') setLoaded(null);
      } finally {
        setBusy(false);
      }
    },
    [api, chart.patientId],
  );

  // The CSV is of the period shown (not of fields changed since), all of it, not only the pages read.
  const saveCsv = async (period: Period) => {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const result = await api.saveAccessLogCsv({ patientId: chart.patientId, ...period });
      if (result.saved) setSaved(result);
    } catch (thrown) {
      setError(toUserFacingError(thrown));
    } finally {
      setBusy(false);
    }
  };

  // The whole log on opening; the period narrows it when the user asks.
  const asked = useRef(false);
  useEffect(() => {
    if (asked.current || !online) return;
    asked.current = true;
    void load({ fromDay: '', toDay: '' }, '', []);
  }, [online, load]);

  // The server's word on a day it refused, said at that day's field; the notice is then only for the rest.
  const fromProblem = fieldProblem(error, 'fromDay', locale);
  const toProblem = fieldProblem(error, 'toDay', locale);
  const placed = (error?.fields ?? []).length > 0 && (error?.fields ?? []).every((f) => f.field === 'fromDay' || f.field === 'toDay');

  const time = (iso: string) => {
    const instant = new Date(iso);
    return chart.era && locale === 'ja' ? formatWarekiDateTime(instant) : formatJapanRecordTime(instant, locale);
  };

  return (
    <Dialog title={t('accessLogTitle', { patient: writtenName(chart.overview.patient.name) })} onClose={onClose} size="full" testId="access-log-dialog">
      <p className="muted access-log__intro">{t('accessLogIntro')}</p>
      {!online ? (
        <p className="access-log__offline" role="note">
          {t('accessLogOffline')}
        </p>
      ) : (
        <>
          <form
            className="access-log__period"
            onSubmit={(event) => {
              event.preventDefault();
              void load({ fromDay, toDay }, '', []);
            }}
          >
            <label className="access-log__field">
              <span>{t('accessLogFrom')}</span>
              <DayInput value={fromDay} onChange={setFromDay} aria-label={t('accessLogFrom')} aria-invalid={fromProblem !== null} />
              {fromProblem !== null ? (
                <span className="access-log__problem" role="alert" data-testid="access-log-from-problem">
                  {fromProblem}
                </span>
              ) : null}
            </label>
            <label className="access-log__field">
              <span>{t('accessLogTo')}</span>
              <DayInput value={toDay} onChange={setToDay} aria-label={t('accessLogTo')} aria-invalid={toProblem !== null} />
              {toProblem !== null ? (
                <span className="access-log__problem" role="alert" data-testid="access-log-to-problem">
                  {toProblem}
                </span>
              ) : null}
            </label>
            <button type="submit" className="button button--primary" disabled={busy} data-testid="access-log-show">
              {t('accessLogShow')}
            </button>
          </form>
          <ErrorNotice error={placed ? null : error} />
          {loaded === null && error === null ? <p className="muted">{t('loading')}</p> : null}
          {loaded !== null ? (
            <>
              <div className="access-log__toolbar">
                <p className="access-log__count" role="status" data-testid="access-log-count">
                  {loaded.entries.length === 0
                    ? t('accessLogEmpty')
                    : `${loaded.nextPageToken === '' ? t('accessLogCount', { count: loaded.entries.length }) : t('accessLogCountMore', { count: loaded.entries.length })}（${t('accessLogNewestFirst')}）`}
                </p>
                {loaded.entries.length > 0 ? (
                  <button
                    type="button"
                    className="button"
                    disabled={busy}
                    title={t('accessLogSaveHint')}
                    onClick={() => void saveCsv(loaded.period)}
                    data-testid="access-log-save-csv"
                  >
                    {t('accessLogSaveCsv')}
                  </button>
                ) : null}
              </div>
              {saved !== null ? (
                <p className="access-log__saved" role="status" data-testid="access-log-saved">
                  {t('accessLogSaved', { count: saved.rows, fileName: saved.fileName })}
                </p>
              ) : null}
              {loaded.entries.length > 0 ? (
                <div className="access-log__scroll">
                  <table className="access-log__table" aria-label={t('accessLogTableLabel')} data-testid="access-log-table">
                    <thead>
                      <tr>
                        <th scope="col">{t('accessLogColumnTime')}</th>
                        <th scope="col">{t('accessLogColumnActor')}</th>
                        <th scope="col">{t('accessLogColumnProfession')}</th>
                        <th scope="col">{t('accessLogColumnFacility')}</th>
                        <th scope="col">{t('accessLogColumnDevice')}</th>
                        <th scope="col">{t('accessLogColumnAction')}</th>
                        <th scope="col">{t('accessLogColumnOutcome')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {loaded.entries.map((entry) => (
                        <tr key={entry.seq} className={entry.outcome === 'ok' ? undefined : 'access-log__row--refused'}>
                          <td className="access-log__time">{time(entry.at)}</td>
                          <td>
                            {auditRunOnBehalf(entry.actorKind, entry.actorLabel) ? (
                              <span title={t('accessLogActorDetail', { label: entry.actorLabel })} data-testid="access-log-actor-on-behalf">
                                {entry.actorName}
                                <span className="access-log__actor-detail muted">{AUDIT_ON_BEHALF_LABEL[locale]}</span>
                              </span>
                            ) : entry.actorKind === 'user' ? (
                              entry.actorName
                            ) : (
                              <span title={t('accessLogActorDetail', { label: entry.actorLabel })} data-testid="access-log-actor-office">
                                {auditActorText(entry.actorKind, entry.actorName, locale)}
                                {entry.actorLabel !== '' && entry.actorKind !== 'other' ? (
                                  <span className="access-log__actor-detail muted">{entry.actorLabel}</span>
                                ) : null}
                              </span>
                            )}
                          </td>
                          <td>
                            {entry.actorProfession ? (PROFESSION_LABELS[entry.actorProfession as ProfessionName]?.[locale] ?? entry.actorProfession) : ''}
                          </td>
                          <td>{entry.actorFacilityName}</td>
                          <td>
                            {entry.deviceFacilityName !== '' && entry.deviceFacilityName !== entry.actorFacilityName
                              ? t('accessLogDeviceElsewhere', { device: entry.deviceName, facility: entry.deviceFacilityName })
                              : entry.deviceName}
                          </td>
                          <td>{auditActionText(entry.action, locale)}</td>
                          <td>
                            {entry.outcome === 'ok' ? (
                              auditOutcomeText(entry.outcome, locale)
                            ) : (
                              <span className="tag tag--warning">{auditOutcomeText(entry.outcome, locale)}</span>
                            )}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ) : null}
              {loaded.nextPageToken !== '' ? (
                <button
                  type="button"
                  className="button"
                  disabled={busy}
                  onClick={() => void load(loaded.period, loaded.nextPageToken, loaded.entries)}
                  data-testid="access-log-more"
                >
                  {t('accessLogMore')}
                </button>
              ) : null}
            </>
          ) : null}
        </>
      )}
    </Dialog>
  );
}
