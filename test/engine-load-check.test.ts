/**
 * loadFault: the verdict the CLI gives before playing a file and the platform
 * gives before accepting a submission. With the real sandbox for the kinds
 * of set-up failure, and with a fake runner to show the engine only reads
 * what the runner reports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isSetupFault, loadFault } from '../src/engine/load-check'
import type { MatchRunner, MatchSetup } from '../src/engine/match-runner'
import type { SandboxRunner } from '../sandbox/runner'
import { createNodeRunner } from '../sandbox/node'
import { strategy } from './helpers/sandbox'

describe('loadFault with the QuickJS sandbox', () => {
  let runner: SandboxRunner
  beforeAll(async () => {
    runner = await createNodeRunner()
  })
  afterAll(() => runner?.dispose())

  it('is null for a strategy that loads, even one that faults while playing', async () => {
    expect(await loadFault(runner, strategy('ok', "export default () => 'C'"))).toBeNull()
    expect(await loadFault(runner, strategy('throws', "export default () => { throw new Error('no') }"))).toBeNull()
  })

  it.each([
    ['a syntax error', "export default function (v) {\n  return v.round ? 'C' 'D'\n}", 'setup', /line 2, column/],
    ['no default export', "export const move = () => 'C'", 'setup', /default-exported function/],
    ['a top-level throw', "throw new TypeError('bad')\nexport default () => 'C'", 'setup', /TypeError: bad/],
    ['an endless top level', "for (;;) {}\nexport default () => 'C'", 'setup-budget', /./],
    ['a source over the limit', `export default () => 'C'\n//${'x'.repeat(64 * 1024)}`, 'setup', /./],
  ])('gives the set-up fault for %s', async (_, source, kind, message) => {
    const fault = await loadFault(runner, strategy('s', source))
    expect(fault).not.toBeNull()
    expect(fault!.kind).toBe(kind)
    expect(fault!.round).toBe(-1)
    expect(fault!.message).toMatch(message)
  })
})

describe('loadFault and the MatchRunner seam', () => {
  it('plays one round against Cooperator and reports only the checked side’s set-up fault', async () => {
    const setups: MatchSetup[] = []
    const runner: MatchRunner = {
      play: async (_a, b, setup) => {
        setups.push(setup)
        expect(b.source).toMatch(/return 'C'/)
        return [
          { moves: 'D', faults: [{ kind: 'throw', round: 0, message: 'in a move' }], faultCount: 1, usedRandom: false },
          { moves: 'C', faults: [{ kind: 'setup', round: -1, message: 'not the checked side' }], faultCount: 1, usedRandom: false },
        ]
      },
    }
    expect(await loadFault(runner, strategy('s', ''))).toBeNull()
    expect(setups.map((s) => s.rounds)).toEqual([1])
    expect(isSetupFault({ kind: 'memory', round: -1, message: '' })).toBe(true)
    expect(isSetupFault({ kind: 'memory', round: 0, message: '' })).toBe(false)
  })
})
