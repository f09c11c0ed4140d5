/**
 * The shape of a tournament's result, plain JSON with a fixed key order
 * (docs/results.md describes every field). aggregate.ts builds it from the
 * results of a schedule's jobs; playTournament is the one-call way.
 */
import type { Behaviour } from './behaviour'
import type { MatchResult } from './match'
import type { FaultKind, Rules } from './types'

/** How many fault records are kept per player in TournamentResult.faults (count has the full number). */
export const MAX_TOURNAMENT_FAULT_RECORDS = 5
export const TOURNAMENT_RESULT_FORMAT = 'dilemma-arena/tournament@2'

export interface TournamentPlayer {
  id: string
  name: string
}

/** One line of the ranking. Scores are per turn, averaged over the opponents (self-play excluded). */
export interface Standing {
  /** 1 for the winner; positions are distinct (ties are ordered by id). */
  rank: number
  id: string
  name: string
  /** Median over repetitions of the normalised score (the ranking key). */
  medianScore: number
  /** Mean over repetitions of the normalised score. */
  meanScore: number
  /** Matches won (strictly higher total than the opponent), summed over repetitions. */
  wins: number
  /** C moves / rounds over all its matches except self-play. */
  cooperationRate: number
  /** Faults over all its matches, self-play included. */
  faults: number
}

/** All repetitions of one pairing; arrays have one entry per repetition. Index 0 is players[0]. */
export interface PairRecord {
  players: [string, string]
  seeds: number[]
  turns: number[]
  /** Total payoff of each side. */
  scores: [number, number][]
  /** Number of C moves of each side. */
  cooperations: [number, number][]
  /** Whether that repetition reused the first repetition's moves (deterministic pairing). */
  reused: boolean[]
}

/** Where a player's rounds ended up, from its own perspective (its move first), self-play excluded. */
export interface StateDistribution {
  id: string
  CC: number
  CD: number
  DC: number
  DD: number
}

export interface PlayerBehaviour extends Behaviour {
  id: string
}

/** A fault with the match it happened in; replay with playMatch(runner, players[0], players[1], { rules, seed }). */
export interface FaultRecord {
  /** The match's two player ids, as it was played (index 0 is player A). */
  match: [string, string]
  /** Which side of that match faulted. */
  side: 0 | 1
  repetition: number
  seed: number
  kind: FaultKind
  round: number
  message: string
}

export interface PlayerFaults {
  id: string
  /** All faults of this player, self-play included (both sides of a self-play match count). */
  count: number
  /** The first MAX_TOURNAMENT_FAULT_RECORDS of them, in schedule order. */
  records: FaultRecord[]
}

export interface TournamentResult {
  format: typeof TOURNAMENT_RESULT_FORMAT
  /** The run seed actually used (normalised). */
  seed: number
  rules: Rules
  repetitions: number
  /** Players in the order given; every matrix and per-player array uses this order. */
  players: TournamentPlayer[]
  /** Matches in the schedule: n(n+1)/2 pairings × repetitions. */
  scheduledMatches: number
  /** Matches the runner actually played. */
  playedMatches: number
  /** Matches that reused a deterministic pairing's first repetition (scheduled = played + reused). */
  reusedMatches: number
  /** Best first. */
  standings: Standing[]
  /** normalisedScores[i][r]: player i's mean per-turn score against the other players in repetition r. */
  normalisedScores: number[][]
  /** payoffMatrix[i][j]: mean over repetitions of i's per-turn score against j (diagonal: self-play, mean of both sides). */
  payoffMatrix: number[][]
  /** cooperationMatrix[i][j]: i's C moves / rounds against j over all repetitions (diagonal: both sides of self-play). */
  cooperationMatrix: number[][]
  /** Every pairing i ≤ j in schedule order: (0,0), (0,1), ..., (0,n-1), (1,1), ... */
  pairs: PairRecord[]
  stateDistribution: StateDistribution[]
  behaviour: PlayerBehaviour[]
  faults: PlayerFaults[]
  /** Every MatchResult in schedule order when keepMatches is set, else null. */
  matches: MatchResult[] | null
}
