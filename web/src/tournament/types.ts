/**
 * The shapes of the API's answers this page reads that are still typed `{}`
 * by the Worker's routes (GET /api/tournaments/:id, GET /api/runs/:id): the
 * page casts to these at one place (data.ts) until the routes are typed.
 * Field names and meanings are those of src/api/tournaments.ts and runs.ts.
 */
import type { GameClassification } from '../../../src/engine/classify'
import type { CommonsRules } from '../../../src/engine/commons/types'
import type { DilemmaTest } from '../../../src/engine/dilemma-test'
import type { Payoffs, Rules } from '../../../src/engine/types'

export type DilemmaRules = Rules & { repetitions: number }
export type CommonsTournamentRules = CommonsRules & { repetitions: number; group: number }

/** The commons' dilemma test adds the restrained and greedy requests and the harvest's own 2×2. */
export type TournamentDilemmaTest = DilemmaTest & { players?: number; restraint?: number; greed?: number; payoffs?: Payoffs }

export interface TournamentRun {
  id: string
  status: 'queued' | 'running' | 'finished' | 'failed'
  progress: { done: number; total: number }
  createdAt: string
  finishedAt: string | null
}

export interface Tournament {
  id: string
  name: string
  game: 'dilemma' | 'commons'
  hostId: string
  rules: DilemmaRules | CommonsTournamentRules
  classification: GameClassification
  dilemmaTest: TournamentDilemmaTest
  entry: 'open' | 'invite'
  shareIdentities: boolean
  schedule: string | null
  nextRunAt: string | null
  maxEntriesPerAccount: number
  experiment: { id: string; ruleSet: number } | null
  createdAt: string
  entries: { strategyId: string; name: string; owner: string; enteredAt: string }[]
  runs: TournamentRun[]
}

/** A standing of a finished dilemma run (its matrix rows are in the run's matrices). */
export interface DilemmaStanding {
  rank: number
  strategyId: string
  version: number
  name: string
  meanScore: number
  medianScore: number
  wins: number
  cooperationRate: number
  faults: number
}

export interface CommonsStanding {
  rank: number
  strategyId: string
  version: number
  name: string
  meanPayoff: number
  groups: number
  cooperation: number
  fined: number
  faults: number
}

interface RunBase {
  id: string
  tournamentId: string
  status: TournamentRun['status']
  createdAt: string
  finishedAt: string | null
  repetitions?: number
}

/** A finished dilemma run: players in run order, matrices indexed by that order. */
export interface DilemmaRunView extends RunBase {
  game?: undefined
  standings: DilemmaStanding[]
  players: { strategyId: string; name: string }[]
  /** payoffMatrix[i][j]: mean score per round of player i against player j. */
  payoffMatrix: number[][]
  cooperationMatrix: number[][]
  ecology: { shares: number[][]; generations: number; stable: boolean; shift: number } | null
}

export interface CommonsRunView extends RunBase {
  game: 'commons'
  standings: CommonsStanding[]
  players: { strategyId: string; name: string }[]
  group: number
  sustainableShare: number
  welfare: number
  finalStock: number
  collapsed: number
  cooperation: number
  /** The mean stock at the start of each round over the groups. */
  stock: number[]
}

export type FinishedRun = DilemmaRunView | CommonsRunView
