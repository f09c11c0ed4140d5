/**
 * The scheduled handler's work, every minute (wrangler.toml's cron trigger;
 * `npm start` calls it locally, where cron never fires by itself):
 *
 * 1. Start due runs (after step 2, and at most `MAX_STARTS_PER_TICK`, oldest
 *    slot first). For each scheduled tournament, the due slot is the
 *    latest time its cron names at or before now, if that is after the
 *    tournament was created and it has no row in `schedule_slots` yet. After
 *    downtime only that latest missed slot runs. A tournament whose previous
 *    run is still in progress skips the slot. The run and its (tournament,
 *    slot) row are written in one batch, so a cron that fires twice starts
 *    one run.
 * 2. Resume runs. A run with no progress for `STALL_MS` (its messages lost,
 *    e.g. when `npm start` was stopped mid-run, or a consumer died holding a
 *    lease) gets its unfinished batches sent again; redelivery is harmless
 *    (batches are claimed with a lease and recorded keyed by job), and the
 *    results are the same as an uninterrupted run's, because every job's
 *    result depends only on the schedule. A run whose jobs are all recorded
 *    but which is not finished is finalized again.
 *
 * `npm start` calls the handler with the cron `RESTART_CRON` at start-up:
 * local queue messages live in memory, so after a restart none of an
 * unfinished run's messages exist and no consumer holds a lease. That tick
 * resumes every unfinished run at once instead of waiting for it to stall.
 */
