/**
 * Step one of a commons tournament: which groups are played, as plain JSON.
 * Each group is a job of its own (a group is the unit the engine plays
 * without looking at any other), carrying everything its play needs but
 * the sources, so it can travel on a queue, be played by any runner
 * anywhere, and give the same result. play-group.ts plays a job,
 * aggregate.ts ranks the results.
 *
 * Two layouts (docs/games.md):
 * - every combination of `group` entrants, when there are at most
 *   MAX_COMBINATIONS of them, each played `repetitions` times; repetition r
 *   seats the combination (in entrant order) rotated by r places, so with a
 *   multiple of `group` repetitions every entrant sits in every seat of its
 *   combinations equally often;
 * - otherwise a balanced, seeded schedule of `repetitions` blocks. A block
 *   shuffles the entrants (a permutation drawn from the run seed) into a
 *   circle and seats one group at every position of it: group j takes the
 *   `group` entrants from position j on, seat s holding position j + s. Every
 *   entrant so plays exactly `group` groups a block, once in each seat.
 */
import { opponentView, ownEntry } from '../opponent-view'
import { deriveSeed, mulberry32, normalizeSeed } from '../prng'
import { DEFAULT_REPETITIONS, MAX_REPETITIONS } from '../schedule'
import type { TournamentPlayer } from '../tournament-result'
import type { OpponentInfo } from '../types'
import { COMMONS_MAX_PLAYERS, checkGroupSize, makeCommonsRules, type CommonsRulesInput } from './rules'
import type { CommonsRules } from './types'

export const COMMONS_SCHEDULE_FORMAT = 'dilemma-arena/commons-schedule@1'
/** Every combination is played when there are at most this many (each `repetitions` times). */
export const MAX_COMBINATIONS = 200
/** A schedule of more groups than this is refused. */
export const MAX_COMMONS_GROUPS = 20_000

export type CommonsLayout = 'every-combination' | 'balanced'

/** Per seat: what it sees of every other seat (view.others order), or null with no shared identities. */
export type GroupIdentities = ((OpponentInfo | null)[] | null)[]

export interface CommonsScheduleOptions {
  /** Players per group, 2 to 16; default: every entrant in one group (when there are at most 16). */
  group?: number
  /** How many times each combination is played, or how many balanced blocks; default 5. */
  repetitions?: number
  /** Run seed (a number, or text turned into one with normalizeSeed). */
  seed: number | string
  rules?: CommonsRulesInput
  /**
   * Shared identities, as for a dilemma tournament (schedule.ts): player id
   * → what the other seats see of it; omitted or null: anonymous.
   */
  opponents?: Readonly<Record<string, OpponentInfo | null>> | null
  /** Each viewer's own record against each other player: viewer id → player id → `history`. */
  histories?: Readonly<Record<string, Readonly<Record<string, unknown>>>> | null
}

/** One group: everything needed to play it but the sources. */
export interface CommonsJob {
  /** Position in the schedule, from 0. */
  index: number
  /** Positions of the seated players in the schedule's players, in seat order. */
  seats: number[]
  /** Their ids, in seat order (an id appears once). */
  players: string[]
  rules: CommonsRules
  /** The group seed: its length, the referee's draws and every seat's random stream come from it. */
  seed: number
  /** GroupSetup.identities, or null when identities are not shared. */
  identities: GroupIdentities | null
}

export interface CommonsSchedule {
  format: typeof COMMONS_SCHEDULE_FORMAT
  /** The run seed actually used (normalised). */
  seed: number
  rules: CommonsRules
  group: number
  repetitions: number
  layout: CommonsLayout
  /** Players in the order given; the result's per-player arrays use this order. */
  players: TournamentPlayer[]
  /** Jobs in schedule order; jobs[k].index is k. */
  jobs: CommonsJob[]
}

/** The seed of one group of a run; playGroup re-plays the job alone with it. */
export function commonsGroupSeed(runSeed: number, index: number): number {
  return deriveSeed(runSeed, 'group', index)
}

/** What each seat sees of the others, or null when identities are not shared. */
export function groupIdentities(
  ids: readonly string[],
  opponents: CommonsScheduleOptions['opponents'] = null,
  histories: CommonsScheduleOptions['histories'] = null,
): GroupIdentities | null {
  if (opponents == null) return null
  return ids.map((viewer) =>
    ids
      .filter((other) => other !== viewer)
      .map((other) => opponentView(ownEntry(opponents, other) ?? null, ownEntry(ownEntry(histories ?? null, viewer), other))),
  )
}

/** A job for one group of the given ids in seat order (a single group, as `arena match --game commons` plays). */
export function commonsJob(
  index: number,
  seats: readonly number[],
  ids: readonly string[],
  rules: CommonsRules,
  seed: number,
  identities: GroupIdentities | null = null,
): CommonsJob {
  checkGroupSize(ids.length)
  if (new Set(ids).size !== ids.length) throw new RangeError('a player sits at most once in a group')
  return { index, seats: [...seats], players: [...ids], rules, seed: seed >>> 0, identities }
}

