/**
 * The page's API calls, through the typed client. Where it is loose (a
 * tournament's `game` and `classification` columns) the answer is pinned to
 * ./types here, once.
 */
import { api, ApiProblem, ok, type Body } from '../api'
import type { FinishedRun, Tournament } from './types'

export type History = Body<(typeof api.api.tournaments)[':id']['history']['$get']>
export type HistoryRun = History['runs'][number]

export async function loadTournament(id: string): Promise<Tournament> {
  const t = await ok(api.api.tournaments[':id'].$get({ param: { id } }))
  // The text column `game` and the JSON column `classification` come untyped; the commons' dilemma test has more fields.
  return { ...t, game: t.game as Tournament['game'], classification: t.classification as unknown as Tournament['classification'], dilemmaTest: t.dilemmaTest as Tournament['dilemmaTest'] }
}

/** The latest finished runs, newest first, with every strategy's rank (a few KB a run). */
export function loadHistory(id: string): Promise<History> {
  return ok(api.api.tournaments[':id'].history.$get({ param: { id }, query: { limit: '20' } }))
}

/** A finished run's view (cached by the browser: finished runs carry an ETag). */
export async function loadRun(runId: string): Promise<FinishedRun> {
  const run = await ok(api.api.runs[':id'].$get({ param: { id: runId } }))
  if (run.standings === null) throw new ApiProblem(0, 'not_finished', `run ${runId} has not finished`)
  return run
}

/** The signed-in account's id (to know whether the viewer hosts the tournament). */
export async function loadMe(): Promise<{ id: string; handle: string }> {
  return ok(api.api.accounts.me.$get())
}

export async function loadOwnStrategies(handle: string) {
  return (await ok(api.api.strategies.$get({ query: { owner: handle, limit: '100' } }))).entries
}

export async function enter(id: string, strategyId: string): Promise<void> {
  await ok(api.api.tournaments[':id'].entries.$post({ param: { id }, json: { strategyId } }))
}

export async function withdraw(id: string, strategyId: string): Promise<void> {
  await ok(api.api.tournaments[':id'].entries[':strategyId'].$delete({ param: { id, strategyId } }))
}

export async function runNow(id: string): Promise<string> {
  return (await ok(api.api.tournaments[':id'].runs.$post({ param: { id }, json: {} }))).runId
}
