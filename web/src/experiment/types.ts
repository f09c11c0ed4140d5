/**
 * What GET /api/experiments/:id answers (src/api/experiments.ts), typed by
 * the API itself through the client: status, progress, each rule set's run,
 * and once all have finished the engine's `dilemma-arena/experiment@1`
 * document as `result`.
 */
import { api, ok } from '../api'

export function fetchExperiment(id: string) {
  return ok(api.api.experiments[':id'].$get({ param: { id } }))
}

export type ExperimentView = Awaited<ReturnType<typeof fetchExperiment>>
export type ExperimentStatus = ExperimentView['status']

/** Whether the experiment can still change (and the page should ask again). */
export function isLive(status: ExperimentStatus): boolean {
  return status === 'queued' || status === 'running'
}
