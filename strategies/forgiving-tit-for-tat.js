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
export default function move(view) {
  const defections = view.their.filter((m) => m === 'D').length
  return defections > view.round / 10 ? view.their[view.round - 1] : 'C'
}
