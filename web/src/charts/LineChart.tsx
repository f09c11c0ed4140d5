/**
 * A line chart in plain SVG: several series over a shared x axis, with
 * axes, ticks, a legend and an optional marker (a vertical line at one x).
 * Hand-made SVG rather than a charting library: the site's plots are few
 * and simple, SVG scales to any width and follows the theme through CSS
 * variables, and it costs the main bundle nothing.
 */
import { niceTicks } from './scale'

export interface Series {
  name: string
  /** y values at x = xs[i] (or i when the chart has no xs); null leaves a gap. */
  values: readonly (number | null)[]
  /** A CSS colour; defaults to the palette. */
  color?: string
  dashed?: boolean
}

export const PALETTE = ['var(--accent)', 'var(--defect)', 'var(--coop)', '#e9a23b', '#8e6ccf', '#5c946e', '#c05299', '#4a7fb5', '#b5763a', '#6b7b8c']

export interface LineChartProps {
  series: readonly Series[]
  xs?: readonly number[]
  xLabel?: string
  yLabel?: string
  /** A title for screen readers (and a tooltip). */
  title: string
  height?: number
  marker?: number | null
  yMin?: number
  yMax?: number
}

const W = 640
const PAD = { left: 48, right: 12, top: 10, bottom: 34 }

export function LineChart({ series, xs, xLabel, yLabel, title, height = 240, marker = null, yMin, yMax }: LineChartProps) {
  const n = Math.max(0, ...series.map((s) => s.values.length))
  const xsOf = (i: number) => (xs ? (xs[i] ?? i) : i)
  const allY = series.flatMap((s) => s.values.filter((v): v is number => v !== null && Number.isFinite(v)))
  const lo = yMin ?? Math.min(0, ...allY)
  const hiRaw = yMax ?? Math.max(...allY, lo + 1)
  const hi = hiRaw === lo ? lo + 1 : hiRaw
  const x0 = xsOf(0)
  const x1 = n > 1 ? xsOf(n - 1) : x0 + 1
  const px = (x: number) => PAD.left + ((x - x0) / (x1 - x0 || 1)) * (W - PAD.left - PAD.right)
  const py = (y: number) => height - PAD.bottom - ((y - lo) / (hi - lo)) * (height - PAD.top - PAD.bottom)
  const yTicks = niceTicks(lo, hi, 5)
  const xTicks = niceTicks(x0, x1, 6)
  return (
    <figure class="line-chart">
      <svg class="chart" viewBox={`0 0 ${W} ${height}`} role="img" aria-label={title}>
        <title>{title}</title>
        {yTicks.map((t) => (
          <g key={'y' + t}>
            <line class="axis" x1={PAD.left} x2={W - PAD.right} y1={py(t)} y2={py(t)} stroke-dasharray="2 3" />
            <text x={PAD.left - 6} y={py(t) + 4} text-anchor="end">
              {formatTick(t)}
            </text>
          </g>
        ))}
        {xTicks.map((t) => (
          <text key={'x' + t} x={px(t)} y={height - PAD.bottom + 16} text-anchor="middle">
            {formatTick(t)}
          </text>
        ))}
        {xLabel && (
          <text x={(PAD.left + W - PAD.right) / 2} y={height - 4} text-anchor="middle" class="muted">
            {xLabel}
          </text>
        )}
        {yLabel && (
          <text x={12} y={(PAD.top + height - PAD.bottom) / 2} text-anchor="middle" transform={`rotate(-90 12 ${(PAD.top + height - PAD.bottom) / 2})`}>
            {yLabel}
          </text>
        )}
        {marker !== null && marker >= x0 && marker <= x1 && <line x1={px(marker)} x2={px(marker)} y1={PAD.top} y2={height - PAD.bottom} stroke="var(--focus)" stroke-width="2" />}
        {series.map((s, k) => (
          <path
            key={s.name}
            d={pathOf(s.values, (i) => px(xsOf(i)), py)}
            fill="none"
            stroke={s.color ?? PALETTE[k % PALETTE.length]}
            stroke-width="2"
            stroke-dasharray={s.dashed ? '5 4' : undefined}
            vector-effect="non-scaling-stroke"
          >
            <title>{s.name}</title>
          </path>
        ))}
      </svg>
      {series.length > 1 && (
        <figcaption class="legend">
          {series.map((s, k) => (
            <span key={s.name} class="legend-item">
              <i style={{ background: s.color ?? PALETTE[k % PALETTE.length] }} aria-hidden="true" />
              {s.name}
            </span>
          ))}
        </figcaption>
      )}
    </figure>
  )
}

/** One path for a series, downsampled to at most ~2 points per pixel column so 10,000 points stay light. */
function pathOf(values: readonly (number | null)[], x: (i: number) => number, y: (v: number) => number): string {
  const step = Math.max(1, Math.floor(values.length / 1200))
  let d = ''
  let pen = false
  for (let i = 0; i < values.length; i += step) {
    const v = values[i]
    if (v === null || v === undefined || !Number.isFinite(v)) {
      pen = false
      continue
    }
    d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`
    pen = true
  }
  const last = values.length - 1
  const lv = values[last]
  if (step > 1 && lv !== null && lv !== undefined && Number.isFinite(lv)) d += `L${x(last).toFixed(1)},${y(lv).toFixed(1)}`
  return d
}

function formatTick(t: number): string {
  return Math.abs(t) >= 10000 ? `${(t / 1000).toFixed(0)}k` : Number.isInteger(t) ? String(t) : t.toFixed(2)
}
