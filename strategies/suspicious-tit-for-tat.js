/**
 * Suspicious Tit For Tat
 *
 * Tit For Tat that opens with a defection: defects on the first move, then
 * copies the opponent's previous move.
 *
 * Axelrod-Python: SuspiciousTitForTat
 * Also known as Mistrust (Beaufils et al. 1997). Reference: Hilbe et al. (2013).
 */
export default function move(view) {
  return view.round > 0 && view.their[view.round - 1] === 'C' ? 'C' : 'D'
}
