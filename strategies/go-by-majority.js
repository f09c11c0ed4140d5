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
// Counted as the match goes: history only grows, so adding the last round is enough.
let defections = 0

export default function move(view) {
  const r = view.round
  if (r > 0 && view.their[r - 1] === 'D') defections += 1
  const cooperations = r - defections
  return defections > cooperations ? 'D' : 'C'
}
