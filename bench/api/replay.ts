/**
 * The sandbox alone, for comparison with the consumer: the run's jobs
 * played again in this Node process (createNodeRunner + playJobs, the same
 * schedule and seed; no queue, no D1). Its standings must equal the run's.
 */
import { CLASSICS, classicAsSource } from '../../src/classics'
import { aggregateTournament } from '../../src/engine/aggregate'
import { playJobs } from '../../src/engine/play-job'
import { scheduleTournament } from '../../src/engine/schedule'
import type { StrategySource } from '../../src/engine/types'
import { createNodeRunner } from '../../sandbox/node'
import type { RunView } from './client'
import { now } from './options'

export interface ReplayFigures {
  jobs: number
  played: number
  reused: number
  wallMs: number
  cpuMs: number
  sameStandings: boolean
}

export async function replayInNode(view: RunView): Promise<ReplayFigures> {
  const byId = new Map(CLASSICS.map((c) => [c.id, c]))
  const sources: StrategySource[] = view.players!.map((p) => {
    const c = byId.get(p.strategyId)
    if (!c) throw new Error(`${p.strategyId} is not a classic`)
    return { ...classicAsSource(c), name: p.name }
  })
  const schedule = scheduleTournament(
    view.players!.map((p) => ({ id: p.strategyId, name: p.name })),
    { rules: view.rules, repetitions: view.repetitions, seed: view.seed! },
  )
  const runner = await createNodeRunner()
  try {
    await playJobs(runner, schedule.jobs.slice(0, 1), sources) // warm-up: load the module, JIT
    const cpu0 = process.cpuUsage()
    const t0 = now()
    const results = await playJobs(runner, schedule.jobs, sources)
    const wallMs = now() - t0
    const cpu = process.cpuUsage(cpu0)
    const aggregate = aggregateTournament(schedule, results)
    const mine = aggregate.standings.map((s) => `${s.id}:${s.meanScore}`).join(',')
    const theirs = (view.standings ?? []).map((s) => `${s.strategyId}:${s.meanScore}`).join(',')
    return {
      jobs: results.length,
      played: aggregate.playedMatches,
      reused: aggregate.reusedMatches,
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      sameStandings: mine === theirs,
    }
  } finally {
    runner.dispose()
  }
}
