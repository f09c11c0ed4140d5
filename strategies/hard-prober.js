/**
 * Hard Prober
 *
 * Opens with D, D, C, C. If the opponent cooperated in both the second and
 * third rounds, it defects for the rest of the match; otherwise it plays Tit
 * For Tat.
 *
 * Axelrod-Python: HardProber
 * Reference: PRISON project (1998).
 */
const OPENING = 'DDCC'

export default function move(view) {
  const r = view.round
  if (r < OPENING.length) return OPENING[r]
  if (view.their[1] === 'C' && view.their[2] === 'C') return 'D'
  return view.their[r - 1]
}
