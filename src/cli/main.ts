/**
 * The `arena` command line: dispatch to a command and turn every failure
 * into one line on stderr ("arena: ...") and an exit code. Commands are
 * imported only when run, so help and version never load the sandbox.
 *
 * Exit codes: 0 success, 1 runtime failure, 2 usage error (errors.ts).
 */
import { wantsHelp } from './args'
import { CliError, EXIT_FAILURE, UsageError } from './errors'
import { COMMANDS, commandHelp, mainHelp, type CommandName } from './help'
import { processIo, type Io } from './io'
import { printable } from '../engine/printable'
import { didYouMean } from './suggest'
// Only the version is taken (the build keeps nothing else of the file, and lists it among its sources).
import { version as packageVersion } from '../../package.json'

type Command = (argv: readonly string[], io: Io) => Promise<number>

const LOADERS: Record<Exclude<CommandName, 'help'>, () => Promise<Command>> = {
  match: async () => (await import('./commands/match')).matchCommand,
  tournament: async () => (await import('./commands/tournament')).tournamentCommand,
  check: async () => (await import('./commands/check')).checkCommand,
  list: async () => (await import('./commands/list')).listCommand,
  rules: async () => (await import('./commands/rules')).rulesCommand,
  experiment: async () => (await import('./commands/experiment')).experimentCommand,
}

function isCommand(word: string): word is CommandName {
  return (COMMANDS as readonly string[]).includes(word)
}

function version(): string {
  return `arena ${packageVersion}`
}

function unknownCommand(word: string): UsageError {
  const what = word.startsWith('-') ? `unknown option ${word}` : `unknown command "${word}"`
  return new UsageError(`${what}${didYouMean(word, COMMANDS)}; run "arena --help" for the list of commands`)
}

async function dispatch(argv: readonly string[], io: Io): Promise<number> {
  const [first, ...rest] = argv
  if (first === undefined || first === '--help' || first === '-h') {
    io.out(mainHelp())
    return 0
  }
  if (first === '--version' || first === '-V') {
    if (rest.length > 0) throw new UsageError(`${first} takes no arguments`)
    io.out(version() + '\n')
    return 0
  }
  if (first === 'help') {
    if (rest.length === 0) {
      io.out(mainHelp())
      return 0
    }
    const topic = rest[0] as string
    if (rest.length > 1 || !isCommand(topic)) throw unknownCommand(rest.join(' '))
    io.out(commandHelp(topic))
    return 0
  }
  if (!isCommand(first)) throw unknownCommand(first)
  if (wantsHelp(rest)) {
    io.out(commandHelp(first))
    return 0
  }
  const command = await LOADERS[first as Exclude<CommandName, 'help'>]()
  return command(rest, io)
}

/** Run the CLI and return the exit code; never throws, never prints a stack trace (unless ARENA_DEBUG is set). */
export async function run(argv: readonly string[], io: Io = processIo()): Promise<number> {
  try {
    return await dispatch(argv, io)
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`arena: ${oneLine(error.message)}\n`)
      return error.exitCode
    }
    const message = error instanceof Error ? error.message : String(error)
    io.err(`arena: internal error: ${oneLine(message)}\n`)
    if (process.env.ARENA_DEBUG && error instanceof Error && error.stack) io.err(error.stack + '\n')
    return EXIT_FAILURE
  }
}

/** Messages come from strategies and the file system too: keep the promise of exactly one printable line. */
function oneLine(text: string): string {
  return printable(text.replace(/\s*[\r\n]+\s*/g, ' ').trim())
}
