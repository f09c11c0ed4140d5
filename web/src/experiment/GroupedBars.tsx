/**
 * A grouped bar chart in plain SVG (as LineChart, for the same reasons):
 * one group per rule set, one bar per measure, the value written on each
 * bar, so rule sets compare at a glance and exactly.
 */
import { niceTicks } from '../charts/scale'

export interface Measure {
  name: string
  color: string
  /** One value per group (null: not defined for that group, no bar). */
  values: readonly (number | null)[]
  format: (v: number) => string
}

const W = 480
const PAD = { left: 44, right: 8, top: 18, bottom: 30 }

export function GroupedBars({ groups, measures, title, height = 240, yMax }: { groups: readonly string[]; measures: readonly Measure[]; title: string; height?: number; yMax?: number }) {
  const all = measures.flatMap((m) => m.values.filter((v): v is number => v !== null && Number.isFinite(v)))
  const lo = Math.min(0, ...all)
  const hi = Math.max(yMax ?? 0, ...all, lo + 1e-9)
  const py = (v: number) => height - PAD.bottom - ((v - lo) / (hi - lo)) * (height - PAD.top - PAD.bottom)
  const groupWidth = (W - PAD.left - PAD.right) / Math.max(1, groups.length)
  const barWidth = Math.min(56, (groupWidth * 0.8) / Math.max(1, measures.length))
  const ticks = niceTicks(lo, hi, 4)
  // Rule set names run to 40 characters: cut to what fits under a group (the full name is the bars' tooltip).
  const fits = Math.max(4, Math.floor(groupWidth / 7))
  const short = (g: string) => (g.length > fits ? g.slice(0, fits - 1) + '…' : g)
  return (
    <figure class="grouped-bars">
      <svg class="chart" viewBox={`0 0 ${W} ${height}`} role="img" aria-label={title}>
        <title>{title}</title>
        {ticks.map((t) => (
          <g key={t}>
            <line class="axis" x1={PAD.left} x2={W - PAD.right} y1={py(t)} y2={py(t)} stroke-dasharray="2 3" />
            <text x={PAD.left - 6} y={py(t) + 4} text-anchor="end">
              {measures[0]?.format(t) ?? t}
            </text>
          </g>
        ))}
        {groups.map((g, gi) => {
          const x0 = PAD.left + gi * groupWidth + (groupWidth - barWidth * measures.length) / 2
          return (
            <g key={g} data-group={g}>
              {measures.map((m, mi) => {
                const v = m.values[gi]
                if (v === null || v === undefined || !Number.isFinite(v)) return null
                const x = x0 + mi * barWidth
                const top = py(Math.max(v, 0))
                return (
                  <g key={m.name}>
                    <rect x={x + 2} y={top} width={barWidth - 4} height={Math.max(1, Math.abs(py(v) - py(0)))} fill={m.color}>
                      <title>{`${g}: ${m.name} ${m.format(v)}`}</title>
                    </rect>
                    <text x={x + barWidth / 2} y={top - 4} text-anchor="middle" class="bar-value">
                      {m.format(v)}
                    </text>
                  </g>
                )
              })}
              <text x={PAD.left + gi * groupWidth + groupWidth / 2} y={height - PAD.bottom + 18} text-anchor="middle" class="group-label">
                {short(g)}
              </text>
            </g>
          )
        })}
      </svg>
      <figcaption class="legend">
        {measures.map((m) => (
          <span key={m.name} class="legend-item">
            <i style={{ background: m.color, height: '10px' }} aria-hidden="true" />
            {m.name}
          </span>
        ))}
      </figcaption>
    </figure>
  )
}
