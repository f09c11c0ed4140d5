/** `arena list`: the built-in strategies, so that names can be looked up (the "did you mean" hints point here). */
import { AXELROD_CLASSICS, CLASSICS } from '../../classics/index'
import { parseArgs } from '../args'
import { UsageError } from '../errors'
import { table } from '../format'
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
  const args = parseArgs(argv, { json: 'boolean' }, 'list')
  if (args.positionals.length > 0) throw new UsageError(`"arena list" takes no arguments (got "${args.positionals[0]}")`)
  if (args.flags.get('json') === true) {
    const entries = CLASSICS.map((c) => ({ id: c.id, name: c.name, description: c.description, axelrod: c.axelrod }))
    io.out(JSON.stringify(entries) + '\n')
    return 0
  }
  // Examples mirror no Axelrod-Python strategy: say so, and which feature of the arena they show.
  const rows = CLASSICS.map((c) => [c.id, c.name, c.axelrod === null ? `(example: ${EXAMPLE_OF[c.id] ?? 'see its source'})` : ''])
  const examples = CLASSICS.length - AXELROD_CLASSICS.length
  const heading = `${CLASSICS.length} built-in strategies (${AXELROD_CLASSICS.length} Axelrod classics, ${examples} ${examples === 1 ? 'example' : 'examples'}):`
  io.out(lines(heading, table(rows, ['left', 'left', 'left'], '  ').map((l) => l.trimEnd())))
  return 0
}
