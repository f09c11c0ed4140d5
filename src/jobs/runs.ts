/**
 * A run of a tournament, on the queue. Starting a run freezes the strategy
 * versions and the rules, makes the schedule with a fresh random seed,
 * commits to the seed (sha256(seed ‖ salt)), stores the run's batches of
 * jobs and sends one `{ runId, batch }` message per batch. The consumer
 * claims a batch with a lease, plays it, and records it keyed by (run, job)
 * so a redelivered batch writes nothing twice. The consumer that sees the
 * last batch done claims the run (a guarded status change) and finalizes it:
 * aggregate, standings, then `finished` last. Finalizing is idempotent.
 */
import { and, asc, eq, inArray, lt, or, sql } from 'drizzle-orm'
import type { MessageBatch } from '@cloudflare/workers-types'
import { aggregateTournament } from '../engine/aggregate'
import type { MatchResult } from '../engine/match'
import { withSandbox } from '../sandbox-runner'
import { playJobs, type JobResult } from '../engine/play-job'
import { scheduleTournament, type TournamentSchedule } from '../engine/schedule'
import type { TournamentResult } from '../engine/tournament-result'
import type { OpponentInfo, StrategySource } from '../engine/types'
import { RUNS_DEAD_LETTER_QUEUE, type Env, type RunBatchMessage } from '../env'
import { withQuota } from '../quotas'
import {
  chunkedInserts,
  createDb,
  jobResults,
  newId,
  newSalt,
  recordBatchStatements,
  runBatch,
  runBatches,
  runCommitment,
  runs,
  standings,
  strategyVersions,
  type Db,
  type NewMatchRecord,
  type Run,
  type RunEntrant,
} from '../store'

/** Jobs (pairings with all their repetitions) in one queue message. */
export const JOBS_PER_BATCH = 4
/** How long a consumer owns a claimed batch before another delivery may take it over. */
export const BATCH_LEASE_MS = 5 * 60_000
/** How long a consumer owns a run it is finalizing before another may take over. */
export const FINALIZE_LEASE_MS = 60_000
/** Messages per `sendBatch` call (the Queues limit). */
const SEND_CHUNK = 100


export interface RunPlayer {
  strategyId: string
  version: number
  name: string
}

export interface RunSpec {
  tournamentId: string
  /** The account that started it, charged one unit of its `runs-per-day`; null when the schedule did (charged to nobody). */
  requestedBy: string | null
  players: readonly RunPlayer[]
  rules: Parameters<typeof scheduleTournament>[1]['rules']
  repetitions: number
  shareIdentities: boolean
  /** Defaults to a fresh random 32-bit seed. */
  seed?: number
}

/** A fresh random 32-bit run seed. */
export function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]!
}

/** What each player's opponents see when identities are shared. */
export function opponentInfos(players: readonly { strategyId: string; name: string }[], share: boolean): Record<string, OpponentInfo> | null {
  if (!share) return null
  return Object.fromEntries(players.map((p) => [p.strategyId, { id: p.strategyId, name: p.name, reputation: null }]))
}

/** The schedule of a run as stored (players are strategy ids, in entrant order). */
export function runSchedule(run: Pick<Run, 'jobs'>): TournamentSchedule {
  return run.jobs as TournamentSchedule
}

/**
 * Create a run (queued), its batches, and send one message per batch.
 * Throws RangeError / RulesError when the schedule cannot be made, and
 * QuotaExceededError when `requestedBy` has used up its `runs-per-day`.
 */
