/** The latest run's standings: the first 20, and all on request. */
import { useState } from 'preact/hooks'
import { fixed, percent } from '../ui/format'
import { isCommonsRun, type CommonsStanding, type DilemmaStanding, type FinishedRun } from './types'

const FIRST = 20

export function Standings({ run }: { run: FinishedRun }) {
  const [all, setAll] = useState(false)
  const commons = isCommonsRun(run)
  const rows = run.standings as (DilemmaStanding | CommonsStanding)[]
  const shown = all ? rows : rows.slice(0, FIRST)
  return (
    <>
      <div class="scroll-x">
        <table class="standings">
          <caption>
            Ranked by {commons ? 'mean payoff per round over its groups' : 'median score per round over its matches'}.
          </caption>
          <thead>
            <tr>
              <th class="num" scope="col">
                Rank
              </th>
              <th scope="col">Strategy</th>
              {commons ? (
                <>
                  <th class="num" scope="col">Mean payoff</th>
                  <th class="num hide-phone" scope="col">Groups</th>
                  <th class="num" scope="col">Restraint</th>
                  <th class="num hide-phone" scope="col">Fined</th>
                </>
              ) : (
                <>
                  <th class="num" scope="col">Median</th>
                  <th class="num hide-phone" scope="col">Mean</th>
                  <th class="num hide-phone" scope="col">Wins</th>
                  <th class="num" scope="col">Cooperation</th>
                </>
              )}
              <th class="num hide-phone" scope="col">Faults</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((s) => (
              <tr key={s.strategyId} data-strategy={s.strategyId}>
                <td class="num">{s.rank}</td>
                <td>
                  <a href={`/strategies/${s.strategyId}`}>{s.name}</a>
                </td>
                {'meanPayoff' in s ? (
                  <>
                    <td class="num">{fixed(s.meanPayoff)}</td>
                    <td class="num hide-phone">{s.groups}</td>
                    <td class="num">{percent(s.cooperation)}</td>
                    <td class="num hide-phone">{s.fined}</td>
                  </>
                ) : (
                  <>
                    <td class="num">{fixed(s.medianScore, 3)}</td>
                    <td class="num hide-phone">{fixed(s.meanScore, 3)}</td>
                    <td class="num hide-phone">{s.wins}</td>
                    <td class="num">{percent(s.cooperationRate)}</td>
                  </>
                )}
                <td class="num hide-phone">{s.faults}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > FIRST && (
        <button type="button" class="secondary" aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? `Show the first ${FIRST}` : `Show all ${rows.length}`}
        </button>
      )}
    </>
  )
}
