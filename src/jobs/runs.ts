/**
 * A run of a tournament, on the queue. Starting a run freezes the strategy
 * versions, the rules and (when identities are shared) what each strategy
 * sees of the others, makes the schedule with a fresh random seed, commits
 * to the seed (sha256(seed ‖ salt)), stores the run's batches of jobs and
 * sends one `{ runId, batch }` message per batch. The consumer claims a batch
 * with a lease, plays it, and records it keyed by (run, job) so a redelivered
 * batch writes nothing twice. The consumer that sees the last batch done
 * finalizes the run (finalize.ts). A batch whose messages were lost is sent
 * again by the scheduled tick (tick.ts).
 */
import { and, eq, lt, or, sql } from 'drizzle-orm'
import type { MessageBatch } from '@cloudflare/workers-types'
import type { MatchResult } from '../engine/match'
import { withGroupSandbox, withSandbox } from '../sandbox-runner'
import { playJobs, type JobResult } from '../engine/play-job'
import { scheduleTournament, type TournamentSchedule } from '../engine/schedule'
import { scheduleCommons } from '../engine/commons/schedule'
import { playGroups, type GroupResult } from '../engine/commons/play-group'
import type { CommonsRules } from '../engine/commons/types'
import type { RulesInput } from '../engine/rules'
import type { Game, OpponentInfo } from '../engine/types'
import { groupsPerBatch, infraGroup, isCommonsSchedule, type RunSchedule } from './commons-run'
import { RUNS_DEAD_LETTER_QUEUE, type Env, type RunBatchMessage } from '../env'
import { maybeFinalize } from './finalize'
import { entrantSources, frozenRun, type FrozenRun } from './run-cache'
import { withQuota } from '../quotas'
import {
  chunkedInserts,
  createDb,
  newId,
  newSalt,
  recordBatchStatements,
  runBatch,
  runBatches,
  runCommitment,
  runs,
  scheduleSlots,
  type Db,
  type NewMatchRecord,
  type Run,
  type RunBatch,
  type RunEntrant,
} from '../store'

/**
 * Work in one queue message, in turns of match play: a batch takes jobs
 * (pairings with all their repetitions) up to this many turns × repetitions.
 * Fewer, larger batches cost less (each pays a few D1 round trips and a
 * delivery), but a batch must stay well inside a consumer's CPU limit (30 s)
 * even when every match spends its budgets in full: about 100 ms per 200
 * turns (`npm run bench`, worst case), so 16,000 turns is about 8 s. Axelrod's
 * setting (200 turns × 5) makes 16 jobs a batch; the longest pairing allowed
 * (20,000 turns × repetitions) makes one.
 */
export const TURNS_PER_BATCH = 16_000

/** Jobs in one batch of a run with these rules. */
export function jobsPerBatch(rules: { turns: number | null; continuation: number | null }, repetitions: number): number {
  const turns = rules.turns ?? Math.ceil(1 / (1 - (rules.continuation ?? 0)))
  return Math.max(1, Math.floor(TURNS_PER_BATCH / (turns * repetitions)))
}
/**
 * How long a consumer owns a claimed batch before another delivery may take
 * it over. A batch's worst case (four pairings at the longest length, every
 * match at its budgets) is well under a minute.
 */
export const BATCH_LEASE_MS = 2 * 60_000
/** Messages per `sendBatch` call (the Queues limit). */
const SEND_CHUNK = 100

export interface RunPlayer {
  strategyId: string
  version: number
  name: string
}

/** What each strategy sees of the others, frozen when a run starts (null: identities are not shared). */
export interface RunIdentities {
  opponents: Record<string, OpponentInfo>
  /** viewer id → opponent id → the viewer's own record against that opponent. */
  histories: Record<string, Record<string, unknown>>
}

export interface RunSpec {
  tournamentId: string
  /** The game played (default the dilemma); the commons plays groups of `group` players. */
  game?: Game
  group?: number
  /** The account that started it, charged one unit of its `runs-per-day`; null when the schedule did (charged to nobody). */
  requestedBy: string | null
  players: readonly RunPlayer[]
  rules: Parameters<typeof scheduleTournament>[1]['rules'] | CommonsRules
  repetitions: number
  identities: RunIdentities | null
  /** Defaults to a fresh random 32-bit seed. */
  seed?: number
  /** The schedule slot the run plays; its (tournament, slot) row is written with the run, so a slot makes one run. */
  slot?: Date
}

