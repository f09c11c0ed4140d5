/**
 * The small dilemma experiment's outcome: who won, how each strategy's rank
 * moved since the last setting, what each scored per round and how often
 * it cooperated, as a ranking with its bars.
 */
import type { TournamentResult } from '../../../src/engine/tournament-result'
import { fixed, percent } from '../ui/format'
import { Bar } from './Bar'
import { fieldTotals } from './play'

function Moved({ now, before }: { now: number; before: number | undefined }) {
  if (before === undefined || before === now) return null
  const up = before > now
  return (
    <span class={`moved ${up ? 'up' : 'down'}`} title={`was #${before}`}>
      {up ? '▲' : '▼'}
      {Math.abs(before - now)}
      <span class="visually-hidden"> {up ? 'up' : 'down'} from #{before}</span>
    </span>
  )
}

export function Ranking({ result, previous, optimum }: { result: TournamentResult; previous: TournamentResult | undefined; optimum: number }) {
  const before = new Map(previous?.standings.map((s) => [s.id, s.rank]))
  const scores = result.standings.map((s) => s.medianScore)
  const lo = Math.min(0, ...scores)
  const hi = Math.max(...scores, optimum, 0)
  const totals = fieldTotals(result)
  const winner = result.standings[0]
  return (
    <div class="ranking">
      <p class="field-summary">
        Winner: <strong data-winner>{winner?.name}</strong>. The field cooperated in <strong data-cooperation>{percent(totals.cooperation)}</strong> of its moves and earned{' '}
        <strong>{fixed(totals.meanPayoff)}</strong> a round each (mutual cooperation would give {fixed(optimum)}).
      </p>
      <div class="scroll-x">
        <table class="ranking-table">
          <caption>Ranking by score per round (median over repetitions; self-play left out)</caption>
          <thead>
            <tr>
              <th scope="col" class="num">
                #
              </th>
              <th scope="col">Strategy</th>
              <th scope="col" class="metric-col">
                Score per round
              </th>
              <th scope="col" class="metric-col">
                Cooperation
              </th>
            </tr>
          </thead>
          <tbody>
            {result.standings.map((s) => (
              <tr key={s.id} data-strategy={s.id} data-rank={s.rank}>
                <td class="num rank-cell">
                  {s.rank} <Moved now={s.rank} before={before.get(s.id)} />
                </td>
                <td>
                  <a href={`/strategies/${encodeURIComponent(s.id)}`}>{s.name}</a>
                </td>
                <td class="metric-col">
                  <span class="metric">
                    <span class="num">{fixed(s.medianScore)}</span>
                    <Bar value={s.medianScore} min={lo} max={hi} color="var(--accent)" label={`score ${fixed(s.medianScore)}`} />
                  </span>
                </td>
                <td class="metric-col">
                  <span class="metric">
                    <span class="num">{percent(s.cooperationRate)}</span>
                    <Bar value={s.cooperationRate} min={0} max={1} color="var(--coop)" label={`cooperation ${percent(s.cooperationRate)}`} />
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}
