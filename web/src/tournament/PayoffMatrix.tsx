/** The 2×2 payoff matrix: what the row player (you) and the column player get for each pair of moves. */
import type { Payoffs } from '../../../src/engine/types'
import { num } from './rules-words'

const CELLS: [string, keyof Payoffs, keyof Payoffs][][] = [
  [
    ['both cooperate', 'R', 'R'],
    ['you cooperate, they defect', 'S', 'T'],
  ],
  [
    ['you defect, they cooperate', 'T', 'S'],
    ['both defect', 'P', 'P'],
  ],
]

export function PayoffMatrix({ payoffs, caption }: { payoffs: Payoffs; caption: string }) {
  return (
    <table class="payoff-matrix">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <td />
          <th scope="col">They cooperate</th>
          <th scope="col">They defect</th>
        </tr>
      </thead>
      <tbody>
        {CELLS.map((row, i) => (
          <tr key={i}>
            <th scope="row">{i === 0 ? 'You cooperate' : 'You defect'}</th>
            {row.map(([what, mine, theirs]) => (
              <td key={mine} class={`payoff payoff-${mine}`} data-payoff={mine} title={what}>
                <span class="payoff-letter">{mine}</span> <span class="payoff-value num">{num(payoffs[mine])}</span>
                <span class="payoff-theirs muted"> they get {num(payoffs[theirs])}</span>
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
