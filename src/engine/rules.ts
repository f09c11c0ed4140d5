/**
 * The rules of a match: their defaults and limits, and turning what a person
 * or a request gives (a partial rule set, payoffs written as text) into a
 * checked Rules object. Every problem is a RulesError with a sentence a user
 * can act on, so the command line and the API can show it as it is.
 * Naming the game a payoff matrix defines is classify.ts's job.
 */
import type { Payoffs, Referee, Rules } from './types'

/** Axelrod's payoffs: R=3, S=0, T=5, P=1. */
export const DEFAULT_PAYOFFS: Payoffs = Object.freeze({ R: 3, S: 0, T: 5, P: 1 })
export const DEFAULT_TURNS = 200
/** Hard cap on a match's length, whatever the continuation probability draws. */
export const MAX_TURNS = 10_000
/** Largest payoff magnitude accepted. */
export const MAX_PAYOFF = 1_000_000

/** The payoff names in the order "R,S,T,P" is written. */
export const PAYOFF_KEYS = ['R', 'S', 'T', 'P'] as const

export class RulesError extends Error {
  override name = 'RulesError'
}

/** Largest referee fine accepted (the same bound as a payoff). */
export const MAX_FINE = MAX_PAYOFF

/** What a caller may give for a referee: `fines` defaults to 'destroyed'. */
export type RefereeInput = Omit<Referee, 'fines'> & { fines?: Referee['fines'] }

/** The rules a caller may give: any part, the rest from the defaults. */
export type RulesInput = Partial<Omit<Rules, 'referee'>> & { referee?: RefereeInput | null }

/** A referee as given, checked (shared with the commons' rules); throws RulesError. */
export function checkReferee(input: RefereeInput | null | undefined): Referee | null {
  if (input == null) return null
  if (typeof input !== 'object') throw new RulesError('referee must be an object { fine, detection, fines }, or null for none')
  const { fine, detection } = input
  const fines = input.fines ?? 'destroyed'
  if (typeof fine !== 'number' || !(fine >= 0 && fine <= MAX_FINE)) throw new RulesError(`referee.fine must be a number from 0 to ${MAX_FINE}`)
  if (typeof detection !== 'number' || !(detection >= 0 && detection <= 1)) throw new RulesError('referee.detection must be a probability from 0 to 1')
  if (fines !== 'destroyed' && fines !== 'shared') throw new RulesError('referee.fines must be "destroyed" (the fine is lost) or "shared" (it goes to the victim)')
  return { fine, detection, fines }
}

/**
 * A game's length as given: a number of turns (DEFAULT_TURNS when neither is
 * given) or a continuation probability, never both. Shared with the commons'
 * rules; throws RulesError.
 */
export function checkLength(
  givenTurns: number | null | undefined,
  givenContinuation: number | null | undefined,
): { turns: number | null; continuation: number | null } {
  const continuation = givenContinuation ?? null
  const turns = continuation === null ? (givenTurns ?? DEFAULT_TURNS) : null
  if (givenTurns != null && continuation !== null) {
    throw new RulesError('give either a number of turns or a continuation probability, not both')
  }
  if (turns !== null && (!Number.isInteger(turns) || turns < 1 || turns > MAX_TURNS)) {
    throw new RulesError(`turns must be a whole number from 1 to ${MAX_TURNS}`)
  }
  if (continuation !== null && !(continuation >= 0 && continuation < 1)) {
    throw new RulesError('continuation must be a probability from 0 up to (not including) 1')
  }
  return { turns, continuation }
}

