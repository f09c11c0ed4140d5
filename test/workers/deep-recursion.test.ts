/**
 * Inside workerd, whose stack differs from Node's: recursion as deep as the
 * sandbox allows ends in the same faults as in Node (test/sandbox-deep-recursion.test.ts),
 * never in a crash.
 */
import { describe, expect, it } from 'vitest'
import { createWorkerdRunner } from '../../sandbox/workerd'
import { DEEP_RECURSION, deepRecursionFaults } from '../shared/deep-recursion'

describe('recursion as deep as the sandbox allows, inside workerd', () => {
  it('ends in the same faults as in Node, never in a crash', async () => {
    const runner = createWorkerdRunner()
    expect(await deepRecursionFaults(runner)).toEqual(DEEP_RECURSION.map((c) => `${c.source.id}: ${c.kind}`))
    expect(runner.crashes).toBe(0)
    runner.dispose()
  })
})
