/**
 * Prober
 *
 * Opens with D, C, C to test the opponent. If the opponent cooperated in
 * both the second and third rounds (it did not retaliate), it defects for the
 * rest of the match; otherwise it plays Tit For Tat.
 *
 * Axelrod-Python: Prober
 * Reference: Li & Kendall (2011).
 */
const OPENING = 'DCC'

export default function move(view) {
  const r = view.round
  if (r < OPENING.length) return OPENING[r]
  if (view.their[1] === 'C' && view.their[2] === 'C') return 'D'
  return view.their[r - 1]
}
