/**
 * What an experiment is asked to play, and checking it: the same field of
 * players under up to eight rule sets. The spec is plain JSON, the body of
 * `arena experiment SPEC.json` and of `POST /api/experiments`:
 *
 *   { players: [...], seed, repetitions, ruleSets: [{ name, game, rules }] }
 *
 * Every problem is an ExperimentError with one sentence that says where it
 * is (`ruleSets[1] ("referee").rules: ...`), so the command line and the API
 * can show it as it is.
 *
 * `game` names what a rule set plays: "dilemma" (the default), a round robin
 * of the two-player dilemma under `rules` (makeRules), or "commons", a
 * commons tournament (scheduleCommons) under `rules` (makeCommonsRules) plus
 * `group`, the players per group. An experiment plays one game: the same
 * field under rule sets of the dilemma and of the commons would compare
 * rankings and welfare of two different games, so a mixed one is refused.
 */
import { normalizeSeed } from './prng'
import { COMMONS_MAX_PLAYERS, checkGroupSize, makeCommonsRules, type CommonsRulesInput } from './commons/rules'
import { scheduleCommons } from './commons/schedule'
import type { CommonsRules } from './commons/types'
import { makeRules, parsePayoffs, RulesError, type RefereeInput, type RulesInput } from './rules'
import { DEFAULT_REPETITIONS, MAX_REPETITIONS } from './schedule'
import type { TournamentPlayer } from './tournament-result'
import type { Payoffs, Rules } from './types'

export const EXPERIMENT_GAMES = ['dilemma', 'commons'] as const
export type ExperimentGame = (typeof EXPERIMENT_GAMES)[number]

export const MAX_RULE_SETS = 8
/** Rule set names are shown as column headings: short, on one line. */
export const MAX_RULE_SET_NAME = 40
export const DEFAULT_EXPERIMENT_SEED = 1
/**
 * Players per group of a commons rule set that does not say, when the field
 * does not fit one group (more than COMMONS_MAX_PLAYERS): small groups, where
 * a single grabber matters. A field that fits plays in one group, as
 * `arena tournament --game commons` does by default.
 */
export const DEFAULT_EXPERIMENT_GROUP = 4

export class ExperimentError extends Error {
  override name = 'ExperimentError'
}

/** The rules of a commons rule set as given: makeCommonsRules' input plus the players per group. */
export type CommonsRuleSetInput = CommonsRulesInput & { group?: number }

/**
 * A rule set as given: a name, the game (default "dilemma") and its rules
 * (defaults from makeRules, or makeCommonsRules and the default group for
 * the commons).
 */
export interface RuleSetSpec {
  name: string
  game?: ExperimentGame
  rules?: RulesInput | CommonsRuleSetInput
}

/** An experiment as given. Players are whatever the caller resolves: words on the command line, strategy sources in the engine. */
export interface ExperimentSpec<P> {
  players: readonly P[]
  /** A whole number or any text (normalizeSeed); default 1. */
  seed?: number | string
  /** Matches per pairing under every rule set; default 5. */
  repetitions?: number
  ruleSets: readonly RuleSetSpec[]
}

/** A checked rule set of the two-player dilemma: its rules with every default filled in. */
export interface DilemmaRuleSet {
  name: string
  game: 'dilemma'
  rules: Rules
}

/** A checked rule set of the commons: its rules with every default filled in, and the players per group. */
export interface CommonsRuleSet {
  name: string
  game: 'commons'
  rules: CommonsRules
  /** Players per group, 2 to 16 and at most the field. */
  group: number
}

/** A checked rule set; every rule set of a plan plays the same game. */
export type PlannedRuleSet = DilemmaRuleSet | CommonsRuleSet

/** An experiment, checked: what scheduling its tournaments and summarising them needs. */
export interface ExperimentPlan {
  /** The run seed of every rule set's tournament (normalised). */
  seed: number
  repetitions: number
  players: TournamentPlayer[]
  ruleSets: PlannedRuleSet[]
}

