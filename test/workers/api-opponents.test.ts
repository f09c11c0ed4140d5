/**
 * `GET /api/strategies/:id/opponents`: a strategy's head-to-head record
 * against each opponent, as the strategy page's reputation table shows it,
 * from a real run played on the queue and finalized into the reputation store.
 */
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { runs } from '../../src/store'
import { db, get, newStrategy, newUser, post, seedClassics, tournamentWith } from './helpers'

beforeAll(seedClassics)

async function playRun(host: { token: string }, tournamentId: string) {
  const started = await post<{ runId: string }>(`/api/tournaments/${tournamentId}/runs`, host.token, {})
  expect(started.status).toBe(201)
  const runId = started.body.runId
  await vi.waitUntil(async () => (await db().select({ s: runs.status }).from(runs).where(eq(runs.id, runId)))[0]?.s === 'finished', { timeout: 60_000, interval: 100 })
  return runId
}

describe('opponents', () => {
  it("lists each opponent's record: matches, wins, losses, cooperation both ways, score per round, the last rounds", async () => {
    const host = await newUser('h2h')
    const cooperator = await newStrategy(host.id, 'Always C', "export default () => 'C'")
    const defector = await newStrategy(host.id, 'Always D', "export default () => 'D'")
    const tft = await newStrategy(host.id, 'TFT', "export default (v) => v.round === 0 ? 'C' : v.their[v.round - 1]")
    const tournament = await tournamentWith(host, [cooperator, defector, tft], { turns: 6, repetitions: 2 })
    const runId = await playRun(host, tournament)

    const res = await get(`/api/strategies/${tft}/opponents`)
    expect(res.status).toBe(200)
    expect(res.body.strategyId).toBe(tft)
    expect(res.body.game).toBe('dilemma')
    const byId = new Map(res.body.entries.map((e: any) => [e.opponent.id, e]))
    expect([...byId.keys()].sort()).toEqual([cooperator, defector].sort())
    // Against Always D: C then D five times; it loses each match 5 to 0 (payoffs T5 R3 P1 S0: 0 + 5×1 against 5 + 5×1).
    expect(byId.get(defector)).toEqual({
      opponent: { id: defector, name: 'Always D', owner: host.handle },
      matches: 2,
      rounds: 12,
      wins: 0,
      losses: 2,
      draws: 0,
      cooperation: 2 / 12,
      opponentCooperation: 0,
      scorePerRound: 5 / 6,
      opponentScorePerRound: 10 / 6,
      lastRounds: { mine: ['C', 'D', 'D', 'D', 'D', 'D'], theirs: ['D', 'D', 'D', 'D', 'D', 'D'] },
      lastRunId: runId,
    })
    expect(byId.get(cooperator)).toMatchObject({ matches: 2, wins: 0, losses: 0, draws: 2, cooperation: 1, opponentCooperation: 1, scorePerRound: 3 })

    expect((await get(`/api/strategies/${tft}/opponents?limit=1`)).body.entries).toHaveLength(1)
    expect((await get(`/api/strategies/${tft}/opponents?limit=0`)).status).toBe(400)
    const missing = await get('/api/strategies/no-such-strategy/opponents')
    expect(missing.status).toBe(404)
    expect(missing.body.error.field).toBe('id')
  })

  it('is documented in /api/openapi.json', async () => {
    const doc = (await get('/api/openapi.json')).body
    expect(doc.paths['/api/strategies/{id}/opponents'].get.summary).toMatch(/head-to-head/)
  })
})
