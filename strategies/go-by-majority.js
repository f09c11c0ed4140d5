/**
 * Go By Majority
 *
 * Looks at the opponent's whole history and cooperates unless the opponent
 * has defected more often than it has cooperated. Ties (including the first
 * move) go to cooperation. Gail Grisell's entry came 23rd in Axelrod's second
 * tournament.
 *
 * Axelrod-Python: GoByMajority
 * Also known as Soft Majority (Mittal & Deb 2009). Reference: Axelrod (1984).
 */
export default function move(view) {
  const defections = view.their.filter((m) => m === 'D').length
  const cooperations = view.round - defections
  return defections > cooperations ? 'D' : 'C'
}
