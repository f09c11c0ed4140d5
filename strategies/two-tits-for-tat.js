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
  const r = view.round
  const t = view.their // early on, t[-1] and the like are undefined: no defection there
  return t[r - 1] === 'D' || t[r - 2] === 'D' ? 'D' : 'C'
}
