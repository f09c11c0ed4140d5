/**
 * Best Response
 *
 * Plays every round as if it were the only one, in both games: it works out
 * what the rules leave each player in one round, in expectation (a
 * referee's expected fine p × f, aligned rewards a, a quota), and plays the
 * move that pays at least as much whatever the others do.
 *
 * - Dilemma: D in a plain prisoner's dilemma, C once a fine or aligned
 *   rewards make cooperation dominant; when neither move dominates (a stag
 *   hunt, chicken) it plays Tit for Tat.
 * - Commons: it expects the other players all to do what they did on
 *   average last round (to restrain, in the first round) and picks
 *   whichever of restraint (the sustainable share) and greed (maxRequest)
 *   pays it more this round, from this stock; restraint on a tie.
 *
 * Axelrod-Python: none
 * Not one of Axelrod's strategies: an example of view.rules' mechanisms and
 * of one module playing both games (export const games, view.game): the
 * self-interested player mechanism design counts on (docs/mechanisms.md,
 * docs/games.md).
 */
export const games = ['dilemma', 'commons']

/** The move that dominates in one round ('C', 'D'), or null; worked out once a match from view.rules. */
let dominant

/**
 * What the rules leave each player in one round, in expectation: a referee
 * detects a defection with probability p and fines it f (destroyed: T − pf,
 * P − pf; shared with the victim: T − pf, S + pf); aligned rewards a give
 * each (1 − a) × its payoff + a × the mean of both (T and S move towards
 * their mean, R and P stay).
 */
function effective(rules) {
  let { R, S, T, P } = rules.payoffs
  const referee = rules.referee
  if (referee) {
    const expected = referee.detection * referee.fine
    T -= expected
    if (referee.fines === 'shared') S += expected
    else P -= expected
  }
  const a = rules.align
  if (typeof a === 'number' && a > 0) {
    const shift = (a * (T - S)) / 2
    T -= shift
    S += shift
  }
  return { R, S, T, P }
}

function dominantMove(rules) {
  const { R, S, T, P } = effective(rules)
  // Cooperating never pays less: ties go to cooperation.
  if (R >= T && S >= P) return 'C'
  if (T >= R && P >= S) return 'D'
  return null
}

function dilemmaMove(view) {
  if (view.round === 0) dominant = dominantMove(view.rules)
  if (dominant !== null) return dominant
  return view.round === 0 ? 'C' : view.their[view.round - 1]
}

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

function commonsMove(view) {
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

export default function move(view) {
  return view.game === 'commons' ? commonsMove(view) : dilemmaMove(view)
}
