// Whether the patient's chart is shared, with what that means for the team: "同意未取得" alone does
// not tell a nurse why she cannot see a colleague's notes, so the consequence is always said.
import type { ConsentView } from '../../../shared/desktop-api';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { useChart } from '../shared/chart-context';
import { formatRecordDay } from '../shared/chart-dates';
import { consentScopeLabel } from '../shared/chart-labels';
import { consentState, latestConsent } from './consent-state';
import './consent.css';

export function ConsentSummary({ consent }: { consent: ConsentView | null }) {
  const t = useMessages();
  const { locale } = useLocale();
  const { era } = useChart();
  const state = consentState(consent);
  if (consent === null || state === 'unknown') return <p className="muted">{t('consentUnknown')}</p>;
  const registeredBy = consent.registeredByFacilityName || t('consentRegisteringOfficeUnknown');
  const latest = latestConsent(consent);
  return (
    <div className={`consent-summary consent-summary--${state}`} data-testid="consent-summary">
      <p className="consent-summary__state">
        <span className={`tag ${state === 'in-force' ? 'tag--shared' : 'tag--warning'}`}>
          {state === 'in-force' ? t('consentStateInForce') : state === 'withdrawn' ? t('consentStateWithdrawn') : t('consentStateNone')}
        </span>
        <span className="consent-summary__meaning">
          {state === 'in-force' && consent.current !== null
            ? consent.current.scope === 'CONSENT_SCOPE_LISTED_FACILITIES'
              ? t('consentMeaningListed', { offices: consent.current.facilityNames.join('、') })
              : t('consentMeaningCareTeam')
            : state === 'withdrawn' && latest !== null
              ? t('consentMeaningWithdrawn', { date: formatRecordDay(latest.withdrawnOn, locale, era), office: registeredBy })
              : t('consentMeaningNone', { office: registeredBy })}
        </span>
      </p>
      {state === 'in-force' && consent.current !== null ? (
        <p className="muted consent-summary__detail">
          {t('consentObtainedLine', {
            date: formatRecordDay(consent.current.obtainedOn, locale, era),
            by: consent.current.obtainedBy,
            scope: consentScopeLabel(consent.current.scope, locale),
          })}
        </p>
      ) : null}
    </div>
  );
}
