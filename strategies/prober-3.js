/**
 * Prober 3
 *
 * Opens with D, C. If the opponent cooperated in the second round (it did
 * not retaliate for the opening defection), it defects for the rest of the
 * match; otherwise it plays Tit For Tat.
 *
 * Axelrod-Python: Prober3
 * Reference: PRISON project (1998).
 */
const OPENING = 'DC'

export default function move(view) {
  const r = view.round
  if (r < OPENING.length) return OPENING[r]
  if (view.their[1] === 'C') return 'D'
  return view.their[r - 1]
}
