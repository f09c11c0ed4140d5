/**
 * Tournaments and experiments with their jobs played on several threads
 * (pool.ts). These are the engine's own steps, as playTournament,
 * playCommonsTournament and runExperiment take them: schedule, play every
 * job, aggregate; only the jobs are played at once instead of one after
 * another. The aggregators fold results in schedule order whatever order they
 * come in, so the results are byte-identical to the engine's one-call
 * functions, which `--jobs 1` still uses.
 *
 * A command schedules its run first, so that the worker threads can start
 * (pool.ts) while it checks that its files load.
 */
import { CommonsAggregator, type CommonsResult } from '../../engine/commons/aggregate'
import type { GroupResult } from '../../engine/commons/play-group'
import { scheduleCommons, type CommonsScheduleOptions } from '../../engine/commons/schedule'
import { TournamentAggregator, type AggregateOptions } from '../../engine/aggregate'
import { experimentCommons, experimentTournament, summarizeExperiment, type ExperimentResult } from '../../engine/experiment'
import { planExperiment, type ExperimentSpec } from '../../engine/experiment-spec'
import type { JobResult } from '../../engine/play-job'
import { scheduleTournament, type ScheduleOptions } from '../../engine/schedule'
import type { TournamentResult } from '../../engine/tournament-result'
import type { StrategySource } from '../../engine/types'
import { expectedRounds } from '../sandbox'
import { coreCount } from './flag'
import { JobPool } from './pool'
import type { Task } from './protocol'
import type { Runners } from './task-player'

/**
 * By default a worker thread is started only for this many moves to play
 * (about a second's work on one thread): starting one, with its own code,
 * WebAssembly and players, costs a few tenths of a second of both cores'
 * time, and a smaller run is over before it could help. Measured on 2
 * cores: the 30-player, 200-round, 5-repetition tournament (310,800 moves)
 * took 0.84 s as a command on one thread and 1.0 s on two.
 */
export const MOVES_PER_THREAD = 1_000_000

/** A run, scheduled: every task with the aggregator its result goes to, and the result once all are in. */
export interface ScheduledRun<R> {
  tasks: { task: Task; add(result: JobResult | GroupResult): void }[]
  result(): R
}

export function scheduledTournament(players: readonly StrategySource[], options: ScheduleOptions & AggregateOptions): ScheduledRun<TournamentResult> {
  const schedule = scheduleTournament(players, options)
  const aggregator = new TournamentAggregator(schedule, options)
  const add = (result: JobResult | GroupResult) => aggregator.add(result as JobResult)
  return { tasks: schedule.jobs.map((job) => ({ task: { game: 'dilemma', job }, add })), result: () => aggregator.result() }
}

export function scheduledCommons(players: readonly StrategySource[], options: CommonsScheduleOptions): ScheduledRun<CommonsResult> {
  const schedule = scheduleCommons(players, options)
  const aggregator = new CommonsAggregator(schedule)
  const add = (result: JobResult | GroupResult) => aggregator.add(result as GroupResult)
  return { tasks: schedule.jobs.map((job) => ({ task: { game: 'commons', job }, add })), result: () => aggregator.result() }
}

/** Every rule set's tournament, as runExperiment plans them; played together. */
export function scheduledExperiment(spec: ExperimentSpec<StrategySource>): ScheduledRun<ExperimentResult> {
  const plan = planExperiment(spec)
  const runs = plan.ruleSets.map((ruleSet, k): ScheduledRun<TournamentResult | CommonsResult> =>
    ruleSet.game === 'commons' ? scheduledCommons(spec.players, experimentCommons(plan, k)) : scheduledTournament(spec.players, experimentTournament(plan, k)),
  )
  return { tasks: runs.flatMap((run) => run.tasks), result: () => summarizeExperiment(plan, runs.map((run) => run.result())) }
}

/** Moves a task plays: both players' in every round of every match, every seat's in every round of a group. */
function moves(task: Task): number {
  const rounds = expectedRounds(task.job.rules)
  return task.game === 'dilemma' ? 2 * rounds * task.job.seeds.length : task.job.players.length * rounds
}

/** Moves the whole run plays. */
export function runMoves(run: ScheduledRun<unknown>): number {
  return run.tasks.reduce((sum, { task }) => sum + moves(task), 0)
}

/**
 * How many threads play the run, this one included: --jobs N as given; by
 * default one per core, but only as many as its moves keep busy (one per
 * MOVES_PER_THREAD). Never more than the run has tasks.
 */
export function threadCount(jobs: number | null, run: ScheduledRun<unknown>): number {
  const worth = 1 + Math.floor(runMoves(run) / MOVES_PER_THREAD)
  return Math.max(1, Math.min(jobs ?? Math.min(coreCount(), worth), run.tasks.length))
}

/** The threads for the run (threadCount), started now; null when this thread plays it alone, with the engine's one-call function. */
export function openPool<R>(jobs: number | null, run: ScheduledRun<R>, game: Task['game'], sources: readonly StrategySource[], runners: Runners): JobPool | null {
  const threads = threadCount(jobs, run)
  return threads > 1 ? new JobPool(sources, runners, game, threads - 1) : null
}

/** What progress counts, as the engine does: a pairing's matches (played or reused), or one group. */
function units(task: Task): number {
  return task.game === 'dilemma' ? task.job.seeds.length : 1
}

/** Play every task of the run on the pool's threads; onProgress as the engine's (done, total) over the whole run. */
export async function playOn<R>(pool: JobPool, run: ScheduledRun<R>, onProgress?: (done: number, total: number) => void): Promise<R> {
  const total = run.tasks.reduce((sum, { task }) => sum + units(task), 0)
  let done = 0
  await Promise.all(
    run.tasks.map(async ({ task, add }) => {
      add(await pool.run(task))
      done += units(task)
      onProgress?.(done, total)
    }),
  )
  return run.result()
}
