// バイタルの推移 on 概要: one small chart per sign over the last 30 days (the overview carries
// them, so the trend reads offline), drawn by uPlot on a canvas: bundled, no network, and nothing
// inline that the renderer's CSP would refuse (its styles come from its own CSS file). Values
// marked 入力誤り are not drawn; the 記録一覧 (read from the server) shows them struck, and there
// their recorder marks them.
import { vitalSignsText, type VitalSignKey } from '@renkei/proto/chart-rules';
import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { PatientOverviewView, VitalSignsView } from '../../../shared/desktop-api';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { ListNote } from '../shared/ListNote';
import { canRead, canWrite } from '../shared/record-access';
import { useChart } from '../shared/chart-context';
import { VitalsListDialog } from './VitalsListDialog';
import { formatDateTime } from '../shared/chart-dates';
import './medications.css';

interface Trend {
  id: string;
  label: 'vitalBloodPressure' | 'vitalPulse' | 'vitalTemperature' | 'vitalSpo2' | 'vitalRespiration' | 'vitalWeight' | 'vitalGlucose';
  unit: string;
  /** One or two series (blood pressure: systolic and diastolic). */
  keys: VitalSignKey[];
}

const TRENDS: readonly Trend[] = [
  { id: 'bp', label: 'vitalBloodPressure', unit: 'mmHg', keys: ['systolicMmhg', 'diastolicMmhg'] },
  { id: 'pulse', label: 'vitalPulse', unit: '/分', keys: ['pulsePerMin'] },
  { id: 'temperature', label: 'vitalTemperature', unit: '℃', keys: ['temperatureCelsius'] },
  { id: 'spo2', label: 'vitalSpo2', unit: '%', keys: ['spo2Percent'] },
  { id: 'respiration', label: 'vitalRespiration', unit: '/分', keys: ['respirationPerMin'] },
  { id: 'weight', label: 'vitalWeight', unit: 'kg', keys: ['weightKg'] },
  { id: 'glucose', label: 'vitalGlucose', unit: 'mg/dL', keys: ['bloodGlucoseMgDl'] },
];
const COLOURS = ['#c0392b', '#2e6da4'];

function TrendChart({ trend, observations, title }: { trend: Trend; observations: VitalSignsView[]; title: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    // Oldest first, as the time axis runs; only observations where this sign was measured.
    const points = observations.filter((o) => trend.keys.some((key) => o.values[key] !== 0)).reverse();
    const data: uPlot.AlignedData = [
      points.map((o) => Date.parse(o.observedAt) / 1000),
      ...trend.keys.map((key) => points.map((o) => (o.values[key] === 0 ? null : o.values[key]))),
    ];
    const plot = new uPlot(
      {
        width: 300,
        height: 140,
        legend: { show: false },
        // uPlot shows times in the PC's zone; clinic PCs in Japan are set to it.
        series: [{}, ...trend.keys.map((key, i) => ({ label: key, stroke: COLOURS[i], width: 2, points: { size: 5 } }))],
        axes: [{ size: 30 }, { size: 40 }],
      },
      data,
      element,
    );
    return () => plot.destroy();
  }, [observations, trend]);
  return (
    <figure className="vitals-trend" data-sign={trend.id}>
      <figcaption>
        {title} <span className="muted">({trend.unit})</span>
      </figcaption>
      <div ref={host} role="img" aria-label={title} />
    </figure>
  );
}

export function VitalsTrend({ overview, onShowNote }: { overview: PatientOverviewView; onShowNote(noteId: string): void }) {
  const t = useMessages();
  const { locale } = useLocale();
  const { era, readOnlyReason } = useChart();
  const [listOpen, setListOpen] = useState(false);
  // The server leaves marked ones out of the overview; a cache written before the mark synced may not.
  const observations = (overview.recentVitalSigns ?? []).filter((o) => !o.enteredInError);
  const latest = observations[0];
  const shown = TRENDS.filter((trend) => observations.some((o) => trend.keys.some((key) => o.values[key] !== 0)));
  const mayRead = canRead(overview.chart.myAccess, 'VITAL_SIGNS');
  const offline = readOnlyReason !== null;
  return (
    <section className="card" aria-labelledby="overview-vitals-heading">
      <div className="card__head">
        <h2 id="overview-vitals-heading">{t('vitalsHeading')}</h2>
        {mayRead ? (
          // The list (those marked 入力誤り too) is read from the server: offered while it answers.
          <button
            type="button"
            className="button button--small"
            aria-label={t('vitalsListOpenLabel')}
            aria-disabled={offline || undefined}
            title={offline ? t('chartReadOnlyOffline') : undefined}
            onClick={() => {
              if (!offline) setListOpen(true);
            }}
          >
            {t('vitalsListOpen')}
          </button>
        ) : null}
      </div>
      {listOpen ? (
        <VitalsListDialog
          mayMark={canWrite(overview.chart.myAccess, 'VITAL_SIGNS')}
          onClose={() => setListOpen(false)}
          onShowNote={(noteId) => {
            setListOpen(false);
            onShowNote(noteId);
          }}
        />
      ) : null}
      {latest === undefined ? (
        <ListNote empty hidden={!mayRead} emptyText={t('noVitals')} />
      ) : (
        <>
          <p className="vitals-latest">{t('vitalsLatest', { time: formatDateTime(latest.observedAt, locale, era), text: vitalSignsText(latest.values) })}</p>
          <div className="vitals-trends">
            {shown.map((trend) => (
              <TrendChart key={trend.id} trend={trend} observations={observations} title={t('vitalsChartLabel', { sign: t(trend.label as 'vitalPulse') })} />
            ))}
          </div>
        </>
      )}
    </section>
  );
}
