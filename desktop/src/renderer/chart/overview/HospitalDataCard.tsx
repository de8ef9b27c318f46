// 病院データ on 概要: what the hospitals the patient is linked to keep in their SS-MIX2 storage,
// as the regional office imported it — allergies, diagnoses, prescriptions and lab results. It is
// the hospital's record, not the team's: shown in a card of its own that says so, read-only, each
// fact with its source (hospital, SS-MIX2 data type, 発生日時), never mixed into the team's
// アレルギー/病名/服薬. From the overview, so it reads offline too.
import type { ReactNode } from 'react';
import type {
  HospitalAllergyView,
  HospitalDataView,
  HospitalDiagnosisView,
  HospitalLabResultView,
  HospitalPrescriptionView,
  HospitalSourceView,
} from '../../../shared/hospital-data-views';
import { useNow } from '../../app/use-now';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { useChart } from '../shared/chart-context';
import { formatDateTime, formatRecordDay, isoDayOf } from '../shared/chart-dates';
import {
  diagnosesInOrder,
  flagSide,
  hospitalDay,
  labTests,
  outOfRangeFlags,
  prescriptionPeriod,
  referenceBounds,
  type LabTest,
  type PrescriptionPeriod,
} from './hospital-facts';
import { LabSparkline } from './LabSparkline';
import './hospital-data.css';

/** Record days as the rest of 概要 writes them (和暦 when chosen). */
function useDayText(): (text: string) => string {
  const { locale } = useLocale();
  const { era } = useChart();
  return (text) => formatRecordDay(hospitalDay(text), locale, era);
}

/** Where a fact came from, compactly: 「宮崎中央病院 OMP-01 2024年4月1日」, with when it was imported on hover. */
function Source({ source }: { source: HospitalSourceView }) {
  const t = useMessages();
  const { locale } = useLocale();
  const { era } = useChart();
  const dayText = useDayText();
  const created = dayText(source.createdAt);
  return (
    <span
      className="hospital-source"
      title={t('hospitalSourceTitle', {
        hospital: source.hospitalName,
        dataType: source.dataType,
        created: source.createdAt,
        imported: source.importedAt === '' ? '—' : formatDateTime(source.importedAt, locale, era),
      })}
    >
      {[source.hospitalName, source.dataType, created].filter((part) => part.trim() !== '').join(' ')}
    </span>
  );
}

