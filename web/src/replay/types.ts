/**
 * The shapes of a match replay (GET /api/matches/:id) and of a commons group
 * (GET /api/runs/:id/groups/:index) as the pages read them. The API types
 * these responses as `{}` for now, so each page casts its response here, at
 * one place; the field names and meanings are src/api/matches.ts's and the
 * engine's GroupResult's.
 */
import type { CommonsRules } from '../../../src/engine/commons/types'
import type { Fault, OpponentInfo, Rules } from '../../../src/engine/types'

export interface MatchSide {
  strategyId: string
  version: number
  name: string
  /** One character a round, as played (after noise): C or D. */
  moves: string
  score: number
  opponentView: OpponentInfo | null
}

export interface MatchReplay {
  id: string
  runId: string
  tournamentId: string
  job: number
  repetition: number
  seed: number
  rules: Rules
  a: MatchSide
  b: MatchSide
  /** payoffs[round] = [A's, B's], the rules' mechanisms applied. */
  payoffs: [number, number][]
  /** The first recorded faults of each side and how many each had in all. */
  faults: { faults: [Fault[], Fault[]]; counts: [number, number] }
  /** Round indices (from 0) where noise flipped each side's intended move. */
  flips: [number[], number[]]
  /** Round indices (from 0) where the referee fined each side. */
  fined: [number[], number[]]
  /** With cheap talk, each side's announcements, one character a round (C, D or - for none). */
  announcements: [string, string] | null
  infraError: boolean
}

export interface GroupReplay {
  runId: string
  index: number
  players: string[]
  names: string[]
  seed: number
  rules: CommonsRules
  rounds: number
  sustainableShare: number
  /** requests[seat][round], after the quota. */
  requests: number[][]
  receipts: number[][]
  /** stock[r]: the stock at the start of round r (so after r rounds); stock[rounds] is the final stock. */
  stock: number[]
  fined: number[][]
  announcements: (number | null)[][] | null
  faults: Fault[][]
  faultCounts: number[]
  scores: number[]
}
