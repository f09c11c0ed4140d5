/**
 * SandboxOptions.commitMemory: false (the command line's choice) leaves a
 * brand-new player memory for the system to commit as it is written. Only
 * when the host pays for pages changes: a handed-on memory is still wiped,
 * and every result, fault and budget is the same as with memories committed
 * up front.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { playMatch } from '../src/engine/match'
import { playGroup } from '../src/engine/commons/play-group'
import { commonsJob } from '../src/engine/commons/schedule'
import { makeCommonsRules } from '../src/engine/commons/rules'
import { classicAsSource, findClassic } from '../src/classics'
import { dropSpareMemories, releaseMemory, takeMemory } from '../sandbox/memory-pool'
import { createNodeGroupRunner, createNodeRunner } from '../sandbox/node'
import type { SandboxRunner } from '../sandbox/runner'
import { TIT_FOR_TAT, strategy } from './helpers/sandbox'
import { makeRules } from '../src/engine/rules'

const PAGES = 80

describe('takeMemory', () => {
  it('hands on a released memory wiped, whether or not a brand-new one is committed', () => {
    dropSpareMemories()
    const fresh = takeMemory(PAGES, false)
    expect(new Uint8Array(fresh.buffer).every((b) => b === 0)).toBe(true)
    new Uint8Array(fresh.buffer).fill(7, 1000, 900_000)
    releaseMemory(fresh)
    const again = takeMemory(PAGES, false)
    expect(again).toBe(fresh)
    expect(new Uint8Array(again.buffer).every((b) => b === 0)).toBe(true)
    const other = takeMemory(PAGES, false)
    expect(other).not.toBe(fresh)
    expect(other.buffer.byteLength).toBe(PAGES * 65536)
    dropSpareMemories()
  })
})

describe('a runner whose memories are committed as they are written', () => {
  const RULES = makeRules({ turns: 12 })
  const hostile = [
    strategy('hoarder', "const keep = 'ab,'.repeat(120000).split(',')\nexport default () => 'C'"),
    strategy('filler', "const hoard = []\nlet s = 'x'\nfor (let i = 0; i < 20; i++) s += s\nexport default () => { for (;;) hoard.push(s.slice(hoard.length)) }"),
    strategy('churner', "const big = Array(300000).fill(0)\nexport default () => { for (let i = 0; i < 18000; i++) { const o = {}; o.self = o } return 'C' }"),
    strategy('random', "export default (view) => view.random() < 0.5 ? 'C' : 'D'"),
  ]
  let lazy: SandboxRunner
  let committed: SandboxRunner

  beforeAll(async () => {
    dropSpareMemories()
    lazy = await createNodeRunner({ commitMemory: false })
    committed = await createNodeRunner()
  })
  afterAll(() => {
    lazy.dispose()
    committed.dispose()
  })

  it('plays every match as a runner that commits its memories up front, faults and budgets included', async () => {
    const lazyResults = []
    const committedResults = []
    // The same sequence in each runner, so that whatever one match leaves in a memory the next one meets alike.
    for (const s of hostile) {
      lazyResults.push(await playMatch(lazy, s, TIT_FOR_TAT, { rules: RULES, seed: 5 }))
      lazyResults.push({ usage: lazy.lastUsage })
    }
    for (const s of hostile) {
      committedResults.push(await playMatch(committed, s, TIT_FOR_TAT, { rules: RULES, seed: 5 }))
      committedResults.push({ usage: committed.lastUsage })
    }
    expect(lazyResults).toEqual(committedResults)
    // The filler really did reach its memory's cap: the comparison covers a memory fault.
    expect(JSON.stringify(lazyResults)).toContain('"kind":"memory"')
  })

  it('plays a commons group as the committing group runner does', async () => {
    const seats = ['restrained', 'greedy', 'random', 'grim-trigger'].map((id) => classicAsSource(findClassic(id)!))
    const rules = makeCommonsRules({ turns: 40 })
    const job = commonsJob(0, [0, 1, 2, 3], seats.map((s) => s.id), rules, 11, null)
    const a = await createNodeGroupRunner({ commitMemory: false })
    const b = await createNodeGroupRunner()
    try {
      expect(await playGroup(a, job, seats)).toEqual(await playGroup(b, job, seats))
    } finally {
      a.dispose()
      b.dispose()
    }
  })
})