import { and, eq, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm'
import type { Env } from '../env'
import { RulesError } from '../engine/rules'
import { accounts, createDb, D1LimitError, runBatch, runBatches, runs, scheduleSlots, tournaments, type Db, type Tournament } from '../store'
import { latestSlot, ScheduleError } from './cron'
import { FINALIZE_LEASE_MS, maybeFinalize } from './finalize'
import { RunRefused, runSpecFor } from './run-spec'
import { BATCH_LEASE_MS, sendBatches, startRun } from './runs'

/** A run with no batch recorded for this long is resumed (longer than a batch lease, so a live consumer is never raced). */
export const STALL_MS = BATCH_LEASE_MS
/** At most this many messages are re-sent a tick (the rest follow on later ticks). */
export const MAX_RESENT_PER_TICK = 1_000

const ACTIVE = ['queued', 'running', 'finalizing'] as const

/** The cron value of `npm start`'s first tick (never a real trigger's). */
export const RESTART_CRON = 'restart'

export interface TickOptions {
  /** Every message in flight was lost and no consumer is alive: resume every unfinished run now. */
  restart?: boolean
}

export interface TickReport {
  started: { tournamentId: string; slot: string; runId: string }[]
  skipped: { tournamentId: string; slot: string; reason: string }[]
  resumed: { runId: string; batches: number }[]
  finalized: string[]
}

/** One tick: resume stalled runs, then start due ones. */
export async function tick(env: Env, now: Date = new Date(), options: TickOptions = {}): Promise<TickReport> {
  const db = createDb(env.DB)
  const report: TickReport = { started: [], skipped: [], resumed: [], finalized: [] }
  if (options.restart) {
    // Nobody holds anything any more: release every lease.
    await runBatch(db, [
      db.update(runBatches).set({ status: 'queued', leaseExpiresAt: null }).where(eq(runBatches.status, 'running')),
      db.update(runs).set({ status: 'running' }).where(eq(runs.status, 'finalizing')),
    ])
  }
  // Resuming first: what is already running matters more than what is due.
  await resumeRuns(env, db, now, report, options.restart === true)
  await startDueRuns(env, db, now, report)
  return report
}

/** Scheduled runs started at most per tick; the rest are still due at the next one. Each start costs a few dozen D1 queries, and a tick has 1,000. */
export const MAX_STARTS_PER_TICK = 10

/**
 * The tournaments whose latest slot is due and not yet handled, oldest slot
 * first, found with a fixed number of queries however many tournaments are
 * scheduled (a tick must not spend its D1 queries on tournaments with
 * nothing to do). Hosts whose account was deleted schedule nothing.
 */
async function dueSlots(db: Db, now: Date): Promise<{ tournament: Tournament; slot: Date }[]> {
  const scheduled = await db
    .select({ tournament: tournaments })
    .from(tournaments)
    .innerJoin(accounts, eq(accounts.id, tournaments.hostId))
    .where(and(isNotNull(tournaments.schedule), isNull(accounts.deletedAt)))
  const due: { tournament: Tournament; slot: Date }[] = []
  for (const { tournament: t } of scheduled) {
    let slot: Date | null
    try {
      slot = latestSlot(t.schedule!, now)
    } catch (error) {
      if (error instanceof ScheduleError) continue // refused when the tournament was created; nothing to do
      throw error
    }
    if (slot !== null && slot.getTime() > t.createdAt.getTime()) due.push({ tournament: t, slot })
  }
  const handled = new Set<string>()
  for (let i = 0; i < due.length; i += 45) {
    const part = due.slice(i, i + 45)
    const rows = await db
      .select({ tournamentId: scheduleSlots.tournamentId, slot: scheduleSlots.slot })
      .from(scheduleSlots)
      .where(or(...part.map((d) => and(eq(scheduleSlots.tournamentId, d.tournament.id), eq(scheduleSlots.slot, d.slot)))))
    for (const r of rows) handled.add(`${r.tournamentId}@${r.slot.getTime()}`)
  }
  return due.filter((d) => !handled.has(`${d.tournament.id}@${d.slot.getTime()}`)).sort((a, b) => a.slot.getTime() - b.slot.getTime())
}

async function startDueRuns(env: Env, db: Db, now: Date, report: TickReport): Promise<void> {
  const due = await dueSlots(db, now)
  if (due.length === 0) return
  const active = new Map(
    (await db.select({ tournamentId: runs.tournamentId, id: runs.id }).from(runs).where(inArray(runs.status, ACTIVE))).map((r) => [r.tournamentId, r.id]),
  )
  for (const { tournament, slot } of due.slice(0, MAX_STARTS_PER_TICK)) {
    try {
      await startDueRun(env, db, tournament, slot, active.get(tournament.id), now, report)
    } catch (error) {
      // One tournament's trouble must not stop the others' runs.
      console.error('scheduled run failed to start', tournament.id, error)
    }
  }
}

async function startDueRun(env: Env, db: Db, t: Tournament, slot: Date, activeRun: string | undefined, now: Date, report: TickReport): Promise<void> {
  const skip = async (outcome: 'skipped' | 'refused', reason: string) => {
    const rows = await db.insert(scheduleSlots).values({ tournamentId: t.id, slot, outcome, reason, createdAt: now }).onConflictDoNothing().returning()
    if (rows.length > 0) report.skipped.push({ tournamentId: t.id, slot: slot.toISOString(), reason })
  }
  if (activeRun) return skip('skipped', `run ${activeRun} was still in progress`)
  let spec
  try {
    spec = await runSpecFor(db, t, { requestedBy: null, slot })
  } catch (error) {
    if (error instanceof RunRefused) return skip('refused', error.message)
    throw error
  }
  try {
    const run = await startRun(env, db, spec, now)
    report.started.push({ tournamentId: t.id, slot: slot.toISOString(), runId: run.id })
  } catch (error) {
    // Another tick took this slot first: its row is there and the run is its.
    const [taken] = await db.select().from(scheduleSlots).where(and(eq(scheduleSlots.tournamentId, t.id), eq(scheduleSlots.slot, slot)))
    if (taken) return
    // What would fail the same way at every tick is recorded, so the slot is not tried forever.
    if (error instanceof RangeError || error instanceof RulesError || error instanceof D1LimitError) return skip('refused', error.message)
    throw error
  }
}

async function resumeRuns(env: Env, db: Db, now: Date, report: TickReport, restart: boolean): Promise<void> {
  const stalledBefore = new Date(restart ? now.getTime() + 1 : now.getTime() - STALL_MS)
  const stalled = await db
    .select({ id: runs.id })
    .from(runs)
    .where(
      and(
        inArray(runs.status, ['queued', 'running']),
        lt(runs.jobsDone, runs.jobsTotal),
        lt(sql`coalesce(${runs.progressAt}, ${runs.createdAt})`, stalledBefore.getTime()),
      ),
    )
    .orderBy(runs.createdAt)
  let budget = MAX_RESENT_PER_TICK
  for (const run of stalled) {
    if (budget <= 0) break
    const batches = await db
      .select({ batch: runBatches.batch })
      .from(runBatches)
      .where(
        and(
          eq(runBatches.runId, run.id),
          or(eq(runBatches.status, 'queued'), and(eq(runBatches.status, 'running'), lt(runBatches.leaseExpiresAt, now))),
        ),
      )
      .orderBy(runBatches.batch)
      .limit(budget)
    // Counted as progress, so the same run is not re-sent again before its messages had their chance.
    await db.update(runs).set({ progressAt: now }).where(eq(runs.id, run.id))
    if (batches.length === 0) continue
    await sendBatches(env, run.id, batches.map((b) => b.batch))
    budget -= batches.length
    report.resumed.push({ runId: run.id, batches: batches.length })
  }
  const unfinalized = await db
    .select({ id: runs.id })
    .from(runs)
    .where(
      and(
        eq(runs.jobsDone, runs.jobsTotal),
        or(inArray(runs.status, ['queued', 'running']), and(eq(runs.status, 'finalizing'), lt(runs.finishedAt, new Date(now.getTime() - FINALIZE_LEASE_MS)))),
      ),
    )
  for (const run of unfinalized) {
    if (await maybeFinalize(env, run.id, now)) report.finalized.push(run.id)
  }
}
