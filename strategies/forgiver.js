/**
 * Forgiver
 *
 * Cooperates as long as the opponent has defected in at most 10% of the
 * rounds so far, and defects while it has defected more often than that.
 *
 * Axelrod-Python: Forgiver
 * Original name by Thomas Campbell (Axelrod-Python).
 */
export default function move(view) {
  const defections = view.their.filter((m) => m === 'D').length
  return defections > view.round / 10 ? 'D' : 'C'
}
