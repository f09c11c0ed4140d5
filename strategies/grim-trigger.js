/**
 * Grim Trigger
 *
 * Requests the sustainable share until any other player requests more than
 * the share once; from then on it requests the most it may (maxRequest) for
 * the rest of the group, never forgiving.
 *
 * A commons strategy (docs/games.md): Grudger for a group.
 */
export const games = ['commons']

// Remembered as the group goes: history only grows, so checking the last round is enough.
let triggered = false

export default function move(view) {
  const r = view.round
  const share = view.sustainableShare
  if (r > 0 && !triggered) {
    for (const other of view.others) {
      // Restrained up to the share, allowing for rounding in the others' arithmetic.
      if (other.requests[r - 1] > share + share * 1e-9) triggered = true
    }
  }
  return triggered ? view.rules.maxRequest : share
}
