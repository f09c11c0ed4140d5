/**
 * Tournaments accept the mechanisms in their rules, and a run played on the
 * queue scores them as the engine does: the replay's per-round payoffs add
 * up to the stored scores, fines are recorded, and a verification replays
 * the match identically.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { roundPayoffs } from '../../src/engine/mechanisms'
import { makeRules } from '../../src/engine/rules'
import type { Move } from '../../src/engine/types'
import { get, newUser, post, seedClassics, tournamentWith } from './helpers'

beforeAll(seedClassics)

async function finishedRun(rules: object, entrants = ['tit-for-tat', 'defector', 'random']) {
  const host = await newUser('mech')
  const id = await tournamentWith(host, entrants, rules)
  const started = await post<{ runId: string }>(`/api/tournaments/${id}/runs`, host.token, { seed: 7 })
  expect(started.status).toBe(201)
  await vi.waitUntil(async () => (await get(`/api/runs/${started.body.runId}`)).body.status === 'finished', { timeout: 60_000, interval: 100 })
  return { tournamentId: id, runId: started.body.runId }
}

describe('mechanisms in tournament rules', () => {
  it('shows them with every default filled in, and the dilemma test of the effective matrix', async () => {
    const host = await newUser('mech')
    const id = await tournamentWith(host, ['tit-for-tat', 'defector'], { turns: 5, repetitions: 1, referee: { fine: 3, detection: 1 } })
    const t = (await get(`/api/tournaments/${id}`)).body
    expect(t.rules).toMatchObject({ referee: { fine: 3, detection: 1, fines: 'destroyed' }, align: 0, cheapTalk: false, repetitions: 1 })
    expect(t.dilemmaTest.effective.payoffs).toEqual({ R: 3, S: 0, T: 2, P: -2 })
    expect(t.dilemmaTest.verdict.code).toBe('not-a-dilemma')
    expect(t.classification.kind).toBe('prisoners-dilemma')
  })

  it('refuses a bad referee with the field named', async () => {
    const host = await newUser('mech')
    for (const referee of [{ fine: -1, detection: 1 }, { fine: 1, detection: 2 }, { fine: 1, detection: 0.5, fines: 'burnt' }, { fine: 1 }]) {
      const res = await post('/api/tournaments', host.token, { name: 'bad', rules: { turns: 5, referee } })
      expect(res.status).toBe(400)
      expect(res.body.error.code).toBe('invalid_input')
      expect(String(res.body.error.field)).toMatch(/^rules\.referee/)
    }
    const align = await post('/api/tournaments', host.token, { name: 'bad', rules: { turns: 5, align: 1.5 } })
    expect(align.status).toBe(400)
  })

  it('plays a referee (shared fines, p = 0.5) and aligned rewards on the queue: replays add up, fines recorded, verification identical', async () => {
    const given = { turns: 20, repetitions: 2, referee: { fine: 2, detection: 0.5, fines: 'shared' }, align: 0.25 }
    const { runId } = await finishedRun(given)
    const rules = makeRules(given as never)
    const list = (await get(`/api/runs/${runId}/matches`)).body
    const items = list.entries
    expect(items.length).toBeGreaterThan(0)
    let finedSomewhere = 0
    for (const item of items) {
      const m = (await get(`/api/matches/${item.id}`)).body
      expect(m.rules.referee).toEqual({ fine: 2, detection: 0.5, fines: 'shared' })
      const fa = new Set<number>(m.fined[0])
      const fb = new Set<number>(m.fined[1])
      finedSomewhere += fa.size + fb.size
      for (const r of fa) expect(m.a.moves[r]).toBe('D')
      for (const r of fb) expect(m.b.moves[r]).toBe('D')
      let sa = 0
      let sb = 0
      m.payoffs.forEach(([x, y]: [number, number], r: number) => {
        const [ex, ey] = roundPayoffs(rules, m.a.moves[r] as Move, m.b.moves[r] as Move, fa.has(r), fb.has(r))
        expect([x, y]).toEqual([ex, ey])
        sa += x
        sb += y
      })
      expect([sa, sb]).toEqual([m.a.score, m.b.score])
    }
    // Defector defects every round: with p = 0.5 over 20 rounds some defections are caught and some are not.
    expect(finedSomewhere).toBeGreaterThan(0)
    const defectorMatch = items.find((i: { a: { strategyId: string }; b: { strategyId: string } }) => i.a?.strategyId === 'defector' || i.b?.strategyId === 'defector') ?? items[0]
    const verified = await post(`/api/matches/${defectorMatch.id}/verify`, undefined, {})
    expect(verified.status).toBe(200)
    expect(verified.body.identical).toBe(true)
  })
})
