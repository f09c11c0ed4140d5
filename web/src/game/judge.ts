/**
 * What a rule set's payoffs are, computed in the page by the engine's own
 * pure functions, the way the API names a tournament's rules
 * (src/api/tournament-rules.ts: rulesClassification, rulesDilemmaTest). That
 * module is not imported: it brings zod and the API's errors into the page.
 * The dilemma takes rules as typed (a payoff may be NaN while it is being
 * typed: the classifier calls the game invalid); the commons takes checked
 * rules (makeCommonsRules), since its 2×2 is played from them.
 */
import { classifyGame, type GameClassification, type GameKind } from '../../../src/engine/classify'
import { commonsDilemmaTest, commonsMatrix } from '../../../src/engine/commons/matrix'
import type { CommonsRules } from '../../../src/engine/commons/types'
import { dilemmaTest, type DilemmaTest } from '../../../src/engine/dilemma-test'
import type { Payoffs, Referee } from '../../../src/engine/types'

export type { GameKind, Payoffs, Referee }

/** The dilemma's rules as far as the verdict needs them (the engine's Rules fit). */
export interface DilemmaVerdictRules {
  game?: 'dilemma'
  payoffs: Payoffs
  turns?: number | null
  continuation?: number | null
  referee?: Referee | null
  align?: number | null
}

/** The commons' checked rules and the group size its 2×2 is for (a tournament's stored rules fit). */
export interface CommonsVerdictRules extends CommonsRules {
  game: 'commons'
  group: number
}

export type VerdictRules = DilemmaVerdictRules | CommonsVerdictRules

export interface Judgement {
  /** The matrix as written (the commons: the harvest's 2×2 for one group). */
  matrix: Payoffs
  /** What the classifier calls `matrix`. */
  classification: GameClassification
  /** The dilemma test: the effective matrix, its kind, and the verdict. */
  test: DilemmaTest
  /** Whether a referee or aligned rewards change the matrix (then the effective matrix is worth showing). */
  mechanisms: boolean
  /** The commons: the restrained and greedy requests the 2×2 compares. */
  requests?: { restraint: number; greed: number; players: number }
}

function mechanismsOn(rules: { referee?: Referee | null; align?: number | null }): boolean {
  const r = rules.referee
  return (!!r && r.fine * r.detection !== 0) || !!rules.align
}

export function judge(rules: VerdictRules): Judgement {
  if (rules.game === 'commons') {
    const test = commonsDilemmaTest(rules, rules.group)
    return {
      matrix: test.payoffs,
      classification: classifyGame(commonsMatrix(rules, rules.group)),
      test,
      mechanisms: mechanismsOn(rules),
      requests: { restraint: test.restraint, greed: test.greed, players: test.players },
    }
  }
  return { matrix: rules.payoffs, classification: classifyGame(rules.payoffs), test: dilemmaTest(rules), mechanisms: mechanismsOn(rules) }
}

/** The kinds as a sentence names them. */
export const KIND_NAMES: Record<GameKind, string> = {
  'prisoners-dilemma': "prisoner's dilemma",
  'stag-hunt': 'stag hunt',
  chicken: 'chicken (snowdrift)',
  harmony: 'harmony',
  deadlock: 'deadlock',
  coordination: 'coordination game',
  'anti-coordination': 'anti-coordination game',
  degenerate: 'degenerate game',
  invalid: 'no game (a payoff is not a number)',
  other: 'borderline game',
}

/** The article a sentence puts before a kind's name ("a stag hunt", "harmony"). */
export const KIND_ARTICLES: Record<GameKind, string> = {
  'prisoners-dilemma': 'a ',
  'stag-hunt': 'a ',
  chicken: '',
  harmony: '',
  deadlock: '',
  coordination: 'a ',
  'anti-coordination': 'an ',
  degenerate: 'a ',
  invalid: '',
  other: 'a ',
}

/** The dilemma test's verdicts, as headlines. */
export const VERDICT_NAMES = {
  'real-dilemma': 'A real dilemma',
  'dilemma-with-future': 'A dilemma with a future',
  'not-a-dilemma': 'Not a dilemma',
} as const
