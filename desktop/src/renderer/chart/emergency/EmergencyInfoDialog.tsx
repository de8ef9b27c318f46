// Everything the team must know in an emergency, as one dialog opened from the patient header on
// any tab: the wish about resuscitation, ACP, the plan for a sudden change and the wish about the
// end of life, each with who recorded it and when; infections; the key persons to call; and each
// office's 24-hour number. Read from the overview, so it opens offline too. Editing is offered
// only to the roles the chart policy lets write it (the server refuses the others regardless),
// and the history (every version) needs the server.
import { RESUSCITATION_LABELS } from '@renkei/proto/labels';
import { useState, type ReactNode } from 'react';
import type { CareTeamMemberView } from '../../../shared/desktop-api';
import type { EmergencyInfoView, PartRecordedView } from '../../../shared/emergency-views';
import { useNow } from '../../app/use-now';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useUserFacingError } from '../../api/user-facing-error';
import { formatInstant } from '../../format/clock-time';
import { writtenName } from '../../format/person-name';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { useChart } from '../shared/chart-context';
import { canWrite } from '../shared/record-access';
import { EmergencyInfoEditor } from './EmergencyInfoEditor';
import { infectionLabel } from './EmergencyFlags';
import { EMERGENCY_INFO, useEmergencyInfoHistory } from './emergency-queries';
import './emergency.css';

function Recorded({ part }: { part: PartRecordedView | null }) {
  const t = useMessages();
  const { locale } = useLocale();
  const now = useNow();
  if (part === null) return null;
  return (
    <p className="emergency-part__recorded muted">
      {t('emergencyRecordedBy', { name: writtenName(part.by.name), facility: part.by.facilityName, time: formatInstant(part.at, locale, { now }) })}
    </p>
  );
}

function Part({ title, recorded, children, testId }: { title: string; recorded: PartRecordedView | null; children: ReactNode; testId: string }) {
  return (
    <section className="emergency-part" data-testid={testId}>
      <h3>{title}</h3>
      {children}
      <Recorded part={recorded} />
    </section>
  );
}

/** The offices on the team, once each, with their on-call numbers. */
function onCallOffices(team: readonly CareTeamMemberView[]): { name: string; phone: string; onCall: string }[] {
  const seen = new Map<string, { name: string; phone: string; onCall: string }>();
  for (const member of team) {
    if (!seen.has(member.facilityId))
      seen.set(member.facilityId, { name: member.facilityName, phone: member.facilityPhone, onCall: member.facilityOnCallPhone });
  }
  return [...seen.values()];
}

export function EmergencyInfoView({ info }: { info: EmergencyInfoView }) {
  const t = useMessages();
  const { locale } = useLocale();
  const chart = useChart();
  const text = (value: string) => (value.trim() === '' ? <p className="muted">{t('emergencyPartEmpty')}</p> : <p className="emergency-part__text">{value}</p>);
  const legacyKeyPerson = chart.overview.patient.keyPerson.trim();
  return (
    <div className="emergency-info">
      <Part title={t('emergencyResuscitation')} recorded={info.resuscitationRecorded} testId="emergency-resuscitation">
        <p className={info.resuscitation === 'RESUSCITATION_DNAR' ? 'emergency-part__dnar' : undefined}>
          {RESUSCITATION_LABELS[info.resuscitation as keyof typeof RESUSCITATION_LABELS]?.[locale] ?? info.resuscitation}
        </p>
        {info.resuscitationNote !== '' ? <p className="emergency-part__text">{info.resuscitationNote}</p> : null}
      </Part>
      <Part title={t('emergencyAcp')} recorded={info.acpRecorded} testId="emergency-acp">
        {text(info.acp)}
      </Part>
      <Part title={t('emergencyPlan')} recorded={info.emergencyPlanRecorded} testId="emergency-plan">
        {text(info.emergencyPlan)}
      </Part>
      <Part title={t('emergencyEndOfLife')} recorded={info.endOfLifeWishRecorded} testId="emergency-end-of-life">
        {text(info.endOfLifeWish)}
      </Part>
      <Part title={t('emergencyInfections')} recorded={info.infectionsRecorded} testId="emergency-infections">
        {info.infections.length === 0 ? (
          <p className="muted">{t('emergencyPartEmpty')}</p>
        ) : (
          <ul className="emergency-list">
            {info.infections.map((infection, index) => (
              <li key={index} className="emergency-chip emergency-chip--infection">
                {infectionLabel(infection.kind, infection.note, locale)}
              </li>
            ))}
          </ul>
        )}
      </Part>
      <Part title={t('emergencyKeyPersons')} recorded={info.keyPersonsRecorded} testId="emergency-key-persons">
        {info.keyPersons.length === 0 ? <p className="muted">{t('emergencyPartEmpty')}</p> : null}
        <ul className="emergency-list emergency-list--rows">
          {info.keyPersons.map((person, index) => (
            <li key={index}>
              <strong>{person.name}</strong>
              {person.relation !== '' ? `（${person.relation}）` : ''} <a href={`tel:${person.phone}`}>{person.phone}</a>
              {person.note !== '' ? <span className="muted"> {person.note}</span> : null}
            </li>
          ))}
        </ul>
        {legacyKeyPerson !== '' ? <p className="muted">{t('emergencyLegacyKeyPerson', { text: legacyKeyPerson })}</p> : null}
      </Part>
    </div>
  );
}

