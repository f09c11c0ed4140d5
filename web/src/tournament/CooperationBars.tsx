/**
 * Cooperation rates as bars, one per strategy in rank order: the share of
 * its moves that were C (the commons: of its requests that were restrained).
 * HTML bars rather than SVG: each row keeps its name as a real link and
 * text, and the list reflows on a phone.
 */
import { percent } from '../ui/format'

export interface CooperationRow {
  rank: number
  strategyId: string
  name: string
  rate: number
}

export function CooperationBars({ rows, what }: { rows: readonly CooperationRow[]; what: string }) {
  return (
    <ol class="coop-bars" aria-label={what}>
      {rows.map((r) => (
        <li key={r.strategyId} class="coop-row" data-strategy={r.strategyId}>
          <span class="coop-rank num">{r.rank}</span>
          <a class="coop-name" href={`/strategies/${r.strategyId}`}>
            {r.name}
          </a>
          <span class="coop-track" aria-hidden="true">
            <span class="coop-fill" style={{ width: `${Math.max(0, Math.min(1, r.rate)) * 100}%` }} />
          </span>
          <span class="coop-value num">{percent(r.rate)}</span>
        </li>
      ))}
    </ol>
  )
}
