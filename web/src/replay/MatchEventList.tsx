/**
 * Every event of a match in round order, each with a button to go to its
 * round: the faults (kind and message) in the open, then the noise flips
 * and referee fines, folded when there are many. A long noisy match has
 * thousands of flips: a list shows the first LIMIT, the strip marks them all.
 */
import type { ComponentChildren } from 'preact'
import { roundName, type MatchEvents } from './events'
import { Mark } from './Marks'
import type { MatchReplay } from './types'

const LIMIT = 100
/** Up to this many flips and fines show at once; more fold under a summary. */
const OPEN = 12

interface Row {
  round: number
  side: 0 | 1
  key: string
  text: ComponentChildren
}

export function MatchEventList({ match, events, go }: { match: MatchReplay; events: MatchEvents; go: (round: number) => void }) {
  const { counts } = events
  const faults: Row[] = []
  const others: Row[] = []
  for (const side of [0, 1] as const) {
    for (const [round, e] of events.byRound[side]) {
      e.faults.forEach((f, i) =>
        faults.push({
          round,
          side,
          key: `fault-${side}-${round}-${i}`,
          text: (
            <>
              <Mark kind="fault" /> <code>{f.kind}</code>: {f.message}
            </>
          ),
        }),
      )
      if (e.flip) others.push({ round, side, key: `flip-${side}-${round}`, text: <><Mark kind="flip" /> noise flipped the intended move</> })
      if (e.fine) others.push({ round, side, key: `fine-${side}-${round}`, text: <><Mark kind="fine" /> the referee fined a defection</> })
    }
  }
  const byRound = (x: Row, y: Row) => x.round - y.round || x.side - y.side
  faults.sort(byRound)
  others.sort(byRound)
  const name = (s: 0 | 1) => `${s === 0 ? 'A' : 'B'}: ${(s === 0 ? match.a : match.b).name}`
  const recorded = (s: 0 | 1) => (counts.faults[s] > counts.recordedFaults[s] ? ` (the first ${counts.recordedFaults[s]} are recorded)` : '')
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`
  const table = (rows: Row[], caption: string) => (
    <div class="scroll-x">
      <table class="event-list">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Round</th>
            <th scope="col">Player</th>
            <th scope="col">What</th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, LIMIT).map((r) => (
            <tr key={r.key}>
              <td class="num">
                {r.round < 0 ? (
                  'set-up'
                ) : (
                  <button type="button" class="link" onClick={() => go(r.round)} aria-label={`Go to ${roundName(r.round)}`}>
                    {r.round + 1}
                  </button>
                )}
              </td>
              <td>{name(r.side)}</td>
              <td>{r.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > LIMIT && <p class="muted">And {rows.length - LIMIT} more, all marked on the strip.</p>}
    </div>
  )
  return (
    <section aria-labelledby="events-heading">
      <h2 id="events-heading">Faults, noise and fines</h2>
      <ul class="event-counts">
        {([0, 1] as const).map((s) => (
          <li key={s}>
            <strong>{name(s)}</strong>: {plural(counts.faults[s], 'fault', 'faults')}
            {recorded(s)}, {plural(counts.flips[s], 'noise flip', 'noise flips')}, {plural(counts.fines[s], 'fine', 'fines')}
          </li>
        ))}
      </ul>
      {faults.length + others.length === 0 && <p class="muted">Nothing went wrong in this match: no fault, no noise flip, no fine.</p>}
      {faults.length > 0 && table(faults, 'Faults (the round of a fault is played as D)')}
      {others.length > 0 &&
        (others.length <= OPEN ? (
          table(others, 'Noise flips and fines')
        ) : (
          <details>
            <summary>All {others.length} noise flips and fines, in round order</summary>
            {table(others, 'Noise flips and fines')}
          </details>
        ))}
    </section>
  )
}
