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
  const r = view.round
  const t = view.their // early on, t[-1] and the like are undefined: no defection there
  return t[r - 1] === 'D' || t[r - 2] === 'D' || t[r - 3] === 'D' ? 'D' : 'C'
}
