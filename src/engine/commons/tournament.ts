/**
 * A commons tournament in one call: scheduleCommons (schedule.ts) cuts it
 * into groups, playGroup (play-group.ts) plays each, aggregateCommons
 * (aggregate.ts) ranks them. Exactly those three in a row, so a tournament
 * played here and one played group by group on a queue give byte-identical
 * JSON.
 */
import type { StrategySource } from '../types'
import { CommonsAggregator, type CommonsResult } from './aggregate'
import { playGroup } from './play-group'
import { scheduleCommons, type CommonsScheduleOptions } from './schedule'
import type { GroupRunner } from './types'

export interface CommonsTournamentOptions extends CommonsScheduleOptions {
  /** Called after each group with (groups done, groups scheduled). */
  onProgress?: (done: number, total: number) => void
}

/** Play a commons tournament: groups of the players, ranked by mean payoff per round. */
export async function playCommonsTournament(
  runner: GroupRunner,
  players: readonly StrategySource[],
  options: CommonsTournamentOptions,
): Promise<CommonsResult> {
  const schedule = scheduleCommons(players, options)
  const aggregator = new CommonsAggregator(schedule)
  let done = 0
  for (const job of schedule.jobs) {
    aggregator.add(await playGroup(runner, job, players))
    options.onProgress?.(++done, schedule.jobs.length)
  }
  return aggregator.result()
}
