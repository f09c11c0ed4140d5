/**
 * Best Response
 *
 * Plays the commons as a one-round game, as the dilemma test reads it. It
 * expects the other players all to do what they did on average last round
 * (to restrain, in the first round): restrain if their mean request was at
 * most the sustainable share, grab otherwise. Against that it picks
 * whichever of restraint (the share) and greed (maxRequest) pays it more in
 * this round, from this stock, with every mechanism in expectation: the
 * quota, the referee's fine and aligned rewards; restraint on a tie. So it
 * plays the dominant move whenever there is one: greed without mechanisms,
 * restraint once a fine or alignment makes restraint pay more whatever the
 * others do.
 *
 * A commons strategy (docs/games.md): what changing the game does to a
 * player who only weighs the round at hand.
 */
export const games = ['commons']

/** Restrained up to the share, allowing for rounding in the others' arithmetic. */
function restrained(request, share) {
  return request <= share + share * 1e-9
}

/** What a request of `mine` pays in expectation this round when each of the others requests `theirs`. */
function payoff(view, mine, theirs) {
  const { capacity, referee, align, quota } = view.rules
  const n = view.players
  const share = view.sustainableShare
  if (quota !== null && mine > quota) mine = quota
  if (quota !== null && theirs > quota) theirs = quota
  const demand = mine + (n - 1) * theirs
  let served = demand <= capacity ? demand : capacity * (capacity / demand)
  if (served > view.stock) served = view.stock
  let own = demand > 0 ? (served * mine) / demand : 0
  let other = demand > 0 ? (served * theirs) / demand : 0
  if (referee !== null) {
    const fine = referee.detection * referee.fine
    const shared = referee.fines === 'shared'
    if (!restrained(mine, share)) {
      own -= fine
      if (shared) other += fine / (n - 1)
    }
    if (!restrained(theirs, share)) {
      other -= fine
      // Each of the others' fines is shared among the n − 1 seats other than its payer: me and n − 2 others.
      if (shared) {
        own += fine
        other += ((n - 2) * fine) / (n - 1)
      }
    }
  }
  return (1 - align) * own + align * ((own + (n - 1) * other) / n)
}

export default function move(view) {
  const r = view.round
  const share = view.sustainableShare
  const greed = view.rules.maxRequest
  let theirs = share
  if (r > 0) {
    let total = 0
    for (const other of view.others) total += other.requests[r - 1]
    if (!restrained(total / view.others.length, share)) theirs = greed
  }
  return payoff(view, greed, theirs) > payoff(view, share, theirs) ? greed : share
}
