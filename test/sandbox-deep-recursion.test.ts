/**
 * The call-depth cap holds in Node: recursion inside built-ins ends in a
 * 'stack' fault before the host's stack runs out, and JavaScript recursion
 * still meets QuickJS's own stack check first (test/workers has the same
 * cases inside workerd).
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createNodeRunner } from '../sandbox/node'
import { ROOT } from './helpers/cli'
import { DEEP_RECURSION, deepRecursionFaults } from './shared/deep-recursion'

describe('recursion as deep as the sandbox allows, in Node', () => {
  it('ends in the expected fault, never in a crash', async () => {
    const runner = await createNodeRunner()
    expect(await deepRecursionFaults(runner)).toEqual(DEEP_RECURSION.map((c) => `${c.source.id}: ${c.kind}`))
    expect(runner.crashes).toBe(0)
    runner.dispose()
  })

  // The command line keeps V8 to its baseline compiler for short runs (src/cli/sandbox.ts), whose
  // frames take more of the host's stack than the optimizing compiler's: the cap must hold there too.
  it('ends in the expected fault on V8\'s baseline WebAssembly compiler alone, as the command line runs it', () => {
    const child = spawnSync(
      process.execPath,
      ['--no-wasm-dynamic-tiering', '--no-wasm-tier-up', join(ROOT, 'test/fixtures/wasm-tiers/deep-recursion.mjs')],
      { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
    )
    expect(child.stderr).toBe('')
    expect(JSON.parse(child.stdout)).toEqual({ faults: DEEP_RECURSION.map((c) => `${c.source.id}: ${c.kind}`), crashes: 0 })
  }, 120_000)
})
