/** The strategy's latest matches, each linking to its replay, its run and the opponent. */
import { dateTime, fixed } from '../ui/format'
import type { RecentMatch } from './types'

/** Whole points as they are; a mechanism's fines can leave fractions. */
const points = (x: number) => (Number.isInteger(x) ? String(x) : fixed(x, 1))

export function RecentMatches({ matches, names }: { matches: readonly RecentMatch[]; names: ReadonlyMap<string, string> }) {
  if (matches.length === 0) return <p class="muted">No matches yet: it plays once a tournament it has entered runs.</p>
  return (
    <>
      <p class="muted" id="recent-caption">
        Its latest {matches.length} matches, newest first
      </p>
      <div class="scroll-x">
        <table class="recent-matches" aria-labelledby="recent-caption">
          <thead>
            <tr>
              <th>replay</th>
              <th>opponent</th>
              <th class="num">score</th>
              <th>result</th>
              <th class="num">rounds</th>
              <th>run</th>
              <th class="hide-phone">played</th>
            </tr>
          </thead>
          <tbody>
            {matches.map((m) => {
              const id = `${m.runId}-${m.jobIndex}-${m.repetition}`
              const result = m.score > m.opponentScore ? 'won' : m.score < m.opponentScore ? 'lost' : 'draw'
              return (
                <tr key={id}>
                  <td>
                    <a href={`/matches/${encodeURIComponent(id)}`} aria-label={`Replay of match ${m.jobIndex}, repetition ${m.repetition}`} title={id}>
                      ▶ {m.jobIndex}.{m.repetition}
                    </a>
                  </td>
                  <td>
                    <a href={`/strategies/${encodeURIComponent(m.opponent.strategyId)}`}>{names.get(m.opponent.strategyId) ?? m.opponent.strategyId}</a>
                    <span class="muted"> v{m.opponent.version}</span>
                  </td>
                  <td class="num">
                    {points(m.score)} – {points(m.opponentScore)}
                  </td>
                  <td class={`result-${result}`}>{result}</td>
                  <td class="num">{m.turns}</td>
                  <td>
                    <a href={`/runs/${encodeURIComponent(m.runId)}`}>{m.runId}</a>
                  </td>
                  <td class="hide-phone">{dateTime(m.createdAt)}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </>
  )
}
