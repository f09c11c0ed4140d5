/**
 * What a run of the commons does differently from a run of the dilemma. The
 * queue, batches, leases, resume and finalize are the same (runs.ts,
 * finalize.ts); a commons run's jobs are groups (src/engine/commons): its
 * schedule is a CommonsSchedule, its job results GroupResults, it stores no
 * match rows (a group is replayed from its job result), and its standings
 * rank by mean payoff per round. Ratings are kept per game, so a commons run
 * moves only commons ratings; the dilemma's reputation counters (nice,
 * retaliating...) mean nothing here and are left alone.
 */
import { aggregateCommons, type CommonsResult } from '../engine/commons/aggregate'
import { COMMONS_SCHEDULE_FORMAT, type CommonsJob, type CommonsSchedule } from '../engine/commons/schedule'
import type { GroupResult } from '../engine/commons/play-group'
import { sustainableShare } from '../engine/commons/rules'
import type { TournamentSchedule } from '../engine/schedule'
import { TURNS_PER_BATCH } from './runs'

/** A run's schedule, of either game. */
export type RunSchedule = TournamentSchedule | CommonsSchedule

export function isCommonsSchedule(schedule: RunSchedule): schedule is CommonsSchedule {
  return schedule.format === COMMONS_SCHEDULE_FORMAT
}

/**
 * Groups in one batch: the same work as a dilemma batch, counted in
 * player-rounds (a dilemma batch is TURNS_PER_BATCH rounds of two players),
 * with the expected length when it is uncertain.
 */
export function groupsPerBatch(schedule: CommonsSchedule): number {
  const rules = schedule.rules
  const rounds = rules.turns ?? Math.ceil(1 / (1 - (rules.continuation ?? 0)))
  return Math.max(1, Math.floor((2 * TURNS_PER_BATCH) / (rounds * schedule.group)))
}

/**
 * A group the platform could not play (its batch was dead-lettered): one
 * round in which nobody asked for or received anything, so the aggregate
 * stays defined; its players are left out of the run's rating update.
 */
export function infraGroup(job: CommonsJob, schedule: CommonsSchedule): GroupResult {
  const n = job.players.length
  const stock = schedule.rules.initialStock
  return {
    index: job.index,
    players: [...job.players],
    seed: job.seed,
    rules: job.rules,
    rounds: 1,
    sustainableShare: sustainableShare(job.rules, n),
    requests: job.players.map(() => [0]),
    receipts: job.players.map(() => [0]),
    stock: [stock, stock],
    fined: job.players.map(() => []),
    announcements: null,
    faults: job.players.map(() => []),
    faultCounts: job.players.map(() => 0),
    usedRandom: job.players.map(() => false),
    scores: job.players.map(() => 0),
  }
}

/** A commons run's aggregate (what playCommonsTournament gives for the same players, rules and seed). */
export function aggregateCommonsRun(schedule: CommonsSchedule, results: readonly unknown[]): CommonsResult {
  return aggregateCommons(schedule, results as GroupResult[])
}
