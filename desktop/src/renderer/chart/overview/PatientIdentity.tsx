// Who the patient is, in one line that tells two of the same name apart: the name, the regional
// number (地域患者番号), the birth date (in 和暦 when the user reads days so) and, when another
// patient on the user's list has the same name, a warning. Used by the chart's header, the
// patient list and every dialog of the chart (components/dialog-subject.tsx).
import { formatRegionalNumber } from '@renkei/proto/regional-number';
import type { PatientListItem } from '../../../shared/desktop-api';
import { PersonNameView } from '../../components/PersonNameView';
import { writtenName } from '../../format/person-name';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { formatRecordDay } from '../shared/chart-dates';

/** "No. 000123", or nothing for a patient read from a cache older than the numbers. */
export function RegionalNumber({ number }: { number: number }) {
  const t = useMessages();
  const text = formatRegionalNumber(number);
  if (text === '') return null;
  return (
    <span className="patient-number" title={t('regionalNumberLabel')} data-testid="regional-number">
      {t('regionalNumber', { number: text })}
    </span>
  );
}

export function SameNameWarning() {
  const t = useMessages();
  return (
    <span className="tag tag--warning tag--same-name" title={t('sameNameExplanation')} data-testid="same-name-warning">
      ⚠ {t('sameNameWarning')}
    </span>
  );
}

/** The one line a dialog shows under its title. */
export function PatientIdentityLine({ patient, era, sameName }: { patient: PatientListItem; era: boolean; sameName: boolean }) {
  const t = useMessages();
  const { locale } = useLocale();
  return (
    <>
      <span>{t('dialogSubject', { name: writtenName(patient.name) })}</span>
      <RegionalNumber number={patient.regionalNumber} />
      {patient.birthDate !== '' ? <span>{t('bornOn', { date: formatRecordDay(patient.birthDate, locale, era) })}</span> : null}
      {sameName ? <SameNameWarning /> : null}
    </>
  );
}

export function PatientNameWithNumber({ patient }: { patient: PatientListItem }) {
  return (
    <span className="patient-identity">
      <PersonNameView name={patient.name} size="large" />
      <RegionalNumber number={patient.regionalNumber} />
    </span>
  );
}
