// 概要: one patient at a glance, as a substitute doctor called at night needs it — who they are,
// what they must not be given, what they have, what the team wrote and filed lately, and who
// else is caring for them. Everything comes from the overview (cached for offline reading), so
// this tab reads the same with or without the server; it changes nothing.
import { inClinicalOrder } from '@renkei/proto/care-team-order';
import type { PatientOverviewView } from '../../../shared/desktop-api';
import { useDesktopApi } from '../../app/desktop-api-context';
import { useNow } from '../../app/use-now';
import { ageOn, calendarDateOf, formatBirthDate, isFullDate, parseCalendarDate } from '../../format/calendar-date';
import { formatPostalCode } from '../../format/contact';
import { writtenName } from '../../format/person-name';
import {
  allergyEmphasis,
  allergySeverityLabel,
  allergySeverityRank,
  careLevelLabel,
  careTeamRoleLabel,
  professionLabel,
  sexLabel,
} from '../../format/record-labels';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { ConsentSummary } from '../consent/ConsentSummary';
import { CoverageCards } from './CoverageCards';
import { HospitalDataCard } from './HospitalDataCard';
import { FormStatusTag } from '../forms/FormStatusTag';
import { MedicationsCard } from '../medications/MedicationsCard';
import { VitalsTrend } from '../medications/VitalsTrend';
import { SoapView } from '../notes/SoapView';
import { AuthorLine } from '../shared/AuthorLine';
import type { ChartTabId } from '../shared/ChartTabs';
import { LinkButton } from '../shared/LinkButton';
import { ListNote } from '../shared/ListNote';
import { canRead, hidesDocuments, hidesForms, PROGRESS_NOTES } from '../shared/record-access';
import { useChart } from '../shared/chart-context';
import { formatDateTime, formatRecordDay } from '../shared/chart-dates';
import { documentTypeLabel } from '../shared/chart-labels';
import { documentViewerRequest } from '../shared/viewer-requests';
import '../notes/notes.css';
import './overview.css';
import { useEra } from '../shared/era-preference';

