import { afterAll, beforeAll } from 'vitest'
import type { StrategySource } from '../../src/engine/types'
import { createNodeRunner } from '../../sandbox/node'
import type { SandboxRunner } from '../../sandbox/runner'

/** A strategy from inline source, labelled by id. */
export function strategy(id: string, source: string): StrategySource {
  return { id, name: id, source }
}

export const TIT_FOR_TAT = strategy('tft', "export default function move(v) { return v.round === 0 ? 'C' : v.their[v.round - 1] }")
export const COOPERATOR = strategy('cooperator', "export default () => 'C'")
export const ALTERNATOR = strategy('alternator', "export default (v) => (v.round % 2 === 0 ? 'C' : 'D')")

/** Tit for Tat's moves against a given sequence of opponent moves. */
export function titForTatAgainst(opponent: string): string {
  let out = ''
  for (let r = 0; r < opponent.length; r++) out += r === 0 ? 'C' : opponent[r - 1]
  return out
}

/**
 * Two runners for a file's (or a describe block's) tests, made before them
 * and disposed of after: `warm` keeps its instances from match to match,
 * `cold` plays every match in brand-new ones, and both must give the same
 * results.
 */
export function warmAndColdRunners(): { readonly warm: SandboxRunner; readonly cold: SandboxRunner } {
  const runners = {} as { warm: SandboxRunner; cold: SandboxRunner }
  beforeAll(async () => {
    runners.warm = await createNodeRunner()
    runners.cold = await createNodeRunner({ reuseContexts: false })
  })
  afterAll(() => {
    runners.warm?.dispose()
    runners.cold?.dispose()
  })
  return runners
}
