/**
 * The commons as a 2×2, for the dilemma test: one round from the initial
 * stock, one seat against n − 1 others who all do the same.
 *
 *   R  restraint (the sustainable share) when the others all restrain
 *   S  restraint when the others all grab (the largest request)
 *   T  greed (the largest request) when the others all restrain
 *   P  greed when the others all grab
 *
 * The quota cuts every request above it first, greed included, so greed
 * is min(maxRequest, q): a quota at or below the sustainable share makes
 * greed and restraint the same request, and then every outcome pays the
 * same. The effective matrix adds the other mechanisms in expectation: the
 * referee fines greed p × f when it is a defection (destroyed, or shared
 * among the other seats), and aligned rewards give each (1 − a) × its own +
 * a × the mean of all n seats. With n = 2 these are the dilemma's own
 * formulas; with more seats the shared fines still come to S + pf, T − pf
 * and P unchanged, but the group's mean is not the two-player one, hence an
 * effective matrix computed here rather than by dilemma-test.ts.
 */
import { dilemmaTest, type DilemmaTest } from '../dilemma-test'
import type { Payoffs } from '../types'
import { settleRound } from './game'
import { checkGroupSize, isRestrained, sustainableShare } from './rules'
import type { CommonsRules } from './types'

/** One seat's payoff for one round from the initial stock: `mine` against n − 1 seats that all request `others`. */
function firstRound(rules: CommonsRules, n: number, mine: number, others: number, fineWeight: number): number {
  const requests = [mine, ...new Array<number>(n - 1).fill(others)]
  const outcome = settleRound(rules, sustainableShare(rules, n), rules.initialStock, requests, new Array<number>(n).fill(fineWeight))
  return outcome.receipts[0] as number
}

function matrixOf(rules: CommonsRules, n: number, fineWeight: number): Payoffs {
  checkGroupSize(n)
  const restraint = sustainableShare(rules, n)
  const greed = rules.maxRequest
  return {
    R: firstRound(rules, n, restraint, restraint, fineWeight),
    S: firstRound(rules, n, restraint, greed, fineWeight),
    T: firstRound(rules, n, greed, restraint, fineWeight),
    P: firstRound(rules, n, greed, greed, fineWeight),
  }
}

/** The commons' 2×2 for n players: the harvest alone (the quota applied; no referee, no aligned rewards). */
export function commonsMatrix(rules: CommonsRules, n: number): Payoffs {
  return matrixOf({ ...rules, referee: null, align: 0 }, n, 0)
}

/** The 2×2 with every mechanism, in expectation: what each player can count on in one round. */
export function commonsEffectiveMatrix(rules: CommonsRules, n: number): Payoffs {
  return matrixOf(rules, n, rules.referee === null ? 0 : rules.referee.detection)
}

export interface CommonsDilemmaTest extends DilemmaTest {
  players: number
  /** The restrained request: the sustainable share, cut to the quota. */
  restraint: number
  /** The greedy request: maxRequest, cut to the quota. */
  greed: number
  /** The harvest's own 2×2 (commonsMatrix, to 12 significant digits); `effective` adds the referee and aligned rewards. */
  payoffs: Payoffs
}

/** The dilemma test of the commons for n players (dilemma-test.ts on the matrices above). */
export function commonsDilemmaTest(rules: CommonsRules, n: number): CommonsDilemmaTest {
  const harvest = commonsMatrix(rules, n)
  // Rounded as the dilemma test rounds the effective matrix (12 significant digits), for the same reason: readable, stable output.
  const round = (x: number) => Number(x.toPrecision(12))
  const payoffs = { R: round(harvest.R), S: round(harvest.S), T: round(harvest.T), P: round(harvest.P) }
  const share = sustainableShare(rules, n)
  const cut = (r: number) => (rules.quota !== null && r > rules.quota ? rules.quota : r)
  const greed = cut(rules.maxRequest)
  // The referee only names a mechanism when greed is a defection it can fine.
  const fined = rules.referee !== null && !isRestrained(greed, share)
  const test = dilemmaTest({
    payoffs: harvest,
    effective: commonsEffectiveMatrix(rules, n),
    referee: fined ? rules.referee : null,
    align: rules.align,
    turns: rules.turns,
    continuation: rules.continuation,
  })
  if (greed < rules.maxRequest) {
    // The quota is in both matrices already; say so, since the test's text names only the referee and aligned rewards.
    const text = `With the quota, greed is a request of ${String(greed)} instead of ${String(rules.maxRequest)}. ${test.verdict.text}`
    return { players: n, restraint: cut(share), greed, payoffs, ...test, verdict: { code: test.verdict.code, text } }
  }
  return { players: n, restraint: cut(share), greed, payoffs, ...test }
}
