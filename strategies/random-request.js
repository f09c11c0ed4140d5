/**
 * Random Request
 *
 * Requests an amount drawn uniformly between 0 and the most it may
 * (maxRequest) every round, ignoring the stock and the others.
 *
 * A commons strategy (docs/games.md): the commons' counterpart of Random.
 */
export const games = ['commons']

export default function move(view) {
  return view.random() * view.rules.maxRequest
}
