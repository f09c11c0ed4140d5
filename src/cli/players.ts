/**
 * Turning command-line words into players. A word is a path to a strategy
 * module (.js/.mjs) or a built-in name; a path that exists wins, so a local
 * file can never be shadowed by a built-in. Every player is labelled by the
 * word exactly as given (for a directory, the word plus the file name): that
 * label is the engine id, so JSON, tables and faults all show it.
 *
 * The size limit comes from the runner that will play the files (its
 * limits.sourceBytes), so a file is refused here exactly when the sandbox
 * would refuse it, whatever limits that runner was made with.
 */
import { readdir, readFile, stat } from 'node:fs/promises'
import { isAbsolute, join, sep } from 'node:path'
import { classicAsSource, classicsFor, findClassic } from '../classics/index'
import type { Game, StrategySource } from '../engine/types'
import { prepareSource, sourceBytes } from '../../sandbox/source'
import { CliError, UsageError } from './errors'
import { didYouMean } from './suggest'

/** What reading a strategy file needs to know of the runner's limits. */
export interface SourceLimits {
  /** Largest accepted source, in bytes of UTF-8 without a byte-order mark. */
  sourceBytes: number
}

export interface Player {
  /** The word as given (plus the file name for a directory entry). */
  label: string
  kind: 'file' | 'builtin'
  /** What the engine plays; source.id is the label. */
  source: StrategySource
}

const MODULE_FILE = /\.m?js$/i
const TYPESCRIPT_FILE = /\.[cm]?tsx?$/i
const NOT_TYPESCRIPT = 'strategies are JavaScript modules, not TypeScript: remove the type annotations and save it as .js'
/** A byte-order mark, which does not count towards the size limit. */
const BOM_BYTES = 3

type PathKind = 'file' | 'directory' | 'missing'

async function pathKind(path: string): Promise<PathKind> {
  try {
    const s = await stat(path)
    return s.isDirectory() ? 'directory' : 'file'
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ENAMETOOLONG') return 'missing'
    throw new CliError(`cannot read ${path}: ${describeFsError(error)}`)
  }
}