export async function startRun(env: Env, db: Db, spec: RunSpec, now: Date = new Date()): Promise<Run> {
  const seed = spec.seed ?? randomSeed()
  const schedule = scheduleTournament(
    spec.players.map((p) => ({ id: p.strategyId, name: p.name })),
    { rules: spec.rules, repetitions: spec.repetitions, seed, opponents: opponentInfos(spec.players, spec.shareIdentities) },
  )
  const salt = newSalt()
  const id = newId()
  const entrants: RunEntrant[] = spec.players.map((p) => ({ strategyId: p.strategyId, version: p.version }))
  const batchRows: (typeof runBatches.$inferInsert)[] = []
  for (let first = 0, b = 0; first < schedule.jobs.length; first += JOBS_PER_BATCH, b++) {
    batchRows.push({ runId: id, batch: b, status: 'queued', firstJob: first, jobCount: Math.min(JOBS_PER_BATCH, schedule.jobs.length - first) })
  }
  const commitment = await runCommitment(schedule.seed, salt)
  const store = () =>
    db.batch([
      db
        .insert(runs)
        .values({
          id,
          tournamentId: spec.tournamentId,
          requestedBy: spec.requestedBy,
          status: 'queued',
          jobsDone: 0,
          jobsTotal: schedule.jobs.length,
          commitment,
          seed: schedule.seed,
          salt,
          entrants,
          rules: schedule.rules,
          jobs: schedule,
          createdAt: now,
        })
        .returning(),
      ...chunkedInserts(db, runBatches, batchRows),
    ])
  // One unit of the requester's runs-per-day, taken once the schedule is made and given back if the run is
  // not stored. The schedule's runs (requestedBy null) count against nobody.
  const [run] = spec.requestedBy === null ? await store() : await withQuota(db, spec.requestedBy, 'runs-per-day', store, now)
  for (let i = 0; i < batchRows.length; i += SEND_CHUNK) {
    await env.RUNS.sendBatch(batchRows.slice(i, i + SEND_CHUNK).map((b) => ({ body: { runId: id, batch: b.batch } })))
  }
  return (run as Run[])[0]!
}


/** The sources of a run's entrants, as the engine takes them. */
async function loadSources(db: Db, run: Run, names: Map<string, string>): Promise<StrategySource[]> {
  const entrants = run.entrants
  const conds = entrants.map((e) => and(eq(strategyVersions.strategyId, e.strategyId), eq(strategyVersions.version, e.version)))
  const rows = []
  // A few entrants a statement: 2 parameters each.
  for (let i = 0; i < conds.length; i += 40) {
    rows.push(...(await db.select({ id: strategyVersions.strategyId, source: strategyVersions.source }).from(strategyVersions).where(or(...conds.slice(i, i + 40)))))
  }
  return rows.map((r) => ({ id: r.id, name: names.get(r.id) ?? r.id, source: r.source }))
}

/** The match rows of played jobs (keyed by run, job, repetition). */
export function matchRecords(run: Run, schedule: TournamentSchedule, results: readonly JobResult[], infraError = false): NewMatchRecord[] {
  const versions = new Map(run.entrants.map((e) => [e.strategyId, e.version]))
  const out: NewMatchRecord[] = []
  for (const result of results) {
    const job = schedule.jobs[result.index]!
    result.matches.forEach((m: MatchResult, r: number) => {
      out.push({
        runId: run.id,
        jobIndex: result.index,
        repetition: r,
        aStrategyId: job.players[0],
        aVersion: versions.get(job.players[0]) ?? 0,
        bStrategyId: job.players[1],
        bVersion: versions.get(job.players[1]) ?? 0,
        aMoves: m.moves[0],
        bMoves: m.moves[1],
        aScore: m.scores[0],
        bScore: m.scores[1],
        faults: { faults: m.faults, counts: m.faultCounts },
        flips: m.flips,
        aOpponentView: job.opponents[0],
        bOpponentView: job.opponents[1],
        seed: m.seed,
        infraError,
      })
    })
  }
  return out
}

export type BatchOutcome = 'played' | 'already-done' | 'busy' | 'unknown'

/**
 * Play one batch of a run: claim it with a lease (guarded UPDATE), play its
 * jobs, record them (nothing twice), then finalize if it was the last.
 */
export async function consumeBatch(env: Env, message: RunBatchMessage, now: Date = new Date()): Promise<BatchOutcome> {
  const db = createDb(env.DB)
  const { runId, batch } = message
  const claimed = await db
    .update(runBatches)
    .set({ status: 'running', leaseExpiresAt: new Date(now.getTime() + BATCH_LEASE_MS), attempts: sql`${runBatches.attempts} + 1` })
    .where(
      and(
        eq(runBatches.runId, runId),
        eq(runBatches.batch, batch),
        or(eq(runBatches.status, 'queued'), and(eq(runBatches.status, 'running'), lt(runBatches.leaseExpiresAt, now))),
      ),
    )
    .returning()
  const row = claimed[0]
  if (!row) {
    const [existing] = await db.select().from(runBatches).where(and(eq(runBatches.runId, runId), eq(runBatches.batch, batch)))
    if (!existing) return 'unknown'
    if (existing.status === 'done' || existing.status === 'failed') {
      await maybeFinalize(env, runId, now)
      return 'already-done'
    }
    return 'busy'
  }
  const [run] = await db.select().from(runs).where(eq(runs.id, runId))
  if (!run) return 'unknown'
  await db
    .update(runs)
    .set({ status: 'running', startedAt: now })
    .where(and(eq(runs.id, runId), eq(runs.status, 'queued')))
  const schedule = runSchedule(run)
  const names = new Map(schedule.players.map((p) => [p.id, p.name]))
  const sources = await loadSources(db, run, names)
  const jobs = schedule.jobs.slice(row.firstJob, row.firstJob + row.jobCount)
  const results = await withSandbox((runner) => playJobs(runner, jobs, sources))
  await recordPlayed(db, run, schedule, batch, results, false, now)
  await maybeFinalize(env, runId, now)
  return 'played'
}

