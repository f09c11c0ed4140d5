/**
 * Runs: progress, and once finished the standings (with behaviour), the
 * pairwise score matrix, the ecological population curve, the seed and the
 * salt (never before). Also a run's matches and its export.
 */
import { createRoute, z } from '@hono/zod-openapi'
import { and, asc, eq, or, sql } from 'drizzle-orm'
import type { Context } from 'hono'
import { ecology } from '../engine/ecology'
import { aggregateCommonsOf, type StoredCommonsStanding, type StoredStanding } from '../jobs/finalize'
import { isCommonsSchedule } from '../jobs/commons-run'
import { COMMONS_SCHEDULE_FORMAT } from '../engine/commons/schedule'
import type { GroupResult } from '../engine/commons/play-group'
import { runSchedule } from '../jobs/runs'
import { jobResults, MATCH_OUTCOME_COLUMNS, matches, runs, standings, type Db } from '../store'
import type { ApiEnv } from './context'
import { subApp } from './context'
import { ApiError, errorResponses } from './errors'
import { PageCache } from './page-cache'
import { jsonOf } from './responses'
import { publicStatus } from './tournaments'

const IdParam = z.object({ id: z.string().min(1).max(64) })

/** The public id of a match: run, job and repetition. */
export function matchId(runId: string, jobIndex: number, repetition: number): string {
  return `${runId}-${jobIndex}-${repetition}`
}

/**
 * What the API reads of a run: every column it shows, but not the stored
 * schedule (`runs.jobs`, ~275 bytes a job: 290 KiB of JSON at 46 players,
 * which cost 8-14 ms of CPU a request to read and parse). Of the schedule
 * only its `repetitions` is shown, and SQLite extracts that.
 */
const RUN_COLUMNS = {
  id: runs.id,
  tournamentId: runs.tournamentId,
  status: runs.status,
  jobsDone: runs.jobsDone,
  jobsTotal: runs.jobsTotal,
  commitment: runs.commitment,
  seed: runs.seed,
  salt: runs.salt,
  entrants: runs.entrants,
  rules: runs.rules,
  repetitions: sql<number | null>`json_extract(${runs.jobs}, '$.repetitions')`,
  /** The schedule's format: which game the run plays. */
  scheduleFormat: sql<string>`json_extract(${runs.jobs}, '$.format')`,
  createdAt: runs.createdAt,
  startedAt: runs.startedAt,
  finishedAt: runs.finishedAt,
  error: runs.error,
}

/** A run as the API reads it (RUN_COLUMNS). */
export type RunRow = Awaited<ReturnType<typeof getRun>>

export async function getRun(db: Db, id: string) {
  const [run] = await db.select(RUN_COLUMNS).from(runs).where(eq(runs.id, id))
  if (!run) throw new ApiError('not_found', `no run with id "${id}"`)
  return run
}

/** A run's id and status only (for its match list). */
async function getRunStatus(db: Db, id: string) {
  const [run] = await db.select({ id: runs.id, status: runs.status, scheduleFormat: RUN_COLUMNS.scheduleFormat }).from(runs).where(eq(runs.id, id))
  if (!run) throw new ApiError('not_found', `no run with id "${id}"`)
  return run
}

export async function runStandings(db: Db, runId: string): Promise<StoredStanding[]> {
  const rows = await db.select({ standing: standings.standing }).from(standings).where(eq(standings.runId, runId)).orderBy(asc(standings.rank))
  return rows.map((r) => r.standing as StoredStanding)
}

/**
 * Finished runs' views, kept in the isolate's memory: a finished run never
 * changes (its ETag says so), and its view costs a read of every standing,
 * the ecology (200 generations over the payoff matrix) and ~250 KB of JSON
 * at 45 players. Keyed by run and finish time; views over 1 MiB (runs of
 * hundreds of players) are not kept.
 */
const finishedRunViews = new PageCache(10 * 60_000, 16)

/** Finished runs never change: a strong ETag and a long cache life. Returns a 304 response when the client has it. */
export function cacheFinished(c: Context<ApiEnv>, tag: string): Response | null {
  const etag = `"${tag}"`
  c.header('ETag', etag)
  c.header('Cache-Control', 'public, max-age=86400, immutable')
  const seen = c.req.header('if-none-match')
  if (seen && seen.split(',').some((t) => t.trim() === etag)) return c.body(null, 304)
  return null
}

