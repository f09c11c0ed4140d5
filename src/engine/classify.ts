/**
 * Checking and naming payoff matrices. A symmetric 2x2 game is given by the
 * four payoffs to the row player: R (both cooperate), S (I cooperate, they
 * defect), T (I defect, they cooperate), P (both defect). Which game it is
 * depends only on the order of the four numbers (the ordinal 2x2 games of
 * Rapoport & Guyer, Robinson & Goforth), and mostly on two comparisons:
 *
 *   greed: T vs R — does defecting pay against a cooperator?
 *   fear:  P vs S — does defecting pay against a defector?
 *
 *   greed and fear      → defection dominates: prisoner's dilemma (R > P) or deadlock (P > R)
 *   neither             → cooperation dominates: harmony
 *   fear, no greed      → coordination: stag hunt (R > T ≥ P > S) or another coordination game
 *   greed, no fear      → anti-coordination: chicken / snowdrift / hawk-dove (T > R > S > P) or another one
 *
 * Pure functions, no I/O.
 */
import { PAYOFF_KEYS } from './rules'
import type { Payoffs } from './types'

export type GameKind =
  /** T > R > P > S: defection dominates, yet mutual cooperation beats mutual defection. */
  | 'prisoners-dilemma'
  /** R > T ≥ P > S: mutual cooperation is the best outcome and an equilibrium, but risky. */
  | 'stag-hunt'
  /** T > R > S > P (snowdrift, hawk-dove): defect against a cooperator, cooperate against a defector. */
  | 'chicken'
  /** R ≥ T and S ≥ P (one strict): cooperating is never worse, whatever the opponent does. */
  | 'harmony'
  /** T > R, P > S and P > R: defection dominates and mutual defection is what both prefer. */
  | 'deadlock'
  /** R > T and P > S, other than a stag hunt: matching the opponent's move pays. */
  | 'coordination'
  /** T > R and S > P, other than chicken (e.g. leader, battle of the sexes): doing the opposite of the opponent pays. */
  | 'anti-coordination'
  /** Every outcome pays the same. */
  | 'degenerate'
  /** A payoff is not a finite number. */
  | 'invalid'
  /** Ties in the key comparisons that leave the game between the named kinds. */
  | 'other'

export interface GameClassification {
  kind: GameKind
  /** True exactly for a prisoner's dilemma (T > R > P > S): the only kind where individual and collective interest conflict outright. */
  dilemma: boolean
  /** One or two sentences naming the inequalities that decide the kind. */
  reason: string
  /** Extra remarks, e.g. a prisoner's dilemma where alternating exploitation beats mutual cooperation. */
  warnings: string[]
}

function fmt(n: number): string {
  return String(n)
}

/**
 * Problems with a payoff matrix for an iterated prisoner's dilemma, as
 * sentences; empty when it is fine. Required: finite numbers, T > R > P > S,
 * and 2R > T + S (otherwise two players who take turns exploiting each other
 * earn more than two who always cooperate).
 */
export function validatePayoffs(p: Payoffs): string[] {
  const problems: string[] = []
  for (const key of PAYOFF_KEYS) {
    const v = (p as unknown as Record<string, unknown>)[key]
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      problems.push(`payoff ${key} must be a finite number (got ${String(v)})`)
    }
  }
  if (problems.length > 0) return problems
  const { R, S, T, P } = p
  if (!(T > R)) {
    problems.push(
      `T (${fmt(T)}) must be greater than R (${fmt(R)}): otherwise there is no temptation to defect against a cooperator`,
    )
  }
  if (!(R > P)) {
    problems.push(
      `R (${fmt(R)}) must be greater than P (${fmt(P)}): otherwise mutual cooperation is no better than mutual defection`,
    )
  }
  if (!(P > S)) {
    problems.push(
      `P (${fmt(P)}) must be greater than S (${fmt(S)}): otherwise cooperating against a defector is no worse than defecting`,
    )
  }
  if (!(2 * R > T + S)) {
    problems.push(
      `2R (${fmt(2 * R)}) must be greater than T + S (${fmt(T + S)}): otherwise alternating exploitation (C/D, D/C, ...) pays more than mutual cooperation`,
    )
  }
  return problems
}

function cmp(a: number, b: number): number {
  return a > b ? 1 : a < b ? -1 : 0
}

/**
 * Name the symmetric 2x2 game a payoff matrix defines, with the reason.
 * Strict orders give the textbook kinds; ties are handled as documented on
 * each branch (weak dominance counts for harmony and deadlock, T = P is
 * allowed in a stag hunt, other ties give 'other' with an explanation).
 */
