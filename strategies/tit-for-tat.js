/**
 * Tit For Tat
 *
 * Cooperates on the first move, then copies whatever the opponent did in the
 * previous round. Nice, retaliatory, forgiving and clear: Anatol Rapoport's
 * entry won both of Axelrod's tournaments.
 *
 * Axelrod-Python: TitForTat
 * Reference: Axelrod (1980), "Effective Choice in the Prisoner's Dilemma".
 */
export default function move(view) {
  return view.round === 0 ? 'C' : view.their[view.round - 1]
}
