/**
 * Stock Fraction
 *
 * Requests a fixed fraction of the stock: the sustainable share when the
 * stock is full (maxStock), less as the stock falls, in proportion. A group
 * of them harvests less as the stock thins and settles where the regrowth
 * pays for its harvest; nothing is left to take after a collapse.
 *
 * A commons strategy (docs/games.md): proportional harvesting.
 */
export const games = ['commons']

export default function move(view) {
  return Math.min((view.sustainableShare * view.stock) / view.rules.maxStock, view.rules.maxRequest)
}
