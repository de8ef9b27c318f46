// Who the patient is, on every tab: name (kana above kanji), age, sex, care level, the user's roles
// on the team, and whether the chart is shared (without consent, only the registering office sees it).
import type { RefObject } from 'react';
import type { PatientOverviewView } from '../../../shared/desktop-api';
import { useNow } from '../../app/use-now';
import { PersonNameView } from '../../components/PersonNameView';
import { ageOn, calendarDateOf, isFullDate, parseCalendarDate } from '../../format/calendar-date';
import { careLevelLabel, careTeamRoleLabel, sexLabel } from '../../format/record-labels';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { consentState } from '../consent/consent-state';
import './patient-header.css';

export function PatientHeader({ overview, headingRef }: { overview: PatientOverviewView; headingRef: RefObject<HTMLHeadingElement | null> }) {
  const t = useMessages();
  const { locale } = useLocale();
  const now = useNow();
  const { patient } = overview;
  const birth = parseCalendarDate(patient.birthDate);
  const age = birth !== null && isFullDate(birth) ? t('ageYears', { years: ageOn(birth, calendarDateOf(now)) }) : null;
  const consent = consentState(overview.chart.consent);
  return (
    <header className="overview__patient">
      <h1 id="overview-title" ref={headingRef} tabIndex={-1}>
        <PersonNameView name={patient.name} size="large" />
      </h1>
      <div className="overview__summary">
        {age !== null ? <span className="overview__age">{age}</span> : null}
        <span>{sexLabel(patient.sex, locale)}</span>
        <span className="tag tag--care-level">{careLevelLabel(patient.careLevel, locale)}</span>
        {patient.myRoles.map((role) => (
          <span key={role} className="tag">
            {careTeamRoleLabel(role, locale)}
          </span>
        ))}
        {consent === 'none' || consent === 'withdrawn' ? (
          <span className="tag tag--warning" title={t('consentNotSharedExplanation')}>
            {consent === 'none' ? t('consentStateNone') : t('consentStateWithdrawn')}
          </span>
        ) : null}
      </div>
    </header>
  );
}
