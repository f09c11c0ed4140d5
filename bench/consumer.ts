/**
 * What the platform's queue consumer does with a batch, minus D1: play
 * scheduled jobs with one warm SandboxRunner (src/jobs/runs.ts consumeBatch
 * calls the same playJobs). Measured as played matches per second of host
 * CPU time (user + system, every thread), which is what a Worker is billed
 * and limited by. Node runs the same engine and sandbox code as workerd;
 * their results are byte-identical (the determinism tests), their speeds
 * close but not equal.
 */
import { playJobs } from '../src/engine/play-job'
import { scheduleTournament, type ScheduleOptions } from '../src/engine/schedule'
import type { StrategySource } from '../src/engine/types'
import { median } from '../src/engine/stats'
import type { SandboxRunner } from '../sandbox/runner'

export interface ConsumerFigures {
  /** Matches the runner played per run (reused repetitions excluded: the consumer copies those). */
  playedMatches: number
  /** Median host CPU per run, in ms. */
  cpuMs: number
  matchesPerCpuSecond: number
}

export async function measureConsumer(runner: SandboxRunner, players: readonly StrategySource[], options: ScheduleOptions, runs: number): Promise<ConsumerFigures> {
  const schedule = scheduleTournament(players, options)
  const cpu: number[] = []
  let playedMatches = 0
  for (let k = 0; k < runs; k++) {
    const before = process.cpuUsage()
    const results = await playJobs(runner, schedule.jobs, players)
    const used = process.cpuUsage(before)
    cpu.push((used.user + used.system) / 1000)
    playedMatches = results.reduce((n, r) => n + r.reused.filter((x) => !x).length, 0)
  }
  const cpuMs = median(cpu)
  return { playedMatches, cpuMs, matchesPerCpuSecond: playedMatches / (cpuMs / 1000) }
}