const SPEC_FIELDS = ['players', 'seed', 'repetitions', 'ruleSets'] as const
const RULE_SET_FIELDS = ['name', 'game', 'rules'] as const
const RULES_FIELDS = ['payoffs', 'turns', 'continuation', 'noise', 'referee', 'align', 'cheapTalk'] as const
const COMMONS_FIELDS = [
  'capacity',
  'maxStock',
  'initialStock',
  'regrowth',
  'collapseBelow',
  'maxRequest',
  'turns',
  'continuation',
  'quota',
  'referee',
  'align',
  'cheapTalk',
  'group',
] as const
const REFEREE_FIELDS = ['fine', 'detection', 'fines'] as const
const PAYOFF_FIELDS = ['R', 'S', 'T', 'P'] as const

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const quote = (text: string) => JSON.stringify(text)

/** Refuse fields that are not in `known`: a misspelt field would otherwise be ignored without a word. */
function onlyFields(value: Record<string, unknown>, known: readonly string[], where: string): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) throw new ExperimentError(`${where} has an unknown field ${quote(key)}; the fields are ${known.join(', ')}`)
  }
}

function checkNumber(value: unknown, where: string, nullable = false): void {
  if (value === undefined || (nullable && value === null)) return
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ExperimentError(`${where} must be a number${nullable ? ' or null' : ''}, got ${describe(value)}`)
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return quote(value.length > 40 ? `${value.slice(0, 37)}...` : value)
  if (Array.isArray(value)) return 'a list'
  if (value === null) return 'null'
  return typeof value === 'object' ? 'an object' : String(value)
}

/** Refuse a field of the other game's rules with a sentence that says so, then any other unknown field. */
function onlyRules(value: Record<string, unknown>, game: ExperimentGame, where: string): void {
  const [known, other] = game === 'dilemma' ? [RULES_FIELDS, COMMONS_FIELDS] : [COMMONS_FIELDS, RULES_FIELDS]
  for (const key of Object.keys(value)) {
    if (!(known as readonly string[]).includes(key) && (other as readonly string[]).includes(key)) {
      const theirs = game === 'dilemma' ? 'the commons' : 'the dilemma'
      throw new ExperimentError(`${where}.${key} is a rule of ${theirs}; this rule set plays the ${game} (its fields are ${known.join(', ')})`)
    }
  }
  onlyFields(value, known, where)
}

/** Copy the numbers among `keys` that are given, each checked to be a number (or null, when `nullable`). */
function numbers<K extends string>(value: Record<string, unknown>, keys: readonly K[], where: string, nullable = false): Partial<Record<K, number | null>> {
  const out: Partial<Record<K, number | null>> = {}
  for (const key of keys) {
    checkNumber(value[key], `${where}.${key}`, nullable)
    if (value[key] !== undefined) out[key] = value[key] as number | null
  }
  return out
}

function cheapTalkInput(value: unknown, where: string): { cheapTalk?: boolean } {
  if (value === undefined) return {}
  if (typeof value !== 'boolean') throw new ExperimentError(`${where}.cheapTalk must be true or false, got ${describe(value)}`)
  return { cheapTalk: value }
}

/** The referee as given (makeRules and makeCommonsRules check its ranges), or null for none. */
function refereeInput(value: unknown, where: string): { referee?: RefereeInput | null } {
  if (value === undefined) return {}
  if (value === null) return { referee: null }
  const at = `${where}.referee`
  if (!isObject(value)) throw new ExperimentError(`${at} must be an object { fine, detection, fines } or null, got ${describe(value)}`)
  onlyFields(value, REFEREE_FIELDS, at)
  for (const key of ['fine', 'detection'] as const) {
    if (value[key] === undefined) throw new ExperimentError(`${at} needs ${key}`)
    checkNumber(value[key], `${at}.${key}`)
  }
  if (value.fines !== undefined && value.fines !== 'destroyed' && value.fines !== 'shared') {
    throw new ExperimentError(`${at}.fines must be "destroyed" (the fine is lost) or "shared" (it goes to the victim), got ${describe(value.fines)}`)
  }
  return { referee: { fine: value.fine as number, detection: value.detection as number, ...(value.fines === undefined ? {} : { fines: value.fines as 'destroyed' | 'shared' }) } }
}

