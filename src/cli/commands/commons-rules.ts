/**
 * `arena rules --game commons [--players N] [commons options]`: the
 * commons' 2×2 for N players (restraint and greed against others who all
 * restrain or all grab, one round from the initial stock) and its dilemma
 * test (src/engine/commons/matrix.ts).
 */
import { commonsDilemmaTest } from '../../engine/commons/matrix'
import { COMMONS_MAX_PLAYERS, COMMONS_MIN_PLAYERS } from '../../engine/commons/rules'
import { parseArgs, stringFlag } from '../args'
import { COMMONS_RULE_FLAGS, commonsRulesFrom, mechanismsText } from '../commons-flags'
import { UsageError } from '../errors'
import { fixed } from '../format'
import { lines, type Io } from '../io'
import { parseWhole } from '../rule-flags'

/** Four players unless --players says otherwise: small enough to read, past the two-player game. */
export const DEFAULT_RULES_PLAYERS = 4

const FLAGS = { ...COMMONS_RULE_FLAGS, players: 'string', json: 'boolean' } as const

export async function commonsRulesCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, FLAGS, 'rules --game commons')
  if (args.positionals.length > 0) throw new UsageError(`"arena rules" takes no file or strategy (got "${args.positionals[0]}")`)
  const playersText = stringFlag(args, 'players')
  const n = playersText === undefined ? DEFAULT_RULES_PLAYERS : parseWhole('players', playersText, COMMONS_MIN_PLAYERS, COMMONS_MAX_PLAYERS)
  const rules = commonsRulesFrom(args)
  const result = commonsDilemmaTest(rules, n)
  if (args.flags.get('json') === true) {
    io.out(JSON.stringify(result) + '\n')
    return 0
  }
  const show = (p: { R: number; S: number; T: number; P: number }) => `R=${p.R} S=${p.S} T=${p.T} P=${p.P}`
  io.out(
    lines(
      `commons, ${n} players: restraint requests ${fixed(result.restraint)} (the sustainable share), greed ${fixed(result.greed)}`,
      `mechanisms: ${mechanismsText(rules)}`,
      'one round from the initial stock, against others who all restrain (R, T) or all grab (S, P):',
      `harvest matrix:   ${show(result.payoffs)}`,
      `effective matrix: ${show(result.effective.payoffs)}  (${result.classification.kind})`,
      ...(result.threshold === null ? [] : [`threshold: w >= ${result.threshold}; here w = ${result.continuation}`]),
      `verdict: ${result.verdict.code}`,
      result.verdict.text,
    ),
  )
  return 0
}
