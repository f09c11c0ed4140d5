/**
 * Step one of a tournament: what is to be played, as plain JSON. A round
 * robin is cut into jobs, one per pairing with all its repetitions, because a
 * pairing is the unit the engine can play without looking at any other:
 * reusing a deterministic pairing's first repetition needs the whole pairing
 * in one place, and nothing needs more than that. A job carries everything
 * its matches need except the two sources, so it can travel on a queue, be
 * played by any runner anywhere, and give the same result.
 *
 * The schedule depends only on the players (ids, names, order), the rules,
 * the repetitions, the seed and the shared identities (with their
 * histories); it survives JSON.stringify / JSON.parse unchanged as long as
 * those identities and histories are plain JSON.
 */
import { opponentView, ownEntry } from './opponent-view'
import { deriveSeed, normalizeSeed } from './prng'
import { makeRules, type RulesInput } from './rules'
import type { TournamentPlayer } from './tournament-result'
import type { OpponentInfo, Rules } from './types'

export const DEFAULT_REPETITIONS = 5
/** More repetitions than this are refused (each is a full round robin). */
export const MAX_REPETITIONS = 1000
export const SCHEDULE_FORMAT = 'dilemma-arena/schedule@1'

export interface ScheduleOptions {
  /** Rules for every match (defaults from makeRules: Axelrod payoffs, 200 turns, no noise). */
  rules?: RulesInput
  /** How many times each pairing is played; default 5. */
  repetitions?: number
  /** Run seed (a number, or text turned into one with normalizeSeed). */
  seed: number | string
  /**
   * Shared identities: player id → what every opponent sees of it as
   * `view.opponent` (identity and reputation; the engine never reads the
   * reputation). Omitted, null, or an id that is missing / mapped to null:
   * anonymous (null), and then no history is shown either.
   */
  opponents?: Readonly<Record<string, OpponentInfo | null>> | null
  /**
   * Each viewer's own record against each opponent: viewer id → opponent id
   * → `view.opponent.history` (an OpponentHistory on the platform). Only
   * read for opponents that are not anonymous; a missing or null entry is
   * EMPTY_HISTORY. It replaces any `history` the opponent's info carries.
   */
  histories?: Readonly<Record<string, Readonly<Record<string, unknown>>>> | null
  /** Play a deterministic pairing once and reuse it for the other repetitions (default true). */
  reuseDeterministic?: boolean
}

/** One pairing with all its repetitions: everything needed to play it but the two sources. */
export interface TournamentJob {
  /** Position in the schedule, from 0: pairings in the order (0,0), (0,1), ..., (0,n-1), (1,1), ... */
  index: number
  /** Positions of the two players in the schedule's players (i ≤ j; i is player A). */
  pair: [number, number]
  /** Ids of player A and player B (equal for self-play). */
  players: [string, string]
  rules: Rules
  /** The match seed of each repetition (tournamentMatchSeed); its length is the number of repetitions. */
  seeds: number[]
  /**
   * What A and B see as `view.opponent`: for A, B's info with A's history
   * against B (opponentView), and the other way round; null when anonymous.
   */
  opponents: [OpponentInfo | null, OpponentInfo | null]
  /** Whether a deterministic pairing is played once and its moves reused for the other repetitions. */
  reuseDeterministic: boolean
}

export interface TournamentSchedule {
  format: typeof SCHEDULE_FORMAT
  /** The run seed actually used (normalised). */
  seed: number
  rules: Rules
  repetitions: number
  /** Players in the order given; the aggregate's matrices and per-player arrays use this order. */
  players: TournamentPlayer[]
  /** n(n+1)/2 jobs in schedule order; jobs[k].index is k. */
  jobs: TournamentJob[]
}

/** The seed of one tournament match; playMatch(runner, a, b, { rules, seed }) re-plays it alone. */
export function tournamentMatchSeed(runSeed: number, idA: string, idB: string, repetition: number): number {
  return deriveSeed(runSeed, 'match', idA, idB, repetition)
}

/**
 * The jobs of a round robin, self-play included. Checks everything that can
 * be wrong with the input (players, repetitions, rules) so that nothing is
 * refused halfway through a run: throws RangeError or RulesError.
 */
export function scheduleTournament(players: readonly TournamentPlayer[], options: ScheduleOptions): TournamentSchedule {
  if (!Array.isArray(players) || players.length < 2) {
    throw new RangeError('a tournament needs at least 2 players')
  }
  const seen = new Set<string>()
  for (const p of players) {
    if (typeof p?.id !== 'string' || p.id === '') throw new RangeError('every player needs a non-empty string id')
    if (seen.has(p.id)) throw new RangeError(`player ids must be unique: "${p.id}" appears more than once`)
    seen.add(p.id)
  }
  const repetitions = options.repetitions ?? DEFAULT_REPETITIONS
  if (!Number.isInteger(repetitions) || repetitions < 1 || repetitions > MAX_REPETITIONS) {
    throw new RangeError(`repetitions must be a whole number from 1 to ${MAX_REPETITIONS}`)
  }
  const rules = makeRules(options.rules)
  const runSeed = normalizeSeed(options.seed)
  const reuseDeterministic = options.reuseDeterministic !== false
  const identities = options.opponents ?? null
  const histories = options.histories ?? null
  // What `viewer` sees of `opponent`; self-play is no exception (its own info, its history against itself).
  const viewOf = (viewer: string, opponent: string): OpponentInfo | null =>
    opponentView(ownEntry(identities, opponent) ?? null, ownEntry(ownEntry(histories, viewer), opponent))

  const jobs: TournamentJob[] = []
  for (let i = 0; i < players.length; i++) {
    for (let j = i; j < players.length; j++) {
      const a = (players[i] as TournamentPlayer).id
      const b = (players[j] as TournamentPlayer).id
      const seeds: number[] = []
      for (let r = 0; r < repetitions; r++) seeds.push(tournamentMatchSeed(runSeed, a, b, r))
      jobs.push({
        index: jobs.length,
        pair: [i, j],
        players: [a, b],
        rules,
        seeds,
        opponents: [viewOf(a, b), viewOf(b, a)],
        reuseDeterministic,
      })
    }
  }
  return {
    format: SCHEDULE_FORMAT,
    seed: runSeed,
    rules,
    repetitions,
    players: players.map((p) => ({ id: p.id, name: p.name })),
    jobs,
  }
}
