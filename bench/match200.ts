/**
 * The one-match figure of issue 10's goal 2: a 200-round Tit for Tat vs
 * Alternator match, played through the engine's playMatch (rules, set-up,
 * the runner, the result) with a new seed each time, so every match starts
 * from fresh match state. Works for any MatchRunner: a warm SandboxRunner
 * (the figure), or bench/native-runner.ts's NativeRunner (the native floor):
 *
 *   await measureMatch200(await createNodeRunner(), 2000)
 *   await measureMatch200(new NativeRunner(), 20000)
 */
import { CLASSICS, classicAsSource } from '../src/classics'
import { playMatch } from '../src/engine/match'
import type { MatchRunner } from '../src/engine/match-runner'
import { median } from '../src/engine/stats'
import type { StrategySource } from '../src/engine/types'

export const MATCH200 = { a: 'tit-for-tat', b: 'alternator', turns: 200 } as const

export interface Match200Options {
  /** Matches per timed batch (each sample is a batch's time over its size: a finer clock for fast runners). Default 10. */
  batch?: number
  /** Play untimed matches for this long first (JIT tier-up of the host code and of the WebAssembly). Default 500. */
  warmUpMs?: number
  /** The first match's seed; each further match takes the next. Default 1. */
  seed?: number
}

function classic(id: string): StrategySource {
  const c = CLASSICS.find((x) => x.id === id)
  if (!c) throw new Error(`the benchmark needs the classic "${id}", which is missing`)
  return classicAsSource(c)
}

/** Median time of one match, in ms, over `count` timed matches (rounded up to whole batches). */
export async function measureMatch200(runner: MatchRunner, count: number, options: Match200Options = {}): Promise<number> {
  const batch = Math.max(1, Math.floor(options.batch ?? 10))
  const a = classic(MATCH200.a)
  const b = classic(MATCH200.b)
  const rules = { turns: MATCH200.turns }
  let seed = options.seed ?? 1
  const warmUntil = performance.now() + (options.warmUpMs ?? 500)
  do await playMatch(runner, a, b, { rules, seed: seed++ })
  while (performance.now() < warmUntil)
  const samples: number[] = []
  for (let done = 0; done < count; done += batch) {
    const t0 = performance.now()
    for (let i = 0; i < batch; i++) await playMatch(runner, a, b, { rules, seed: seed++ })
    samples.push((performance.now() - t0) / batch)
  }
  return median(samples)
}