/**
 * A finished commons run: its standings (by mean payoff per round), the
 * group's welfare as a share of the sustainable optimum, the stock over
 * time (the mean over the groups, each group's in GET /api/runs/:id/groups),
 * and the groups in schedule order.
 */
async function commonsRunView(db: Db, runId: string) {
  const [run] = await db.select().from(runs).where(eq(runs.id, runId))
  const rows = await db.select({ standing: standings.standing }).from(standings).where(eq(standings.runId, runId)).orderBy(asc(standings.rank))
  const result = await aggregateCommonsOf(db, run!)
  return {
    game: 'commons' as const,
    standings: rows.map((r) => r.standing as StoredCommonsStanding),
    players: result.players.map((p) => ({ strategyId: p.id, name: p.name })),
    group: result.group,
    layout: result.layout,
    sustainableShare: result.sustainableShare,
    welfare: result.welfare,
    finalStock: result.finalStock,
    collapsed: result.collapsed,
    cooperation: result.cooperation,
    stock: result.stock.mean,
    groups: result.groups,
    seed: run!.seed,
    salt: run!.salt,
  }
}

/** A finished commons run, or the reason its groups cannot be shown. */
async function finishedCommonsRun(db: Db, runId: string): Promise<typeof runs.$inferSelect> {
  const [run] = await db.select().from(runs).where(eq(runs.id, runId))
  if (!run) throw new ApiError('not_found', `no run with id "${runId}"`)
  if (!isCommonsSchedule(runSchedule(run))) throw new ApiError('invalid_input', 'this run plays the dilemma: its games are matches (GET /api/runs/{id}/matches)')
  if (run.status !== 'finished') throw new ApiError('not_found', 'the groups of a run are shown once it has finished (their seeds come from the run seed, secret until then)')
  return run
}

/** One group of a commons run as GET /api/runs/:id/groups/:index shows it: the engine's GroupResult with its seats' names. */
function groupView(runId: string, group: GroupResult, names: ReadonlyMap<string, string>) {
  return { runId, ...group, names: group.players.map((p) => names.get(p) ?? p) }
}

/** What GET /api/runs/:id shows. */
export async function runView(db: Db, run: RunRow) {
  const status = publicStatus(run.status)
  const base = {
    id: run.id,
    tournamentId: run.tournamentId,
    status,
    progress: { done: run.jobsDone, total: run.jobsTotal },
    commitment: run.commitment,
    rules: run.rules,
    repetitions: run.repetitions ?? undefined,
    entrants: run.entrants,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: status === 'finished' && run.finishedAt ? run.finishedAt.toISOString() : null,
    error: status === 'finished' || status === 'failed' ? run.error : null,
  }
  if (status !== 'finished') return { ...base, standings: null }
  if (run.scheduleFormat === COMMONS_SCHEDULE_FORMAT) return { ...base, ...(await commonsRunView(db, run.id)) }
  const stored = await runStandings(db, run.id)
  const byIndex = [...stored].sort((a, b) => a.index - b.index)
  const payoffMatrix = byIndex.map((s) => s.payoffRow)
  const eco = byIndex.length > 0 ? ecology(payoffMatrix, { generations: 200 }) : null
  return {
    ...base,
    // The matrices' rows are shown as matrices below, not in each standing.
    standings: stored.map(({ index: _index, payoffRow: _payoffRow, cooperationRow: _cooperationRow, ...shown }) => shown),
    players: byIndex.map((s) => ({ strategyId: s.strategyId, name: s.name })),
    payoffMatrix,
    cooperationMatrix: byIndex.map((s) => s.cooperationRow),
    ecology: eco,
    seed: run.seed,
    salt: run.salt,
  }
}

const showRun = createRoute({
  method: 'get',
  path: '/{id}',
  request: { params: IdParam },
  responses: { 200: jsonOf<Awaited<ReturnType<typeof runView>>>('the run: status, progress, and once finished its standings, matrices, ecology, seed and salt'), 304: { description: 'not modified' }, ...errorResponses('not_found') },
})