/**
 * The rules of one rule set as makeRules takes them. JSON has no types, so
 * each field's type is checked here first: makeRules checks ranges, and a
 * probability given as the text "0.5" would pass a range check.
 */
function rulesInput(value: unknown, where: string): RulesInput {
  if (value === undefined) return {}
  if (!isObject(value)) throw new ExperimentError(`${where} must be an object of rules, e.g. { "turns": 200 }`)
  onlyRules(value, 'dilemma', where)
  return {
    // makeRules fills the payoffs not given from the defaults.
    ...(value.payoffs === undefined ? {} : { payoffs: payoffsInput(value.payoffs, `${where}.payoffs`) as Payoffs }),
    ...numbers(value, ['turns', 'continuation'], where, true),
    ...(numbers(value, ['noise', 'align'], where) as { noise?: number; align?: number }),
    ...cheapTalkInput(value.cheapTalk, where),
    ...refereeInput(value.referee, where),
  }
}

/** The rules of a commons rule set as makeCommonsRules takes them, and the group size; types first, as for the dilemma. */
function commonsInput(value: unknown, where: string): CommonsRuleSetInput {
  if (value === undefined) return {}
  if (!isObject(value)) throw new ExperimentError(`${where} must be an object of rules, e.g. { "quota": 20, "group": 4 }`)
  onlyRules(value, 'commons', where)
  const amounts = ['capacity', 'maxStock', 'initialStock', 'regrowth', 'collapseBelow', 'maxRequest', 'align', 'group'] as const
  return {
    ...(numbers(value, amounts, where) as Partial<Record<(typeof amounts)[number], number>>),
    ...numbers(value, ['turns', 'continuation', 'quota'], where, true),
    ...cheapTalkInput(value.cheapTalk, where),
    ...refereeInput(value.referee, where),
  }
}

/** Payoffs as an object (any of R, S, T, P; the rest from the defaults) or as text, "3,0,5,1". */
function payoffsInput(value: unknown, where: string): Partial<Payoffs> {
  if (typeof value === 'string') {
    try {
      return parsePayoffs(value)
    } catch (error) {
      if (error instanceof RulesError) throw new ExperimentError(`${where}: ${error.message}`)
      throw error
    }
  }
  if (!isObject(value)) throw new ExperimentError(`${where} must be an object { R, S, T, P } or text such as "3,0,5,1"`)
  onlyFields(value, PAYOFF_FIELDS, where)
  const payoffs: Partial<Payoffs> = {}
  for (const key of PAYOFF_FIELDS) {
    checkNumber(value[key], `${where}.${key}`)
    if (value[key] !== undefined) payoffs[key] = value[key] as number
  }
  return payoffs
}

/** Where a rule set is, for messages: `ruleSets[1] ("referee")`. */
function ruleSetLabel(index: number, value: unknown): string {
  const name = isObject(value) && typeof value.name === 'string' ? ` (${quote(value.name)})` : ''
  return `ruleSets[${index}]${name}`
}

function checkSeed(seed: unknown): number {
  if (seed === undefined) return DEFAULT_EXPERIMENT_SEED
  if (typeof seed === 'number' && Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff) return seed
  if (typeof seed === 'string' && seed.trim() !== '') return normalizeSeed(seed.trim())
  throw new ExperimentError(`seed must be a whole number from 0 to ${0xffffffff} or non-empty text, got ${describe(seed)}`)
}

