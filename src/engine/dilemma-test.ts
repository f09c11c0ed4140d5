/**
 * The essay's dilemma test: given a payoff matrix, the mechanisms that
 * change it, and the shadow of the future, answer its two questions with
 * numbers.
 *
 * 1. Does defecting pay more for each player whatever the other does, in one
 *    round? Asked of the effective matrix (what the mechanisms leave each
 *    player in expectation) and named by the classifier.
 * 2. Is the game effectively one-shot, with no future to punish in? With a
 *    continuation probability w, Tit for Tat is stable (Axelrod) when
 *    w ≥ max((T − R) / (T − P), (T − R) / (R − S)). With a known length n,
 *    the last round is one-shot (backward induction), and w = 1 − 1/n stands
 *    for the rounds before it.
 *
 * Effective matrix, in this order:
 * - Referee: a defection is detected with probability p and fined f.
 *   `destroyed`: T − pf, P − pf (R and S unchanged).
 *   `shared`: the fine goes to the victim: T − pf, S + pf (R and P unchanged:
 *   when both defect, each pays and receives the same expected fine).
 * - Aligned rewards a: each receives (1 − a) × its own payoff + a × the mean
 *   of both: R and P unchanged, T − a(T − S)/2, S + a(T − S)/2.
 */
import { classifyGame, type GameClassification } from './classify'
import type { Payoffs, Referee } from './types'

export type { Referee }

export interface DilemmaTestInput {
  payoffs: Payoffs
  referee?: Referee | null
  /** Reward alignment a in [0, 1]. */
  align?: number | null
  /** A known length, or... */
  turns?: number | null
  /** ...a probability of another round. */
  continuation?: number | null
  /**
   * The effective matrix, when the caller computed it: a game of more than
   * two players (the commons) shares fines and aligns rewards among all its
   * seats, which the two-player formulas above do not describe. `referee`
   * and `align` then only name the mechanisms in the verdict's text.
   */
  effective?: Payoffs | null
}

export type VerdictCode = 'real-dilemma' | 'not-a-dilemma' | 'dilemma-with-future'

export interface DilemmaTest {
  effective: { payoffs: Payoffs }
  classification: GameClassification
  /** Axelrod's threshold on the effective matrix, or null when it is not a dilemma. */
  threshold: number | null
  /** The continuation probability the verdict used (1 − 1/n for a known length n). */
  continuation: number
  verdict: { code: VerdictCode; text: string }
}

/** What the mechanisms leave each player, in expectation. */
export function effectivePayoffs(payoffs: Payoffs, referee: Referee | null = null, align: number | null = null): Payoffs {
  let { R, S, T, P } = payoffs
  if (referee) {
    const expected = referee.detection * referee.fine
    T -= expected
    if (referee.fines === 'destroyed') P -= expected
    else S += expected
  }
  if (align) {
    const shift = (align * (T - S)) / 2
    T -= shift
    S += shift
  }
  return { R, S, T, P }
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

/** The mechanisms in `input`, in words ("the referee's fine (3 × detection 1, destroyed)"). */
function mechanismNames(input: DilemmaTestInput): string {
  const names: string[] = []
  if (input.referee) names.push(`the referee's fine (${show(input.referee.fine)}, detected with probability ${show(input.referee.detection)}, ${input.referee.fines})`)
  if (input.align) names.push(`aligned rewards (a = ${show(input.align)})`)
  return names.length > 0 ? names.join(' and ') : 'the rules'
}

const round = (x: number) => Number(x.toPrecision(12))
const show = (x: number) => String(round(x))

/** The dilemma test (see the top of this file). */
export function dilemmaTest(input: DilemmaTestInput): DilemmaTest {
  const payoffs = input.effective ?? effectivePayoffs(input.payoffs, input.referee ?? null, input.align ?? null)
  const effective = { payoffs: { R: round(payoffs.R), S: round(payoffs.S), T: round(payoffs.T), P: round(payoffs.P) } }
  const classification = classifyGame(effective.payoffs)
  const known = input.continuation == null
  const n = input.turns ?? 200
  const w = known ? 1 - 1 / n : input.continuation!
  const verdict = (threshold: number | null, code: VerdictCode, text: string): DilemmaTest => ({
    effective,
    classification,
    threshold,
    continuation: round(w),
    verdict: { code, text },
  })
  if (!classification.dilemma) {
    const changed = classifyGame(input.payoffs).dilemma ? mechanismNames(input) : null
    const dominant = classification.kind === 'harmony' ? ' Cooperation is the dominant move.' : ''
    const text = changed
      ? `Not a dilemma any more: with ${changed}, the prisoner's dilemma becomes ${classification.kind}. ${capitalise(classification.reason)}.${dominant}`
      : `Not a dilemma: ${classification.reason}.${dominant}`
    return verdict(null, 'not-a-dilemma', text)
  }
  const { R, S, T, P } = effective.payoffs
  const exact = Math.max((T - R) / (T - P), (T - R) / (R - S))
  const threshold = round(exact)
  const matrix = `T=${show(T)} > R=${show(R)} > P=${show(P)} > S=${show(S)}: defecting pays more whatever the other does, in one round`
  const changeIt = "Change the matrix (a referee's fine, aligned rewards)."
  if (known && n === 1) return verdict(threshold, 'real-dilemma', `A real dilemma: ${matrix}, and a single round leaves no future to punish in. ${changeIt}`)
  const horizon = known ? `a known length of ${n} rounds` : `a continuation probability of ${show(w)}`
  const lastRound = known ? ` The known last round is one-shot (backward induction); for the rounds before it w = 1 − 1/${n} = ${show(w)}.` : ''
  const axelrod = "(Axelrod's threshold for Tit for Tat to be stable)"
  // Compared before rounding (a w given as 2/3 meets a threshold of 2/3), with room for floating-point error.
  if (w >= exact - 1e-12) {
    return verdict(threshold, 'dilemma-with-future', `A dilemma with a future: ${matrix}, but with ${horizon} w = ${show(w)} ≥ ${show(threshold)} ${axelrod}, so the shadow of the future can sustain cooperation.${lastRound}`)
  }
  return verdict(threshold, 'real-dilemma', `A real dilemma: ${matrix}, and with ${horizon} w = ${show(w)} < ${show(threshold)} ${axelrod}, the future is too short to punish in. ${changeIt}${lastRound}`)
}
