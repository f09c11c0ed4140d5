/**
 * A tournament's rules, for either game: one schema (so the OpenAPI document
 * shows every field), checked per game by the engine (makeRules for the
 * dilemma, makeCommonsRules for the commons), stored with `repetitions` (and
 * `group` for the commons), and named: the payoff classification and the
 * dilemma test (of the commons' 2×2 for a group of `group`).
 */
import { z } from '@hono/zod-openapi'
import { classifyGame, type GameClassification } from '../engine/classify'
import { commonsDilemmaTest, commonsMatrix } from '../engine/commons/matrix'
import { makeCommonsRules } from '../engine/commons/rules'
import { dilemmaTest, type DilemmaTest } from '../engine/dilemma-test'
import { makeRules, RulesError } from '../engine/rules'
import { MAX_REPETITIONS } from '../engine/schedule'
import type { Game, Rules } from '../engine/types'
import type { StoredCommonsRules, StoredRules } from '../jobs/run-spec'
import type { Tournament } from '../store'
import { ApiError } from './errors'

/** Most turns × repetitions a run may play per pairing or group (expected turns when the length is uncertain). */
export const MAX_TURNS_TIMES_REPETITIONS = 20_000
export const DEFAULT_TOURNAMENT_REPETITIONS = 5
/** Players per group of a commons tournament when the host does not say. */
export const DEFAULT_COMMONS_GROUP = 4

const Payoffs = z.object({ R: z.number(), S: z.number(), T: z.number(), P: z.number() })

const Referee = z
  .object({
    fine: z.number().min(0).openapi({ description: 'What a detected defection costs the defector', example: 3 }),
    detection: z.number().min(0).max(1).openapi({ description: 'Probability that a defection is detected (drawn from the match or group seed)', example: 1 }),
    fines: z.enum(['destroyed', 'shared']).optional().openapi({ description: '"destroyed" (default): the fine is lost; "shared": it goes to the other player (the commons: split among the others)' }),
  })
  .strict()
  .openapi('Referee')

const DILEMMA_ONLY = ['payoffs', 'noise'] as const
const COMMONS_ONLY = ['capacity', 'maxStock', 'initialStock', 'regrowth', 'collapseBelow', 'maxRequest', 'quota', 'group'] as const

export const TournamentRulesSchema = z
  .object({
    payoffs: Payoffs.optional().openapi({ description: 'The dilemma: R, S, T, P (default 3, 0, 5, 1)' }),
    turns: z.number().int().min(1).optional(),
    continuation: z.number().min(0).lt(1).optional(),
    noise: z.number().min(0).max(1).optional().openapi({ description: 'The dilemma: probability that each intended move is flipped' }),
    referee: Referee.nullable().optional().openapi({ description: 'A referee that fines detected defections (the commons: requests above the sustainable share); null or absent for none' }),
    align: z.number().min(0).max(1).optional().openapi({ description: 'Aligned rewards a: each player receives (1 − a) × its own payoff + a × the mean (default 0)' }),
    cheapTalk: z.boolean().optional().openapi({ description: 'Before each round, strategies may announce a move (an amount in the commons) with announce(view); nothing binds it (default false)' }),
    capacity: z.number().optional().openapi({ description: 'The commons: served a round without congestion (default 100)' }),
    maxStock: z.number().optional().openapi({ description: 'The commons: the most the stock holds (default 1000)' }),
    initialStock: z.number().optional().openapi({ description: 'The commons: the stock at round 0 (default maxStock)' }),
    regrowth: z.number().optional().openapi({ description: 'The commons: logistic regrowth rate (default 0.4)' }),
    collapseBelow: z.number().optional().openapi({ description: 'The commons: a stock left below this is gone for good (default 50)' }),
    maxRequest: z.number().optional().openapi({ description: 'The commons: the largest request (default 100); a fault plays it' }),
    quota: z.number().nullable().optional().openapi({ description: 'The commons: requests above it are cut to it; null for none' }),
    group: z.number().int().optional().openapi({ description: `The commons: players per group, 2 to 16 (default ${DEFAULT_COMMONS_GROUP})` }),
    repetitions: z.number().int().min(1).max(MAX_REPETITIONS).optional(),
  })
  .strict()
  .openapi('TournamentRules')

