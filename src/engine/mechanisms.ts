/**
 * What the rules' mechanisms do to a round's payoffs. One function scores a
 * round for the engine and, through the sandbox's table of round payoffs
 * (sandbox/round-scores.ts), for the view (so `view.myScore` is the score
 * the result will show).
 *
 * In this order:
 * - Referee: each defection (as played, after noise) is detected with
 *   probability p, drawn from the match seed, and fined f. `destroyed`: the
 *   defector loses f. `shared`: the defector loses f and the other player
 *   receives it. Expected one-round matrix: destroyed T − pf, P − pf;
 *   shared T − pf, S + pf (R and P unchanged).
 * - Aligned rewards a: each player receives (1 − a) × its own payoff plus
 *   a × the mean of both payoffs.
 */
import { deriveSeed, mulberry32 } from './prng'
import type { Move, Payoffs, Rules } from './types'

/** Payoff to the row player for (mine, theirs). */
export function payoff(p: Payoffs, mine: Move, theirs: Move): number {
  if (mine === 'C') return theirs === 'C' ? p.R : p.S
  return theirs === 'C' ? p.T : p.P
}

/** Whether the rules change any payoff beyond the matrix. */
export function hasPayoffMechanisms(rules: Rules): boolean {
  return (rules.referee !== null && rules.referee.fine !== 0 && rules.referee.detection !== 0) || rules.align !== 0
}

/** Whether the referee needs random draws (a detection probability strictly between 0 and 1). */
export function refereeDraws(rules: Rules): boolean {
  const r = rules.referee
  return r !== null && r.fine !== 0 && r.detection > 0 && r.detection < 1
}

/**
 * Per player, per round: 1 when a defection in that round would be detected,
 * or null when the referee never detects (no referee, p = 0) or always does
 * (p = 1, see `detects`). Drawn from the match seed for every round, whatever
 * is played, so the draws never depend on the moves.
 */
export function drawDetections(rules: Rules, matchSeed: number, rounds: number): [Uint8Array | null, Uint8Array | null] {
  if (!refereeDraws(rules)) return [null, null]
  const p = rules.referee!.detection
  const next = mulberry32(deriveSeed(matchSeed, 'referee'))
  const a = new Uint8Array(rounds)
  const b = new Uint8Array(rounds)
  for (let r = 0; r < rounds; r++) {
    a[r] = next() < p ? 1 : 0
    b[r] = next() < p ? 1 : 0
  }
  return [a, b]
}

/** Whether a defection by a player in round r is detected. */
export function detects(rules: Rules, mask: Uint8Array | null, r: number): boolean {
  const ref = rules.referee
  if (ref === null || ref.fine === 0 || ref.detection === 0) return false
  return mask === null ? true : mask[r] === 1
}

/** Both players' payoffs for one round, mechanisms applied (the order above). */
export function roundPayoffs(rules: Rules, a: Move, b: Move, fineA: boolean, fineB: boolean): [number, number] {
  let x = payoff(rules.payoffs, a, b)
  let y = payoff(rules.payoffs, b, a)
  const ref = rules.referee
  if (ref !== null) {
    const f = ref.fine
    if (fineA) {
      x -= f
      if (ref.fines === 'shared') y += f
    }
    if (fineB) {
      y -= f
      if (ref.fines === 'shared') x += f
    }
  }
  const w = rules.align
  if (w !== 0) {
    const m = (x + y) / 2
    const ax = (1 - w) * x + w * m
    const ay = (1 - w) * y + w * m
    x = ax
    y = ay
  }
  return [x, y]
}
