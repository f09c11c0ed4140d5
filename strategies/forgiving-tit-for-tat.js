/**
 * Forgiving Tit For Tat
 *
 * Cooperates as long as the opponent has defected in at most 10% of the
 * rounds so far; while it has defected more often than that, it plays Tit For
 * Tat (copies the opponent's previous move).
 *
 * Axelrod-Python: ForgivingTitForTat
 * Original name by Thomas Campbell (Axelrod-Python).
 */
// Counted as the match goes: history only grows, so adding the last round is enough.
let defections = 0

export default function move(view) {
  const r = view.round
  if (r > 0 && view.their[r - 1] === 'D') defections += 1
  return defections > r / 10 ? view.their[r - 1] : 'C'
}
