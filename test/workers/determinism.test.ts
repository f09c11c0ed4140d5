/**
 * Runs inside workerd (the Workers vitest integration): the same seeded
 * matches and tournament as in Node must give byte-identical JSON.
 */
import { env } from 'cloudflare:workers'
import { describe, expect, inject, it } from 'vitest'
import { createWorkerdGroupRunner, createWorkerdRunner } from '../../sandbox/workerd'
import { determinismSuite } from '../shared/determinism-suite'

describe('the engine inside workerd', () => {
  it('plays byte-identical results to Node for the same seeds', async () => {
    const runner = createWorkerdRunner()
    const groups = createWorkerdGroupRunner()
    const here = await determinismSuite(runner, groups)
    const node = inject('nodeDeterminism')
    // The suite really exercised noise, randomness and every kind of fault.
    for (const needle of ['"kind":"move-budget"', '"kind":"match-budget"', '"kind":"setup-budget"', '"kind":"memory"', '"kind":"cpu-budget"', '"kind":"stack"', '"kind":"invalid-move"', '"kind":"throw"', 'line 2, column', '"usedRandom":[true', '"announcements":["', 'announce: out of memory', 'announce used more than', 'the greediest request for the rest of the group', '"announcements":[3,3,3', '"usedRandom":true']) {
      expect(here).toContain(needle)
    }
    if (here !== node) {
      let i = 0
      while (i < here.length && here[i] === node[i]) i++
      expect.fail(`workerd and Node differ at character ${i}: workerd …${here.slice(i - 80, i + 80)}… Node …${node.slice(i - 80, i + 80)}…`)
    }
    expect(here.length).toBeGreaterThan(10_000)
    runner.dispose()
    groups.dispose()
  })

  it('serves the classics from the Worker', async () => {
    const { app } = await import('../../src/index')
    const res = await app.request('/api/classics/tit-for-tat', {}, env)
    expect(res.status).toBe(200)
    const body = (await res.json()) as { id: string; source: string }
    expect(body.id).toBe('tit-for-tat')
    expect(body.source).toContain('export default')
    expect((await app.request('/api/classics/nope', {}, env)).status).toBe(404)
  })
})
