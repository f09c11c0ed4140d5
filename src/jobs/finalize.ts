/**
 * Finalizing a run, once every job is recorded: aggregate the job results
 * into standings, rate the strategies from the run's order, add the run to
 * the reputation store, and mark the run `finished` — all in one atomic
 * db.batch, so each run counts exactly once in ratings and reputation:
 *
 * - the standings are plain inserts keyed by (run, strategy), so a second
 *   finalize of the same run conflicts and rolls back whole;
 * - each rating update inserts the next (strategy, game, seq) history row,
 *   so two runs finalized at once cannot both build on the same old rating:
 *   the later batch rolls back and is computed again from the new ratings.
 *
 * Matches lost to infrastructure errors (dead-lettered batches) never move a
 * rating or a reputation: strategies with any such match are left out of the
 * rating update, and their lost matches out of the records.
 */
import { and, asc, eq, inArray, lt, ne, or } from 'drizzle-orm'
import { aggregateTournament } from '../engine/aggregate'
import type { CommonsResult } from '../engine/commons/aggregate'
import type { JobResult } from '../engine/play-job'
import { rateOrder } from '../engine/rating'
import { runRecords } from '../engine/run-records'
import type { TournamentResult } from '../engine/tournament-result'
import type { Env } from '../env'
import {
  chunkedInserts,
  createDb,
  jobResults,
  loadRatings,
  ratingStatements,
  reputationStatements,
  runBatch,
  runBatches,
  runs,
  standings,
  tournaments,
  type Db,
  type Run,
} from '../store'
import { aggregateCommonsRun, isCommonsSchedule } from './commons-run'
import { runSchedule } from './runs'

/** How long a consumer owns a run it is finalizing before another may take over. */
export const FINALIZE_LEASE_MS = 60_000
/** Tries when other runs' finalizes keep changing the ratings this one builds on. */
const FINALIZE_ATTEMPTS = 5

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

/** Every job result of a run, in job order, read a page at a time (GroupResults for the commons). */
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
export async function aggregateRun(db: Db, run: Run, results?: readonly JobResult[]): Promise<TournamentResult> {
  const schedule = runSchedule(run)
  if (isCommonsSchedule(schedule)) throw new TypeError(`run ${run.id} plays the commons: use aggregateCommonsOf`)
  return aggregateTournament(schedule, results ?? (await loadJobResults(db, run.id)))
}

/** The aggregate of a commons run's group results. */
export async function aggregateCommonsOf(db: Db, run: Run, results?: readonly unknown[]): Promise<CommonsResult> {
  const schedule = runSchedule(run)
  if (!isCommonsSchedule(schedule)) throw new TypeError(`run ${run.id} plays the dilemma: use aggregateRun`)
  return aggregateCommonsRun(schedule, results ?? (await loadJobResults(db, run.id)))
}

