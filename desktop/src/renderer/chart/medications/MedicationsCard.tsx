// 服薬 on 概要: the drugs the patient takes now, with how the pharmacy prepares them (一包化, 粉砕,
// 簡易懸濁) and who last changed each entry. From the overview, so it reads offline.
import { MEDICATION_HANDLING_LABELS, type MedicationHandlingName } from '@renkei/proto/labels';
import type { PatientOverviewView } from '../../../shared/desktop-api';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { writtenName } from '../../format/person-name';
import { ListNote } from '../shared/ListNote';
import { canRead } from '../shared/record-access';
import { useChart } from '../shared/chart-context';
import { formatRecordDay } from '../shared/chart-dates';
import './medications.css';

export function MedicationsCard({ overview }: { overview: PatientOverviewView }) {
  const t = useMessages();
  const { locale } = useLocale();
  const { era } = useChart();
  // A cache row written before medications were part of the overview has none.
  const medications = overview.medications ?? [];
  return (
    <section className="card" aria-labelledby="overview-medications-heading">
      <h2 id="overview-medications-heading">{t('medicationsHeading')}</h2>
      {medications.length === 0 ? (
        <ListNote empty hidden={!canRead(overview.chart.myAccess, 'MEDICATIONS')} emptyText={t('noMedications')} />
      ) : (
        <table className="medications">
          <thead>
            <tr>
              <th scope="col">{t('medicationDrug')}</th>
              <th scope="col">{t('medicationDose')}</th>
              <th scope="col">{t('medicationUsage')}</th>
              <th scope="col">{t('medicationPrescriber')}</th>
              <th scope="col">{t('medicationStarted')}</th>
            </tr>
          </thead>
          <tbody>
            {medications.map((m) => (
              <tr key={m.medicationId}>
                <th scope="row">
                  <span className="medications__drug">{m.drugName}</span>
                  {m.handling.map((flag) => (
                    <span key={flag} className="tag medications__flag">
                      {MEDICATION_HANDLING_LABELS[flag as MedicationHandlingName]?.[locale] ?? flag}
                    </span>
                  ))}
                  {m.note ? <span className="medications__note muted">{m.note}</span> : null}
                </th>
                <td>{m.dose}</td>
                <td>{m.usage}</td>
                <td>
                  {m.prescriber}
                  <span className="medications__changed muted">
                    {t('medicationChangedBy', { name: writtenName(m.recordedBy.name), facility: m.recordedBy.facilityName, version: m.version })}
                  </span>
                </td>
                <td>{m.startedOn ? formatRecordDay(m.startedOn, locale, era) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
