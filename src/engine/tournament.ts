/**
 * Round-robin tournaments with repetitions, in one call. A tournament is
 * three steps, each usable alone so that the platform can spread a run over
 * a queue: scheduleTournament (schedule.ts) cuts it into jobs, playJob
 * (play-job.ts) plays a job with a runner, and aggregateTournament
 * (aggregate.ts) ranks the job results. playTournament is exactly those
 * three in a row, so a run played here and one played job by job on a queue
 * give byte-identical JSON.stringify output.
 *
 * docs/results.md describes every field of the result.
 */
import { TournamentAggregator, type AggregateOptions } from './aggregate'
import type { MatchRunner } from './match-runner'
import { playJob } from './play-job'
import { scheduleTournament, type ScheduleOptions } from './schedule'
import type { TournamentResult } from './tournament-result'
import type { StrategySource } from './types'

export interface TournamentOptions extends ScheduleOptions, AggregateOptions {
  /** Called after each match (played or reused) with (matches done, matches scheduled). */
  onProgress?: (done: number, total: number) => void
}

/** Play a round-robin tournament (self-play included) and rank it as Axelrod-Python does. */
export async function playTournament(
  runner: MatchRunner,
  players: readonly StrategySource[],
  options: TournamentOptions,
): Promise<TournamentResult> {
  const schedule = scheduleTournament(players, options)
  const total = schedule.jobs.length * schedule.repetitions
  let done = 0
  const onProgress = options.onProgress
  const onMatch = onProgress ? () => onProgress(++done, total) : undefined
  // Job by job rather than playJobs: each result is folded in as soon as it is played, so a
  // tournament without keepMatches never holds more than one pairing's moves.
  const aggregator = new TournamentAggregator(schedule, options)
  for (const job of schedule.jobs) aggregator.add(await playJob(runner, job, players, { onMatch }))
  return aggregator.result()
}
