/**
 * The options shared by `match` and `tournament` (--turns, --continuation,
 * --noise, --payoffs, --seed), turned into engine rules. Every problem is a
 * UsageError naming the option; the engine's makeRules has the last word on
 * ranges so the CLI can never accept rules the engine would refuse.
 *
 * A payoff matrix that is not a prisoner's dilemma is accepted on purpose
 * (stag hunts and chicken are legitimate experiments); the caller shows
 * classifyGame's verdict as a warning instead.
 */
import { MAX_FINE, MAX_TURNS, RulesError, makeRules, parseDecimal, parsePayoffs } from '../engine/rules'
import { normalizeSeed } from '../engine/prng'
import { classifyGame, type GameClassification } from '../engine/classify'
import type { Payoffs, Referee, Rules } from '../engine/types'
import { stringFlag, type FlagSpec, type ParsedArgs } from './args'
import { UsageError } from './errors'

/** The mechanisms (docs/mechanisms.md): a referee, aligned rewards, cheap talk. */
export const MECHANISM_FLAGS = { fine: 'string', detection: 'string', fines: 'string', align: 'string', 'cheap-talk': 'boolean' } as const

/** The referee and aligned rewards given with --fine, --detection, --fines and --align (null when absent). */
export function mechanismsFrom(args: ParsedArgs): { referee: Referee | null; align: number | null } {
  const alignText = stringFlag(args, 'align')
  return { referee: refereeFrom(args), align: alignText === undefined ? null : fraction('align', alignText) }
}

export const RULE_FLAGS: FlagSpec = {
  turns: 'string',
  continuation: 'string',
  noise: 'string',
  payoffs: 'string',
  seed: 'string',
  ...MECHANISM_FLAGS,
}

export const DEFAULT_SEED = 1

export interface RuleChoice {
  rules: Rules
  /** The run seed as a 32-bit number (what the engine uses and what reproduces the run). */
  seed: number
  /** How the seed was given (null for the default). */
  seedText: string | null
  classification: GameClassification
}

/** A decimal number, or a UsageError naming the option. */
export function parseNumber(option: string, text: string, expected: string): number {
  const n = parseDecimal(text.trim())
  if (n === null) throw new UsageError(`--${option} must be ${expected}, got "${text}"`)
  return n
}

/** A whole number within [min, max], or a UsageError naming the option. */
export function parseWhole(option: string, text: string, min: number, max: number): number {
  const expected = max === Infinity ? `a whole number ≥ ${min}` : `a whole number from ${min} to ${max}`
  const trimmed = text.trim()
  if (!/^\d+$/.test(trimmed)) throw new UsageError(`--${option} must be ${expected}, got "${text}"`)
  const n = Number(trimmed)
  if (n < min || n > max) throw new UsageError(`--${option} must be ${expected}, got ${trimmed}`)
  return n
}

function probability(option: string, text: string, upTo: string, ok: (p: number) => boolean): number {
  const expected = `a probability from 0 ${upTo}`
  const p = parseNumber(option, text, expected)
  if (!ok(p)) throw new UsageError(`--${option} must be ${expected}, got ${text.trim()}`)
  return p
}

/** A number from 0 to 1 (below 1 when `below1`), or a UsageError naming the option. */
export function fraction(option: string, text: string, below1 = false): number {
  const expected = below1 ? 'a probability from 0 up to (not including) 1' : 'a number from 0 to 1'
  const x = parseNumber(option, text, expected)
  if (x < 0 || x > 1 || (below1 && x === 1)) throw new UsageError(`--${option} must be ${expected}, got ${text.trim()}`)
  return x
}

/** --turns N or --continuation W (never both); each undefined when not given. */
export function lengthFrom(args: ParsedArgs): { turns: number | undefined; continuation: number | undefined } {
  const turnsText = stringFlag(args, 'turns')
  const continuationText = stringFlag(args, 'continuation')
  if (turnsText !== undefined && continuationText !== undefined) {
    throw new UsageError('give either --turns or --continuation, not both')
  }
  return {
    turns: turnsText === undefined ? undefined : parseWhole('turns', turnsText, 1, MAX_TURNS),
    continuation:
      continuationText === undefined
        ? undefined
        : probability('continuation', continuationText, 'up to (not including) 1', (p) => p >= 0 && p < 1),
  }
}