function checkRepetitions(repetitions: unknown): number {
  if (repetitions === undefined) return DEFAULT_REPETITIONS
  if (typeof repetitions !== 'number' || !Number.isInteger(repetitions) || repetitions < 1 || repetitions > MAX_REPETITIONS) {
    throw new ExperimentError(`repetitions must be a whole number from 1 to ${MAX_REPETITIONS}, got ${describe(repetitions)}`)
  }
  return repetitions
}

/** makeRules or makeCommonsRules, their RulesError told as the rule set's. */
function made<T>(make: () => T, where: string): T {
  try {
    return make()
  } catch (error) {
    if (error instanceof RulesError) throw new ExperimentError(`${where}.rules: ${error.message}`)
    throw error
  }
}

/** The group size of a commons rule set: as given (2 to 16, at most the field), or the default for a field of `players`. */
function groupOf(given: number | undefined, players: number, where: string): number {
  if (given === undefined) return players <= COMMONS_MAX_PLAYERS ? players : DEFAULT_EXPERIMENT_GROUP
  try {
    checkGroupSize(given)
  } catch (error) {
    if (error instanceof RangeError) throw new ExperimentError(`${where}.rules.group: ${error.message}`)
    throw error
  }
  if (given > players) throw new ExperimentError(`${where}.rules.group: groups of ${given} need at least ${given} players, got ${players}`)
  return given
}

function planRuleSet(value: unknown, index: number, players: number): PlannedRuleSet {
  const where = ruleSetLabel(index, value)
  if (!isObject(value)) throw new ExperimentError(`${where} must be an object { name, game, rules }`)
  onlyFields(value, RULE_SET_FIELDS, where)
  const name = value.name
  if (typeof name !== 'string' || name.trim() === '') throw new ExperimentError(`${where} needs a name (non-empty text)`)
  if (name !== name.trim() || name.length > MAX_RULE_SET_NAME || /[\u0000-\u001f\u007f-\u009f]/.test(name)) {
    throw new ExperimentError(`${where}: a name is at most ${MAX_RULE_SET_NAME} characters on one line, without leading or trailing spaces`)
  }
  const game = value.game ?? 'dilemma'
  if (game === 'commons') {
    const { group, ...input } = commonsInput(value.rules, `${where}.rules`)
    const rules = made(() => makeCommonsRules(input), where)
    return { name, game, rules, group: groupOf(group, players, where) }
  }
  if (game !== 'dilemma') throw new ExperimentError(`${where}.game must be ${EXPERIMENT_GAMES.map(quote).join(' or ')}, got ${describe(game)}`)
  const input = rulesInput(value.rules, `${where}.rules`)
  return { name, game, rules: made(() => makeRules(input), where) }
}

function planRuleSets(ruleSets: unknown, players: number): PlannedRuleSet[] {
  if (!Array.isArray(ruleSets)) throw new ExperimentError('ruleSets must be a list of rule sets { name, game, rules }')
  if (ruleSets.length < 1 || ruleSets.length > MAX_RULE_SETS) {
    throw new ExperimentError(`an experiment has 1 to ${MAX_RULE_SETS} rule sets, got ${ruleSets.length}`)
  }
  const names = new Set<string>()
  const planned = ruleSets.map((value: unknown, index): PlannedRuleSet => {
    const ruleSet = planRuleSet(value, index, players)
    if (names.has(ruleSet.name)) throw new ExperimentError(`rule set names must be unique: ${quote(ruleSet.name)} appears more than once`)
    names.add(ruleSet.name)
    return ruleSet
  })
  const first = planned[0]!
  const other = planned.findIndex((r) => r.game !== first.game)
  if (other !== -1) {
    throw new ExperimentError(
      `${ruleSetLabel(other, ruleSets[other])} plays the ${planned[other]!.game} but ${ruleSetLabel(0, ruleSets[0])} plays the ${first.game}: ` +
        'an experiment compares rule sets of one game (rankings and welfare of two games do not compare); make two experiments',
    )
  }
  return planned
}

