/**
 * Adaptive
 *
 * Opens with six cooperations and five defections, keeping score of what
 * each move earned. From then on it plays whichever move has earned the
 * larger total so far (defecting on a tie), recalculated every round.
 *
 * Axelrod-Python: Adaptive
 * Reference: Li & Kendall (2011).
 */
const OPENING = 'CCCCCCDDDDD'

export default function move(view) {
  const r = view.round
  if (r < OPENING.length) return OPENING[r]
  const { R, S, T, P } = view.rules.payoffs
  const earned = { C: 0, D: 0 }
  for (let i = 0; i < r; i++) {
    const mine = view.my[i]
    const cooperated = view.their[i] === 'C'
    earned[mine] += mine === 'C' ? (cooperated ? R : S) : cooperated ? T : P
  }
  return earned.C > earned.D ? 'C' : 'D'
}