function OnCallNumbers() {
  const t = useMessages();
  const chart = useChart();
  const offices = onCallOffices(chart.overview.careTeam);
  const withNumber = offices.filter((o) => o.onCall !== '');
  return (
    <section className="emergency-part" data-testid="emergency-on-call">
      <h3>{t('emergencyOnCall')}</h3>
      {withNumber.length === 0 ? <p className="muted">{t('emergencyNoOnCall')}</p> : null}
      <ul className="emergency-list emergency-list--rows">
        {withNumber.map((office) => (
          <li key={office.name}>
            {office.name}: <strong>{office.onCall}</strong>
          </li>
        ))}
      </ul>
    </section>
  );
}

function HistoryDialog({ onClose }: { onClose(): void }) {
  const t = useMessages();
  const { locale } = useLocale();
  const now = useNow();
  const chart = useChart();
  const history = useEmergencyInfoHistory(chart.patientId);
  const error = useUserFacingError(history.error);
  return (
    <Dialog
      title={t('emergencyHistoryTitle', { patient: writtenName(chart.overview.patient.name) })}
      onClose={onClose}
      size="wide"
      testId="emergency-history-dialog"
    >
      <ErrorNotice error={error} />
      {history.data === undefined && error === null ? <p className="muted">{t('loading')}</p> : null}
      <ol className="emergency-history">
        {(history.data ?? []).map((version) => (
          <li key={version.version}>
            <h3>
              {t('emergencyVersion', { version: version.version })}
              {!version.superseded ? <span className="tag">{t('emergencyVersionCurrent')}</span> : null}
              {version.author !== null && version.recordedAt !== null ? (
                <span className="muted emergency-history__by">
                  {t('emergencyVersionBy', {
                    name: writtenName(version.author.name),
                    facility: version.author.facilityName,
                    time: formatInstant(version.recordedAt, locale, { now }),
                  })}
                </span>
              ) : null}
            </h3>
            <EmergencyInfoView info={version} />
          </li>
        ))}
      </ol>
    </Dialog>
  );
}

export function EmergencyInfoDialog({ onClose }: { onClose(): void }) {
  const t = useMessages();
  const chart = useChart();
  const [mode, setMode] = useState<'view' | 'edit' | 'history'>('view');
  const info = chart.overview.emergencyInfo;
  if (info === null) return null;
  const mayWrite = canWrite(chart.overview.chart.myAccess, EMERGENCY_INFO);
  const online = chart.readOnlyReason === null;
  const patientName = writtenName(chart.overview.patient.name);
  if (mode === 'edit') return <EmergencyInfoEditor info={info} onClose={() => setMode('view')} />;
  return (
    <>
      <Dialog
        title={t('emergencyDialogTitle', { patient: patientName })}
        onClose={onClose}
        size="wide"
        testId="emergency-info-dialog"
        actions={
          <>
            {info.version > 0 && online ? (
              <button type="button" className="button" onClick={() => setMode('history')} data-testid="emergency-history">
                {t('emergencyHistory')}
              </button>
            ) : null}
            {mayWrite && online ? (
              <button type="button" className="button button--primary" onClick={() => setMode('edit')} data-testid="emergency-edit">
                {t('emergencyEdit')}
              </button>
            ) : null}
          </>
        }
      >
        {info.version === 0 ? <p className="muted">{t('emergencyNotRecorded')}</p> : null}
        {!mayWrite ? (
          <p className="emergency-note" role="note" data-testid="emergency-read-only">
            {t('emergencyReadOnlyRole')}
          </p>
        ) : !online ? (
          <p className="emergency-note" role="note">
            {t('emergencyOffline')}
          </p>
        ) : null}
        <EmergencyInfoView info={info} />
        <OnCallNumbers />
      </Dialog>
      {mode === 'history' ? <HistoryDialog onClose={() => setMode('view')} /> : null}
    </>
  );
}
