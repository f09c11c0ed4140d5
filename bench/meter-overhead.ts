/**
 * What the meter compiled into QuickJS (scripts/meter-wasm.mjs) costs: the
 * bench tournament (bench/tournament-players.ts) played with the metered
 * build and with the unmetered comparison build (the same module with no
 * gas, depth or stack checks; sandbox/node.ts, for the bench only).
 *
 * A tournament is three steps (src/engine/tournament.ts: schedule, play each
 * job, aggregate); here both builds play the same schedule, taking turns job
 * by job (ABBA, the order alternating from job to job and from run to run),
 * so that both meet the same machine load, which on a shared machine varies
 * far more from one second to the next than the meter's cost. A build's
 * tournament time is the sum over the jobs of each job's median time over
 * the runs (playing it and adding it to the aggregate), so that a pause (a
 * garbage collection, the machine busy elsewhere) spoils one sample of a job,
 * not a whole run; the runs come after a warm-up of both. Both builds must
 * give byte-identical results: the meter only counts.
 *
 * `npx tsx bench/meter-overhead.ts [runs]` prints the figures.
 */
import { fileURLToPath } from 'node:url'
import { TournamentAggregator } from '../src/engine/aggregate'
import { playJob } from '../src/engine/play-job'
import { scheduleTournament } from '../src/engine/schedule'
import { median } from '../src/engine/stats'
import type { StrategySource } from '../src/engine/types'
import { createNodeRunner, createUnmeteredRunnerForBench } from '../sandbox/node'
import type { SandboxRunner } from '../sandbox/runner'
import { TOURNAMENT, tournamentPlayers } from './tournament-players'

export interface MeterOverhead {
  /** Time of one tournament, metered build (ms): the sum of each job's median time. */
  meteredMs: number
  /** The same, unmetered build. */
  unmeteredMs: number
  /** (meteredMs / unmeteredMs - 1) * 100. */
  overheadPct: number
  runs: number
}

type Build = 'metered' | 'unmetered'
const BUILDS: readonly Build[] = ['metered', 'unmetered']

export async function measureMeterOverhead(runs = 7, players: readonly StrategySource[] = tournamentPlayers()): Promise<MeterOverhead> {
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError('runs must be a whole number >= 1')
  const runners: Record<Build, SandboxRunner> = { metered: await createNodeRunner(), unmetered: await createUnmeteredRunnerForBench() }
  const options = { rules: { turns: TOURNAMENT.turns }, repetitions: TOURNAMENT.repetitions, seed: TOURNAMENT.seed }
  const schedule = scheduleTournament(players, options)
  // Each build's times, per step (every job, then the aggregation), per run.
  const steps = schedule.jobs.length + 1
  const times: Record<Build, number[][]> = { metered: Array.from({ length: steps }, () => []), unmetered: Array.from({ length: steps }, () => []) }
  /** One tournament by each build, job by job in turn. */
  const playBoth = async (run: number, timed: boolean) => {
    const aggregators = { metered: new TournamentAggregator(schedule, {}), unmetered: new TournamentAggregator(schedule, {}) }
    const record = (which: Build, step: number, t0: number) => void (timed && times[which][step]!.push(performance.now() - t0))
    for (const job of schedule.jobs) {
      for (const which of (job.index + run) % 2 === 0 ? BUILDS : [...BUILDS].reverse()) {
        const t0 = performance.now()
        aggregators[which].add(await playJob(runners[which], job, players))
        record(which, job.index, t0)
      }
    }
    const results = {} as Record<Build, string>
    for (const which of BUILDS) {
      const t0 = performance.now()
      results[which] = JSON.stringify(aggregators[which].result())
      record(which, schedule.jobs.length, t0)
    }
    if (results.metered !== results.unmetered) throw new Error('the metered and unmetered builds played the tournament differently')
  }
  try {
    // Warm-up: the first tournaments of a process are slower (lazy compilation and tier-up of the
    // WebAssembly, which for the interpreter's big function runs in the background, and V8's JIT for
    // the host side).
    for (let i = 0; i < 3; i++) await playBoth(i, false)
    for (let k = 0; k < runs; k++) await playBoth(k, true)
  } finally {
    runners.metered.dispose()
    runners.unmetered.dispose()
  }
  const tournamentMs = (which: Build) => times[which].reduce((sum, samples) => sum + median(samples), 0)
  const meteredMs = tournamentMs('metered')
  const unmeteredMs = tournamentMs('unmetered')
  return { meteredMs, unmeteredMs, overheadPct: (meteredMs / unmeteredMs - 1) * 100, runs }
}

/** One line for the bench's report. */
export function describeMeterOverhead(o: MeterOverhead): string {
  return `meter overhead: the tournament takes ${o.meteredMs.toFixed(0)} ms metered, ${o.unmeteredMs.toFixed(0)} ms unmetered: +${o.overheadPct.toFixed(1)}% (each job's median over ${o.runs} runs, the builds taking turns job by job)`
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const runs = process.argv[2] ? Number(process.argv[2]) : 7
  measureMeterOverhead(runs).then(
    (o) => console.log(describeMeterOverhead(o)),
    (error: unknown) => {
      console.error(error)
      process.exitCode = 1
    },
  )
}
