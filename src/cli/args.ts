/**
 * A deliberately tiny flag parser (no dependency: the CLI must start fast and
 * its behaviour must be easy to document exactly).
 *
 * Accepted forms: `--name value`, `--name=value`, boolean `--name`, and `--`
 * to end the options (everything after it is a positional, even "--x").
 * Options and positionals may be mixed in any order. A value-taking option
 * takes the next word unless that word starts with "--", so negative numbers
 * work (`--payoffs -1,-2,4,0`). Every mistake is a UsageError naming the option.
 */
import { UsageError } from './errors'
import { didYouMean } from './suggest'

/** Option names without the leading "--", mapped to whether they take a value. */
export type FlagSpec = Readonly<Record<string, 'boolean' | 'string'>>

export interface ParsedArgs {
  positionals: string[]
  /** Options given, by name: the value, or true for a boolean option. */
  flags: Map<string, string | true>
}

/** Whether the words ask for help (`--help` or `-h` before any `--`). */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const word of argv) {
    if (word === '--') return false
    if (word === '--help' || word === '-h') return true
  }
  return false
}

export function parseArgs(argv: readonly string[], spec: FlagSpec, command: string): ParsedArgs {
  const positionals: string[] = []
  const flags = new Map<string, string | true>()
  const known = Object.keys(spec).map((name) => `--${name}`)
  const hint = `; see "arena ${command} --help"`
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string
    if (word === '--') {
      positionals.push(...argv.slice(i + 1))
      break
    }
    if (!word.startsWith('-') || word === '-') {
      positionals.push(word)
      continue
    }
    if (!word.startsWith('--')) {
      // Single-dash words are never values here (negative numbers only follow an option).
      throw new UsageError(`unknown option ${word} for "arena ${command}"${didYouMean(`-${word}`, known)}${hint}`)
    }
    const eq = word.indexOf('=')
    const name = word.slice(2, eq === -1 ? undefined : eq)
    const kind = Object.prototype.hasOwnProperty.call(spec, name) ? spec[name] : undefined
    if (kind === undefined) {
      throw new UsageError(`unknown option --${name} for "arena ${command}"${didYouMean(`--${name}`, known)}${hint}`)
    }
    if (flags.has(name)) throw new UsageError(`option --${name} is given more than once`)
    if (kind === 'boolean') {
      if (eq !== -1) throw new UsageError(`option --${name} takes no value (got "${word}")`)
      flags.set(name, true)
      continue
    }
    if (eq !== -1) {
      flags.set(name, word.slice(eq + 1))
      continue
    }
    const next = argv[i + 1]
    if (next === undefined || next.startsWith('--')) throw new UsageError(`option --${name} needs a value${hint}`)
    flags.set(name, next)
    i++
  }
  return { positionals, flags }
}

/** The value of a value-taking option, or undefined when it was not given. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags.get(name)
  return typeof value === 'string' ? value : undefined
}

export function booleanFlag(args: ParsedArgs, name: string): boolean {
  return args.flags.get(name) === true
}
