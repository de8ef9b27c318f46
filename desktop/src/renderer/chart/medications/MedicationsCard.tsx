// 服薬 on 概要: the drugs the patient takes now, with how the pharmacy prepares them (一包化, 粉砕,
// 簡易懸濁) and who last changed each entry. From the overview, so it reads offline. Those the chart
// policy lets write MEDICATIONS (as the server said in chart.myAccess) add, change and stop entries
// here while the server answers.
import { useState } from 'react';
import { MEDICATION_HANDLING_LABELS, type MedicationHandlingName } from '@renkei/proto/labels';
import type { PatientOverviewView } from '../../../shared/desktop-api';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { writtenName } from '../../format/person-name';
import { ListNote } from '../shared/ListNote';
import { canRead, canWrite } from '../shared/record-access';
import { MedicationDialog, type MedicationAction } from './MedicationDialog';
import { MedicationHistoryDialog } from './MedicationHistoryDialog';
import { useChart } from '../shared/chart-context';
import { formatRecordDay } from '../shared/chart-dates';
import './medications.css';

export function MedicationsCard({ overview }: { overview: PatientOverviewView }) {
  const t = useMessages();
  const { locale } = useLocale();
  const { era, readOnlyReason } = useChart();
  const [action, setAction] = useState<MedicationAction | null>(null);
  const [historyOpen, setHistoryOpen] = useState(false);
  const mayRead = canRead(overview.chart.myAccess, 'MEDICATIONS');
  // A cache row written before medications were part of the overview has none.
  const medications = overview.medications ?? [];
  const mayWrite = canWrite(overview.chart.myAccess, 'MEDICATIONS');
  const offline = readOnlyReason !== null;
  const open = (next: MedicationAction) => {
    if (!offline) setAction(next);
  };
  const actionButton = (label: string, next: MedicationAction, className = 'button button--small', accessibleName?: string) => (
    <button
      type="button"
      className={className}
      aria-disabled={offline || undefined}
      aria-label={accessibleName}
      title={offline ? t('chartReadOnlyOffline') : undefined}
      onClick={() => open(next)}
    >
      {label}
    </button>
  );
  return (
    <section className="card" aria-labelledby="overview-medications-heading">
      <div className="card__head">
        <h2 id="overview-medications-heading">{t('medicationsHeading')}</h2>
        <div className="medications-card__actions">
          {mayRead ? (
            // The history (stopped drugs too) is read from the server: offered while it answers.
            <button
              type="button"
              className="button button--small"
              aria-label={t('medicationHistoryOpenLabel')}
              aria-disabled={offline || undefined}
              title={offline ? t('chartReadOnlyOffline') : undefined}
              onClick={() => {
                if (!offline) setHistoryOpen(true);
              }}
            >
              {t('medicationHistoryOpen')}
            </button>
          ) : null}
          {mayWrite ? actionButton(t('medicationAdd'), { kind: 'add' }, 'button button--small button--primary') : null}
        </div>
      </div>
      {medications.length === 0 ? (
        <ListNote empty hidden={!mayRead} emptyText={t('noMedications')} />
      ) : (
        <table className="medications">
          <thead>
            <tr>
              <th scope="col">{t('medicationDrug')}</th>
              <th scope="col">{t('medicationDose')}</th>
              <th scope="col">{t('medicationUsage')}</th>
              <th scope="col">{t('medicationPrescriber')}</th>
              <th scope="col">{t('medicationStarted')}</th>
              {mayWrite ? <th scope="col">{t('medicationActions')}</th> : null}
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
                {mayWrite ? (
                  <td className="medications__actions">
                    {actionButton(t('medicationChange'), { kind: 'change', medication: m }, undefined, `${t('medicationChange')}: ${m.drugName}`)}
                    {actionButton(t('medicationStop'), { kind: 'stop', medication: m }, undefined, `${t('medicationStop')}: ${m.drugName}`)}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {action !== null ? <MedicationDialog action={action} onClose={() => setAction(null)} /> : null}
      {historyOpen ? <MedicationHistoryDialog onClose={() => setHistoryOpen(false)} /> : null}
    </section>
  );
}
