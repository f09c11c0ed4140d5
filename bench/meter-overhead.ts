/**
 * What the meter compiled into QuickJS (scripts/meter-wasm.mjs) costs: the
 * bench tournament (bench/tournament-players.ts) played with the metered
 * build and with the unmetered comparison build (the same module with no
 * gas, depth or stack checks; sandbox/node.ts, for the bench only).
 *
 * Runs alternate ABBA after a warm-up of both, so that drift (JIT tiering,
 * frequency scaling, the machine's other load) hits both alike; each figure
 * is the median over `runs` tournaments, in wall time and in the process's
 * CPU time (less disturbed by other processes on a shared machine). Both
 * builds must give byte-identical results: the meter only counts.
 *
 * `npx tsx bench/meter-overhead.ts [runs]` prints the figures.
 */
import { fileURLToPath } from 'node:url'
import { median } from '../src/engine/stats'
import { playTournament } from '../src/engine/tournament'
import type { StrategySource } from '../src/engine/types'
import { createNodeRunner, createUnmeteredRunnerForBench } from '../sandbox/node'
import type { SandboxRunner } from '../sandbox/runner'
import { TOURNAMENT, tournamentPlayers } from './tournament-players'

export interface MeterOverhead {
  /** Median wall time of one tournament, metered build. */
  meteredMs: number
  /** Median wall time of one tournament, unmetered build. */
  unmeteredMs: number
  /** (meteredMs / unmeteredMs - 1) * 100. */
  overheadPct: number
  /** The same three from the process's CPU time (user + system). */
  cpu: { meteredMs: number; unmeteredMs: number; overheadPct: number }
  runs: number
}

const pct = (metered: number, unmetered: number) => (metered / unmetered - 1) * 100

export async function measureMeterOverhead(runs = 9, players: readonly StrategySource[] = tournamentPlayers()): Promise<MeterOverhead> {
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError('runs must be a whole number >= 1')
  const runners: Record<'metered' | 'unmetered', SandboxRunner> = {
    metered: await createNodeRunner(),
    unmetered: await createUnmeteredRunnerForBench(),
  }
  const options = { rules: { turns: TOURNAMENT.turns }, repetitions: TOURNAMENT.repetitions, seed: TOURNAMENT.seed }
  const wall = { metered: [] as number[], unmetered: [] as number[] }
  const cpu = { metered: [] as number[], unmetered: [] as number[] }
  const results = { metered: '', unmetered: '' }
  const play = async (which: 'metered' | 'unmetered', timed: boolean) => {
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    const result = await playTournament(runners[which], players, options)
    const wallMs = performance.now() - t0
    const used = process.cpuUsage(cpu0)
    results[which] = JSON.stringify(result)
    if (!timed) return
    wall[which].push(wallMs)
    cpu[which].push((used.user + used.system) / 1000)
  }
  try {
    // Warm-up: the first tournaments of a process are slower (lazy compilation and tier-up of the
    // WebAssembly, which for the interpreter's big function runs in the background, and V8's JIT for
    // the host side).
    for (let i = 0; i < 3; i++) for (const which of ['metered', 'unmetered'] as const) await play(which, false)
    for (let k = 0; k < runs; k++) {
      const order = k % 2 === 0 ? (['metered', 'unmetered'] as const) : (['unmetered', 'metered'] as const)
      for (const which of order) await play(which, true)
    }
    if (results.metered !== results.unmetered) throw new Error('the metered and unmetered builds played the tournament differently')
  } finally {
    runners.metered.dispose()
    runners.unmetered.dispose()
  }
  const meteredMs = median(wall.metered)
  const unmeteredMs = median(wall.unmetered)
  const cpuMetered = median(cpu.metered)
  const cpuUnmetered = median(cpu.unmetered)
  return {
    meteredMs,
    unmeteredMs,
    overheadPct: pct(meteredMs, unmeteredMs),
    cpu: { meteredMs: cpuMetered, unmeteredMs: cpuUnmetered, overheadPct: pct(cpuMetered, cpuUnmetered) },
    runs,
  }
}

/** One line for the bench's report. */
export function describeMeterOverhead(o: MeterOverhead): string {
  return (
    `meter overhead: tournament ${o.meteredMs.toFixed(0)} ms metered, ${o.unmeteredMs.toFixed(0)} ms unmetered: +${o.overheadPct.toFixed(1)}% ` +
    `(CPU ${o.cpu.meteredMs.toFixed(0)} / ${o.cpu.unmeteredMs.toFixed(0)} ms: +${o.cpu.overheadPct.toFixed(1)}%; medians of ${o.runs} runs each, ABBA)`
  )
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const runs = process.argv[2] ? Number(process.argv[2]) : 9
  measureMeterOverhead(runs).then(
    (o) => console.log(describeMeterOverhead(o)),
    (error: unknown) => {
      console.error(error)
      process.exitCode = 1
    },
  )
}