type RulesBody = z.infer<typeof TournamentRulesSchema>

/** A rule of the other game is a mistake worth naming, not a field to ignore. */
function refuseFields(input: RulesBody, fields: readonly string[], game: Game): void {
  const other = game === 'dilemma' ? 'the commons' : 'the dilemma'
  for (const f of fields) {
    if ((input as Record<string, unknown>)[f] !== undefined) throw new ApiError('invalid_input', `rules.${f} is a rule of ${other}; this tournament plays the ${game}`, `rules.${f}`)
  }
}

/** The rules as stored, defaults filled in; throws ApiError naming the field. */
export function checkRules(input: RulesBody, game: Game): StoredRules | StoredCommonsRules {
  const { repetitions: given, group: givenGroup, ...rest } = input
  const repetitions = given ?? DEFAULT_TOURNAMENT_REPETITIONS
  try {
    if (game === 'commons') {
      refuseFields(input, DILEMMA_ONLY, game)
      const group = givenGroup ?? DEFAULT_COMMONS_GROUP
      if (group < 2 || group > 16) throw new ApiError('invalid_input', `rules.group must be a whole number from 2 to 16, got ${group}`, 'rules.group')
      const rules = makeCommonsRules(rest as never)
      checkRunSize(rules, repetitions, 'rules')
      return { ...rules, repetitions, group }
    }
    refuseFields(input, COMMONS_ONLY, game)
    const rules = makeRules(rest as never)
    checkRunSize(rules, repetitions, 'rules')
    return { ...rules, repetitions }
  } catch (error) {
    if (error instanceof RulesError) throw new ApiError('invalid_input', error.message, ruleField(error.message))
    throw error
  }
}

/** The rule a RulesError names ("quota must be ...", "referee.fine must be ..."), as a field: `rules.quota`; `rules` when it names none. */
function ruleField(message: string): string {
  const named = /^([a-zA-Z]+(?:\.[a-zA-Z]+)?) (?:must|is|are)\b/.exec(message)?.[1]
  const known = new Set<string>(Object.keys(TournamentRulesSchema.shape))
  return named && known.has(named.split('.')[0]!) ? `rules.${named}` : 'rules'
}

/** Refuse a pairing or group longer than MAX_TURNS_TIMES_REPETITIONS (expected turns when the length is uncertain). */
export function checkRunSize(rules: Pick<Rules, 'turns' | 'continuation'>, repetitions: number, field: string): void {
  const turns = rules.turns ?? Math.ceil(1 / (1 - (rules.continuation ?? 0)))
  if (turns * repetitions > MAX_TURNS_TIMES_REPETITIONS) {
    throw new ApiError('invalid_input', `turns × repetitions is ${turns * repetitions}, over the limit of ${MAX_TURNS_TIMES_REPETITIONS} (MAX_TURNS_TIMES_REPETITIONS)`, field)
  }
}

/** A tournament's stored rules with every field (rows written before a field existed get its default). */
export function storedRules(t: Pick<Tournament, 'game' | 'rules'>): StoredRules | StoredCommonsRules {
  if (t.game === 'commons') {
    const { repetitions, group, ...rules } = t.rules as StoredCommonsRules
    return { ...makeCommonsRules(rules), repetitions, group }
  }
  const { repetitions, ...rules } = t.rules as StoredRules
  return { ...makeRules(rules), repetitions }
}

/** What the payoffs are, as the classifier names them (the commons: its 2×2 for one group). */
export function rulesClassification(game: Game, rules: StoredRules | StoredCommonsRules): GameClassification {
  if (game === 'commons') {
    const c = rules as StoredCommonsRules
    return classifyGame(commonsMatrix(c, c.group))
  }
  return classifyGame((rules as StoredRules).payoffs)
}

/** The dilemma test of the rules (the commons: of its 2×2 for one group). */
export function rulesDilemmaTest(game: Game, rules: StoredRules | StoredCommonsRules): DilemmaTest {
  if (game === 'commons') {
    const c = rules as StoredCommonsRules
    return commonsDilemmaTest(c, c.group)
  }
  return dilemmaTest(rules as StoredRules)
}