/** Fill in defaults and check a partial rule set; throws RulesError with a readable message. */
export function makeRules(input: RulesInput = {}): Rules {
  const payoffs = { ...DEFAULT_PAYOFFS, ...(input.payoffs ?? {}) }
  for (const key of PAYOFF_KEYS) {
    const v = payoffs[key]
    // Bounded so that totals over MAX_TURNS rounds stay exact enough and never overflow.
    if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > MAX_PAYOFF) {
      throw new RulesError(`payoff ${key} must be a number from -${MAX_PAYOFF} to ${MAX_PAYOFF}`)
    }
  }
  const { turns, continuation } = checkLength(input.turns, input.continuation)
  const noise = input.noise ?? 0
  if (!(noise >= 0 && noise <= 1)) throw new RulesError('noise must be a probability from 0 to 1')
  const referee = checkReferee(input.referee)
  const align = input.align ?? 0
  if (typeof align !== 'number' || !(align >= 0 && align <= 1)) throw new RulesError('align must be a number from 0 (own payoff only) to 1 (the mean of both)')
  const cheapTalk = input.cheapTalk ?? false
  if (typeof cheapTalk !== 'boolean') throw new RulesError('cheapTalk must be true or false')
  return { payoffs: { R: payoffs.R, S: payoffs.S, T: payoffs.T, P: payoffs.P }, turns, continuation, noise, referee, align, cheapTalk }
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/

/**
 * A number written the way a person writes one ("3", "-0.5", ".5", "1e-3"),
 * or null. Number() alone would also take "", "0x10" and "Infinity", which
 * are typing mistakes in a payoff or a probability, not values. A huge
 * exponent still gives ±Infinity: callers check the range.
 */
export function parseDecimal(text: string): number | null {
  return DECIMAL.test(text) ? Number(text) : null
}

/**
 * Parse payoffs written as "R,S,T,P" (e.g. "3,0,5,1"; commas and/or spaces
 * separate), or as named values in any order ("T=5, R=3, P=1, S=0").
 * Only parses: call validatePayoffs or classifyGame to judge the matrix.
 * Throws RulesError with a readable message.
 */
export function parsePayoffs(text: string): Payoffs {
  if (typeof text !== 'string') throw new RulesError('payoffs must be given as text such as "3,0,5,1" (R,S,T,P)')
  const trimmed = text.trim()
  if (trimmed === '') throw new RulesError('payoffs are empty: give four numbers R,S,T,P such as "3,0,5,1"')
  const parts = trimmed.split(/\s*,\s*|\s+/)
  if (parts.some((part) => part === '')) {
    throw new RulesError(`payoffs "${text}" have an empty value: give four numbers R,S,T,P such as "3,0,5,1"`)
  }
  const named = parts.filter((part) => part.includes('='))
  const values: Partial<Record<'R' | 'S' | 'T' | 'P', number>> = {}
  const toNumber = (raw: string, label: string): number => {
    const n = parseDecimal(raw)
    if (n === null) throw new RulesError(`payoff ${label} is "${raw}", which is not a number`)
    if (!Number.isFinite(n)) throw new RulesError(`payoff ${label} (${raw}) is not a finite number`)
    return n
  }
  if (named.length > 0) {
    if (named.length !== parts.length) {
      throw new RulesError(`payoffs "${text}" mix named (R=3) and positional values: use one form`)
    }
    for (const part of parts) {
      const eq = part.indexOf('=')
      const key = part.slice(0, eq).trim().toUpperCase()
      const raw = part.slice(eq + 1).trim()
      if (key !== 'R' && key !== 'S' && key !== 'T' && key !== 'P') {
        throw new RulesError(`unknown payoff name "${part.slice(0, eq).trim()}": use R, S, T and P`)
      }
      if (values[key] !== undefined) throw new RulesError(`payoff ${key} is given twice`)
      values[key] = toNumber(raw, key)
    }
    const missing = PAYOFF_KEYS.filter((k) => values[k] === undefined)
    if (missing.length > 0) throw new RulesError(`payoffs are missing ${missing.join(', ')}`)
  } else {
    if (parts.length !== 4) {
      throw new RulesError(
        `payoffs need exactly four numbers R,S,T,P (e.g. "3,0,5,1"), got ${parts.length}: "${text}"`,
      )
    }
    PAYOFF_KEYS.forEach((key, i) => {
      values[key] = toNumber(parts[i] as string, key)
    })
  }
  return { R: values.R as number, S: values.S as number, T: values.T as number, P: values.P as number }
}
