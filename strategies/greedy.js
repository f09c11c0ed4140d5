/**
 * Greedy
 *
 * Requests the most the rules allow (maxRequest) every round, whatever the
 * others do or the stock holds. In a single round that pays more than
 * restraint against anyone; a group of them congests the commons and
 * drains the stock until it collapses.
 *
 * A commons strategy (docs/games.md): the commons' counterpart of Defector.
 */
export const games = ['commons']

export default function move(view) {
  return view.rules.maxRequest
}
