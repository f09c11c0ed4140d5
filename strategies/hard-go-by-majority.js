/**
 * Hard Go By Majority
 *
 * Looks at the opponent's whole history and defects unless the opponent has
 * cooperated more often than it has defected. Ties (including the first move)
 * go to defection.
 *
 * Axelrod-Python: HardGoByMajority
 * Also known as Hard Majority (Mittal & Deb 2009).
 */
// Counted as the match goes: history only grows, so adding the last round is enough.
let defections = 0

export default function move(view) {
  const r = view.round
  if (r > 0 && view.their[r - 1] === 'D') defections += 1
  const cooperations = r - defections
  return defections >= cooperations ? 'D' : 'C'
}
