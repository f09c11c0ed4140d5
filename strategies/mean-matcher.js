/**
 * Mean Matcher
 *
 * Requests what the others requested on average in the last round (the
 * sustainable share in the first round): it follows the group, restrained
 * among the restrained and greedy among the greedy, and in a mixed group it
 * drifts to the mean.
 *
 * A commons strategy (docs/games.md).
 */
export const games = ['commons']

export default function move(view) {
  const r = view.round
  if (r === 0) return view.sustainableShare
  let total = 0
  for (const other of view.others) total += other.requests[r - 1]
  return Math.min(total / view.others.length, view.rules.maxRequest)
}
