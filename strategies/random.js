/**
 * Random
 *
 * Cooperates or defects with equal probability every round, ignoring the
 * history entirely. It came 15th in Axelrod's first tournament.
 *
 * Axelrod-Python: Random
 * Also known as Lunatic (Tzafestas 2000). Reference: Axelrod (1980).
 */
export default function move(view) {
  return view.random() < 0.5 ? 'C' : 'D'
}
