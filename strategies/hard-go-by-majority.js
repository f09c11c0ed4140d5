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
export default function move(view) {
  const defections = view.their.filter((m) => m === 'D').length
  const cooperations = view.round - defections
  return defections >= cooperations ? 'D' : 'C'
}