/** Refuse a commons rule set whose schedule scheduleCommons would refuse (too many groups), before anything is played. */
function checkCommonsSchedules(plan: ExperimentPlan): void {
  plan.ruleSets.forEach((ruleSet, k) => {
    if (ruleSet.game !== 'commons') return
    try {
      scheduleCommons(plan.players, { rules: ruleSet.rules, group: ruleSet.group, repetitions: plan.repetitions, seed: plan.seed })
    } catch (error) {
      if (error instanceof RangeError) throw new ExperimentError(`${ruleSetLabel(k, ruleSet)}: ${error.message}`)
      throw error
    }
  })
}

function checkPlayers<P>(players: unknown, idOf: (player: P, index: number) => string): void {
  if (!Array.isArray(players)) throw new ExperimentError('players must be a list')
  if (players.length < 2) throw new ExperimentError(`an experiment needs at least 2 players, got ${players.length}`)
  const seen = new Set<string>()
  players.forEach((player: P, index) => {
    const id = idOf(player, index)
    if (seen.has(id)) throw new ExperimentError(`players must be unique: ${quote(id)} appears more than once`)
    seen.add(id)
  })
}

/**
 * Check an experiment whose players are already identified (strategy
 * sources, or anything with an id and a name) and fill in every default.
 * Throws ExperimentError.
 */
export function planExperiment(spec: ExperimentSpec<TournamentPlayer>): ExperimentPlan {
  if (!isObject(spec)) throw new ExperimentError('an experiment must be an object { players, seed, repetitions, ruleSets }')
  checkPlayers<TournamentPlayer>(spec.players, (p, i) => {
    if (!isObject(p) || typeof p.id !== 'string' || p.id === '') throw new ExperimentError(`players[${i}] needs a non-empty id`)
    return p.id
  })
  const plan: ExperimentPlan = {
    seed: checkSeed(spec.seed),
    repetitions: checkRepetitions(spec.repetitions),
    players: spec.players.map((p) => ({ id: p.id, name: typeof p.name === 'string' ? p.name : p.id })),
    ruleSets: planRuleSets(spec.ruleSets, spec.players.length),
  }
  checkCommonsSchedules(plan)
  return plan
}

/**
 * Check an experiment document as parsed from JSON, whose players are names
 * (strategy ids, built-in names, file paths: the caller resolves them), and
 * return it typed. Every field is checked here, strictly (an unknown field
 * is an error), so that a bad document is refused before any player is
 * looked up. Throws ExperimentError.
 */
export function readExperimentSpec(document: unknown): ExperimentSpec<string> {
  if (!isObject(document)) throw new ExperimentError('an experiment must be a JSON object { players, seed, repetitions, ruleSets }')
  onlyFields(document, SPEC_FIELDS, 'the experiment')
  if (document.players === undefined) throw new ExperimentError('the experiment needs players: a list of strategy names')
  if (document.ruleSets === undefined) throw new ExperimentError('the experiment needs ruleSets: a list of { name, game, rules }')
  checkPlayers<unknown>(document.players, (p, i) => {
    if (typeof p !== 'string' || p.trim() === '') throw new ExperimentError(`players[${i}] must be a strategy name (non-empty text), got ${describe(p)}`)
    return p
  })
  const players = document.players as string[]
  const spec = {
    players,
    ...(document.seed === undefined ? {} : { seed: document.seed as number | string }),
    ...(document.repetitions === undefined ? {} : { repetitions: document.repetitions as number }),
  }
  const plan = planExperiment({ ...spec, players: players.map((id) => ({ id, name: id })), ruleSets: document.ruleSets as RuleSetSpec[] })
  // The rules as checked, every default filled in (payoffs given as text are parsed; a commons rule set's group is in its rules, as given).
  return {
    ...spec,
    ruleSets: plan.ruleSets.map((r) => (r.game === 'commons' ? { name: r.name, game: r.game, rules: { ...r.rules, group: r.group } } : { name: r.name, game: r.game, rules: r.rules })),
  }
}
