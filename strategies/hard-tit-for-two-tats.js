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
  return view.their.slice(-3).join('').includes('DD') ? 'D' : 'C'
}