/** A fresh random 32-bit run seed. */
export function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]!
}

/** The schedule of a run as stored (players are strategy ids, in entrant order). */
export function runSchedule(run: Pick<Run, 'jobs'>): RunSchedule {
  return run.jobs as RunSchedule
}

/** The schedule a run spec plays, of its game. */
function scheduleOf(spec: RunSpec, seed: number): RunSchedule {
  const players = spec.players.map((p) => ({ id: p.strategyId, name: p.name }))
  const identities = { opponents: spec.identities?.opponents ?? null, histories: spec.identities?.histories ?? null }
  if (spec.game === 'commons') {
    return scheduleCommons(players, { rules: spec.rules as CommonsRules, group: spec.group, repetitions: spec.repetitions, seed, ...identities })
  }
  return scheduleTournament(players, { rules: spec.rules as RulesInput, repetitions: spec.repetitions, seed, ...identities })
}

/**
 * Create a run (queued), its batches, and send one message per batch.
 * Throws RangeError / RulesError when the schedule cannot be made, and
 * QuotaExceededError when `requestedBy` has used up its `runs-per-day`.
 */
export async function startRun(
  env: Env,
  db: Db,
  spec: RunSpec,
  now: Date = new Date(),
  /** `quotaTaken`: the caller has already charged `requestedBy` for this run (an experiment charges all its runs at once). */
  options: { jobsPerBatch?: number; quotaTaken?: boolean } = {},
): Promise<Run> {
  const seed = spec.seed ?? randomSeed()
  const schedule = scheduleOf(spec, seed)
  const salt = newSalt()
  const id = newId()
  const entrants: RunEntrant[] = spec.players.map((p) => ({ strategyId: p.strategyId, version: p.version }))
  const size = options.jobsPerBatch ?? (isCommonsSchedule(schedule) ? groupsPerBatch(schedule) : jobsPerBatch(schedule.rules, schedule.repetitions))
  const batchRows: (typeof runBatches.$inferInsert)[] = []
  for (let first = 0, b = 0; first < schedule.jobs.length; first += size, b++) {
    batchRows.push({ runId: id, batch: b, status: 'queued', firstJob: first, jobCount: Math.min(size, schedule.jobs.length - first) })
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
          progressAt: now,
          slot: spec.slot ?? null,
        })
        .returning(),
      ...chunkedInserts(db, runBatches, batchRows),
      ...(spec.slot ? [db.insert(scheduleSlots).values({ tournamentId: spec.tournamentId, slot: spec.slot, outcome: 'started', runId: id, createdAt: now })] : []),
    ])
  // One unit of the requester's runs-per-day, taken once the schedule is made and given back if the run is
  // not stored. The schedule's runs (requestedBy null) count against nobody.
  const [run] = spec.requestedBy === null || options.quotaTaken ? await store() : await withQuota(db, spec.requestedBy, 'runs-per-day', store, now)
  await sendBatches(env, id, batchRows.map((b) => b.batch))
  return (run as Run[])[0]!
}

/** One message per batch, `SEND_CHUNK` a call. */
export async function sendBatches(env: Env, runId: string, batches: readonly number[]): Promise<void> {
  for (let i = 0; i < batches.length; i += SEND_CHUNK) {
    await env.RUNS.sendBatch(batches.slice(i, i + SEND_CHUNK).map((batch) => ({ body: { runId, batch } })))
  }
}


