/**
 * The call-depth cap holds in Node: recursion inside built-ins ends in a
 * 'stack' fault before the host's stack runs out, and JavaScript recursion
 * still meets QuickJS's own stack check first (test/workers has the same
 * cases inside workerd).
 */
import { describe, expect, it } from 'vitest'
import { createNodeRunner } from '../sandbox/node'
import { DEEP_RECURSION, deepRecursionFaults } from './shared/deep-recursion'

describe('recursion as deep as the sandbox allows, in Node', () => {
  it('ends in the expected fault, never in a crash', async () => {
    const runner = await createNodeRunner()
    expect(await deepRecursionFaults(runner)).toEqual(DEEP_RECURSION.map((c) => `${c.source.id}: ${c.kind}`))
    expect(runner.crashes).toBe(0)
    runner.dispose()
  })
})
