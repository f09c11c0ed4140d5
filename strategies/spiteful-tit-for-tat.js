/**
 * Spiteful Tit For Tat
 *
 * Plays Tit For Tat until the opponent defects twice in a row; from then on
 * it defects for the rest of the match.
 *
 * Axelrod-Python: SpitefulTitForTat
 * Reference: PRISON project (1998).
 */
export default function move(view) {
  if (view.round === 0) return 'C'
  if (view.their.join('').includes('DD')) return 'D'
  return view.their[view.round - 1]
}
