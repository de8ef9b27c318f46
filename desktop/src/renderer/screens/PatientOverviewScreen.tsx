// One patient at a glance, as a substitute doctor called at night needs it: who they are, what
// they must not be given, what they have, and who else is caring for them. Allergies come first
// and severe ones stand out; an empty allergy list says "none recorded", never "no allergy".
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { PatientOverviewView, UserFacingError } from '../../shared/desktop-api';
import { toUserFacingError } from '../api/user-facing-error';
import { useDesktopApi } from '../app/desktop-api-context';
import { useNow } from '../app/use-now';
import { ErrorNotice } from '../components/ErrorNotice';
import { PersonNameView } from '../components/PersonNameView';
import {
  ageOn,
  calendarDateOf,
  formatCalendarDate,
  formatDateWithEra,
  isFullDate,
  parseCalendarDate,
  type FullCalendarDate,
} from '../format/calendar-date';
import { formatInstant } from '../format/clock-time';
import { formatPostalCode } from '../format/contact';
import { writtenName } from '../format/person-name';
import {
  allergyEmphasis,
  allergySeverityLabel,
  allergySeverityRank,
  careLevelLabel,
  careTeamRoleLabel,
  professionLabel,
  sexLabel,
} from '../format/record-labels';
import { useLocale } from '../i18n/locale-context';

interface PatientOverviewScreenProps {
  patientId: string;
  currentUserId: string;
  onBack(): void;
  /** Tells the frame how old the data on screen is, for the offline banner. */
  onDataAsOf(asOf: string | null): void;
  lastSyncedAt: string | null;
}

export function PatientOverviewScreen({ patientId, currentUserId, onBack, onDataAsOf, lastSyncedAt }: PatientOverviewScreenProps) {
  const api = useDesktopApi();
  const { t, locale } = useLocale();
  const now = useNow();
  const [overview, setOverview] = useState<PatientOverviewView | null>(null);
  const [error, setError] = useState<UserFacingError | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let current = true;
    api.getPatientOverview(patientId).then(
      (view) => {
        if (!current) return;
        setOverview(view);
        setError(null);
        onDataAsOf(view.source === 'cache' ? view.asOf : null);
      },
      (thrown: unknown) => {
        if (current) setError(toUserFacingError(thrown));
      },
    );
    return () => {
      current = false;
    };
  }, [api, patientId, lastSyncedAt, onDataAsOf]);

  useEffect(() => () => onDataAsOf(null), [onDataAsOf]);

  useEffect(() => {
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) {
        event.preventDefault();
        onBack();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [onBack]);

  const loaded = overview !== null;
  useEffect(() => {
    if (loaded) heading.current?.focus();
  }, [loaded]);

  const clock = { now };

  return (
    <section className="overview" aria-labelledby="overview-title">
      <div className="overview__bar">
        <button type="button" className="button button--quiet" onClick={onBack}>
          <span aria-hidden="true">← </span>
          {t.backToList}
          <kbd className="kbd">Esc</kbd>
        </button>
        {overview !== null ? (
          <span className={`overview__source overview__source--${overview.source}`}>
            {overview.source === 'server'
              ? t.sourceServer(formatInstant(overview.asOf, locale, clock))
              : t.sourceCache(formatInstant(overview.asOf, locale, clock))}
            {overview.updatedAt !== null ? <> · {t.recordUpdatedAt(formatInstant(overview.updatedAt, locale, clock))}</> : null}
          </span>
        ) : null}
      </div>
      <ErrorNotice error={error} />
      {overview === null ? (
        error === null ? (
          <p className="muted">{t.loading}</p>
        ) : null
      ) : (
        <OverviewBody overview={overview} currentUserId={currentUserId} headingRef={heading} today={calendarDateOf(now)} />
      )}
    </section>
  );
}