/** Store played (or infrastructure-failed) job results of one batch, a few jobs a db.batch so no batch grows unbounded. */
async function recordPlayed(db: Db, run: Run, schedule: TournamentSchedule, batch: number, results: readonly JobResult[], infra: boolean, now: Date): Promise<void> {
  const jobRows = results.map((r) => ({ runId: run.id, jobIndex: r.index, batch, result: r, createdAt: now }))
  const statements = recordBatchStatements(db, run.id, batch, jobRows, matchRecords(run, schedule, results, infra), now)
  if (infra) {
    statements.push(
      db
        .update(runBatches)
        .set({ status: 'failed', error: 'dead-lettered: the batch could not be played (infrastructure error)' })
        .where(and(eq(runBatches.runId, run.id), eq(runBatches.batch, batch))),
    )
  }
  await runBatch(db, statements)
}

/**
 * When every job of the run is recorded, claim the run (exactly one
 * invocation wins the guarded UPDATE) and finalize it.
 */
export async function maybeFinalize(env: Env, runId: string, now: Date = new Date()): Promise<boolean> {
  const db = createDb(env.DB)
  const claimed = await db
    .update(runs)
    .set({ status: 'finalizing', finishedAt: now })
    .where(
      and(
        eq(runs.id, runId),
        eq(runs.jobsDone, runs.jobsTotal),
        or(
          inArray(runs.status, ['queued', 'running']),
          and(eq(runs.status, 'finalizing'), lt(runs.finishedAt, new Date(now.getTime() - FINALIZE_LEASE_MS))),
        ),
      ),
    )
    .returning({ id: runs.id })
  if (claimed.length === 0) return false
  await finalizeRun(env, runId, now)
  return true
}

/** Every job result of a run, in job order, read a page at a time. */
export async function loadJobResults(db: Db, runId: string): Promise<JobResult[]> {
  const out: JobResult[] = []
  const page = 200
  for (let from = 0; ; from += page) {
    const rows = await db
      .select({ result: jobResults.result })
      .from(jobResults)
      .where(eq(jobResults.runId, runId))
      .orderBy(asc(jobResults.jobIndex))
      .limit(page)
      .offset(from)
    for (const r of rows) out.push(r.result as JobResult)
    if (rows.length < page) return out
  }
}

/** The aggregate of a run's job results (what playTournament gives for the same players, rules and seed). */
export async function aggregateRun(db: Db, run: Run): Promise<TournamentResult> {
  return aggregateTournament(runSchedule(run), await loadJobResults(db, run.id))
}

/** What a standings row holds: the engine's standing plus its player's behaviour, faults and matrix rows. */
export interface StoredStanding {
  rank: number
  strategyId: string
  version: number
  name: string
  meanScore: number
  medianScore: number
  wins: number
  cooperationRate: number
  faults: number
  /** Player index in the run (order of the matrices). */
  index: number
  behaviour: unknown
  faultRecords: unknown
  stateDistribution: unknown
  /** This player's row of the payoff matrix (per-turn scores against each player, in run order). */
  payoffRow: number[]
  cooperationRow: number[]
  /** Matches of this player that the platform could not play (dead-lettered batches). */
  infraErrors: number
}

/**
 * Finalize a run: aggregate, write the standings, flip the status to
 * `finished`. One atomic db.batch, so repeating it (after an interruption or
 * a takeover) gives the same standings.
 */
