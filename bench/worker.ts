/**
 * The Worker as `npm run bench:api` serves it: src/index.ts unchanged, plus
 * two routes of its own. The first, `POST /__bench/runs`, starts a run of a
 * tournament with any list of strategies (all 45 classics, say) through the
 * platform's own `startRun`. The public API refuses runs of more than
 * MAX_ENTRANTS (32) entrants, and the demo run the bench times is one of all
 * 45 classics; everything after the start (the queue, the consumer, D1,
 * finalize, the API) is the real code path.
 *
 * A second route, `POST /__bench/play`, plays a finished run's jobs again on
 * the isolate's sandbox runner inside the request: the sandbox's share of
 * the consumer's work, measured in workerd. A third, `POST /__bench/probe`,
 * repeats the reads each consumed batch makes before it plays, or counts the
 * rows D1 writes for a batch's matches and job results.
 *
 * Only bench/api.ts uses this file (`wrangler dev bench/worker.ts`, which
 * keeps wrangler.toml's bindings and replaces only its `main`); it is never
 * deployed. Every other request goes to the real fetch handler untouched.
 */
import { and, eq, or } from 'drizzle-orm'
import type { MessageBatch } from '@cloudflare/workers-types'
import worker, { type Env } from '../src/index'
import type { RunBatchMessage } from '../src/env'
import { playJobs } from '../src/engine/play-job'
import type { StrategySource } from '../src/engine/types'
import { runSchedule, startRun, type RunPlayer, type RunSpec } from '../src/jobs/runs'
import { withSandbox } from '../src/sandbox-runner'
import { createDb, latestVersion, runs, strategies, strategyVersions, tournaments } from '../src/store'
import {
  BENCH_PLAY_PATH,
  BENCH_PROBE_PATH,
  BENCH_RUNS_PATH,
  type BenchPlayRequest,
  type BenchPlayResponse,
  type BenchProbeRequest,
  type BenchProbeResponse,
  type BenchRunRequest,
  type BenchWritesResponse,
  type BenchRunResponse,
} from './protocol'

/** Start a run of `tournamentId` with `strategyIds` (their latest versions) as its players. */
async function benchRun(request: Request, env: Env): Promise<Response> {
  const body = (await request.json()) as BenchRunRequest
  const db = createDb(env.DB)
  const [t] = await db.select().from(tournaments).where(eq(tournaments.id, body.tournamentId))
  if (!t) return Response.json({ error: `no tournament ${body.tournamentId}` }, { status: 404 })
  const players: RunPlayer[] = []
  for (const id of body.strategyIds) {
    const [s] = await db.select({ name: strategies.name }).from(strategies).where(eq(strategies.id, id))
    const v = await latestVersion(db, id)
    if (!s || !v) return Response.json({ error: `no strategy ${id}` }, { status: 404 })
    players.push({ strategyId: id, version: v.version, name: s.name })
  }
  const { repetitions, ...rules } = t.rules as { repetitions: number } & RunSpec['rules']
  const run = await startRun(env, db, { tournamentId: t.id, requestedBy: t.hostId, players, rules, repetitions, identities: null, seed: body.seed })
  return Response.json({ runId: run.id, jobs: run.jobsTotal } satisfies BenchRunResponse, { status: 201 })
}

/**
 * Play every job of a run again on the isolate's sandbox runner, in this
 * request: the consumer's sandbox work alone, without the queue, D1 writes or
 * finalize (the sources are read once, the schedule is the run's).
 */
async function benchPlay(request: Request, env: Env): Promise<Response> {
  const body = (await request.json()) as BenchPlayRequest
  const db = createDb(env.DB)
  const [run] = await db.select().from(runs).where(eq(runs.id, body.runId))
  if (!run) return Response.json({ error: `no run ${body.runId}` }, { status: 404 })
  const schedule = runSchedule(run)
  const sources: StrategySource[] = []
  for (const e of run.entrants) {
    const [v] = await db
      .select({ source: strategyVersions.source })
      .from(strategyVersions)
      .where(and(eq(strategyVersions.strategyId, e.strategyId), eq(strategyVersions.version, e.version)))
    const name = schedule.players.find((p) => p.id === e.strategyId)?.name ?? e.strategyId
    if (!v) return Response.json({ error: `no version ${e.version} of ${e.strategyId}` }, { status: 404 })
    sources.push({ id: e.strategyId, name, source: v.source })
  }
  const results = await withSandbox((runner) => playJobs(runner, schedule.jobs, sources))
  const reused = results.reduce((n, r) => n + r.reused.filter(Boolean).length, 0)
  const matches = results.reduce((n, r) => n + r.matches.length, 0)
  return Response.json({ jobs: results.length, matches, played: matches - reused, reused } satisfies BenchPlayResponse)
}