function OverviewBody({
  overview,
  currentUserId,
  headingRef,
  today,
}: {
  overview: PatientOverviewView;
  currentUserId: string;
  headingRef: RefObject<HTMLHeadingElement | null>;
  today: FullCalendarDate;
}) {
  const { t, locale } = useLocale();
  const dateText = (text: string) => {
    const date = parseCalendarDate(text);
    return date === null ? text : formatCalendarDate(date, locale);
  };
  const { patient } = overview;
  const birth = parseCalendarDate(patient.birthDate);
  const age = birth !== null && isFullDate(birth) ? t.ageYears(ageOn(birth, today)) : null;
  const allergies = [...overview.allergies].sort((a, b) => allergySeverityRank(a.severity) - allergySeverityRank(b.severity));
  const diagnoses = [...overview.diagnoses].sort((a, b) => Number(b.primary) - Number(a.primary));
  const orNone = (text: string) => (text.trim() === '' ? <span className="muted">{t.notRecorded}</span> : text);

  return (
    <>
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
        </div>
      </header>

      <div className="overview__grid">
        <section className="card" aria-labelledby="profile-heading">
          <h2 id="profile-heading">{t.profileHeading}</h2>
          <dl className="facts facts--profile">
            <dt>{t.birthDateLabel}</dt>
            <dd>{birth !== null ? formatDateWithEra(birth, locale) : orNone(patient.birthDate)}</dd>
            <dt>{t.ageLabel}</dt>
            <dd>{age ?? <span className="muted">{t.notRecorded}</span>}</dd>
            <dt>{t.sexLabel}</dt>
            <dd>{sexLabel(patient.sex, locale)}</dd>
            <dt>{t.careLevelLabel}</dt>
            <dd>{careLevelLabel(patient.careLevel, locale)}</dd>
            <dt>{t.addressLabel}</dt>
            <dd>
              {patient.postalCode.trim() !== '' ? <span className="postal-code">{formatPostalCode(patient.postalCode)}</span> : null}
              {orNone(patient.address)}
            </dd>
            <dt>{t.phoneLabel}</dt>
            <dd>{orNone(patient.phone)}</dd>
            <dt>{t.keyPersonLabel}</dt>
            <dd>{orNone(patient.keyPerson)}</dd>
          </dl>
        </section>

        <section
          className={`card allergies${allergies.some((a) => allergyEmphasis(a.severity) === 'severe') ? ' allergies--severe' : ''}`}
          aria-labelledby="allergies-heading"
        >
          <h2 id="allergies-heading">
            <span className="allergies__icon" aria-hidden="true">
              ⚠
            </span>
            {t.allergiesHeading}
          </h2>
          {allergies.length === 0 ? (
            <div className="allergies__none">
              <strong>{t.allergiesNoneRecorded}</strong>
              <p>{t.allergiesNoneRecordedNote}</p>
            </div>
          ) : (
            <ul className="allergies__list">
              {allergies.map((allergy, index) => (
                <li key={index} className={`allergy allergy--${allergyEmphasis(allergy.severity)}`}>
                  <span className="allergy__severity">{allergySeverityLabel(allergy.severity, locale)}</span>
                  <span className="allergy__substance">{allergy.substance}</span>
                  {allergy.reaction.trim() !== '' ? <span className="allergy__reaction">{allergy.reaction}</span> : null}
                  {allergy.notedOn.trim() !== '' ? <span className="allergy__noted muted">{t.allergyNotedOn(dateText(allergy.notedOn))}</span> : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section className="card" aria-labelledby="diagnoses-heading">
        <h2 id="diagnoses-heading">{t.diagnosesHeading}</h2>
        {diagnoses.length === 0 ? (
          <p className="muted">{t.noDiagnoses}</p>
        ) : (
          <table className="record-table">
            <thead>
              <tr>
                <th scope="col">{t.columnDiagnosis}</th>
                <th scope="col">{t.columnIcd10}</th>
                <th scope="col">{t.columnOnset}</th>
                <th scope="col">{t.columnNote}</th>
              </tr>
            </thead>
            <tbody>
              {diagnoses.map((diagnosis, index) => (
                <tr key={index} className={diagnosis.primary ? 'record-table__row--primary' : undefined}>
                  <td>
                    {diagnosis.primary ? <span className="tag tag--primary">{t.primaryDiagnosis}</span> : null}
                    {diagnosis.name}
                  </td>
                  <td className="code">{diagnosis.icd10Code}</td>
                  <td className="nowrap">{diagnosis.onsetDate.trim() === '' ? '' : dateText(diagnosis.onsetDate)}</td>
                  <td>{diagnosis.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="card" aria-labelledby="care-team-heading">
        <h2 id="care-team-heading">{t.careTeamHeading}</h2>
        {overview.careTeam.length === 0 ? (
          <p className="muted">{t.noCareTeam}</p>
        ) : (
          <table className="record-table">
            <thead>
              <tr>
                <th scope="col">{t.columnName}</th>
                <th scope="col">{t.columnProfession}</th>
                <th scope="col">{t.columnFacility}</th>
                <th scope="col">{t.columnRole}</th>
                <th scope="col">{t.columnFacilityPhone}</th>
              </tr>
            </thead>
            <tbody>
              {overview.careTeam.map((member) => (
                <tr key={`${member.userId}-${member.role}`}>
                  <td>
                    {writtenName(member.name)}
                    {member.userId === currentUserId ? <span className="tag tag--you">{t.you}</span> : null}
                  </td>
                  <td>{professionLabel(member.profession, locale)}</td>
                  <td>{member.facilityName}</td>
                  <td>{careTeamRoleLabel(member.role, locale)}</td>
                  <td className="nowrap">{member.facilityPhone}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