/** What a standings row of a commons run holds. */
export interface StoredCommonsStanding {
  rank: number
  strategyId: string
  version: number
  name: string
  /** Mean over its groups of its payoff per round: the ranking key. */
  meanPayoff: number
  groups: number
  /** Share of its requests at or below the sustainable share. */
  cooperation: number
  fined: number
  faults: number
  faultRecords: unknown
  infraErrors: number
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

/** Jobs of the run's dead-lettered batches, and how many matches each strategy lost in them. */
async function infrastructureLosses(db: Db, run: Run): Promise<{ jobs: Set<number>; matches: Map<string, number>; batches: number }> {
  const failed = await db
    .select({ firstJob: runBatches.firstJob, jobCount: runBatches.jobCount })
    .from(runBatches)
    .where(and(eq(runBatches.runId, run.id), eq(runBatches.status, 'failed')))
  const schedule = runSchedule(run)
  // A dilemma job is a pairing's repetitions; a commons job is one group.
  const perJob = isCommonsSchedule(schedule) ? 1 : schedule.repetitions
  const jobs = new Set<number>()
  const matches = new Map<string, number>()
  for (const b of failed) {
    for (const job of schedule.jobs.slice(b.firstJob, b.firstJob + b.jobCount)) {
      jobs.add(job.index)
      for (const id of new Set(job.players)) matches.set(id, (matches.get(id) ?? 0) + perJob)
    }
  }
  return { jobs, matches, batches: failed.length }
}

/**
 * Whether the run's finalize batch has been committed (its standings are
 * there: they are written only with everything else). If so, make sure the
 * run says `finished`.
 */
async function alreadyFinalized(db: Db, runId: string): Promise<boolean> {
  const [row] = await db.select({ rank: standings.rank }).from(standings).where(eq(standings.runId, runId)).limit(1)
  if (!row) return false
  await db.update(runs).set({ status: 'finished' }).where(and(eq(runs.id, runId), ne(runs.status, 'finished')))
  return true
}

/**
 * Finalize a run (see the top of this file). Does nothing to a run already
 * finished; repeating it after an interruption gives the same result.
 */
export async function finalizeRun(env: Env, runId: string, now: Date = new Date()): Promise<void> {
  const db = createDb(env.DB)
  for (let attempt = 1; ; attempt++) {
    const [run] = await db.select().from(runs).where(eq(runs.id, runId))
    if (!run || run.status === 'finished') return
    if (await alreadyFinalized(db, runId)) return
    const [tournament] = await db.select({ game: tournaments.game, experimentId: tournaments.experimentId }).from(tournaments).where(eq(tournaments.id, run.tournamentId))
    const game = tournament?.game ?? 'dilemma'
    // An experiment's rule sets are what-ifs: they rank their field but move no rating or reputation.
    const counts = !tournament?.experimentId
    const results = await loadJobResults(db, runId)
    const lost = await infrastructureLosses(db, run)
    const versions = new Map(run.entrants.map((e) => [e.strategyId, e.version]))
    const { rows, order, records } = isCommonsSchedule(runSchedule(run))
      ? commonsStandings(await aggregateCommonsOf(db, run, results), versions, lost.matches)
      : dilemmaStandings(await aggregateRun(db, run, results), versions, lost, results)
    const ratedEntries = counts ? order.filter((s) => !lost.matches.has(s.id)) : []
    const priors = await loadRatings(db, game, ratedEntries.map((s) => s.id))
    const rated = ratedEntries.length >= 2 ? rateOrder(ratedEntries.map((s) => ({ id: s.id, score: s.score, prior: priors.get(s.id) ?? null }))) : []
    try {
      await runBatch(db, [
        ...chunkedInserts(db, standings, rows.map((standing) => ({ runId, rank: standing.rank, strategyId: standing.strategyId, standing }))),
        ...ratingStatements(db, game, rated, priors, runId, now),
        ...(counts && records ? reputationStatements(db, game, records, runId, now) : []),
        db
          .update(runs)
          .set({
            status: 'finished',
            finishedAt: now,
            error: lost.batches > 0 ? `${lost.batches} batch(es) could not be played: their ${isCommonsSchedule(runSchedule(run)) ? 'groups' : 'matches'} are recorded as infrastructure errors and left out of ratings and reputation` : null,
          })
          .where(eq(runs.id, runId)),
      ])
      return
    } catch (error) {
      // Either this run was finalized meanwhile (the standings conflict), or
      // another run moved a rating this one builds on: read again and retry.
      if (await alreadyFinalized(db, runId)) return
      if (attempt >= FINALIZE_ATTEMPTS) throw error
    }
  }
}

/** Rows, rating order (by the ranking key) and reputation records of a finished dilemma run. */
function dilemmaStandings(
  result: TournamentResult,
  versions: Map<string, number>,
  lost: { jobs: Set<number>; matches: Map<string, number> },
  results: readonly JobResult[],
): { rows: StoredStanding[]; order: { id: string; score: number }[]; records: ReturnType<typeof runRecords> } {
  const index = new Map(result.players.map((p, i) => [p.id, i]))
  const rows = result.standings.map((s): StoredStanding => {
    const i = index.get(s.id)!
    return {
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
      infraErrors: lost.matches.get(s.id) ?? 0,
    }
  })
  return { rows, order: result.standings.map((s) => ({ id: s.id, score: s.medianScore })), records: runRecords(results, lost.jobs) }
}

/** Rows and rating order (mean payoff per round) of a finished commons run; it keeps no reputation. */
function commonsStandings(
  result: CommonsResult,
  versions: Map<string, number>,
  lostGroups: Map<string, number>,
): { rows: StoredCommonsStanding[]; order: { id: string; score: number }[]; records: null } {
  const index = new Map(result.players.map((p, i) => [p.id, i]))
  const rows = result.standings.map(
    (s): StoredCommonsStanding => ({
      rank: s.rank,
      strategyId: s.id,
      version: versions.get(s.id) ?? 0,
      name: s.name,
      meanPayoff: s.meanPayoff,
      groups: s.groups,
      cooperation: s.cooperation,
      fined: s.fined,
      faults: s.faults,
      faultRecords: result.faults[index.get(s.id)!]?.records ?? [],
      infraErrors: lostGroups.get(s.id) ?? 0,
    }),
  )
  return { rows, order: result.standings.map((s) => ({ id: s.id, score: s.meanPayoff })), records: null }
}
