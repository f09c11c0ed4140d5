/**
 * Conditional Cooperator
 *
 * Restrained while the others were: it requests the sustainable share in
 * the first round and after every round in which the others' mean request
 * was at most the share, and the most it may (maxRequest) after a round in
 * which they took more on average. It forgives as soon as they restrain
 * themselves again.
 *
 * A commons strategy (docs/games.md): Tit for Tat for a group.
 */
export const games = ['commons']

/** Restrained up to the share, allowing for rounding in the others' arithmetic. */
function restrained(request, share) {
  return request <= share + share * 1e-9
}

export default function move(view) {
  const r = view.round
  const share = view.sustainableShare
  if (r === 0) return share
  let total = 0
  for (const other of view.others) total += other.requests[r - 1]
  return restrained(total / view.others.length, share) ? share : view.rules.maxRequest
}
