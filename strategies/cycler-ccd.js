/**
 * Cycler CCD
 *
 * Repeats the cycle C, C, D for the whole match, ignoring the opponent.
 *
 * Axelrod-Python: CyclerCCD
 * Also known as Periodic player CCD (Mittal & Deb 2009).
 */
const CYCLE = 'CCD'

export default function move(view) {
  return CYCLE[view.round % CYCLE.length]
}
