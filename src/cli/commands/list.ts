/** `arena list [--game commons]`: a game's built-in strategies, so that names can be looked up (the "did you mean" hints point here). */
import { AXELROD_CLASSICS, CLASSICS, COMMONS_CLASSICS } from '../../classics/index'
import { parseArgs } from '../args'
import { UsageError } from '../errors'
import { table } from '../format'
import { gameOf } from '../game-flag'
import { lines, type Io } from '../io'

/** The feature of the arena each example shows. */
const EXAMPLE_OF: Record<string, string> = {
  'reputation-tit-for-tat': 'uses view.opponent, see --opponents',
  'best-response': 'reads the referee and aligned rewards in view.rules',
  'dilemma-tester': 'applies the dilemma test to view.rules',
  'trust-but-verify': 'cheap talk, checks announcements',
  'sweet-talker': 'cheap talk, announces C and defects',
}

export async function listCommand(argv: readonly string[], io: Io): Promise<number> {
  const game = gameOf(argv)
  const args = parseArgs(argv, { game: 'string', json: 'boolean' }, 'list')
  if (args.positionals.length > 0) throw new UsageError(`"arena list" takes no arguments (got "${args.positionals[0]}")`)
  const classics = game === 'commons' ? COMMONS_CLASSICS : CLASSICS
  if (args.flags.get('json') === true) {
    const entries = classics.map((c) => ({ id: c.id, name: c.name, description: c.description, axelrod: c.axelrod, games: c.games }))
    io.out(JSON.stringify(entries) + '\n')
    return 0
  }
  if (game === 'commons') {
    const rows = classics.map((c) => [c.id, c.name])
    io.out(lines(`${classics.length} built-in strategies of the commons:`, table(rows, ['left', 'left'], '  ').map((l) => l.trimEnd())))
    return 0
  }
  // Examples mirror no Axelrod-Python strategy: say so, and which feature of the arena they show.
  const rows = classics.map((c) => [c.id, c.name, c.axelrod === null ? `(example: ${EXAMPLE_OF[c.id] ?? 'see its source'})` : ''])
  const examples = classics.length - AXELROD_CLASSICS.length
  const heading = `${classics.length} built-in strategies (${AXELROD_CLASSICS.length} Axelrod classics, ${examples} ${examples === 1 ? 'example' : 'examples'}):`
  io.out(lines(heading, table(rows, ['left', 'left', 'left'], '  ').map((l) => l.trimEnd())))
  return 0
}
