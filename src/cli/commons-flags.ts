/**
 * The commons' rule options (`--game commons` for match, tournament and
 * rules), turned into engine rules. Formats are checked here, naming the
 * option; ranges by the engine's makeCommonsRules, whose message is given
 * back with the option names, so the command line never accepts rules the
 * engine would refuse. docs/games.md gives every formula.
 */
import { makeCommonsRules, type CommonsRulesInput } from '../engine/commons/rules'
import type { CommonsRules } from '../engine/commons/types'
import { RulesError } from '../engine/rules'
import { booleanFlag, stringFlag, type FlagSpec, type ParsedArgs } from './args'
import { UsageError } from './errors'
import { fraction, lengthFrom, parseNumber, refereeFrom } from './rule-flags'

export const COMMONS_RULE_FLAGS: FlagSpec = {
  game: 'string',
  turns: 'string',
  continuation: 'string',
  capacity: 'string',
  stock: 'string',
  'max-stock': 'string',
  regrowth: 'string',
  'collapse-below': 'string',
  'max-request': 'string',
  quota: 'string',
  fine: 'string',
  detection: 'string',
  fines: 'string',
  align: 'string',
  'cheap-talk': 'boolean',
}

/** The rules' field names as the options that set them. */
const OPTION_OF: Readonly<Record<string, string>> = {
  capacity: '--capacity',
  initialStock: '--stock',
  maxStock: '--max-stock',
  regrowth: '--regrowth',
  collapseBelow: '--collapse-below',
  maxRequest: '--max-request',
  quota: '--quota',
}

/** The amount options, by rules field. */
const AMOUNTS: readonly [keyof CommonsRulesInput, string][] = [
  ['capacity', 'capacity'],
  ['initialStock', 'stock'],
  ['maxStock', 'max-stock'],
  ['regrowth', 'regrowth'],
  ['collapseBelow', 'collapse-below'],
  ['maxRequest', 'max-request'],
  ['quota', 'quota'],
]

/** The commons' rules from the options given (the rest from the defaults); a UsageError naming the option. */
export function commonsRulesFrom(args: ParsedArgs): CommonsRules {
  const input: CommonsRulesInput = {}
  const { turns, continuation } = lengthFrom(args)
  if (turns !== undefined) input.turns = turns
  if (continuation !== undefined) input.continuation = continuation
  for (const [field, option] of AMOUNTS) {
    const text = stringFlag(args, option)
    if (text !== undefined) (input as Record<string, number>)[field] = parseNumber(option, text, 'a number')
  }
  input.referee = refereeFrom(args)
  const alignText = stringFlag(args, 'align')
  if (alignText !== undefined) input.align = fraction('align', alignText)
  input.cheapTalk = booleanFlag(args, 'cheap-talk')
  try {
    return makeCommonsRules(input)
  } catch (error) {
    if (error instanceof RulesError) {
      const message = error.message.replace(', or null for none', '')
      throw new UsageError(message.replace(/\b(capacity|initialStock|maxStock|regrowth|collapseBelow|maxRequest|quota)\b/g, (field) => OPTION_OF[field] ?? field))
    }
    throw error
  }
}

/** The rules in words: "200 rounds, capacity 100, stock 1000 of 1000, regrowth 0.4, collapse below 50, requests up to 100". */
export function commonsRulesText(rules: CommonsRules): string {
  const length = rules.turns !== null ? `${rules.turns} ${rules.turns === 1 ? 'round' : 'rounds'}` : `continuation probability ${rules.continuation}`
  return `${length}, capacity ${rules.capacity}, stock ${rules.initialStock} of ${rules.maxStock}, regrowth ${rules.regrowth}, collapse below ${rules.collapseBelow}, requests up to ${rules.maxRequest}`
}

/** The mechanisms in words, or "none". */
export function mechanismsText(rules: CommonsRules): string {
  const parts: string[] = []
  const ref = rules.referee
  if (ref) parts.push(`referee (fine ${ref.fine}, detected with probability ${ref.detection}, ${ref.fines})`)
  if (rules.quota !== null) parts.push(`quota ${rules.quota}`)
  if (rules.align !== 0) parts.push(`aligned rewards ${rules.align}`)
  if (rules.cheapTalk) parts.push('cheap talk')
  return parts.length > 0 ? parts.join(', ') : 'none'
}
