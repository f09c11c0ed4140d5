/** The current round of a match in words and numbers: both moves, payoffs, running totals and what else happened. */
import type { ComponentChildren } from 'preact'
import type { MatchEvents } from './events'
import { Mark } from './Marks'
import type { MatchReplay } from './types'

export function MatchReadout({ match, events, round, totals, live }: { match: MatchReplay; events: MatchEvents; round: number; totals: [number[], number[]]; live: boolean }) {
  const sides = [0, 1] as const
  const side = (s: 0 | 1) => (s === 0 ? match.a : match.b)
  const move = (s: 0 | 1) => (side(s).moves[round] === 'C' ? 'C' : 'D')
  const fine = match.rules.referee?.fine ?? 0
  const happened = (s: 0 | 1) => {
    const e = events.byRound[s].get(round)
    const lines: ComponentChildren[] = []
    if (e?.flip) {
      lines.push(
        <>
          <Mark kind="flip" /> noise flipped the intended {move(s) === 'C' ? 'D' : 'C'} into {move(s)}
        </>,
      )
    }
    if (e?.fine) {
      lines.push(
        <>
          <Mark kind="fine" /> the referee caught the defection: fined {fine}
          {match.rules.referee?.fines === 'shared' ? ', paid to the other player' : ''}
        </>,
      )
    }
    for (const f of e?.faults ?? []) {
      lines.push(
        <>
          <Mark kind="fault" /> fault <code>{f.kind}</code>: {f.message} (played D)
        </>,
      )
    }
    const said = match.announcements?.[s][round]
    if (said === 'C' || said === 'D') lines.push(<>announced {said}</>)
    return lines.length ? (
      <ul class="plain">
        {lines.map((l, i) => (
          <li key={i}>{l}</li>
        ))}
      </ul>
    ) : (
      <span class="muted">nothing else</span>
    )
  }
  const num = (x: number | undefined) => (x === undefined ? '–' : Number.isInteger(x) ? String(x) : x.toFixed(2))
  return (
    <div class="readout scroll-x" aria-live={live ? 'polite' : 'off'}>
      <table>
        <caption>
          Round <strong class="readout-round">{round + 1}</strong> of {match.a.moves.length}
        </caption>
        <thead>
          <tr>
            <th scope="col">
              <span class="visually-hidden">What</span>
            </th>
            {sides.map((s) => (
              <th key={s} scope="col">
                {s === 0 ? 'A' : 'B'}: {side(s).name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Move</th>
            {sides.map((s) => (
              <td key={s} data-side={s === 0 ? 'A' : 'B'} class="readout-move">
                <span class={`cell ${move(s) === 'C' ? 'c' : 'd'}`}>{move(s)}</span> {move(s) === 'C' ? 'cooperated' : 'defected'}
              </td>
            ))}
          </tr>
          <tr>
            <th scope="row">Payoff</th>
            {sides.map((s) => (
              <td key={s} class="num" data-side={s === 0 ? 'A' : 'B'}>
                {num(match.payoffs[round]?.[s])}
              </td>
            ))}
          </tr>
          <tr>
            <th scope="row">Total so far</th>
            {sides.map((s) => (
              <td key={s} class="num readout-total" data-side={s === 0 ? 'A' : 'B'}>
                {num(totals[s][round])}
              </td>
            ))}
          </tr>
          <tr>
            <th scope="row">Also</th>
            {sides.map((s) => (
              <td key={s}>{happened(s)}</td>
            ))}
          </tr>
        </tbody>
      </table>
    </div>
  )
}
