/**
 * A strategy's rating over its rated runs in one game: mu as a line, the
 * band mu ± sigma filled around it (the uncertainty shrinking as evidence
 * comes in), and the ordinal mu − 3 sigma that leaderboards order by,
 * dashed. Its own small SVG rather than LineChart, which draws lines only;
 * its drawing width follows the page's, so labels keep their size on a phone.
 * Each point names its run and rank in a tooltip; x counts rated runs, 0
 * being the prior every strategy starts from.
 */
import { useEffect, useRef, useState } from 'preact/hooks'
import { niceTicks } from '../charts/scale'
import { fixed } from '../ui/format'

export interface RatingPointView {
  /** 0 for the prior, then the rated run's number. */
  x: number
  mu: number
  sigma: number
  ordinal: number
  note: string
}

const H = 240
const PAD = { left: 44, right: 12, top: 10, bottom: 34 }

export function RatingChart({ points, title }: { points: readonly RatingPointView[]; title: string }) {
  const box = useRef<HTMLElement>(null)
  const [W, setW] = useState(640)
  useEffect(() => {
    const el = box.current
    if (!el || typeof ResizeObserver === 'undefined') return
    const watch = new ResizeObserver(([entry]) => setW(Math.max(300, Math.min(1100, Math.round(entry!.contentRect.width)))))
    watch.observe(el)
    return () => watch.disconnect()
  }, [])
  const xs = points.map((p) => p.x)
  const ys = points.flatMap((p) => [p.mu + p.sigma, p.ordinal])
  const lo = Math.min(0, ...ys)
  const hi = Math.max(...ys, lo + 1)
  const x0 = Math.min(...xs)
  const x1 = Math.max(...xs, x0 + 1)
  const px = (x: number) => PAD.left + ((x - x0) / (x1 - x0)) * (W - PAD.left - PAD.right)
  const py = (y: number) => H - PAD.bottom - ((y - lo) / (hi - lo)) * (H - PAD.top - PAD.bottom)
  const line = (f: (p: RatingPointView) => number) => points.map((p, i) => `${i ? 'L' : 'M'}${px(p.x).toFixed(1)},${py(f(p)).toFixed(1)}`).join('')
  const band = line((p) => p.mu + p.sigma) + [...points].reverse().map((p) => `L${px(p.x).toFixed(1)},${py(p.mu - p.sigma).toFixed(1)}`).join('') + 'Z'
  const xTicks = niceTicks(x0, x1, Math.min(Math.floor(W / 80), x1 - x0)).filter((t) => Number.isInteger(t))
  return (
    <figure class="rating-chart" ref={box}>
      <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title}>
        <title>{title}</title>
        {niceTicks(lo, hi, 5).map((t) => (
          <g key={'y' + t}>
            <line class="axis" x1={PAD.left} x2={W - PAD.right} y1={py(t)} y2={py(t)} stroke-dasharray="2 3" />
            <text x={PAD.left - 6} y={py(t) + 4} text-anchor="end">
              {t}
            </text>
          </g>
        ))}
        {xTicks.map((t) => (
          <text key={'x' + t} x={px(t)} y={H - PAD.bottom + 16} text-anchor="middle">
            {t}
          </text>
        ))}
        <text x={(PAD.left + W - PAD.right) / 2} y={H - 4} text-anchor="middle">
          rated runs
        </text>
        <path class="rating-band" d={band} />
        <path class="rating-ordinal" d={line((p) => p.ordinal)} fill="none" />
        <path class="rating-mu" d={line((p) => p.mu)} fill="none" />
        {points.map((p) => (
          <circle key={p.x} class="rating-point" cx={px(p.x)} cy={py(p.mu)} r={points.length > 60 ? 1.5 : 3.5}>
            <title>{`${p.note}: mu ${fixed(p.mu)}, sigma ${fixed(p.sigma)}, ordinal ${fixed(p.ordinal)}`}</title>
          </circle>
        ))}
      </svg>
      <figcaption class="legend">
        <span class="legend-item">
          <i class="key-mu" aria-hidden="true" />
          mu (estimated skill)
        </span>
        <span class="legend-item">
          <i class="key-band" aria-hidden="true" />
          mu ± sigma
        </span>
        <span class="legend-item">
          <i class="key-ordinal" aria-hidden="true" />
          ordinal mu − 3 sigma (what leaderboards sort by)
        </span>
      </figcaption>
    </figure>
  )
}
