/** `arena rules`: the essay's dilemma test for a payoff matrix, its mechanisms and its length (src/engine/dilemma-test.ts). */
import { dilemmaTest } from '../../engine/dilemma-test'
import { parsePayoffs, RulesError } from '../../engine/rules'
import { parseArgs, stringFlag } from '../args'
import { UsageError } from '../errors'
import { gameOf } from '../game-flag'
import { lines, type Io } from '../io'
import { fraction, lengthFrom, refereeFrom } from '../rule-flags'

const FLAGS = { game: 'string', payoffs: 'string', fine: 'string', detection: 'string', fines: 'string', align: 'string', turns: 'string', continuation: 'string', json: 'boolean' } as const

export async function rulesCommand(argv: readonly string[], io: Io): Promise<number> {
  if (gameOf(argv) === 'commons') return (await import('./commons-rules')).commonsRulesCommand(argv, io)
  const args = parseArgs(argv, FLAGS, 'rules')
  if (args.positionals.length > 0) throw new UsageError(`"arena rules" takes no file or strategy (got "${args.positionals[0]}")`)
  const payoffsText = stringFlag(args, 'payoffs')
  if (payoffsText === undefined) throw new UsageError('--payoffs R,S,T,P is required, e.g. --payoffs 3,0,5,1')
  let payoffs
  try {
    payoffs = parsePayoffs(payoffsText)
  } catch (error) {
    if (error instanceof RulesError) throw new UsageError(`--payoffs: ${error.message}`)
    throw error
  }
  const referee = refereeFrom(args)
  const alignText = stringFlag(args, 'align')
  const { turns, continuation } = lengthFrom(args)
  const result = dilemmaTest({
    payoffs,
    referee,
    align: alignText === undefined ? null : fraction('align', alignText),
    turns: turns ?? null,
    continuation: continuation ?? null,
  })
  if (args.flags.get('json') === true) {
    io.out(JSON.stringify(result) + '\n')
    return 0
  }
  const { R, S, T, P } = result.effective.payoffs
  io.out(
    lines(
      `effective matrix: R=${R} S=${S} T=${T} P=${P}  (${result.classification.kind})`,
      ...(result.threshold === null ? [] : [`threshold: w >= ${result.threshold}; here w = ${result.continuation}`]),
      `verdict: ${result.verdict.code}`,
      result.verdict.text,
    ),
  )
  return 0
}
