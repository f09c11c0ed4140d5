/**
 * Reputation Tit For Tat
 *
 * Tit for Tat that carries what it knows of an opponent into the first move
 * when the tournament shares identities. Anonymous, it is plain Tit for Tat.
 * Knowing the opponent, it opens with D if its own record says so (the
 * opponent defected in the last round of their latest match, or cooperated
 * in less than a third of the rounds they played together) or, when they
 * never met, if the opponent's reputation says so (it cooperated in less than
 * a third of all its rounds so far); otherwise it opens with C. Then it
 * copies the opponent's last move.
 *
 * Axelrod-Python: none
 * Not one of Axelrod's strategies: an example of view.opponent.reputation and
 * view.opponent.history (README, "Shared identities").
 */

/** Below this share of cooperation an opponent is not trusted with the first move. */
const LOW = 1 / 3

/** A fraction from 0 to 1, or null: reputation and history are whatever the host gave, so nothing is assumed. */
function rate(x) {
  return typeof x === 'number' && x >= 0 && x <= 1 ? x : null
}

/** The first move against this opponent: its own experience first, the opponent's reputation when they never met. */
function opening(opponent) {
  if (opponent === null) return 'C'
  const history = opponent.history
  if (history && history.matches > 0) {
    const their = history.lastMoves ? history.lastMoves.their : null
    if (Array.isArray(their) && their[their.length - 1] === 'D') return 'D'
    const theirs = rate(history.theirCooperation)
    return theirs !== null && theirs < LOW ? 'D' : 'C'
  }
  const reputation = opponent.reputation
  const cooperation = reputation ? rate(reputation.cooperationRate) : null
  return cooperation !== null && cooperation < LOW ? 'D' : 'C'
}

export default function move(view) {
  return view.round === 0 ? opening(view.opponent) : view.their[view.round - 1]
}
