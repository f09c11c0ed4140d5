/**
 * Hard Tit For Two Tats
 *
 * Cooperates first, then defects whenever the opponent's last three moves
 * contain two defections in a row: a Tit For Two Tats with a longer memory.
 *
 * Axelrod-Python: HardTitFor2Tats
 * Reference: Stewart & Plotkin (2012).
 */
export default function move(view) {
  const r = view.round
  const t = view.their // early on, t[-1] and the like are undefined: no defection there
  // Two defections in a row among the last three moves: the middle one and a neighbour.
  return t[r - 2] === 'D' && (t[r - 1] === 'D' || t[r - 3] === 'D') ? 'D' : 'C'
}
