/**
 * Per strategy, across the rule sets: its rank (and how far it moved
 * against the first rule set), its score per round and how much it
 * cooperated, one column group per rule set, so a strategy's fortunes read
 * along its row.
 */
import type { ExperimentResult, RuleSetResult } from '../../../src/engine/experiment'
import { fixed, percent } from '../ui/format'

interface Line {
  rank: number
  moved: number
  score: number
  cooperation: number
}

/** Each strategy's line in one rule set: the dilemma ranks by median score, the commons by mean payoff. */
function linesOf(ruleSet: RuleSetResult): Map<string, Line> {
  const moved = new Map(ruleSet.rankMoves.map((m) => [m.id, m.moved]))
  const lines = new Map<string, Line>()
  if (ruleSet.game === 'dilemma') {
    for (const s of ruleSet.standings) lines.set(s.id, { rank: s.rank, moved: moved.get(s.id) ?? 0, score: s.medianScore, cooperation: s.cooperationRate })
  } else {
    for (const s of ruleSet.standings) lines.set(s.id, { rank: s.rank, moved: moved.get(s.id) ?? 0, score: s.meanPayoff, cooperation: s.cooperation })
  }
  return lines
}

function Moved({ moved }: { moved: number }) {
  if (moved === 0) return null
  return (
    <span class={`moved ${moved > 0 ? 'up' : 'down'}`} title={`${moved > 0 ? 'up' : 'down'} ${Math.abs(moved)} against the first rule set`}>
      {moved > 0 ? '▲' : '▼'}
      {Math.abs(moved)}
    </span>
  )
}

export function Standings({ result }: { result: ExperimentResult }) {
  const sets = result.ruleSets
  const lines = sets.map(linesOf)
  // Ordered as the first rule set ranks them: the column to compare against.
  const order = [...result.players].sort((a, b) => (lines[0]?.get(a.id)?.rank ?? 0) - (lines[0]?.get(b.id)?.rank ?? 0))
  return (
    <section aria-labelledby="standings-title">
      <h2 id="standings-title">Standings under each rule set</h2>
      <div class="scroll-x">
        <table class="experiment-standings">
          <caption>Rank, score per round and cooperation (self-play left out); ▲▼ how far a rank moved against {sets[0]?.name}</caption>
          <thead>
            <tr>
              <td />
              {sets.map((s) => (
                <th key={s.name} scope="colgroup" colSpan={3} class="set-head">
                  {s.name}
                </th>
              ))}
            </tr>
            <tr>
              <th scope="col">Strategy</th>
              {sets.map((s) => [
                <th key={s.name + 'r'} scope="col" class="num set-start">
                  #
                </th>,
                <th key={s.name + 's'} scope="col" class="num">
                  Score
                </th>,
                <th key={s.name + 'c'} scope="col" class="num">
                  {s.game === 'commons' ? 'Restrained' : 'Coop.'}
                </th>,
              ])}
            </tr>
          </thead>
          <tbody>
            {order.map((p) => (
              <tr key={p.id} data-strategy={p.id}>
                <th scope="row">
                  <a href={`/strategies/${encodeURIComponent(p.id)}`}>{p.name}</a>
                </th>
                {lines.map((l, k) => {
                  const line = l.get(p.id)
                  if (!line) return <td key={k} colSpan={3} class="muted set-start">–</td>
                  return [
                    <td key={k + 'r'} class="num set-start" data-rank={line.rank} data-rule-set={sets[k]!.name}>
                      {line.rank} <Moved moved={line.moved} />
                    </td>,
                    <td key={k + 's'} class="num">
                      {fixed(line.score)}
                    </td>,
                    <td key={k + 'c'} class="num">
                      {percent(line.cooperation)}
                    </td>,
                  ]
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
