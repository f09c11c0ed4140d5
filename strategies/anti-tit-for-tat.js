/**
 * Anti Tit For Tat
 *
 * Cooperates on the first move, then plays the opposite of the opponent's
 * previous move. Like Bully, except for the first move.
 *
 * Axelrod-Python: AntiTitForTat
 * Also known as Psycho (Ashlock et al. 2009). Reference: Hilbe et al. (2013).
 */
export default function move(view) {
  return view.round > 0 && view.their[view.round - 1] === 'C' ? 'D' : 'C'
}
