/**
 * A bump chart in plain SVG: each strategy's rank over a sequence of runs,
 * rank 1 at the top, a line per strategy and its name at the right end.
 * LineChart draws larger values higher, which is the wrong way up for
 * ranks; this one is small enough to be its own.
 */
import { niceTicks } from './scale'
import { PALETTE } from './LineChart'

export interface BumpSeries {
  name: string
  /** Rank in each run (oldest first); null when it did not play that run. */
  ranks: readonly (number | null)[]
}

const W = 640
const PAD = { left: 34, right: 150, top: 12, bottom: 30 }

export function BumpChart({ series, runLabels, title }: { series: readonly BumpSeries[]; runLabels: readonly string[]; title: string }) {
  const n = runLabels.length
  const worst = Math.max(2, ...series.flatMap((s) => s.ranks.filter((r): r is number => r !== null)))
  const height = Math.max(180, Math.min(420, 24 * Math.min(worst, 16)))
  const px = (i: number) => PAD.left + (n > 1 ? i / (n - 1) : 0.5) * (W - PAD.left - PAD.right)
  const py = (rank: number) => PAD.top + ((rank - 1) / (worst - 1)) * (height - PAD.top - PAD.bottom)
  const yTicks = worst <= 12 ? Array.from({ length: worst }, (_, i) => i + 1) : [...new Set([1, ...niceTicks(1, worst, 6).filter((t) => t >= 1 && Number.isInteger(t)), worst])]
  const xEvery = Math.max(1, Math.ceil(n / 8))
  return (
    <svg class="chart bump-chart" viewBox={`0 0 ${W} ${height}`} role="img" aria-label={title}>
      <title>{title}</title>
      {yTicks.map((t) => (
        <g key={t}>
          <line class="axis" x1={PAD.left} x2={W - PAD.right} y1={py(t)} y2={py(t)} stroke-dasharray="2 3" />
          <text x={PAD.left - 6} y={py(t) + 4} text-anchor="end">
            {t}
          </text>
        </g>
      ))}
      {runLabels.map((label, i) =>
        i % xEvery === 0 || i === n - 1 ? (
          <text key={i} x={px(i)} y={height - PAD.bottom + 16} text-anchor="middle">
            {label}
          </text>
        ) : null,
      )}
      {series.map((s, k) => {
        const color = PALETTE[k % PALETTE.length]
        let d = ''
        let pen = false
        s.ranks.forEach((r, i) => {
          if (r === null) return void (pen = false)
          d += `${pen ? 'L' : 'M'}${px(i).toFixed(1)},${py(r).toFixed(1)}`
          pen = true
        })
        const lastIndex = s.ranks.length - 1
        const last = s.ranks[lastIndex]
        return (
          <g key={s.name}>
            <path d={d} fill="none" stroke={color} stroke-width="2" />
            {s.ranks.map((r, i) =>
              r === null ? null : (
                <circle key={i} cx={px(i)} cy={py(r)} r="3.5" fill={color}>
                  <title>{`${s.name}: rank ${r} in run ${runLabels[i]}`}</title>
                </circle>
              ),
            )}
            {last != null && (
              <text x={px(lastIndex) + 8} y={py(last) + 4} class="bump-label">
                {last} {s.name.length > 22 ? s.name.slice(0, 21) + '…' : s.name}
              </text>
            )}
          </g>
        )
      })}
    </svg>
  )
}