/**
 * Repeat one of the reads every consumed batch makes, `times` times: `run`
 * reads the run's row (with its stored schedule, as consumeBatch does),
 * `sources` the entrants' sources (as its loadSources does). What a batch
 * pays before it plays anything.
 */
async function benchProbe(request: Request, env: Env): Promise<Response> {
  const body = (await request.json()) as BenchProbeRequest
  if (body.what === 'writes') return Response.json(await probeWrites(env, body.runId))
  const db = createDb(env.DB)
  const [run] = await db.select().from(runs).where(eq(runs.id, body.runId))
  if (!run) return Response.json({ error: `no run ${body.runId}` }, { status: 404 })
  const conds = run.entrants.map((e) => and(eq(strategyVersions.strategyId, e.strategyId), eq(strategyVersions.version, e.version)))
  let bytes = 0
  for (let i = 0; i < body.times; i++) {
    if (body.what === 'run') {
      const [again] = await db.select().from(runs).where(eq(runs.id, body.runId))
      bytes = JSON.stringify(again?.jobs ?? null).length
    } else {
      bytes = 0
      for (let k = 0; k < conds.length; k += 40) {
        const rows = await db.select({ id: strategyVersions.strategyId, source: strategyVersions.source }).from(strategyVersions).where(or(...conds.slice(k, k + 40)))
        for (const r of rows) bytes += r.source.length
      }
    }
  }
  return Response.json({ times: body.times, bytes } satisfies BenchProbeResponse)
}

/** Far past any real repetition or job index: the copies made by probeWrites. */
const PROBE_OFFSET = 1_000_000
const MATCH_COLUMNS =
  'run_id, job_index, repetition, a_strategy_id, a_version, b_strategy_id, b_version, a_moves, b_moves, a_score, b_score, faults, flips, a_opponent_view, b_opponent_view, seed, infra_error, created_at'

/**
 * D1's own count of rows written (meta.rows_written, what D1 bills: index
 * entries included) for the rows a batch stores: copies of `n` of the run's
 * matches and job results are inserted, counted, and deleted again; then
 * the recount of the run's jobs_done that every batch makes (rows read).
 * With D1's own timing of each statement (meta.duration: the database's
 * time, for which one D1 database does nothing else).
 */
async function probeWrites(env: Env, runId: string, n = 200): Promise<BenchWritesResponse> {
  const cols = MATCH_COLUMNS.replace('repetition', `repetition + ${PROBE_OFFSET}`)
  const m = await env.DB.prepare(`INSERT INTO matches (${MATCH_COLUMNS}) SELECT ${cols} FROM matches WHERE run_id = ?1 LIMIT ${n}`).bind(runId).run()
  const j = await env.DB.prepare(`INSERT INTO job_results (run_id, job_index, batch, result, created_at) SELECT run_id, job_index + ${PROBE_OFFSET}, batch, result, created_at FROM job_results WHERE run_id = ?1 LIMIT ${n}`)
    .bind(runId)
    .run()
  await env.DB.batch([
    env.DB.prepare(`DELETE FROM matches WHERE run_id = ?1 AND repetition >= ${PROBE_OFFSET}`).bind(runId),
    env.DB.prepare(`DELETE FROM job_results WHERE run_id = ?1 AND job_index >= ${PROBE_OFFSET}`).bind(runId),
  ])
  const recount = await env.DB.prepare('UPDATE runs SET jobs_done = (SELECT count(*) FROM job_results WHERE run_id = ?1) WHERE id = ?1').bind(runId).run()
  return {
    matchRows: m.meta.changes,
    matchRowsWritten: m.meta.rows_written,
    jobResultRows: j.meta.changes,
    jobResultRowsWritten: j.meta.rows_written,
    recountRowsRead: recount.meta.rows_read,
    recountRowsWritten: recount.meta.rows_written,
    durationsMs: { matches: m.meta.duration, jobResults: j.meta.duration, recount: recount.meta.duration },
  }
}

export default {
  fetch(request: Request, env: Env, ctx: Parameters<typeof worker.fetch>[2]): Response | Promise<Response> {
    if (request.method === 'POST') {
      const path = new URL(request.url).pathname
      if (path === BENCH_RUNS_PATH) return benchRun(request, env)
      if (path === BENCH_PLAY_PATH) return benchPlay(request, env)
      if (path === BENCH_PROBE_PATH) return benchProbe(request, env)
    }
    return worker.fetch(request, env, ctx)
  },
  queue: (batch: MessageBatch<RunBatchMessage>, env: Env) => worker.queue(batch, env),
}
