/**
 * What GET /api/experiments/:id answers (src/api/experiments.ts). The API
 * does not type this response yet, so the page casts it here, once; the
 * result is the engine's own `dilemma-arena/experiment@1` document.
 */
import type { ExperimentResult } from '../../../src/engine/experiment'

export type ExperimentStatus = 'queued' | 'running' | 'finished' | 'failed'

export interface ExperimentRunRef {
  ruleSet: number
  name: string | null
  tournamentId: string
  runId: string | null
  status: ExperimentStatus
}

export interface ExperimentView {
  id: string
  owner: string
  createdAt: string
  status: ExperimentStatus
  /** Jobs of every rule set's run. */
  progress: { done: number; total: number }
  seed: number
  repetitions: number
  players: { id: string; name: string }[]
  runs: ExperimentRunRef[]
  /** Once every run has finished. */
  result: ExperimentResult | null
}

/** Whether the experiment can still change (and the page should ask again). */
export function isLive(status: ExperimentStatus): boolean {
  return status === 'queued' || status === 'running'
}