const listMatches = createRoute({
  method: 'get',
  path: '/{id}/matches',
  request: { params: IdParam, query: z.object({ strategyId: z.string().min(1).max(64).optional() }) },
  responses: { 200: jsonOf<{ entries: Awaited<ReturnType<typeof runMatches>> }>('the run’s matches (no moves): `{ entries }`; each seed is null until the run has finished'), ...errorResponses('not_found') },
})

const listGroups = createRoute({
  method: 'get',
  path: '/{id}/groups',
  description: 'A finished commons run: each group with its seats, scores, welfare and final stock.',
  request: { params: IdParam },
  responses: { 200: jsonOf<{ entries: Awaited<ReturnType<typeof aggregateCommonsOf>>['groups'] }>('`{ entries }`, one per group in schedule order'), ...errorResponses('invalid_input', 'not_found') },
})

const showGroup = createRoute({
  method: 'get',
  path: '/{id}/groups/{index}',
  description: 'One group of a finished commons run, round by round: every seat\'s requests and receipts, the stock, fines, announcements and faults.',
  request: { params: z.object({ id: z.string().min(1).max(64), index: z.coerce.number().int().min(0) }) },
  responses: { 200: jsonOf<ReturnType<typeof groupView>>('the group: the engine\'s GroupResult, with the seats\' names'), ...errorResponses('invalid_input', 'not_found') },
})

const exportRun = createRoute({
  method: 'get',
  path: '/{id}/export',
  request: { params: IdParam, query: z.object({ format: z.enum(['csv', 'json']).default('json') }) },
  responses: { 200: { description: 'the finished run’s standings and matches, as CSV or JSON' }, ...errorResponses('invalid_input', 'not_found') },
})

type MatchRow = typeof matches.$inferSelect

/** A match in a list; its seed only once the run has finished (match seeds come from the run's seed, secret until then). */
function matchSummary(m: Pick<MatchRow, 'runId' | 'jobIndex' | 'repetition' | 'aStrategyId' | 'aVersion' | 'bStrategyId' | 'bVersion' | 'aScore' | 'bScore' | 'seed' | 'infraError' | 'aMoves'>, finished: boolean) {
  return {
    id: matchId(m.runId, m.jobIndex, m.repetition),
    job: m.jobIndex,
    repetition: m.repetition,
    a: { strategyId: m.aStrategyId, version: m.aVersion, score: m.aScore },
    b: { strategyId: m.bStrategyId, version: m.bVersion, score: m.bScore },
    turns: m.aMoves.length,
    seed: finished ? m.seed : null,
    infraError: m.infraError,
  }
}

const SUMMARY_COLUMNS = {
  ...MATCH_OUTCOME_COLUMNS,
  seed: matches.seed,
  infraError: matches.infraError,
  aMoves: matches.aMoves,
}

async function runMatches(db: Db, runId: string, finished: boolean, strategyId?: string) {
  const rows = await db
    .select(SUMMARY_COLUMNS)
    .from(matches)
    .where(and(eq(matches.runId, runId), strategyId ? or(eq(matches.aStrategyId, strategyId), eq(matches.bStrategyId, strategyId)) : undefined))
    .orderBy(asc(matches.jobIndex), asc(matches.repetition))
  return rows.map((m) => matchSummary(m, finished))
}

/** A finished commons run as a file: its view and groups (JSON), or one CSV row per group and seat. */
async function exportCommons(c: Context<ApiEnv>, runId: string, view: unknown, format: 'csv' | 'json') {
  const db = c.get('db')
  const rows = await db.select({ result: jobResults.result }).from(jobResults).where(eq(jobResults.runId, runId)).orderBy(asc(jobResults.jobIndex))
  const groups = rows.map((r) => r.result as GroupResult)
  if (format === 'json') {
    c.header('Content-Disposition', `attachment; filename="run-${runId}.json"`)
    return c.json({ run: view, groups }, 200) as never
  }
  const header = ['group', 'seat', 'strategy_id', 'score', 'rounds', 'requested', 'received', 'fined', 'faults', 'final_stock', 'seed']
  const lines = [header.join(',')]
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0)
  for (const g of groups) {
    g.players.forEach((id, seat) => {
      lines.push([g.index, seat, id, g.scores[seat], g.rounds, sum(g.requests[seat]!), sum(g.receipts[seat]!), g.fined[seat]!.length, g.faultCounts[seat], g.stock[g.rounds], g.seed].map(csvCell).join(','))
    })
  }
  c.header('Content-Type', 'text/csv; charset=utf-8')
  c.header('Content-Disposition', `attachment; filename="run-${runId}.csv"`)
  return c.body(lines.join('\n') + '\n', 200) as never
}

