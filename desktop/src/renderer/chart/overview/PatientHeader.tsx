// Who the patient is, on every tab and kept in view while the chart scrolls (sticky): name (kana
// above kanji), regional number, birth date and age, sex, care level, the user's roles on the team,
// whether the chart is shared, a warning when another patient on the user's list has the same name,
// the allergies (severe ones stand out), and the emergency flags (DNAR, infections) with the
// button that opens the emergency information. An archived patient (read by the registering office
// from the server only) says so, and why nothing can be added.
import type { RefObject } from 'react';
import type { PatientOverviewView } from '../../../shared/desktop-api';
import { useNow } from '../../app/use-now';
import { PersonNameView } from '../../components/PersonNameView';
import { ageOn, calendarDateOf, isFullDate, parseCalendarDate } from '../../format/calendar-date';
import { allergyEmphasis, allergySeverityLabel, allergySeverityRank, careLevelLabel, careTeamRoleLabel, sexLabel } from '../../format/record-labels';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { consentState } from '../consent/consent-state';
import { EmergencyFlags } from '../emergency/EmergencyFlags';
import { formatRecordDay, isoDayOf } from '../shared/chart-dates';
import { RegionalNumber, SameNameWarning } from './PatientIdentity';
import './patient-header.css';

interface PatientHeaderProps {
  overview: PatientOverviewView;
  headingRef: RefObject<HTMLHeadingElement | null>;
  era: boolean;
  sameName: boolean;
  onOpenEmergency(): void;
  /** Opens the patient's アクセス記録 (the server decides who may read it). */
  onOpenAccessLog(): void;
}

export function PatientHeader({ overview, headingRef, era, sameName, onOpenEmergency, onOpenAccessLog }: PatientHeaderProps) {
  const t = useMessages();
  const { locale } = useLocale();
  const now = useNow();
  const { patient } = overview;
  const birth = parseCalendarDate(patient.birthDate);
  const age = birth !== null && isFullDate(birth) ? t('ageYears', { years: ageOn(birth, calendarDateOf(now)) }) : null;
  const consent = consentState(overview.chart.consent);
  const allergies = [...overview.allergies].sort((a, b) => allergySeverityRank(a.severity) - allergySeverityRank(b.severity));
  return (
    <header className="overview__patient" data-testid="patient-header">
      <div className="overview__identity">
        <h1 id="overview-title" ref={headingRef} tabIndex={-1}>
          <PersonNameView name={patient.name} size="large" />
        </h1>
        <RegionalNumber number={patient.regionalNumber} />
        {sameName ? <SameNameWarning /> : null}
      </div>
      <div className="overview__summary">
        {patient.birthDate !== '' ? (
          <span data-testid="header-birth-date">{t('bornOn', { date: formatRecordDay(patient.birthDate, locale, era) })}</span>
        ) : null}
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
      {patient.archivedAt !== null ? (
        <p className="overview__archived" role="note" data-testid="archived-notice">
          <span className="tag tag--archived">{t('archivedTag')}</span>{' '}
          {t('archivedNotice', { date: formatRecordDay(isoDayOf(new Date(patient.archivedAt)), locale, era) })}
        </p>
      ) : null}
      <ul className="header-allergies" aria-label={t('headerAllergies')} data-testid="header-allergies">
        <li className="header-allergies__label">{t('headerAllergies')}</li>
        {allergies.length === 0 ? (
          <li className="muted">{t('headerNoAllergies')}</li>
        ) : (
          allergies.map((allergy, index) => (
            <li key={index} className={`header-allergy header-allergy--${allergyEmphasis(allergy.severity)}`}>
              <span className="header-allergy__severity">{allergySeverityLabel(allergy.severity, locale)}</span> {allergy.substance}
            </li>
          ))
        )}
      </ul>
      <div className="overview__header-actions">
        <EmergencyFlags info={overview.emergencyInfo} onOpen={onOpenEmergency} />
        <button type="button" className="button button--small" onClick={onOpenAccessLog} data-testid="open-access-log">
          {t('accessLogOpen')}
        </button>
      </div>
    </header>
  );
}
