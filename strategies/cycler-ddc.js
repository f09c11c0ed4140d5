/**
 * Cycler DDC
 *
 * Repeats the cycle D, D, C for the whole match, ignoring the opponent.
 *
 * Axelrod-Python: CyclerDDC
 * Also known as Periodic player DDC (Mittal & Deb 2009).
 */
const CYCLE = 'DDC'

export default function move(view) {
  return CYCLE[view.round % CYCLE.length]
}