function csvCell(v: unknown): string {
  const s = String(v ?? '')
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}

export const runsApp = subApp()
  .openapi(showRun, async (c) => {
    const db = c.get('db')
    const run = await getRun(db, c.req.valid('param').id)
    if (run.status === 'finished') {
      const tag = `run-${run.id}-${run.finishedAt?.getTime() ?? 0}`
      const cached = cacheFinished(c, tag)
      if (cached) return cached
      const body = await finishedRunViews.get(tag, async () => JSON.stringify(await runView(db, run)))
      return c.body(body, 200, { 'Content-Type': 'application/json' })
    }
    c.header('Cache-Control', 'no-store')
    return c.json(await runView(db, run), 200)
  })
  .openapi(listMatches, async (c) => {
    const db = c.get('db')
    const run = await getRunStatus(db, c.req.valid('param').id)
    if (run.scheduleFormat === COMMONS_SCHEDULE_FORMAT) throw new ApiError('invalid_input', 'this run plays the commons: its games are groups (GET /api/runs/{id}/groups)')
    if (run.status === 'finished') {
      const cached = cacheFinished(c, `run-matches-${run.id}-${c.req.valid('query').strategyId ?? ''}`)
      if (cached) return cached as never
    }
    return c.json({ entries: await runMatches(db, run.id, run.status === 'finished', c.req.valid('query').strategyId) }, 200)
  })
  .openapi(listGroups, async (c) => {
    const db = c.get('db')
    const run = await finishedCommonsRun(db, c.req.valid('param').id)
    const cached = cacheFinished(c, `run-groups-${run.id}`)
    if (cached) return cached as never
    const summaries = (await aggregateCommonsOf(db, run)).groups
    return c.json({ entries: summaries }, 200)
  })
  .openapi(showGroup, async (c) => {
    const db = c.get('db')
    const { id, index } = c.req.valid('param')
    const run = await finishedCommonsRun(db, id)
    const [row] = await db.select({ result: jobResults.result }).from(jobResults).where(and(eq(jobResults.runId, id), eq(jobResults.jobIndex, index)))
    if (!row) throw new ApiError('not_found', `run ${id} has no group ${index}`)
    const group = row.result as GroupResult
    const cached = cacheFinished(c, `run-group-${run.id}-${index}`)
    if (cached) return cached as never
    const names = new Map(runSchedule(run).players.map((p) => [p.id, p.name]))
    return c.json(groupView(run.id, group, names), 200)
  })
  .openapi(exportRun, async (c) => {
    const db = c.get('db')
    const run = await getRun(db, c.req.valid('param').id)
    if (run.status !== 'finished') throw new ApiError('invalid_input', 'only a finished run can be exported')
    const format = c.req.valid('query').format
    const cached = cacheFinished(c, `run-export-${run.id}-${format}`)
    if (cached) return cached as never
    const view = await runView(db, run)
    if (run.scheduleFormat === COMMONS_SCHEDULE_FORMAT) return exportCommons(c, run.id, view, format)
    const list = await runMatches(db, run.id, true)
    if (format === 'json') {
      c.header('Content-Disposition', `attachment; filename="run-${run.id}.json"`)
      return c.json({ run: view, matches: list }, 200)
    }
    const header = ['match_id', 'job', 'repetition', 'a_strategy_id', 'a_version', 'b_strategy_id', 'b_version', 'a_score', 'b_score', 'turns', 'seed', 'infra_error']
    const lines = [header.join(',')]
    for (const m of list) {
      lines.push([m.id, m.job, m.repetition, m.a.strategyId, m.a.version, m.b.strategyId, m.b.version, m.a.score, m.b.score, m.turns, m.seed, m.infraError].map(csvCell).join(','))
    }
    c.header('Content-Type', 'text/csv; charset=utf-8')
    c.header('Content-Disposition', `attachment; filename="run-${run.id}.csv"`)
    return c.body(lines.join('\n') + '\n', 200) as never
  })
