/**
 * Prober 2
 *
 * Opens with D, C, C. If the opponent answered with D then C in the second
 * and third rounds (it punished once, then forgave), it cooperates for the
 * rest of the match; otherwise it plays Tit For Tat.
 *
 * Axelrod-Python: Prober2
 * Reference: PRISON project (1998).
 */
const OPENING = 'DCC'

export default function move(view) {
  const r = view.round
  if (r < OPENING.length) return OPENING[r]
  if (view.their[1] === 'D' && view.their[2] === 'C') return 'C'
  return view.their[r - 1]
}