export function classifyGame(p: Payoffs): GameClassification {
  for (const key of PAYOFF_KEYS) {
    const v = (p as unknown as Record<string, unknown>)[key]
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      return {
        kind: 'invalid',
        dilemma: false,
        reason: `payoff ${key} is not a finite number (got ${String(v)}), so the game is undefined`,
        warnings: [],
      }
    }
  }
  const { R, S, T, P } = p
  const order = `R=${fmt(R)}, S=${fmt(S)}, T=${fmt(T)}, P=${fmt(P)}`
  const result = (kind: GameKind, reason: string, warnings: string[] = []): GameClassification => ({
    kind,
    dilemma: kind === 'prisoners-dilemma',
    reason: `${reason} (${order})`,
    warnings,
  })

  if (R === S && S === T && T === P) {
    return result('degenerate', 'R = S = T = P: every outcome pays the same, so moves do not matter')
  }

  const greed = cmp(T, R) // > 0: defecting pays against a cooperator
  const fear = cmp(P, S) // > 0: defecting pays against a defector

  if (greed > 0 && fear > 0) {
    // Defection strictly dominates.
    if (R > P) {
      const warnings: string[] = []
      let reason =
        'T > R > P > S: defecting pays whatever the opponent does, yet mutual cooperation (R) beats mutual defection (P), so it is a prisoner\'s dilemma'
      if (!(2 * R > T + S)) {
        const w = `2R ≤ T + S (${fmt(2 * R)} ≤ ${fmt(T + S)}): alternating exploitation pays more than mutual cooperation, so the repeated game rewards taking turns rather than cooperating`
        warnings.push(w)
        reason += `; but ${w}`
      }
      return result('prisoners-dilemma', reason, warnings)
    }
    if (P > R) {
      return result(
        'deadlock',
        'T > R, P > S and P > R: defecting pays whatever the opponent does and mutual defection beats mutual cooperation, so it is deadlock, not a dilemma',
      )
    }
    return result(
      'other',
      'T > R and P > S but R = P: defection dominates and mutual cooperation pays no more than mutual defection, so there is nothing to gain by cooperating and no dilemma',
    )
  }

  if (greed <= 0 && fear <= 0) {
    // Not both ties (that would need R = T and P = S, handled below when R ≠ P).
    if (greed < 0 || fear < 0) {
      const which =
        greed < 0 && fear < 0
          ? 'R > T and S > P'
          : greed < 0
            ? 'R > T and S = P'
            : 'R = T and S > P'
      return result(
        'harmony',
        `${which}: cooperating is never worse than defecting, whatever the opponent does, so it is harmony, not a dilemma`,
      )
    }
    // R = T and P = S: each player's payoff depends only on the opponent's move.
    return result(
      'other',
      'R = T and S = P: a player\'s own move never changes its payoff (only the opponent\'s does), so there is no strategic tension',
    )
  }

  if (greed < 0 && fear > 0) {
    // Coordination: the best reply is to match the opponent.
    if (R > P && T >= P) {
      return result(
        'stag-hunt',
        `R > T ${T === P ? '= P' : '> P'} > S: mutual cooperation pays best and is stable, but cooperating is risky against a defector, so it's a stag hunt, not a dilemma`,
      )
    }
    if (R > P) {
      return result(
        'coordination',
        `R > T and P > S, with R > P: both mutual cooperation and mutual defection are stable and mutual cooperation pays best, so it is a coordination game, not a dilemma`,
      )
    }
    if (P > R) {
      return result(
        'coordination',
        'R > T, P > S and P > R: both mutual cooperation and mutual defection are stable and mutual defection pays best, so it is a coordination game, not a dilemma',
      )
    }
    return result(
      'coordination',
      'R > T, P > S and R = P: matching the opponent pays and both matched outcomes pay the same, so it is a pure coordination game, not a dilemma',
    )
  }

  if (greed > 0 && fear < 0) {
    // Anti-coordination: the best reply is the opposite move.
    if (R > S) {
      return result(
        'chicken',
        'T > R > S > P: defecting pays against a cooperator but cooperating pays against a defector, and mutual defection is the worst outcome, so it is chicken (snowdrift, hawk-dove), not a prisoner\'s dilemma',
      )
    }
    return result(
      'anti-coordination',
      `T > R, S > P and S ${S === R ? '=' : '>'} R: the best reply is always the opposite move and being the lone cooperator pays at least as well as mutual cooperation (a leader / battle-of-the-sexes type game), not a dilemma`,
    )
  }

  // One of greed or fear is a tie and the other is strict in the opposite
  // direction to harmony: weak dominance of defection or borderline cases.
  if (greed === 0) {
    // T = R, P > S: defection weakly dominates.
    if (P > R) {
      return result(
        'deadlock',
        'T = R, P > S and P > R: defecting is never worse and mutual defection beats mutual cooperation, so it is (weak) deadlock, not a dilemma',
      )
    }
    return result(
      'other',
      'T = R and P > S: defecting against a cooperator gains nothing (no temptation) while cooperating against a defector loses, so mutual cooperation is (weakly) stable and there is no dilemma; between a stag hunt and a prisoner\'s dilemma',
    )
  }
  // fear === 0: P = S, T > R: defection weakly dominates.
  if (P > R) {
    return result(
      'deadlock',
      'T > R, P = S and P > R: defecting is never worse and mutual defection beats mutual cooperation, so it is (weak) deadlock, not a dilemma',
    )
  }
  if (R > P) {
    return result(
      'other',
      'T > R > P = S: defecting is tempting, but against a defector cooperating costs nothing extra (P = S), so it is a borderline case between a prisoner\'s dilemma and chicken, not a strict dilemma',
    )
  }
  return result(
    'other',
    'T > R = P = S: only exploiting a cooperator pays anything extra, so defection weakly dominates and there is nothing to gain by cooperating',
  )
}