export function describeFsError(error: unknown): string {
  const e = error as NodeJS.ErrnoException
  switch (e.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'EISDIR':
      return 'it is a directory'
    case 'ENOENT':
      return 'no such file'
    default:
      return e.code ?? e.message ?? String(error)
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** Read a strategy file as UTF-8 (a byte-order mark is dropped), refusing what the sandbox would refuse anyway. */
export async function readStrategyFile(path: string, label: string, limits: SourceLimits): Promise<Player> {
  if (TYPESCRIPT_FILE.test(path)) throw new CliError(`${label}: ${NOT_TYPESCRIPT}`)
  let bytes: Buffer
  try {
    const info = await stat(path)
    // Only regular files: reading a device (/dev/zero) or a FIFO would never end.
    if (!info.isFile()) throw new CliError(`${label}: not a regular file`)
    const size = info.size
    // Checked before reading so that a huge file given by mistake is not loaded into memory.
    if (size > limits.sourceBytes + BOM_BYTES) throw tooBig(label, size, limits)
    bytes = await readFile(path)
  } catch (error) {
    if (error instanceof CliError) throw error
    throw new CliError(`cannot read ${label}: ${describeFsError(error)}`)
  }
  let source: string
  try {
    source = utf8.decode(bytes)
  } catch {
    throw new CliError(`${label}: the file is not valid UTF-8 text`)
  }
  const size = sourceBytes(prepareSource(source))
  if (size > limits.sourceBytes) throw tooBig(label, size, limits)
  return { label, kind: 'file', source: { id: label, name: label, source } }
}

function tooBig(label: string, size: number, limits: SourceLimits): CliError {
  return new CliError(`${label}: the file is ${size} bytes; a strategy may be at most ${limits.sourceBytes} bytes`)
}

function builtin(word: string, game: Game): Player | null {
  const classic = findClassic(word, game)
  if (!classic) return null
  return { label: word, kind: 'builtin', source: { ...classicAsSource(classic), id: word } }
}

/** Built-ins by id, never files (a preset names built-ins only, whatever the working directory holds). */
export function builtinPlayers(ids: readonly string[], game: Game = 'dilemma'): Player[] {
  return ids.map((id) => builtin(id, game) ?? raise(unknownPlayer(id, game)))
}

/** Every built-in of a game, labelled by its id. */
export function allBuiltins(game: Game = 'dilemma'): Player[] {
  return classicsFor(game).map((c) => ({ label: c.id, kind: 'builtin' as const, source: classicAsSource(c) }))
}

/** The error for a word that is neither an existing path nor a built-in name of the game. */
function unknownPlayer(word: string, game: Game): UsageError {
  if (word.trim() === '') return new UsageError('a player name is empty')
  // Something that looks like a path is reported as a missing file: a "did you mean tit-for-tat" would be noise.
  if (/[\\/]/.test(word) || /\.[cm]?[jt]s$/i.test(word)) return new UsageError(`no such file: ${word}`)
  const other = findClassic(word)
  if (other) {
    const plays = other.games.includes('commons') ? 'the commons: add --game commons' : 'the dilemma, not the commons'
    return new UsageError(`"${word}" is a built-in strategy of ${plays}`)
  }
  const list = game === 'dilemma' ? '"arena list"' : `"arena list --game ${game}"`
  const ids = classicsFor(game).map((c) => c.id)
  return new UsageError(`"${word}" is neither a file nor a built-in strategy${didYouMean(word, ids)}; ${list} shows the built-ins`)
}

/** One player from a word; a directory is refused (for `match` and `check`). */
export async function resolvePlayer(word: string, limits: SourceLimits, game: Game = 'dilemma'): Promise<Player> {
  const kind = await pathKind(word)
  if (kind === 'file') return readStrategyFile(word, word, limits)
  if (kind === 'directory') throw new UsageError(`${word} is a directory; give a strategy file or a built-in name`)
  const found = builtin(word, game)
  if (found) return found
  throw unknownPlayer(word, game)
}

const withSeparator = (dir: string) => (dir.endsWith('/') || dir.endsWith(sep) ? dir : dir + sep)

/**
 * The strategy files of a directory (not recursive), sorted by name so the
 * player order is reproducible, labelled `label` + the file name.
 */
async function directoryPlayers(dir: string, limits: SourceLimits, label = dir): Promise<Player[]> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (error) {
    throw new CliError(`cannot read directory ${label}: ${describeFsError(error)}`)
  }
  const players: Player[] = []
  for (const name of names.filter((n) => MODULE_FILE.test(n)).sort()) {
    const path = withSeparator(dir) + name
    if ((await pathKind(path)) !== 'file') continue
    players.push(await readStrategyFile(path, withSeparator(label) + name, limits))
  }
  if (players.length === 0) {
    const typescript = names.some((n) => TYPESCRIPT_FILE.test(n)) ? ` (its TypeScript files are not played: ${NOT_TYPESCRIPT})` : ''
    throw new UsageError(`${label} has no .js or .mjs files${typescript}`)
  }
  return players
}

/**
 * The players of a tournament: files, directories (their .js/.mjs files) and
 * built-in names of the game in the order given, then every built-in of the
 * game with --classics. Labels must be unique, since they are the engine's ids.
 * With `base`, a relative path is looked up from that directory (an
 * experiment's SPEC file names files relative to itself), and still labelled
 * as written.
 */
export async function resolvePlayers(
  words: readonly string[],
  classics: boolean,
  limits: SourceLimits,
  game: Game = 'dilemma',
  base?: string,
): Promise<Player[]> {
  const players: Player[] = []
  for (const word of words) {
    const path = base === undefined || isAbsolute(word) ? word : join(base, word)
    const kind = await pathKind(path)
    if (kind === 'file') players.push(await readStrategyFile(path, word, limits))
    else if (kind === 'directory') players.push(...(await directoryPlayers(path, limits, word)))
    else players.push(builtin(word, game) ?? raise(unknownPlayer(word, game)))
  }
  if (classics) players.push(...allBuiltins(game))
  const seen = new Map<string, Player>()
  for (const p of players) {
    const earlier = seen.get(p.label)
    if (earlier) {
      if (earlier.kind !== p.kind) {
        // A local file named like a built-in (the file wins the name): offer a label that cannot clash.
        throw new UsageError(`two players are labelled "${p.label}", the file and the built-in; give the file as ./${p.label}`)
      }
      const why = classics && p.kind === 'builtin' ? ' (--classics already includes every built-in)' : ''
      throw new UsageError(`${p.label} is given more than once${why}; every player needs its own label`)
    }
    seen.set(p.label, p)
  }
  return players
}

function raise(error: Error): never {
  throw error
}
