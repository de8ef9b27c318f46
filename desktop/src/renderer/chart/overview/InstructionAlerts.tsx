// Instructions (訪問看護指示書) that have expired or expire soon, above every tab: a nurse may not
// visit under an expired instruction, so nobody on the team should be able to miss it. Expired
// ones come first, in red, with what to do.
import type { InstructionAlertView } from '../../../shared/desktop-api';
import { useDesktopApi } from '../../app/desktop-api-context';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { useChart } from '../shared/chart-context';
import { formatRecordDay } from '../shared/chart-dates';
import { documentViewerRequest } from '../shared/viewer-requests';
import { instructionStatus, sortInstructionAlerts } from './instruction-status';
import './instruction-alerts.css';

interface InstructionAlertsProps {
  alerts: readonly InstructionAlertView[];
  today: string;
  onOpenForm(formId: string): void;
}

export function InstructionAlerts({ alerts, today, onOpenForm }: InstructionAlertsProps) {
  const api = useDesktopApi();
  const chart = useChart();
  const t = useMessages();
  const { locale } = useLocale();
  if (alerts.length === 0) return null;
  const sorted = sortInstructionAlerts(alerts, today);
  const anyExpired = sorted.some((alert) => instructionStatus(alert, today).urgency === 'expired');
  return (
    <section
      className={`instruction-alerts${anyExpired ? ' instruction-alerts--expired' : ''}`}
      aria-labelledby="instruction-alerts-heading"
      data-testid="instruction-alerts"
    >
      <h2 id="instruction-alerts-heading" className="instruction-alerts__heading">
        <span aria-hidden="true">⚠ </span>
        {t('instructionAlertsHeading')}
      </h2>
      <ul className="instruction-alerts__list">
        {sorted.map((alert) => {
          const status = instructionStatus(alert, today);
          const state =
            status.urgency === 'expired'
              ? t('instructionExpired', { days: -status.daysLeft })
              : status.urgency === 'today'
                ? t('instructionEndsToday')
                : t('instructionDaysLeft', { days: status.daysLeft });
          return (
            <li key={alert.documentId || alert.formId} className={`instruction-alert instruction-alert--${status.urgency}`}>
              <span className="instruction-alert__state">{state}</span>
              <span className="instruction-alert__title">{alert.title}</span>
              <span className="instruction-alert__until">{t('instructionValidUntil', { date: formatRecordDay(alert.validUntil, locale, chart.era) })}</span>
              <span className="instruction-alert__advice">{status.urgency === 'expired' ? t('instructionExpiredAdvice') : t('instructionSoonAdvice')}</span>
              <button
                type="button"
                className="button button--small"
                onClick={() =>
                  alert.formId !== ''
                    ? onOpenForm(alert.formId)
                    : chart.openViewer(documentViewerRequest(api, chart.patientId, alert.documentId, 0, alert.title))
                }
              >
                {t('openInstruction')}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
