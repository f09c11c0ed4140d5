/**
 * The shapes the run page reads. GET /api/runs/:id and its lists are typed
 * `{}` until the typed-api branch lands; this is the one place they are
 * narrowed (src/api/runs.ts, runView, is the truth).
 */
import type { Game, RunStatus } from '../home/types'

export type { Game, RunStatus }

interface RunBase {
  id: string
  tournamentId: string
  status: RunStatus
  /** Jobs: a pairing's repetitions in the dilemma, one group in the commons. */
  progress: { done: number; total: number }
  /** sha256 of the seed and the salt, published when the run was queued. */
  commitment: string
  rules: Record<string, unknown>
  repetitions?: number
  entrants: { strategyId: string; version: number }[]
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
  /** Why it failed; on a finished run, what it could not play. */
  error: string | null
}

/** A run without results yet, or that failed (one member per status, so a check of the status narrows). */
type Unfinished<S extends RunStatus> = RunBase & { status: S; standings: null }
export type PlayingRun = Unfinished<'queued'> | Unfinished<'running'> | Unfinished<'failed'>

export interface DilemmaStanding {
  rank: number
  strategyId: string
  version: number
  name: string
  /** Per round, over its matches. */
  meanScore: number
  medianScore: number
  wins: number
  cooperationRate: number
  faults: number
  behaviour: { niceRate: number | null; retaliationRate: number | null; forgivenessRate: number | null } | null
  infraErrors: number
}

interface FinishedBase extends RunBase {
  status: 'finished'
  players: { strategyId: string; name: string }[]
  seed: number
  salt: string
}

export interface FinishedDilemma extends FinishedBase {
  game?: undefined
  standings: DilemmaStanding[]
}

export interface CommonsStanding {
  rank: number
  strategyId: string
  version: number
  name: string
  /** Mean over its groups of its payoff per round: the ranking key. */
  meanPayoff: number
  groups: number
  cooperation: number
  fined: number
  faults: number
  infraErrors: number
}

export interface GroupSummary {
  index: number
  players: string[]
  rounds: number
  scores: number[]
  welfare: number
  finalStock: number
  cooperation: number
}

export interface FinishedCommons extends FinishedBase {
  game: 'commons'
  standings: CommonsStanding[]
  group: number
  sustainableShare: number
  welfare: number
  finalStock: number
  collapsed: number
  cooperation: number
  /** The mean stock at the start of each round, over the groups still going (the last value is the end). */
  stock: number[]
  groups: GroupSummary[]
}

export type RunView = PlayingRun | FinishedDilemma | FinishedCommons

export interface MatchSummary {
  id: string
  job: number
  repetition: number
  a: { strategyId: string; version: number; score: number }
  b: { strategyId: string; version: number; score: number }
  turns: number
  infraError: boolean
}

export interface TournamentInfo {
  id: string
  name: string
  game: Game
}