export async function finalizeRun(env: Env, runId: string, now: Date = new Date()): Promise<void> {
  const db = createDb(env.DB)
  const [run] = await db.select().from(runs).where(eq(runs.id, runId))
  if (!run) return
  const result = await aggregateRun(db, run)
  const failed = await db.select({ batch: runBatches.batch, firstJob: runBatches.firstJob, jobCount: runBatches.jobCount }).from(runBatches).where(and(eq(runBatches.runId, runId), eq(runBatches.status, 'failed')))
  const schedule = runSchedule(run)
  const infra = new Map<string, number>()
  for (const b of failed) {
    for (const job of schedule.jobs.slice(b.firstJob, b.firstJob + b.jobCount)) {
      for (const id of new Set(job.players)) infra.set(id, (infra.get(id) ?? 0) + schedule.repetitions)
    }
  }
  const versions = new Map(run.entrants.map((e) => [e.strategyId, e.version]))
  const index = new Map(result.players.map((p, i) => [p.id, i]))
  const rows = result.standings.map((s) => {
    const i = index.get(s.id)!
    const stored: StoredStanding = {
      rank: s.rank,
      strategyId: s.id,
      version: versions.get(s.id) ?? 0,
      name: s.name,
      meanScore: s.meanScore,
      medianScore: s.medianScore,
      wins: s.wins,
      cooperationRate: s.cooperationRate,
      faults: s.faults,
      index: i,
      behaviour: result.behaviour[i],
      faultRecords: result.faults[i]?.records ?? [],
      stateDistribution: result.stateDistribution[i],
      payoffRow: result.payoffMatrix[i]!,
      cooperationRow: result.cooperationMatrix[i]!,
      infraErrors: infra.get(s.id) ?? 0,
    }
    return { runId, rank: s.rank, strategyId: s.id, standing: stored }
  })
  await runBatch(db, [
    db.delete(standings).where(eq(standings.runId, runId)),
    ...chunkedInserts(db, standings, rows),
    db
      .update(runs)
      .set({
        status: 'finished',
        finishedAt: now,
        error: failed.length > 0 ? `${failed.length} batch(es) could not be played: their matches are recorded as infrastructure errors` : null,
      })
      .where(eq(runs.id, runId)),
  ])
}

/**
 * A batch in the dead-letter queue: its jobs are recorded as infrastructure
 * errors (every match lost: no moves, no score), so the run still finishes.
 */
export async function deadLetterBatch(env: Env, message: RunBatchMessage, now: Date = new Date()): Promise<void> {
  const db = createDb(env.DB)
  const [row] = await db.select().from(runBatches).where(and(eq(runBatches.runId, message.runId), eq(runBatches.batch, message.batch)))
  if (!row || row.status === 'done' || row.status === 'failed') {
    await maybeFinalize(env, message.runId, now)
    return
  }
  const [run] = await db.select().from(runs).where(eq(runs.id, message.runId))
  if (!run) return
  const schedule = runSchedule(run)
  const results: JobResult[] = schedule.jobs.slice(row.firstJob, row.firstJob + row.jobCount).map((job) => ({
    index: job.index,
    players: job.players,
    reused: job.seeds.map(() => false),
    matches: job.seeds.map((seed) => infraMatch(job.players, seed, schedule)),
  }))
  await recordPlayed(db, run, schedule, message.batch, results, true, now)
  await maybeFinalize(env, message.runId, now)
}

/** A match the platform could not play: one round of mutual defection, zero scores, so the aggregate stays defined. */
function infraMatch(players: [string, string], seed: number, schedule: TournamentSchedule): MatchResult {
  return {
    players: [players[0], players[1]],
    seed,
    rules: schedule.rules,
    turns: 1,
    moves: ['D', 'D'],
    flips: [[], []],
    scores: [schedule.rules.payoffs.P, schedule.rules.payoffs.P],
    faults: [[], []],
    faultCounts: [0, 0],
    usedRandom: [false, false],
  }
}

/** The queue handler: runs queue → play; dead-letter queue → record as infrastructure errors. */
export async function handleQueue(batch: MessageBatch<RunBatchMessage>, env: Env): Promise<void> {
  const dead = batch.queue === RUNS_DEAD_LETTER_QUEUE
  for (const message of batch.messages) {
    try {
      if (dead) {
        await deadLetterBatch(env, message.body)
        message.ack()
      } else {
        const outcome = await consumeBatch(env, message.body)
        if (outcome === 'busy') message.retry({ delaySeconds: 30 })
        else message.ack()
      }
    } catch (error) {
      console.error('run batch failed', message.body, error)
      message.retry()
    }
  }
}
