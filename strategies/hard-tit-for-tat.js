/**
 * Hard Tit For Tat
 *
 * Cooperates first, then defects whenever the opponent defected in any of the
 * last three rounds: a Tit For Tat with a longer memory for retaliation.
 *
 * Axelrod-Python: HardTitForTat
 * Reference: the prisoners-dilemma.com competition (2017).
 */
export default function move(view) {
  return view.their.slice(-3).includes('D') ? 'D' : 'C'
}
