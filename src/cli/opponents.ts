/**
 * `--opponents FILE`: shared identities on the command line, so an author
 * can see locally what a strategy does with `view.opponent` before the
 * platform shows it real reputations and histories. The file is JSON:
 *
 *   {
 *     "<player id>": {
 *       "name": "...",                            (default: the player's name)
 *       "reputation": { ...OpponentReputation },  (what every opponent sees of this player)
 *       "history": { "<opponent id>": { ...OpponentHistory } }
 *                                                 (this player's OWN record against each opponent)
 *     }
 *   }
 *
 * Every field is optional and the defaults are the platform's
 * (DEFAULT_REPUTATION, EMPTY_HISTORY); a player missing from the file gets
 * them all. Giving the flag shares identities: every player sees
 * `view.opponent`. A player's id is its label (the word as given, or
 * DIR/FILE for a directory entry; a built-in's id).
 *
 * Everything is checked before anything is played, and every mistake is a
 * UsageError of one line that says where in the file it is.
 */
import { readFile, stat } from 'node:fs/promises'
import { DEFAULT_REPUTATION, EMPTY_HISTORY } from '../engine/opponent-view'
import type { OpponentHistory, OpponentInfo, OpponentReputation } from '../engine/types'
import { CliError, UsageError } from './errors'
import { describeFsError } from './players'
import { check, entrySchema, historySchema, reputationSchema, type FieldPath, type HistoryInput, type ReputationInput } from './opponents-schema'
import { didYouMean } from './suggest'

/** Far more than any tournament's file needs (46 players' histories against each other are ~0.5 MB). */
export const MAX_OPPONENTS_FILE_BYTES = 8 * 1024 * 1024

/** A player as the file refers to it. */
export interface IdentityPlayer {
  id: string
  /** The default `view.opponent.name`. */
  name: string
}

/** What the engine's ScheduleOptions take as `opponents` and `histories`. */
export interface SharedIdentities {
  /** Every player id → what its opponents see of it (identity and reputation). */
  opponents: Record<string, OpponentInfo>
  /** Viewer id → opponent id → the viewer's own record against it (only the ones the file gives). */
  histories: Record<string, Record<string, OpponentHistory>>
}

/** Read, check and complete an --opponents file for these players. */
export async function readOpponentsFile(path: string, players: readonly IdentityPlayer[]): Promise<SharedIdentities> {
  let bytes: Buffer
  try {
    const info = await stat(path)
    if (!info.isFile()) throw new UsageError(`--opponents ${path}: not a regular file`)
    if (info.size > MAX_OPPONENTS_FILE_BYTES) {
      throw new UsageError(`--opponents ${path}: the file is ${info.size} bytes; at most ${MAX_OPPONENTS_FILE_BYTES} are read`)
    }
    bytes = await readFile(path)
  } catch (error) {
    if (error instanceof CliError) throw error
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UsageError(`--opponents: no such file: ${path}`)
    throw new CliError(`cannot read ${path}: ${describeFsError(error)}`)
  }
  return parseOpponents(bytes.toString('utf8'), players, path)
}

/** Check the text of an --opponents file (`label` names it in errors) and fill in the defaults. */
export function parseOpponents(text: string, players: readonly IdentityPlayer[], label: string): SharedIdentities {
  const fail = (message: string): never => {
    throw new UsageError(`--opponents ${label}: ${message}`)
  }
  let raw: unknown
  try {
    raw = JSON.parse(text.replace(/^\ufeff/, ''))
  } catch (error) {
    fail(`not valid JSON: ${(error as Error).message}`)
  }
  if (!isPlainObject(raw)) {
    fail(`must hold a JSON object of player ids, e.g. {"defector": {"reputation": {"cooperationRate": 0, "matches": 20}}}, got ${kindOf(raw)}`)
  }
  const ids = players.map((p) => p.id)
  const known = new Set(ids)
  const entries = raw as Record<string, unknown>
  for (const id of Object.keys(entries)) if (!known.has(id)) fail(unknownPlayer(id, ids, null))

  const given = new Map<string, { name?: string; reputation?: ReputationInput; history?: Map<string, HistoryInput> }>()
  for (const id of Object.keys(entries)) {
    const entry = orFail(check(entrySchema, entries[id], [id], [0]), fail)
    given.set(id, { ...entry, history: entry.history === undefined ? undefined : historiesOf(entry.history, id, ids, fail) })
  }

  const opponents: [string, OpponentInfo][] = []
  const histories: [string, Record<string, OpponentHistory>][] = []
  for (const p of players) {
    const g = given.get(p.id)
    opponents.push([p.id, { id: p.id, name: g?.name ?? p.name, reputation: reputationOf(g?.reputation, [p.id, 'reputation'], fail) }])
    if (g?.history === undefined) continue
    const record: [string, OpponentHistory][] = []
    for (const [opponent, h] of g.history) record.push([opponent, historyOf(h, [p.id, 'history', opponent], fail)])
    histories.push([p.id, Object.fromEntries(record)])
  }
  // fromEntries defines own properties, so even an id such as "__proto__" stays an ordinary key.
  return { opponents: Object.fromEntries(opponents), histories: Object.fromEntries(histories) }
}

