/**
 * A finished dilemma run's matches, each linking to its replay. A big run has
 * thousands (the demo: 6,375, 1.5 MB of JSON), so past a thousand the list
 * starts at the winner's matches, fetched with the API's strategy filter;
 * "all strategies" fetches every one. The opponent filter and the pages are
 * worked out in the page.
 */
import { useState } from 'preact/hooks'
import { api, ok } from '../api'
import { Loaded, useLoad } from '../ui/load'
import { Pager, usePage } from './Pager'
import type { MatchSummary } from './types'

const LOAD_ALL_UP_TO = 1000
const PAGE = 50
const ALL = ''

interface Props {
  runId: string
  players: readonly { strategyId: string; name: string }[]
  winnerId: string
  /** How many matches the run played. */
  count: number
}

export function Matches({ runId, players, winnerId, count }: Props) {
  const [strategy, setStrategy] = useState(count <= LOAD_ALL_UP_TO ? ALL : winnerId)
  const [against, setAgainst] = useState(ALL)
  const names = new Map(players.map((p) => [p.strategyId, p.name]))
  const nameOf = (id: string) => names.get(id) ?? id
  const load = useLoad(
    () => ok(api.api.runs[':id'].matches.$get({ param: { id: runId }, query: strategy ? { strategyId: strategy } : {} })),
    [runId, strategy],
  )
  const sorted = [...players].sort((a, b) => a.name.localeCompare(b.name))
  return (
    <div class="matches">
      <div class="row match-filters">
        <label>
          Strategy
          <select
            value={strategy}
            onChange={(e) => {
              setStrategy((e.target as HTMLSelectElement).value)
              setAgainst(ALL)
            }}
          >
            <option value={ALL}>All strategies{count > LOAD_ALL_UP_TO ? ` (${count} matches)` : ''}</option>
            {sorted.map((p) => (
              <option key={p.strategyId} value={p.strategyId}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        {strategy && (
          <label>
            Against
            <select value={against} onChange={(e) => setAgainst((e.target as HTMLSelectElement).value)}>
              <option value={ALL}>Everyone</option>
              {sorted.map((p) => (
                <option key={p.strategyId} value={p.strategyId}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {load.loading && load.data && <span class="muted" role="status">Loading…</span>}
      </div>
      <Loaded load={load}>
        {({ entries }) => {
          const shown = strategy && against ? entries.filter((m) => involves(m, strategy, against)) : entries
          return <MatchTable matches={shown} nameOf={nameOf} resetKey={`${strategy}/${against}`} />
        }}
      </Loaded>
    </div>
  )
}

const score = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2))

/** A match between these two (either side; a strategy against itself too). */
function involves(m: MatchSummary, one: string, other: string): boolean {
  return (m.a.strategyId === one && m.b.strategyId === other) || (m.b.strategyId === one && m.a.strategyId === other)
}

function MatchTable({ matches, nameOf, resetKey }: { matches: readonly MatchSummary[]; nameOf: (id: string) => string; resetKey: string }) {
  const { shown, page, pages, go } = usePage(matches, PAGE, resetKey)
  if (matches.length === 0) return <p class="muted">No match here.</p>
  return (
    <>
      <p class="muted">{matches.length} matches</p>
      <div class="scroll-x">
        <table class="match-table">
          <thead>
            <tr>
              <th scope="col">Match</th>
              <th class="num" scope="col">
                Repetition
              </th>
              <th class="num" scope="col">
                Score
              </th>
              <th class="num" scope="col">
                Rounds
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((m) => (
              <tr key={m.id}>
                <td>
                  <a href={`/matches/${m.id}`}>
                    {nameOf(m.a.strategyId)} vs {nameOf(m.b.strategyId)}
                  </a>
                  {m.infraError && <span class="error"> not played</span>}
                </td>
                <td class="num">{m.repetition + 1}</td>
                <td class="num">
                  {score(m.a.score)} : {score(m.b.score)}
                </td>
                <td class="num">{m.turns}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={page} pages={pages} go={go} label="Pages of matches" />
    </>
  )
}
