/**
 * The rules of the commons: their defaults and limits, and the restrained
 * request they imply for a group of a given size. Every problem is a
 * RulesError with a sentence a user can act on, as for the dilemma's rules
 * (the length and the referee are checked by the same code). docs/games.md
 * gives every formula.
 */
import { MAX_PAYOFF, RulesError, checkLength, checkReferee, type RefereeInput } from '../rules'
import type { CommonsRules } from './types'

/** Groups have from 2 to 16 players. */
export const COMMONS_MIN_PLAYERS = 2
export const COMMONS_MAX_PLAYERS = 16

/** Largest amount accepted for a capacity, a stock or a request (the bound of a payoff). */
export const MAX_AMOUNT = MAX_PAYOFF

/**
 * The restrained group takes this share of the most the commons can give
 * round after round (the maximum sustainable yield, or the capacity when
 * that is smaller): a margin below the knife edge, so that restraint keeps
 * the stock well above the level where it regrows fastest.
 */
export const RESTRAINT = 0.8

/**
 * A request counts as restrained up to the sustainable share plus this
 * fraction of it: a strategy that computes the share with its own
 * arithmetic (a mean of equal requests, say) may land one rounding step
 * above it, and that is not a defection.
 */
export const RESTRAINT_TOLERANCE = 1e-9

/** The defaults (docs/games.md): a single round rewards greed, restraint sustains the stock for 200 rounds. */
export const DEFAULT_COMMONS_RULES: Readonly<CommonsRules> = Object.freeze({
  capacity: 100,
  maxStock: 1000,
  initialStock: 1000,
  regrowth: 0.4,
  collapseBelow: 50,
  maxRequest: 100,
  turns: 200,
  continuation: null,
  referee: null,
  quota: null,
  align: 0,
  cheapTalk: false,
})

/** The commons' rules a caller may give: any part, the rest from the defaults (initialStock defaults to maxStock). */
export type CommonsRulesInput = Partial<Omit<CommonsRules, 'referee'>> & { referee?: RefereeInput | null }

function amount(name: string, value: unknown, fallback: number, min: number, max: number, what: string): number {
  const v = value ?? fallback
  if (typeof v !== 'number' || !(v >= min && v <= max)) throw new RulesError(`${name} must be ${what}`)
  return v
}

/** Fill in defaults and check a partial rule set for the commons; throws RulesError with a readable message. */
export function makeCommonsRules(input: CommonsRulesInput = {}): CommonsRules {
  if (input === null || typeof input !== 'object') throw new RulesError('the commons rules must be an object')
  const d = DEFAULT_COMMONS_RULES
  const positive = (name: string, value: unknown, fallback: number) =>
    amount(name, value, fallback, Number.MIN_VALUE, MAX_AMOUNT, `a number above 0, at most ${MAX_AMOUNT}`)
  const capacity = positive('capacity', input.capacity, d.capacity)
  const maxStock = positive('maxStock', input.maxStock, d.maxStock)
  const initialStock = amount('initialStock', input.initialStock, maxStock, 0, maxStock, `a number from 0 to maxStock (${maxStock})`)
  // Up to 1, logistic regrowth never carries the stock past maxStock (and never oscillates); above 0, something is sustainable.
  const regrowth = amount('regrowth', input.regrowth, d.regrowth, Number.MIN_VALUE, 1, 'a rate above 0, at most 1')
  const collapseBelow = amount('collapseBelow', input.collapseBelow, d.collapseBelow, 0, maxStock, `a number from 0 to maxStock (${maxStock})`)
  const maxRequest = positive('maxRequest', input.maxRequest, d.maxRequest)
  const { turns, continuation } = checkLength(input.turns, input.continuation)
  const referee = checkReferee(input.referee)
  const quota = input.quota ?? null
  if (quota !== null && (typeof quota !== 'number' || !(quota >= 0 && quota <= maxRequest))) {
    throw new RulesError(`quota must be a number from 0 to maxRequest (${maxRequest}), or null for none`)
  }
  const align = input.align ?? 0
  if (typeof align !== 'number' || !(align >= 0 && align <= 1)) throw new RulesError("align must be a number from 0 (own payoff only) to 1 (the group's mean)")
  const cheapTalk = input.cheapTalk ?? false
  if (typeof cheapTalk !== 'boolean') throw new RulesError('cheapTalk must be true or false')
  return { capacity, maxStock, initialStock, regrowth, collapseBelow, maxRequest, turns, continuation, referee, quota, align, cheapTalk }
}

/** Checks a group size; throws RangeError. */
export function checkGroupSize(n: number): void {
  if (!Number.isInteger(n) || n < COMMONS_MIN_PLAYERS || n > COMMONS_MAX_PLAYERS) {
    throw new RangeError(`a commons group has from ${COMMONS_MIN_PLAYERS} to ${COMMONS_MAX_PLAYERS} players, got ${n}`)
  }
}

/**
 * What the whole group may take each round for ever, with a margin:
 * RESTRAINT × min(regrowth × maxStock / 4, capacity). regrowth × maxStock / 4
 * is the logistic stock's maximum sustainable yield (at half the maxStock).
 */
export function sustainableTotal(rules: CommonsRules): number {
  const msy = (rules.regrowth * rules.maxStock) / 4
  return RESTRAINT * (msy < rules.capacity ? msy : rules.capacity)
}

/** The restrained request of one of n players: sustainableTotal / n (80/n with the defaults). */
export function sustainableShare(rules: CommonsRules, n: number): number {
  return sustainableTotal(rules) / n
}

/** Whether a request (after the quota) is restrained: at most the sustainable share (RESTRAINT_TOLERANCE aside). */
export function isRestrained(request: number, share: number): boolean {
  return request <= share + share * RESTRAINT_TOLERANCE
}