export function OverviewTab({
  onShowTab,
  onShowNote,
  onOpenForm,
}: {
  onShowTab(tab: ChartTabId): void;
  /** 経過記録, with this note brought into view. */
  onShowNote(noteId: string): void;
  onOpenForm(formId: string): void;
}) {
  const { overview, user, era } = useChart();
  const t = useMessages();
  const { locale } = useLocale();
  const now = useNow();
  const dateText = (text: string) => formatRecordDay(text, locale, era);
  const { patient } = overview;
  const birth = parseCalendarDate(patient.birthDate);
  const age = birth !== null && isFullDate(birth) ? t('ageYears', { years: ageOn(birth, calendarDateOf(now)) }) : null;
  const allergies = [...overview.allergies].sort((a, b) => allergySeverityRank(a.severity) - allergySeverityRank(b.severity));
  const diagnoses = [...overview.diagnoses].sort((a, b) => Number(b.primary) - Number(a.primary));
  const orNone = (text: string) => (text.trim() === '' ? <span className="muted">{t('notRecorded')}</span> : text);

  return (
    <>
      <div className="overview__grid">
        <section className="card" aria-labelledby="profile-heading">
          <h2 id="profile-heading">{t('profileHeading')}</h2>
          <dl className="facts facts--profile">
            <dt>{t('birthDateLabel')}</dt>
            <dd>{birth !== null ? formatBirthDate(birth, locale, era) : orNone(patient.birthDate)}</dd>
            <dt>{t('ageLabel')}</dt>
            <dd>{age ?? <span className="muted">{t('notRecorded')}</span>}</dd>
            <dt>{t('sexLabel')}</dt>
            <dd>{sexLabel(patient.sex, locale)}</dd>
            <dt>{t('careLevelLabel')}</dt>
            <dd>{careLevelLabel(patient.careLevel, locale)}</dd>
            <dt>{t('addressLabel')}</dt>
            <dd>
              {patient.postalCode.trim() !== '' ? <span className="postal-code">{formatPostalCode(patient.postalCode)}</span> : null}
              {orNone(patient.address)}
            </dd>
            <dt>{t('phoneLabel')}</dt>
            <dd>{orNone(patient.phone)}</dd>
            <dt>{t('keyPersonLabel')}</dt>
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
            {t('allergiesHeading')}
          </h2>
          {allergies.length === 0 ? (
            <div className="allergies__none">
              <strong>{t('allergiesNoneRecorded')}</strong>
              <p>{t('allergiesNoneRecordedNote')}</p>
            </div>
          ) : (
            <ul className="allergies__list">
              {allergies.map((allergy, index) => (
                <li key={index} className={`allergy allergy--${allergyEmphasis(allergy.severity)}`}>
                  <span className="allergy__severity">{allergySeverityLabel(allergy.severity, locale)}</span>
                  <span className="allergy__substance">{allergy.substance}</span>
                  {allergy.reaction.trim() !== '' ? <span className="allergy__reaction">{allergy.reaction}</span> : null}
                  {allergy.notedOn.trim() !== '' ? (
                    <span className="allergy__noted muted">{t('allergyNotedOn', { date: dateText(allergy.notedOn) })}</span>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <CoverageCards overview={overview} onOpenForm={onOpenForm} />

      <section className="card" aria-labelledby="diagnoses-heading">
        <h2 id="diagnoses-heading">{t('diagnosesHeading')}</h2>
        {diagnoses.length === 0 ? (
          <p className="muted">{t('noDiagnoses')}</p>
        ) : (
          <table className="record-table">
            <thead>
              <tr>
                <th scope="col">{t('columnDiagnosis')}</th>
                <th scope="col">{t('columnIcd10')}</th>
                <th scope="col">{t('columnOnset')}</th>
                <th scope="col">{t('columnNote')}</th>
              </tr>
            </thead>
            <tbody>
              {diagnoses.map((diagnosis, index) => (
                <tr key={index} className={diagnosis.primary ? 'record-table__row--primary' : undefined}>
                  <td>
                    {diagnosis.primary ? <span className="tag tag--primary">{t('primaryDiagnosis')}</span> : null}
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

      <MedicationsCard overview={overview} />
      <VitalsTrend overview={overview} onShowNote={onShowNote} />
      {/* The hospital's own record, apart from the team's entries above; absent when linked to no hospital (or cached by an older build). */}
      {overview.hospitalData ? <HospitalDataCard data={overview.hospitalData} cached={overview.source === 'cache'} /> : null}

      <LatestNotes overview={overview} currentUserId={user.id} onShowAll={() => onShowTab('notes')} />

      <div className="overview__grid overview__grid--even">
        <OverviewDocuments overview={overview} onShowAll={() => onShowTab('documents')} />
        <OverviewForms overview={overview} onOpenForm={onOpenForm} onShowAll={() => onShowTab('forms')} />
      </div>

      <section className="card" aria-labelledby="overview-consent-heading">
        <ChartCardHeading
          id="overview-consent-heading"
          title={t('consentHeading')}
          cached={overview.source === 'cache'}
          onShowAll={() => onShowTab('consent')}
          showAllLabel={t('showConsentTab')}
        />
        <ConsentSummary consent={overview.chart.consent} />
      </section>

      <section className="card" aria-labelledby="care-team-heading">
        <h2 id="care-team-heading">{t('careTeamHeading')}</h2>
        {overview.careTeam.length === 0 ? (
          <p className="muted">{t('noCareTeam')}</p>
        ) : (
          <table className="record-table">
            <thead>
              <tr>
                <th scope="col">{t('columnName')}</th>
                <th scope="col">{t('columnProfession')}</th>
                <th scope="col">{t('columnFacility')}</th>
                <th scope="col">{t('columnRole')}</th>
                <th scope="col">{t('columnMemberPhone')}</th>
                <th scope="col">{t('columnFacilityPhone')}</th>
              </tr>
            </thead>
            <tbody>
              {/* In clinical order, whatever order a cache written by an older build kept. */}
              {inClinicalOrder(overview.careTeam).map((member) => (
                <tr key={`${member.userId}-${member.role}`}>
                  <td>
                    {writtenName(member.name)}
                    {member.userId === user.id ? <span className="tag tag--you">{t('you')}</span> : null}
                  </td>
                  <td>{professionLabel(member.profession, locale)}</td>
                  <td>{member.facilityName}</td>
                  <td>{careTeamRoleLabel(member.role, locale)}</td>
                  <td className="nowrap">{member.contactPhone ?? ''}</td>
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

/** A chart card's heading, marked when it was read from this PC's cache, with a way to its tab. */
function ChartCardHeading({
  id,
  title,
  cached,
  onShowAll,
  showAllLabel,
}: {
  id: string;
  title: string;
  cached: boolean;
  onShowAll(): void;
  showAllLabel: string;
}) {
  const t = useMessages();
  return (
    <div className="card__head">
      <h2 id={id}>
        {title}
        {cached ? <span className="tag tag--cached">{t('cachedTag')}</span> : null}
      </h2>
      <button type="button" className="button button--quiet button--small" onClick={onShowAll}>
        {showAllLabel}
        <span aria-hidden="true"> →</span>
      </button>
    </div>
  );
}

function LatestNotes({ overview, currentUserId, onShowAll }: { overview: PatientOverviewView; currentUserId: string; onShowAll(): void }) {
  const t = useMessages();
  const { locale } = useLocale();
  const era = useEra();
  const notes = overview.chart.latestNotes;
  return (
    <section className="card" aria-labelledby="latest-notes-heading">
      <ChartCardHeading
        id="latest-notes-heading"
        title={t('latestNotesHeading')}
        cached={overview.source === 'cache'}
        onShowAll={onShowAll}
        showAllLabel={t('showAllNotes')}
      />
      {notes.length === 0 ? (
        <ListNote empty hidden={!canRead(overview.chart.myAccess, PROGRESS_NOTES)} emptyText={t('noNotesYet')} />
      ) : (
        <ul className="latest-notes">
          {notes.map((note) => (
            <li key={`${note.noteId}-${note.version}`} className="latest-note">
              <div className="latest-note__meta">
                <span className="latest-note__time">{formatDateTime(note.observedAt, locale, era)}</span>
                <AuthorLine author={note.author} you={note.author.userId === currentUserId} />
                {note.version > 1 ? <span className="tag tag--corrected">{t('noteCorrectedTag', { version: note.version })}</span> : null}
              </div>
              <SoapView soap={note.soap} compact />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function OverviewDocuments({ overview, onShowAll }: { overview: PatientOverviewView; onShowAll(): void }) {
  const api = useDesktopApi();
  const chart = useChart();
  const t = useMessages();
  const { locale } = useLocale();
  const documents = overview.chart.documents;
  return (
    <section className="card" aria-labelledby="overview-documents-heading">
      <ChartCardHeading
        id="overview-documents-heading"
        title={t('documentsHeading')}
        cached={overview.source === 'cache'}
        onShowAll={onShowAll}
        showAllLabel={t('showDocumentsTab')}
      />
      {documents.length > 0 ? <ListNote empty={false} hidden={hidesDocuments(overview.chart.myAccess)} emptyText="" /> : null}
      {documents.length === 0 ? (
        <ListNote empty hidden={hidesDocuments(overview.chart.myAccess)} emptyText={t('noDocumentsYet')} />
      ) : (
        <table className="record-table record-table--compact">
          <thead>
            <tr>
              <th scope="col">{t('columnDocumentType')}</th>
              <th scope="col">{t('columnTitle')}</th>
              <th scope="col">{t('columnIssuedOn')}</th>
              <th scope="col">{t('columnIssuer')}</th>
            </tr>
          </thead>
          <tbody>
            {documents.map((doc) => (
              <tr key={doc.documentId}>
                <td className="nowrap">{documentTypeLabel(doc.documentType, locale)}</td>
                <td>
                  <LinkButton onClick={() => chart.openViewer(documentViewerRequest(api, chart.patientId, doc.documentId, 0, doc.title))}>
                    {doc.title}
                  </LinkButton>
                </td>
                <td className="nowrap">{formatRecordDay(doc.issuedOn, locale, chart.era)}</td>
                <td>{doc.issuer}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function OverviewForms({ overview, onOpenForm, onShowAll }: { overview: PatientOverviewView; onOpenForm(formId: string): void; onShowAll(): void }) {
  const t = useMessages();
  const { locale } = useLocale();
  const era = useEra();
  const forms = overview.chart.forms;
  return (
    <section className="card" aria-labelledby="overview-forms-heading">
      <ChartCardHeading
        id="overview-forms-heading"
        title={t('formsHeading')}
        cached={overview.source === 'cache'}
        onShowAll={onShowAll}
        showAllLabel={t('showFormsTab')}
      />
      {forms.length > 0 ? <ListNote empty={false} hidden={hidesForms(overview.chart.myAccess)} emptyText="" /> : null}
      {forms.length === 0 ? (
        <ListNote empty hidden={hidesForms(overview.chart.myAccess)} emptyText={t('noFormsYet')} />
      ) : (
        <table className="record-table record-table--compact">
          <thead>
            <tr>
              <th scope="col">{t('columnDocumentType')}</th>
              <th scope="col">{t('columnTitle')}</th>
              <th scope="col">{t('columnStatus')}</th>
              <th scope="col">{t('columnSaved')}</th>
            </tr>
          </thead>
          <tbody>
            {forms.map((form) => (
              <tr key={form.formId}>
                <td className="nowrap">{documentTypeLabel(form.documentType, locale)}</td>
                <td>
                  <LinkButton onClick={() => onOpenForm(form.formId)}>{form.title}</LinkButton>
                </td>
                <td className="nowrap">
                  <FormStatusTag form={form} />
                </td>
                <td className="nowrap">{formatDateTime(form.savedAt, locale, era)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
