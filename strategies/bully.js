/**
 * Bully
 *
 * The exact opposite of Tit For Tat: defects on the first move, then plays
 * the opposite of the opponent's previous move, exploiting cooperators and
 * backing down against defectors.
 *
 * Axelrod-Python: Bully
 * Also known as Reverse Tit For Tat (Nachbar 1992).
 */
export default function move(view) {
  return view.round > 0 && view.their[view.round - 1] === 'D' ? 'C' : 'D'
}
