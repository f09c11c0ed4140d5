/**
 * Two Tits For Tat
 *
 * Cooperates first, then answers every defection with two defections: it
 * defects whenever the opponent defected in either of the last two rounds.
 *
 * Axelrod-Python: TwoTitsForTat
 * Reference: Axelrod (1984), "The Evolution of Cooperation".
 */
export default function move(view) {
  return view.their.slice(-2).includes('D') ? 'D' : 'C'
}
