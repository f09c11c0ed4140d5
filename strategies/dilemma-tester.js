/**
 * Dilemma Tester
 *
 * Applies the essay's dilemma test to the rules it is given and plays what
 * it recommends. When the effective one-round matrix (the payoffs with a
 * referee's expected fine and aligned rewards applied) makes cooperation
 * dominant, it cooperates. When defection dominates, it asks whether there
 * is a future to punish in: with a continuation probability w, or w = 1 − 1/n
 * for a known length of n rounds, at least Axelrod's threshold
 * max((T − R) / (T − P), (T − R) / (R − S)), it plays Tit for Tat (to the
 * end: it does not exploit a known last round); below it, a single round
 * included, it defects. When neither move dominates, it plays Tit for Tat.
 *
 * Axelrod-Python: none
 * Not one of Axelrod's strategies: an example of reading view.rules
 * (turns, continuation, referee, align), as `arena rules` does
 * (docs/cli.md, "arena experiment").
 */

/** 'C' or 'D' for the whole match, or null for Tit for Tat; decided once a match from view.rules. */
let plan

/** The one-round matrix the rules leave each player in expectation (see Best Response). */
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

function decide(rules) {
  const { R, S, T, P } = effective(rules)
  if (R >= T && S >= P) return 'C'
  if (!(T >= R && P >= S)) return null
  // Defection dominates. Without a gain from mutual cooperation there is nothing to sustain.
  if (!(R > P && R > S)) return 'D'
  const w = rules.turns === null ? rules.continuation : 1 - 1 / rules.turns
  const threshold = Math.max((T - R) / (T - P), (T - R) / (R - S))
  return w >= threshold ? null : 'D'
}

export default function move(view) {
  if (view.round === 0) plan = decide(view.rules)
  if (plan !== null) return plan
  return view.round === 0 ? 'C' : view.their[view.round - 1]
}
