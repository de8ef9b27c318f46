// A small trend of one hospital lab test on 概要: its numeric values, oldest to newest, over the
// band of its reference range, out-of-range values marked. Inline SVG (no inline styles: the
// renderer's CSP; colours come from hospital-data.css); read out by its label, which gives the values.
import { daysBetween } from '../shared/chart-dates';
import { flagSide, type LabPoint, type ReferenceBounds } from './hospital-facts';

const WIDTH = 132;
const HEIGHT = 36;
const PAD = 5;

export function LabSparkline({
  points,
  bounds,
  label,
}: {
  /** Oldest first. */
  points: readonly LabPoint[];
  bounds: ReferenceBounds | null;
  label: string;
}) {
  const values = points.map((p) => p.value);
  const limits = [...values, ...[bounds?.low, bounds?.high].filter((bound): bound is number => typeof bound === 'number')];
  let min = Math.min(...limits);
  let max = Math.max(...limits);
  const margin = max === min ? Math.max(Math.abs(max) * 0.1, 1) : (max - min) * 0.12;
  min -= margin;
  max += margin;
  const y = (value: number) => PAD + ((max - value) / (max - min)) * (HEIGHT - 2 * PAD);
  // Along the time axis when every point has its full day, else evenly spaced.
  const first = points[0]?.day ?? '';
  const offsets = points.map((p) => daysBetween(first, p.day));
  const span = Math.max(0, ...offsets.map((o) => o ?? 0));
  const timed = offsets.every((o) => o !== null) && span > 0;
  const x = (index: number) => (points.length === 1 ? WIDTH / 2 : PAD + (timed ? offsets[index]! / span : index / (points.length - 1)) * (WIDTH - 2 * PAD));
  const bandTop = typeof bounds?.high === 'number' ? y(bounds.high) : 0;
  const bandBottom = typeof bounds?.low === 'number' ? y(bounds.low) : HEIGHT;
  return (
    <svg className="lab-sparkline" role="img" aria-label={label} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} height={HEIGHT}>
      {bounds !== null ? (
        <rect
          className="lab-sparkline__band"
          x={0}
          y={Math.max(0, bandTop)}
          width={WIDTH}
          height={Math.max(0, Math.min(HEIGHT, bandBottom) - Math.max(0, bandTop))}
        />
      ) : null}
      <polyline className="lab-sparkline__line" points={points.map((p, i) => `${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ')} />
      {points.map((p, i) => (
        <circle
          key={i}
          className={p.flags.length > 0 ? `lab-sparkline__point lab-sparkline__point--${flagSide(p.flags[0]!)}` : 'lab-sparkline__point'}
          cx={x(i).toFixed(1)}
          cy={y(p.value).toFixed(1)}
          r={i === points.length - 1 ? 3 : 2.2}
        />
      ))}
    </svg>
  );
}