/** A history's level of opponent ids: an object whose keys are players and whose values are histories. */
function historiesOf(value: unknown, viewer: string, ids: readonly string[], fail: (m: string) => never): Map<string, HistoryInput> {
  const where = `${JSON.stringify(viewer)}.history`
  if (!isPlainObject(value)) {
    fail(`${where} must be an object of opponent ids (this player's own record against each), got ${kindOf(value)}`)
  }
  const out = new Map<string, HistoryInput>()
  for (const [opponent, h] of Object.entries(value as Record<string, unknown>)) {
    if (!ids.includes(opponent)) fail(unknownPlayer(opponent, ids, where))
    out.set(opponent, orFail(check(historySchema, h, [viewer, 'history', opponent], [0, 2]), fail))
  }
  return out
}

/** The reputation with the defaults filled in, in OpponentReputation's field order. */
function reputationOf(r: ReputationInput | undefined, path: FieldPath, fail: (m: string) => never): OpponentReputation {
  const d = DEFAULT_REPUTATION
  const out: OpponentReputation = {
    rating: { mu: r?.rating?.mu ?? d.rating.mu, sigma: r?.rating?.sigma ?? d.rating.sigma },
    cooperationRate: r?.cooperationRate ?? d.cooperationRate,
    nice: r?.nice ?? d.nice,
    retaliating: r?.retaliating ?? d.retaliating,
    forgiving: r?.forgiving ?? d.forgiving,
    matches: r?.matches ?? d.matches,
  }
  if (out.matches === 0) {
    const measured = (['cooperationRate', 'nice', 'retaliating', 'forgiving'] as const).find((k) => out[k] !== null)
    if (measured) fail(`${quotedPath(path)}.${measured} is given but matches is 0: nothing is measured before the first match; give matches too`)
  }
  return out
}

/** The history with the defaults filled in, in OpponentHistory's field order. */
function historyOf(h: HistoryInput, path: FieldPath, fail: (m: string) => never): OpponentHistory {
  const e = EMPTY_HISTORY
  const out: OpponentHistory = {
    matches: h.matches ?? e.matches,
    myCooperation: h.myCooperation ?? e.myCooperation,
    theirCooperation: h.theirCooperation ?? e.theirCooperation,
    lastMoves: { my: [...(h.lastMoves?.my ?? e.lastMoves.my)], their: [...(h.lastMoves?.their ?? e.lastMoves.their)] },
  }
  const where = quotedPath(path)
  if (out.lastMoves.my.length !== out.lastMoves.their.length) {
    fail(`${where}.lastMoves: my and their must have the same length (the same rounds), got ${out.lastMoves.my.length} and ${out.lastMoves.their.length}`)
  }
  if (out.matches === 0) {
    const known =
      out.myCooperation !== null ? 'myCooperation' : out.theirCooperation !== null ? 'theirCooperation' : out.lastMoves.my.length > 0 ? 'lastMoves' : null
    if (known) fail(`${where}.${known} is given but matches is 0: there is no record before the first match; give matches too`)
  }
  return out
}

/** A player id or a history's opponent id (at even positions) quoted, as opponents-schema shows paths. */
function quotedPath(path: FieldPath): string {
  return path.map((part, i) => (i % 2 === 0 ? JSON.stringify(part) : part)).join('.')
}

function unknownPlayer(id: string, ids: readonly string[], where: string | null): string {
  const shown = ids.length > 12 ? `${ids.slice(0, 12).join(', ')} and ${ids.length - 12} more` : ids.join(', ')
  const place = where === null ? '' : ` in ${where}`
  return `unknown player "${id}"${place}${didYouMean(id, ids)}; the players are ${shown}`
}

function orFail<T>(result: { ok: true; value: T } | { ok: false; message: string }, fail: (m: string) => never): T {
  return result.ok ? result.value : fail(result.message)
}

function isPlainObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`
}
