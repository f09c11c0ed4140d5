/** A finished dilemma run's standings, best first: scores per round (median, the ranking key, and mean), wins, cooperation, behaviour, faults. */
import { Badges } from '../ui/badges'
import { fixed, percent } from '../ui/format'
import type { BehaviourRates, DilemmaStanding } from './types'

export function Standings({ standings }: { standings: readonly DilemmaStanding[] }) {
  return (
    <div class="scroll-x">
      <table class="standings">
        <caption>Ranked by the median of each strategy's score per round over its matches.</caption>
        <thead>
          <tr>
            <th class="num" scope="col">
              #
            </th>
            <th scope="col">Strategy</th>
            <th class="num" scope="col">
              Median score
            </th>
            <th class="num" scope="col">
              Mean score
            </th>
            <th class="num" scope="col">
              Wins
            </th>
            <th class="num" scope="col">
              Cooperation
            </th>
            <th scope="col">Behaviour</th>
            <th class="num" scope="col">
              Faults
            </th>
          </tr>
        </thead>
        <tbody>
          {standings.map((s) => (
            <tr key={s.strategyId} data-strategy={s.strategyId}>
              <td class="num">{s.rank}</td>
              <td>
                <a href={`/strategies/${s.strategyId}`}>{s.name}</a>
                {s.version > 1 && <span class="muted"> v{s.version}</span>}
              </td>
              <td class="num">{fixed(s.medianScore, 3)}</td>
              <td class="num">{fixed(s.meanScore, 3)}</td>
              <td class="num">{s.wins}</td>
              <td class="num">{percent(s.cooperationRate)}</td>
              <td>
                <BehaviourBadges behaviour={s.behaviour as BehaviourRates | null} />
              </td>
              <td class="num">
                {s.faults}
                {s.infraErrors > 0 && <span class="muted" title="matches the platform could not play"> (+{s.infraErrors} unplayed)</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function BehaviourBadges({ behaviour: b }: { behaviour: BehaviourRates | null }) {
  return b ? <Badges behaviour={{ nice: b.niceRate, retaliating: b.retaliationRate, forgiving: b.forgivenessRate }} /> : null
}
