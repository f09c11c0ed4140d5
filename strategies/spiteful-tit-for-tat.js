/**
 * Spiteful Tit For Tat
 *
 * Plays Tit For Tat until the opponent defects twice in a row; from then on
 * it defects for the rest of the match.
 *
 * Axelrod-Python: SpitefulTitForTat
 * Reference: PRISON project (1998).
 */
// Remembered as the match goes: history only grows, so checking the last two rounds is enough.
let spiteful = false

export default function move(view) {
  const r = view.round
  if (r === 0) return 'C'
  const last = view.their[r - 1]
  if (last === 'D' && view.their[r - 2] === 'D') spiteful = true
  return spiteful ? 'D' : last
}
