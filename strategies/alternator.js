/**
 * Alternator
 *
 * Cooperates on the first move, then plays the opposite of its own previous
 * move: C, D, C, D... regardless of the opponent.
 *
 * Axelrod-Python: Alternator
 * Also known as Periodic player CD (Mittal & Deb 2009). Reference: Axelrod (1984).
 */
export default function move(view) {
  if (view.round === 0) return 'C'
  return view.my[view.round - 1] === 'C' ? 'D' : 'C'
}