/** The referee flags (--fine F --detection P [--fines destroyed|shared]), or null when none is given. */
export function refereeFrom(args: ParsedArgs): Referee | null {
  const fineText = stringFlag(args, 'fine')
  const detectionText = stringFlag(args, 'detection')
  const finesText = stringFlag(args, 'fines')
  if ((fineText === undefined) !== (detectionText === undefined)) throw new UsageError('a referee needs both --fine F and --detection P')
  if (finesText !== undefined && fineText === undefined) throw new UsageError("--fines says where a referee's fine goes: give --fine and --detection too")
  if (finesText !== undefined && finesText !== 'destroyed' && finesText !== 'shared') throw new UsageError(`--fines must be destroyed or shared, got "${finesText}"`)
  if (fineText === undefined || detectionText === undefined) return null
  const fine = parseNumber('fine', fineText, 'a number ≥ 0')
  if (!(fine >= 0 && fine <= MAX_FINE)) throw new UsageError(`--fine must be a number from 0 to ${MAX_FINE}, got ${fineText.trim()}`)
  return { fine, detection: fraction('detection', detectionText), fines: (finesText as Referee['fines'] | undefined) ?? 'destroyed' }
}

/** --seed S: a whole number up to 2^32-1 as it is, any other text hashed (normalizeSeed); DEFAULT_SEED without it. */
export function seedFrom(args: ParsedArgs): { seed: number; seedText: string | null } {
  const text = stringFlag(args, 'seed')
  if (text !== undefined && text.trim() === '') throw new UsageError('--seed must not be empty')
  return { seed: normalizeSeed(text === undefined ? DEFAULT_SEED : text.trim()), seedText: text === undefined ? null : text.trim() }
}

export function ruleChoiceFrom(args: ParsedArgs): RuleChoice {
  const { turns, continuation } = lengthFrom(args)
  const noiseText = stringFlag(args, 'noise')
  const noise = noiseText === undefined ? undefined : probability('noise', noiseText, 'to 1', (p) => p >= 0 && p <= 1)

  let payoffs: Payoffs | undefined
  const payoffsText = stringFlag(args, 'payoffs')
  if (payoffsText !== undefined) {
    try {
      payoffs = parsePayoffs(payoffsText)
    } catch (error) {
      if (error instanceof RulesError) throw new UsageError(`--payoffs: ${error.message}`)
      throw error
    }
  }

  const { seed, seedText: given } = seedFrom(args)

  const { referee, align } = mechanismsFrom(args)
  const cheapTalk = args.flags.get('cheap-talk') === true
  let rules: Rules
  try {
    rules = makeRules({
      referee,
      ...(align === null ? {} : { align }),
      cheapTalk,
      ...(payoffs === undefined ? {} : { payoffs }),
      ...(turns === undefined ? {} : { turns }),
      ...(continuation === undefined ? {} : { continuation }),
      ...(noise === undefined ? {} : { noise }),
    })
  } catch (error) {
    if (error instanceof RulesError) throw new UsageError(error.message)
    throw error
  }
  return { rules, seed, seedText: given, classification: classifyGame(rules.payoffs) }
}

/** Warning lines for a matrix that is not a plain prisoner's dilemma (empty when it is one). */
export function gameWarnings(game: GameClassification): string[] {
  const lines: string[] = []
  if (!game.dilemma) lines.push(`the payoffs are not a prisoner's dilemma but ${game.kind}: ${game.reason}`)
  for (const w of game.warnings) lines.push(`the payoffs are a weak prisoner's dilemma: ${w}`)
  return lines
}

/** "1", or "2290972270 (from "hello")" when the seed was given as text that is not that number. */
export function seedText(seed: number, given: string | null): string {
  return given === null || given === String(seed) ? String(seed) : `${seed} (from "${given}")`
}
