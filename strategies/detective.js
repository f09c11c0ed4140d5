/**
 * Detective
 *
 * Opens with C, D, C, C to investigate. If the opponent never defected in
 * those four rounds it assumes a pushover and defects for the rest of the
 * match; otherwise it plays Tit For Tat.
 *
 * Axelrod-Python: Detective
 * Reference: Nicky Case, "The Evolution of Trust" (interactive essay, 2017).
 */
const OPENING = 'CDCC'

// Decided once, when the opening ends: the opening moves never change afterwards.
let pushover = false

export default function move(view) {
  const r = view.round
  if (r < OPENING.length) return OPENING[r]
  if (r === OPENING.length) pushover = !view.their.includes('D') // all they have played yet
  if (pushover) return 'D'
  return view.their[r - 1]
}