/** The match rows of played jobs (keyed by run, job, repetition). */
export function matchRecords(run: FrozenRun, results: readonly JobResult[], infraError = false): NewMatchRecord[] {
  const schedule = run.schedule as TournamentSchedule
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
        fined: m.fined[0].length + m.fined[1].length > 0 ? m.fined : null,
        announcements: m.announcements,
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
 * Claim a batch with a lease (guarded UPDATE): it is free when queued, or
 * running under a lease that is over. Returns the claimed row (its
 * `attempts` identifies this claim), or why it could not be claimed.
 */
async function claimBatch(env: Env, db: Db, message: RunBatchMessage, now: Date): Promise<RunBatch | Exclude<BatchOutcome, 'played'>> {
  const { runId, batch } = message
  const [row] = await db
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
  if (row) return row
  const [existing] = await db.select().from(runBatches).where(and(eq(runBatches.runId, runId), eq(runBatches.batch, batch)))
  if (!existing) return 'unknown'
  if (existing.status === 'done' || existing.status === 'failed') {
    await maybeFinalize(env, runId, now)
    return 'already-done'
  }
  return 'busy'
}

/**
 * Give a claimed batch back (the work failed): the next delivery, or the
 * tick's resend, plays it at once instead of waiting out the lease, so a
 * passing error costs one retry, not the batch.
 */
async function releaseBatch(db: Db, claim: RunBatch): Promise<void> {
  await db
    .update(runBatches)
    .set({ status: 'queued', leaseExpiresAt: null })
    .where(and(eq(runBatches.runId, claim.runId), eq(runBatches.batch, claim.batch), eq(runBatches.status, 'running'), eq(runBatches.attempts, claim.attempts)))
}

/**
 * Play one batch of a run: claim it, play its jobs, record them (nothing
 * twice), then finalize if it was the last.
 */
export async function consumeBatch(env: Env, message: RunBatchMessage, now: Date = new Date()): Promise<BatchOutcome> {
  const db = createDb(env.DB)
  const claim = await claimBatch(env, db, message, now)
  if (typeof claim === 'string') return claim
  try {
    const run = await frozenRun(db, message.runId)
    if (!run) return 'unknown'
    await db
      .update(runs)
      .set({ status: 'running', startedAt: now })
      .where(and(eq(runs.id, message.runId), eq(runs.status, 'queued')))
    const sources = await entrantSources(db, run)
    const schedule = run.schedule
    const results = isCommonsSchedule(schedule)
      ? await withGroupSandbox((runner) => playGroups(runner, schedule.jobs.slice(claim.firstJob, claim.firstJob + claim.jobCount), sources))
      : await withSandbox((runner) => playJobs(runner, schedule.jobs.slice(claim.firstJob, claim.firstJob + claim.jobCount), sources))
    await recordPlayed(db, run, claim, results, null, now)
  } catch (error) {
    await releaseBatch(db, claim).catch(() => undefined)
    throw error
  }
  await maybeFinalize(env, message.runId, now)
  return 'played'
}

/** Store played (or infrastructure-failed) job results of one claimed batch, atomically. */
async function recordPlayed(db: Db, run: FrozenRun, claim: RunBatch, results: readonly (JobResult | GroupResult)[], failure: string | null, now: Date): Promise<void> {
  const jobRows = results.map((r) => ({ runId: run.id, jobIndex: r.index, batch: claim.batch, result: r, createdAt: now }))
  // A group of the commons is replayed from its job result: it has no match rows.
  const matchRows = isCommonsSchedule(run.schedule) ? [] : matchRecords(run, results as JobResult[], failure !== null)
  await runBatch(db, recordBatchStatements(db, run.id, claim.batch, jobRows, matchRows, now, { attempt: claim.attempts, failure }))
}

/**
 * A batch in the dead-letter queue: its jobs are recorded as infrastructure
 * errors (every match lost: no moves, no score), so the run still finishes.
 * It claims the batch like a consumer: while a live consumer holds it, the
 * message waits ('busy'), and the batch ends `failed` only if this claim is
 * still the batch's when it is recorded.
 */
export async function deadLetterBatch(env: Env, message: RunBatchMessage, now: Date = new Date()): Promise<BatchOutcome> {
  const db = createDb(env.DB)
  const claim = await claimBatch(env, db, message, now)
  if (typeof claim === 'string') return claim
  const run = await frozenRun(db, message.runId)
  if (!run) return 'unknown'
  const schedule = run.schedule
  const results: (JobResult | GroupResult)[] = isCommonsSchedule(schedule)
    ? schedule.jobs.slice(claim.firstJob, claim.firstJob + claim.jobCount).map((job) => infraGroup(job, schedule))
    : schedule.jobs.slice(claim.firstJob, claim.firstJob + claim.jobCount).map((job) => ({
        index: job.index,
        players: job.players,
        reused: job.seeds.map(() => false),
        matches: job.seeds.map((seed) => infraMatch(job.players, seed, schedule)),
      }))
  await recordPlayed(db, run, claim, results, 'dead-lettered: the batch could not be played (infrastructure error)', now)
  await maybeFinalize(env, message.runId, now)
  return 'played'
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
    fined: [[], []],
    announcements: null,
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
      const outcome = dead ? await deadLetterBatch(env, message.body) : await consumeBatch(env, message.body)
      if (outcome === 'busy') message.retry({ delaySeconds: 30 })
      else message.ack()
    } catch (error) {
      console.error('run batch failed', message.body, error)
      message.retry()
    }
  }
}
