/**
 * Appeaser
 *
 * Tries to guess what the opponent wants: it cooperates first, keeps its
 * previous move while the opponent cooperates, and switches between C and D
 * every time the opponent defects.
 *
 * Axelrod-Python: Appeaser
 * Original name by Jochen Müller (Axelrod-Python).
 */
export default function move(view) {
  const r = view.round
  if (r === 0) return 'C'
  const mine = view.my[r - 1]
  if (view.their[r - 1] === 'D') return mine === 'C' ? 'D' : 'C'
  return mine
}
