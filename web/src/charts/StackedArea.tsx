/**
 * A stacked area chart in plain SVG: shares (summing to 1) over an x axis,
 * one band per series, bottom to top in the order given. Hand-made like
 * LineChart: a few hundred points per band, themed through CSS variables.
 */
import { niceTicks } from './scale'

export interface Band {
  name: string
  /** The share at each x (0 to 1). */
  values: readonly number[]
  color: string
}

const W = 640
const PAD = { left: 44, right: 10, top: 8, bottom: 34 }

export function StackedArea({ bands, title, xLabel, height = 260 }: { bands: readonly Band[]; title: string; xLabel: string; height?: number }) {
  const n = Math.max(0, ...bands.map((b) => b.values.length))
  const px = (i: number) => PAD.left + (n > 1 ? i / (n - 1) : 0) * (W - PAD.left - PAD.right)
  const py = (y: number) => height - PAD.bottom - y * (height - PAD.top - PAD.bottom)
  const base = new Array<number>(n).fill(0)
  const paths = bands.map((b) => {
    const lower = base.slice()
    for (let i = 0; i < n; i++) base[i] = Math.min(1, base[i]! + (b.values[i] ?? 0))
    const upper = base.slice()
    let d = ''
    for (let i = 0; i < n; i++) d += `${i ? 'L' : 'M'}${px(i).toFixed(1)},${py(upper[i]!).toFixed(1)}`
    for (let i = n - 1; i >= 0; i--) d += `L${px(i).toFixed(1)},${py(lower[i]!).toFixed(1)}`
    return d + 'Z'
  })
  const xTicks = niceTicks(0, Math.max(1, n - 1), 6)
  return (
    <svg class="chart stacked-area" viewBox={`0 0 ${W} ${height}`} role="img" aria-label={title}>
      <title>{title}</title>
      {bands.map((b, k) => (
        <path key={b.name} d={paths[k]} fill={b.color} stroke="var(--surface)" stroke-width="0.5">
          <title>{`${b.name}: ${Math.round((b.values[0] ?? 0) * 100)}% → ${Math.round((b.values[n - 1] ?? 0) * 100)}%`}</title>
        </path>
      ))}
      {[0, 0.25, 0.5, 0.75, 1].map((t) => (
        <g key={t}>
          <line class="axis" x1={PAD.left - 4} x2={PAD.left} y1={py(t)} y2={py(t)} />
          <text x={PAD.left - 6} y={py(t) + 4} text-anchor="end">
            {Math.round(t * 100)}%
          </text>
        </g>
      ))}
      {xTicks.map((t) => (
        <text key={t} x={px(t)} y={height - PAD.bottom + 16} text-anchor="middle">
          {t}
        </text>
      ))}
      <text x={(PAD.left + W - PAD.right) / 2} y={height - 4} text-anchor="middle">
        {xLabel}
      </text>
    </svg>
  )
}
