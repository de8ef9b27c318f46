// 服薬の履歴: every drug entry the patient has had, those stopped too (when and why), and for each
// entry every version with what changed and why. A pharmacist checking an interaction or a doctor
// covering a night call needs what was stopped as much as what is taken now. Read from the server:
// the PC's cache keeps only the current list.
import { MEDICATION_HANDLING_LABELS, type MedicationHandlingName } from '@renkei/proto/labels';
import { useEffect, useRef, useState } from 'react';
import type { Locale, MedicationView } from '../../../shared/desktop-api';
import { useUserFacingError } from '../../api/user-facing-error';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { AuthorLine } from '../shared/AuthorLine';
import { useChart } from '../shared/chart-context';
import { formatDateTime, formatRecordDay } from '../shared/chart-dates';
import type { FieldVersions } from '../shared/text-diff';
import { VersionChanges } from '../shared/VersionChanges';
import { useAllMedications, useMedicationHistory } from './medication-queries';

export function MedicationHistoryDialog({ onClose }: { onClose(): void }) {
  const t = useMessages();
  const { locale } = useLocale();
  const { patientId, era } = useChart();
  const list = useAllMedications(patientId);
  const error = useUserFacingError(list.error);
  const [chosen, setChosen] = useState<MedicationView | null>(null);
  const entries = list.data ?? [];
  return (
    <Dialog title={t('medicationHistoryTitle')} onClose={onClose} size="wide" testId="medication-history">
      <ErrorNotice error={error} />
      {list.isPending ? <p className="muted">{t('loading')}</p> : null}
      {list.isSuccess && entries.length === 0 ? <p className="muted">{t('noMedications')}</p> : null}
      {entries.length > 0 ? (
        <table className="medications medications--history">
          <thead>
            <tr>
              <th scope="col">{t('medicationDrug')}</th>
              <th scope="col">{t('medicationDose')}</th>
              <th scope="col">{t('medicationUsage')}</th>
              <th scope="col">{t('medicationPeriod')}</th>
              <th scope="col">{t('medicationVersions')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((m) => (
              <tr key={m.medicationId} className={m.stopped ? 'medications__stopped' : undefined}>
                <th scope="row">
                  <span className="medications__drug">{m.drugName}</span>
                  {m.stopped ? <span className="tag medications__flag">{t('medicationStoppedTag')}</span> : null}
                  {m.stopped && m.changeReason ? <span className="medications__note muted">{t('reasonLine', { reason: m.changeReason })}</span> : null}
                </th>
                <td>{m.dose}</td>
                <td>{m.usage}</td>
                <td>{periodText(m, t, locale, era)}</td>
                <td>
                  <button
                    type="button"
                    className="button button--small"
                    aria-pressed={chosen?.medicationId === m.medicationId}
                    aria-label={t('medicationVersionsOf', { drug: m.drugName })}
                    onClick={() => setChosen(m)}
                  >
                    {t('medicationVersionCount', { version: m.version })}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {chosen !== null ? <MedicationVersions key={chosen.medicationId} medication={chosen} /> : null}
    </Dialog>
  );
}

function periodText(m: MedicationView, t: ReturnType<typeof useMessages>, locale: Locale, era: boolean): string {
  const from = m.startedOn ? formatRecordDay(m.startedOn, locale, era) : '';
  const until = m.stoppedOn ? formatRecordDay(m.stoppedOn, locale, era) : '';
  if (!from && !until) return '';
  return t('medicationPeriodText', { from, until: until || t('medicationOngoing') });
}

/** One entry's versions, oldest first, each with what it changed from the one before. */
function MedicationVersions({ medication }: { medication: MedicationView }) {
  const t = useMessages();
  const { locale } = useLocale();
  const { patientId, era } = useChart();
  const history = useMedicationHistory(patientId, medication.medicationId);
  const error = useUserFacingError(history.error);
  const versions = history.data ?? [];
  // Chosen below a long list: brought into view, so the click visibly did something.
  const section = useRef<HTMLElement>(null);
  useEffect(() => {
    section.current?.scrollIntoView?.({ block: 'nearest' });
  }, [history.isSuccess]);
  const handling = (m: MedicationView) => m.handling.map((flag) => MEDICATION_HANDLING_LABELS[flag as MedicationHandlingName]?.[locale] ?? flag).join('、');
  const day = (text: string) => (text ? formatRecordDay(text, locale, era) : '');
  const fields = (before: MedicationView, after: MedicationView): FieldVersions[] => [
    { key: 'drugName', label: t('medicationDrug'), before: before.drugName, after: after.drugName, whole: true },
    { key: 'dose', label: t('medicationDose'), before: before.dose, after: after.dose, whole: true },
    { key: 'usage', label: t('medicationUsage'), before: before.usage, after: after.usage },
    { key: 'prescriber', label: t('medicationPrescriber'), before: before.prescriber, after: after.prescriber, whole: true },
    { key: 'startedOn', label: t('medicationStarted'), before: day(before.startedOn), after: day(after.startedOn), whole: true },
    { key: 'stoppedOn', label: t('medicationStoppedOn'), before: day(before.stoppedOn), after: day(after.stoppedOn), whole: true },
    { key: 'handling', label: t('medicationHandlingLegend'), before: handling(before), after: handling(after), whole: true },
    { key: 'note', label: t('medicationNote'), before: before.note, after: after.note },
  ];
  return (
    <section ref={section} className="medication-versions" aria-label={t('medicationVersionsOf', { drug: medication.drugName })}>
      <h3>{t('medicationVersionsOf', { drug: medication.drugName })}</h3>
      <ErrorNotice error={error} />
      {history.isPending ? <p className="muted">{t('loading')}</p> : null}
      <ol className="note-history">
        {versions.map((version, index) => {
          const previous = index > 0 ? versions[index - 1] : undefined;
          return (
            <li key={version.version} className="note-history__version">
              <div className="note__head">
                <strong>{t('versionNumber', { version: version.version })}</strong>
                <span className="muted">{t('recordedAtLine', { time: formatDateTime(version.recordedAt, locale, era) })}</span>
                <AuthorLine author={version.recordedBy} />
                {!version.stopped && index === versions.length - 1 ? <span className="tag">{t('currentVersionTag')}</span> : null}
                {version.stopped ? <span className="tag">{t('medicationStoppedTag')}</span> : null}
              </div>
              {previous === undefined ? (
                <p>
                  {[version.drugName, version.dose, version.usage].filter(Boolean).join(' ')}
                  {version.startedOn
                    ? ` ${t('medicationPeriodText', { from: day(version.startedOn), until: day(version.stoppedOn) || t('medicationOngoing') })}`
                    : ''}
                </p>
              ) : (
                <>
                  {version.changeReason ? <p className="note__correction muted">{t('reasonLine', { reason: version.changeReason })}</p> : null}
                  <VersionChanges fromVersion={previous.version} fields={fields(previous, version)} />
                </>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
