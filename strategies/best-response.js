/**
 * Best Response
 *
 * Plays every round as if it were the only one. It works out the one-round
 * matrix the rules leave each player in expectation (the payoffs, minus a
 * referee's expected fine p × f, mixed by aligned rewards a) and plays the
 * move that pays at least as much whatever the other does: D in a plain
 * prisoner's dilemma, C once a fine or aligned rewards make cooperation
 * dominant. When neither move dominates (a stag hunt, chicken) it plays Tit
 * for Tat.
 *
 * Axelrod-Python: none
 * Not one of Axelrod's strategies: an example of view.rules.referee and
 * view.rules.align, the self-interested player mechanism design counts on
 * (docs/cli.md, "arena experiment").
 */

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

export default function move(view) {
  if (view.round === 0) dominant = dominantMove(view.rules)
  if (dominant !== null) return dominant
  return view.round === 0 ? 'C' : view.their[view.round - 1]
}
