/**
 * The effective matrix: what each move pays the row player in one round,
 * in expectation, once the referee and aligned rewards have done their
 * work (the dilemma test's own numbers). A value the mechanisms moved shows
 * what it was; in each column the better reply is marked, so a row marked
 * twice is a dominant move.
 */
import type { Payoffs } from '../../../src/engine/types'

const show = (x: number) => String(Number(x.toPrecision(6)))

function Cell({ value, was, best, label }: { value: number; was: number; best: boolean; label: string }) {
  const moved = Math.abs(value - was) > 1e-9
  return (
    <td class={`num matrix-cell${best ? ' best' : ''}`} data-cell={label}>
      <span class="matrix-letter" aria-hidden="true">
        {label}
      </span>
      <span class="matrix-value">{show(value)}</span>
      {moved && <span class="matrix-was">was {show(was)}</span>}
      {best && <span class="matrix-best">better reply</span>}
    </td>
  )
}

export function EffectiveMatrix({ payoffs, effective }: { payoffs: Payoffs; effective: Payoffs }) {
  const { R, S, T, P } = effective
  return (
    <div class="scroll-x">
      <table class="matrix" aria-describedby="matrix-note">
        <caption>Your payoff in one round, in expectation</caption>
        <thead>
          <tr>
            <td />
            <th scope="col">They cooperate</th>
            <th scope="col">They defect</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">You cooperate</th>
            <Cell label="R" value={R} was={payoffs.R} best={R >= T} />
            <Cell label="S" value={S} was={payoffs.S} best={S >= P} />
          </tr>
          <tr>
            <th scope="row">You defect</th>
            <Cell label="T" value={T} was={payoffs.T} best={T > R} />
            <Cell label="P" value={P} was={payoffs.P} best={P > S} />
          </tr>
        </tbody>
      </table>
      <p id="matrix-note" class="muted small">
        R reward, S sucker's payoff, T temptation, P punishment. In each column the better reply is marked (ties go to cooperation): a row marked in both columns is a dominant move.
      </p>
    </div>
  )
}
