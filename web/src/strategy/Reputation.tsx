/**
 * The strategy as others see it: the reputation a strategy reads as
 * `view.opponent.reputation` in tournaments that share identities, and its
 * head-to-head record against each opponent (GET /api/strategies/:id/opponents),
 * the last rounds of their latest match as C/D cells.
 */
import { useState } from 'preact/hooks'
import { fixed, percent } from '../ui/format'
import { Loaded, type Load } from '../ui/load'
import { count, ownerText } from './text'
import type { GameReputation, OpponentRecord, Opponents } from './types'

export function ReputationView({ reputation }: { reputation: GameReputation }) {
  const items: [string, string][] = [
    ['rating', `mu ${fixed(reputation.rating.mu)}, sigma ${fixed(reputation.rating.sigma)}`],
    ['matches', String(reputation.matches)],
    ['cooperationRate', percent(reputation.cooperationRate)],
    ['nice', percent(reputation.nice)],
    ['retaliating', percent(reputation.retaliating)],
    ['forgiving', percent(reputation.forgiving)],
  ]
  return (
    <div class="reputation-view">
      <p class="muted">
        In a tournament that shares identities, an opponent reads this as <code>view.opponent.reputation</code> ({reputation.game}: {reputation.runs} rated{' '}
        {reputation.runs === 1 ? 'run' : 'runs'}, {count(reputation.turns)} rounds, {reputation.faults} {reputation.faults === 1 ? 'fault' : 'faults'}):
      </p>
      <dl class="kv">
        {items.map(([k, v]) => (
          <div key={k}>
            <dt>
              <code>{k}</code>
            </dt>
            <dd class="num">{v}</dd>
          </div>
        ))}
      </dl>
    </div>
  )
}

/** Two rows of C/D cells: its moves over the opponent's. */
function LastRounds({ mine, theirs }: OpponentRecord['lastRounds']) {
  if (mine.length === 0) return <span class="muted">–</span>
  const row = (moves: readonly string[], who: string) => (
    <span class="moves" data-who={who}>
      {moves.map((m, i) => (
        <span key={i} class={`move cell-${m === 'C' ? 'c' : 'd'}`}>
          {m}
        </span>
      ))}
    </span>
  )
  return (
    <span class="last-rounds" role="img" aria-label={`its moves ${mine.join('')}, the opponent's ${theirs.join('')}`}>
      {row(mine, 'mine')}
      {row(theirs, 'theirs')}
    </span>
  )
}

/** Rows shown before "Show all": a classic has met some fifty opponents. */
const FIRST_ROWS = 12

export function HeadToHead({ load }: { load: Load<Opponents> }) {
  const [all, setAll] = useState(false)
  return (
    <Loaded load={load}>
      {(data) =>
        data.entries.length === 0 ? (
          <p class="muted">No head-to-head record yet: records are kept from finished tournament runs of the dilemma.</p>
        ) : (
          <div>
            <p class="muted" id="h2h-caption">
              Its record against each of {data.entries.length} {data.entries.length === 1 ? 'opponent' : 'opponents'}, most played first (over every rated run)
            </p>
            <div class="scroll-x">
              <table class="head-to-head" aria-labelledby="h2h-caption">
                <thead>
                  <tr>
                    <th>opponent</th>
                    <th class="num">matches</th>
                    <th class="num" title="wins – draws – losses">W–D–L</th>
                    <th class="num" title="its cooperation rate against this opponent">it cooperated</th>
                    <th class="num" title="the opponent's cooperation rate against it">they cooperated</th>
                    <th class="num hide-phone" title="points per round, its and the opponent's">points / round</th>
                    <th>last rounds (it / them)</th>
                  </tr>
                </thead>
                <tbody>
                  {(all ? data.entries : data.entries.slice(0, FIRST_ROWS)).map((e) => (
                    <tr key={e.opponent.id}>
                      <td>
                        <a href={`/strategies/${encodeURIComponent(e.opponent.id)}`}>{e.opponent.name}</a>
                        <span class="muted owner hide-phone"> {ownerText(e.opponent.owner)}</span>
                      </td>
                      <td class="num">{e.matches}</td>
                      <td class="num">
                        {e.wins}–{e.draws}–{e.losses}
                      </td>
                      <td class="num">{percent(e.cooperation)}</td>
                      <td class="num">{percent(e.opponentCooperation)}</td>
                      <td class="num hide-phone">
                        {fixed(e.scorePerRound)} – {fixed(e.opponentScorePerRound)}
                      </td>
                      <td>
                        <LastRounds {...e.lastRounds} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {data.entries.length > FIRST_ROWS && (
              <p>
                <button type="button" class="secondary" aria-expanded={all} onClick={() => setAll(!all)}>
                  {all ? `Show the first ${FIRST_ROWS} only` : `Show all ${data.entries.length} opponents`}
                </button>
              </p>
            )}
          </div>
        )
      }
    </Loaded>
  )
}
