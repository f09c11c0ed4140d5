/**
 * The shapes the home page reads from the tournaments API. Its responses are
 * typed `{}` until the typed-api branch lands; this is the one place they are
 * narrowed (src/api/tournaments.ts and src/api/leaderboard.ts are the truth).
 */
export type Game = 'dilemma' | 'commons'
export type RunStatus = 'queued' | 'running' | 'finished' | 'failed'

export interface TournamentSummary {
  id: string
  name: string
  game: Game
  schedule: string | null
  /** The next slot of its schedule (UTC), or null without one. */
  nextRunAt: string | null
  createdAt: string
}

export interface RunSummary {
  id: string
  status: RunStatus
  progress: { done: number; total: number }
  createdAt: string
  finishedAt: string | null
}

export interface TournamentDetail extends TournamentSummary {
  entries: { strategyId: string }[]
  /** Newest first. */
  runs: RunSummary[]
}

/** GET /api/tournaments/:id/leaderboard: the latest finished run's standings, best first. */
export interface TournamentBoard {
  runId: string
  entries: { rank: number; strategyId: string; name: string }[]
}

export interface TournamentPage {
  entries: TournamentSummary[]
  nextCursor: string | null
}
