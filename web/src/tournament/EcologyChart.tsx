/**
 * Axelrod's ecological analysis of the run: the population share of each
 * strategy over the generations of replicator dynamics on the score matrix.
 * The strategies that reach the largest share are named; the rest make one
 * grey band.
 */
import { PALETTE } from '../charts/LineChart'
import { StackedArea, type Band } from '../charts/StackedArea'
import { percent } from '../ui/format'

const NAMED = 8

export function EcologyChart({ shares, players, stable }: { shares: number[][]; players: { strategyId: string; name: string }[]; stable: boolean }) {
  const n = players.length
  const last = shares[shares.length - 1] ?? []
  const peak = players.map((_, i) => Math.max(...shares.map((g) => g[i] ?? 0)))
  // Named: the largest at the end first, then those that peaked highest on the way.
  const order = players.map((_, i) => i).sort((a, b) => (last[b] ?? 0) - (last[a] ?? 0) || peak[b]! - peak[a]!)
  const named = order.slice(0, Math.min(NAMED, n))
  const rest = order.slice(named.length)
  const bands: Band[] = named.map((i, k) => ({ name: players[i]!.name, values: shares.map((g) => g[i] ?? 0), color: PALETTE[k % PALETTE.length]! }))
  if (rest.length > 0) bands.push({ name: `${rest.length} others`, values: shares.map((g) => rest.reduce((sum, i) => sum + (g[i] ?? 0), 0)), color: 'var(--border)' })
  const generations = shares.length - 1
  return (
    <figure class="ecology">
      <StackedArea bands={bands} title={`Population share of each strategy over ${generations} generations`} xLabel="generation" />
      <figcaption>
        <ul class="legend ecology-legend">
          {bands.map((b, k) => (
            <li key={b.name} class="legend-item">
              <i style={{ background: b.color }} aria-hidden="true" />
              {k < named.length ? <a href={`/strategies/${players[named[k]!]!.strategyId}`}>{b.name}</a> : b.name}{' '}
              <span class="num">{percent(b.values[b.values.length - 1] ?? 0, 1)}</span>
            </li>
          ))}
        </ul>
        <p class="muted">
          Every strategy starts with an equal share (1/{n}); each generation a strategy grows in proportion to its score against the population as it is.{' '}
          {stable ? `The population stopped changing after ${generations} generations.` : `Shown for ${generations} generations.`}
        </p>
      </figcaption>
    </figure>
  )
}