/** C(n, k), or Infinity once it passes `cap` (the count is only compared with small numbers). */
function combinationsCount(n: number, k: number, cap: number): number {
  let c = 1
  for (let i = 1; i <= k; i++) {
    c = (c * (n - k + i)) / i
    if (c > cap) return Infinity
  }
  return Math.round(c)
}

/** Every k-combination of 0..n-1 in lexicographic order. */
function combinations(n: number, k: number): number[][] {
  const out: number[][] = []
  const pick = Array.from({ length: k }, (_, i) => i)
  for (;;) {
    out.push([...pick])
    let i = k - 1
    while (i >= 0 && pick[i] === n - k + i) i--
    if (i < 0) return out
    pick[i]!++
    for (let j = i + 1; j < k; j++) pick[j] = pick[j - 1]! + 1
  }
}

/** A seeded permutation of 0..n-1 (Fisher–Yates). */
function shuffled(n: number, seed: number): number[] {
  const next = mulberry32(seed)
  const order = Array.from({ length: n }, (_, i) => i)
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1))
    const t = order[i]!
    order[i] = order[j]!
    order[j] = t
  }
  return order
}

/** The seatings of the schedule, in order (positions in the players array). */
function seatings(n: number, group: number, repetitions: number, runSeed: number): { layout: CommonsLayout; groups: number[][] } {
  const groups: number[][] = []
  if (combinationsCount(n, group, MAX_COMBINATIONS) <= MAX_COMBINATIONS) {
    for (const combination of combinations(n, group)) {
      for (let r = 0; r < repetitions; r++) {
        groups.push(combination.map((_, s) => combination[(s + r) % group]!))
      }
    }
    return { layout: 'every-combination', groups }
  }
  for (let b = 0; b < repetitions; b++) {
    const circle = shuffled(n, deriveSeed(runSeed, 'block', b))
    for (let j = 0; j < n; j++) {
      const seated: number[] = []
      for (let s = 0; s < group; s++) seated.push(circle[(j + s) % n]!)
      groups.push(seated)
    }
  }
  return { layout: 'balanced', groups }
}

/**
 * The groups of a commons tournament. Checks everything that can be wrong
 * with the input (players, group size, repetitions, rules) so that nothing
 * is refused halfway through a run: throws RangeError or RulesError.
 */
export function scheduleCommons(players: readonly TournamentPlayer[], options: CommonsScheduleOptions): CommonsSchedule {
  if (!Array.isArray(players) || players.length < 2) throw new RangeError('a commons tournament needs at least 2 players')
  const seen = new Set<string>()
  for (const p of players) {
    if (typeof p?.id !== 'string' || p.id === '') throw new RangeError('every player needs a non-empty string id')
    if (seen.has(p.id)) throw new RangeError(`player ids must be unique: "${p.id}" appears more than once`)
    seen.add(p.id)
  }
  const n = players.length
  if (options.group === undefined && n > COMMONS_MAX_PLAYERS) {
    throw new RangeError(`${n} players do not fit one group (at most ${COMMONS_MAX_PLAYERS}): give a group size`)
  }
  const group = options.group ?? n
  checkGroupSize(group)
  if (group > n) throw new RangeError(`groups of ${group} need at least ${group} players, got ${n}`)
  const repetitions = options.repetitions ?? DEFAULT_REPETITIONS
  if (!Number.isInteger(repetitions) || repetitions < 1 || repetitions > MAX_REPETITIONS) {
    throw new RangeError(`repetitions must be a whole number from 1 to ${MAX_REPETITIONS}`)
  }
  const rules = makeCommonsRules(options.rules)
  const runSeed = normalizeSeed(options.seed)
  const count = combinationsCount(n, group, MAX_COMBINATIONS)
  const planned = (count <= MAX_COMBINATIONS ? count : n) * repetitions
  if (planned > MAX_COMMONS_GROUPS) {
    throw new RangeError(`${planned} groups is more than a schedule may hold (${MAX_COMMONS_GROUPS}): fewer repetitions or players`)
  }
  const { layout, groups } = seatings(n, group, repetitions, runSeed)
  const jobs = groups.map((seats, index) => {
    const ids = seats.map((i) => players[i]!.id)
    return commonsJob(index, seats, ids, rules, commonsGroupSeed(runSeed, index), groupIdentities(ids, options.opponents, options.histories))
  })
  return {
    format: COMMONS_SCHEDULE_FORMAT,
    seed: runSeed,
    rules,
    group,
    repetitions,
    layout,
    players: players.map((p) => ({ id: p.id, name: p.name })),
    jobs,
  }
}