export function HospitalDataCard({ data, cached }: { data: HospitalDataView; cached: boolean }) {
  const t = useMessages();
  const { locale } = useLocale();
  const { era } = useChart();
  const empty = data.allergies.length + data.diagnoses.length + data.prescriptions.length + data.labResults.length === 0;
  return (
    <section className="card hospital-data" aria-labelledby="hospital-data-heading">
      <h2 id="hospital-data-heading">
        {t('hospitalDataHeading')}
        <span className="tag hospital-data__tag">{t('hospitalDataReadOnlyTag')}</span>
        {cached ? <span className="tag tag--cached">{t('cachedTag')}</span> : null}
      </h2>
      <p className="hospital-data__notice">{t('hospitalDataNotice')}</p>
      {data.links.length > 0 ? (
        <div className="hospital-data__links">
          <span className="hospital-data__links-label">{t('hospitalLinksLabel')}</span>
          <ul>
            {data.links.map((link) => (
              <li key={`${link.hospitalId}-${link.hospitalPatientId}`}>
                {t('hospitalLink', { hospital: link.hospitalName, patientId: link.hospitalPatientId })}
                <span className="muted">
                  {' '}
                  {link.lastImportedAt === null
                    ? t('hospitalNotYetImported')
                    : t('hospitalLastImport', { time: formatDateTime(link.lastImportedAt, locale, era) })}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {empty ? <p className="muted">{t('hospitalNothingImported')}</p> : null}
      {data.allergies.length > 0 || data.diagnoses.length > 0 ? (
        <div className="hospital-data__pair">
          {data.allergies.length > 0 ? <HospitalAllergies allergies={data.allergies} /> : null}
          {data.diagnoses.length > 0 ? <HospitalDiagnoses diagnoses={data.diagnoses} /> : null}
        </div>
      ) : null}
      {data.prescriptions.length > 0 ? <HospitalPrescriptions prescriptions={data.prescriptions} /> : null}
      {data.labResults.length > 0 ? <HospitalLabs results={data.labResults} /> : null}
    </section>
  );
}

function Part({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="hospital-data__part" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  );
}

function HospitalAllergies({ allergies }: { allergies: HospitalAllergyView[] }) {
  const t = useMessages();
  const dayText = useDayText();
  return (
    <Part id="hospital-allergies-heading" title={t('hospitalAllergiesHeading')}>
      <ul className="hospital-facts">
        {allergies.map((allergy, index) => (
          <li key={index} className="hospital-fact">
            <span className="hospital-fact__name">{allergy.allergen.text || allergy.allergen.code}</span>
            {[
              allergy.allergenType,
              allergy.severity,
              allergy.reactions.join('、'),
              allergy.onset.trim() === '' ? '' : t('hospitalAllergyOnset', { date: dayText(allergy.onset) }),
            ]
              .filter((part) => part.trim() !== '')
              .map((part, i) => (
                <span key={i} className="hospital-fact__detail">
                  {part}
                </span>
              ))}
            <Source source={allergy.source} />
          </li>
        ))}
      </ul>
    </Part>
  );
}

function HospitalDiagnoses({ diagnoses }: { diagnoses: HospitalDiagnosisView[] }) {
  const t = useMessages();
  const dayText = useDayText();
  return (
    <Part id="hospital-diagnoses-heading" title={t('hospitalDiagnosesHeading')}>
      <ul className="hospital-facts">
        {diagnosesInOrder(diagnoses).map((diagnosis, index) => {
          const ended = diagnosis.end.trim() !== '' || diagnosis.outcome.trim() !== '';
          return (
            <li key={index} className={`hospital-fact${ended ? ' hospital-fact--ended' : ''}`}>
              {diagnosis.main ? <span className="tag tag--primary">{t('hospitalMainDiagnosis')}</span> : null}
              <span className="hospital-fact__name">{diagnosis.diagnosis.text || diagnosis.diagnosis.code}</span>
              {diagnosis.icd10Code !== '' ? <span className="hospital-fact__detail code">{diagnosis.icd10Code}</span> : null}
              {diagnosis.start.trim() !== '' ? (
                <span className="hospital-fact__detail">{t('hospitalDiagnosisSince', { date: dayText(diagnosis.start) })}</span>
              ) : null}
              {ended ? (
                <span className="tag hospital-fact__outcome">
                  {diagnosis.outcome.trim() !== ''
                    ? t('hospitalDiagnosisEnded', { outcome: diagnosis.outcome, date: dayText(diagnosis.end) || '—' })
                    : t('hospitalDiagnosisEndedNoOutcome', { date: dayText(diagnosis.end) })}
                </span>
              ) : null}
              <Source source={diagnosis.source} />
            </li>
          );
        })}
      </ul>
    </Part>
  );
}

const PERIOD_LABELS = { 'in-period': 'hospitalPeriodInPeriod', ended: 'hospitalPeriodEnded', 'not-started': 'hospitalPeriodNotStarted' } as const;

function PeriodMark({ period }: { period: PrescriptionPeriod | null }) {
  const t = useMessages();
  if (period === null) return null;
  return <span className={`tag hospital-period hospital-period--${period}`}>{t(PERIOD_LABELS[period])}</span>;
}

function HospitalPrescriptions({ prescriptions }: { prescriptions: HospitalPrescriptionView[] }) {
  const t = useMessages();
  const dayText = useDayText();
  // Today in Japan, whatever zone the PC is set to.
  const today = isoDayOf(useNow());
  return (
    <Part id="hospital-prescriptions-heading" title={t('hospitalPrescriptionsHeading')}>
      <table className="record-table record-table--compact hospital-table">
        <thead>
          <tr>
            <th scope="col">{t('hospitalColumnDrug')}</th>
            <th scope="col">{t('hospitalColumnDose')}</th>
            <th scope="col">{t('hospitalColumnUsage')}</th>
            <th scope="col">{t('hospitalColumnDays')}</th>
            <th scope="col">{t('hospitalColumnPeriod')}</th>
            <th scope="col">{t('hospitalColumnSource')}</th>
          </tr>
        </thead>
        <tbody>
          {prescriptions.map((prescription, index) => {
            const period = prescriptionPeriod(prescription, today);
            return (
              <tr key={index} className={period === 'ended' ? 'hospital-table__row--ended' : undefined}>
                <th scope="row" className="hospital-table__name">
                  {prescription.drug.text || prescription.drug.code}
                </th>
                <td className="nowrap">
                  {prescription.dose}
                  {/* The day's total only when it says more than the dose (taken more than once a day). */}
                  {prescription.dailyDose !== '' && prescription.dailyDose !== prescription.dose ? (
                    <span className="hospital-table__aside muted">{t('hospitalDailyDose', { dose: prescription.dailyDose })}</span>
                  ) : null}
                </td>
                <td>
                  {prescription.usage.text || prescription.usage.code}
                  {/* 経口 goes without saying; 外用, 注射 and the like do not. */}
                  {prescription.route !== '' && prescription.route !== '経口' ? (
                    <span className="hospital-table__aside muted">{prescription.route}</span>
                  ) : null}
                </td>
                <td className="nowrap">{prescription.days > 0 ? t('hospitalDays', { days: prescription.days }) : ''}</td>
                <td className="nowrap">
                  <PeriodMark period={period} />
                  {dayText(prescription.start)}
                  {prescription.start !== '' || prescription.end !== '' ? '〜' : ''}
                  {dayText(prescription.end)}
                </td>
                <td>
                  <Source source={prescription.source} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Part>
  );
}

const FLAG_LABELS = { high: 'hospitalLabFlagHigh', low: 'hospitalLabFlagLow', abnormal: 'hospitalLabFlagAbnormal' } as const;

function Flags({ result }: { result: HospitalLabResultView }) {
  const t = useMessages();
  return (
    <>
      {outOfRangeFlags(result).map((flag) => (
        <abbr key={flag} className={`lab-flag lab-flag--${flagSide(flag)}`} title={t(FLAG_LABELS[flagSide(flag)])}>
          {flag}
        </abbr>
      ))}
      {result.status === 'P' ? <span className="tag">{t('hospitalLabStatusPreliminary')}</span> : null}
      {result.status === 'C' ? <span className="tag">{t('hospitalLabStatusCorrected')}</span> : null}
    </>
  );
}

function HospitalLabs({ results }: { results: HospitalLabResultView[] }) {
  const t = useMessages();
  const dayText = useDayText();
  return (
    <Part id="hospital-labs-heading" title={t('hospitalLabsHeading')}>
      <table className="record-table record-table--compact hospital-table">
        <thead>
          <tr>
            <th scope="col">{t('hospitalColumnTest')}</th>
            <th scope="col">{t('hospitalColumnLatest')}</th>
            <th scope="col">{t('hospitalColumnReference')}</th>
            <th scope="col">{t('hospitalColumnTaken')}</th>
            <th scope="col">{t('hospitalColumnTrend')}</th>
            <th scope="col">{t('hospitalColumnSource')}</th>
          </tr>
        </thead>
        <tbody>
          {labTests(results).map((test) => (
            <LabRow key={test.key} test={test} dayText={dayText} />
          ))}
        </tbody>
      </table>
    </Part>
  );
}

function LabRow({ test, dayText }: { test: LabTest; dayText: (text: string) => string }) {
  const t = useMessages();
  const { locale } = useLocale();
  const { newest } = test;
  const flagged = outOfRangeFlags(newest).length > 0;
  const unit = newest.unit;
  const values = test.trend
    .map((point) => `${dayText(point.day)} ${point.value}${unit === '' ? '' : ` ${unit}`}${point.flags.length > 0 ? ` ${point.flags.join(' ')}` : ''}`)
    .join(locale === 'ja' ? '、' : ', ');
  const label =
    t('hospitalLabTrendLabel', { test: test.name, values }) +
    (newest.referenceRange.trim() !== '' ? t('hospitalLabTrendReference', { range: newest.referenceRange }) : '');
  return (
    <tr>
      <th scope="row" className="hospital-table__name">
        {test.name}
        {newest.specimen !== '' ? <span className="hospital-table__aside muted">{newest.specimen}</span> : null}
      </th>
      <td className="nowrap">
        <span className={`lab-value${flagged ? ` lab-value--${flagSide(outOfRangeFlags(newest)[0]!)}` : ''}`}>{newest.value}</span>
        {unit !== '' ? <span className="lab-unit"> {unit}</span> : null} <Flags result={newest} />
      </td>
      <td className="nowrap">{newest.referenceRange}</td>
      <td className="nowrap">{dayText(newest.observedAt)}</td>
      <td>{test.trend.length >= 2 ? <LabSparkline points={test.trend} bounds={referenceBounds(newest.referenceRange)} label={label} /> : null}</td>
      <td>
        <Source source={newest.source} />
      </td>
    </tr>
  );
}
