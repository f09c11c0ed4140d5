/**
 * A commons tournament played on the platform, through the real local
 * queue: groups of the commons' built-ins, ranked by mean payoff per round,
 * byte for byte what playCommonsTournament gives here in one go; its groups
 * replayable from the API, its ratings kept under the commons' own game.
 */
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { classicAsSource, COMMONS_CLASSICS } from '../../src/classics'
import { playCommonsTournament } from '../../src/engine/commons/tournament'
import { aggregateCommonsOf } from '../../src/jobs/finalize'
import { withGroupSandbox } from '../../src/sandbox-runner'
import { ratings, runs } from '../../src/store'
import { call, db, get, newUser, post, seedClassics, tournamentWith } from './helpers'

beforeAll(seedClassics)

const RULES = { turns: 30, repetitions: 1, group: 4, quota: 30 }

async function finishedRun(entrants: string[], rules: object = RULES, seed = 11) {
  const host = await newUser('commons')
  const id = await tournamentWith(host, entrants, rules, { game: 'commons' })
  const started = await post<{ runId: string }>(`/api/tournaments/${id}/runs`, host.token, { seed })
  expect(started.status).toBe(201)
  await vi.waitUntil(async () => (await get(`/api/runs/${started.body.runId}`)).body.status === 'finished', { timeout: 90_000, interval: 200 })
  return { tournamentId: id, runId: started.body.runId, host }
}

describe('a commons tournament on the queue', () => {
  it('plays groups of the built-ins and gives what the engine gives in one go, byte for byte', async () => {
    const entrants = COMMONS_CLASSICS.slice(0, 6).map((c) => c.id)
    const { runId, tournamentId } = await finishedRun(entrants)
    const t = (await get(`/api/tournaments/${tournamentId}`)).body
    expect(t.game).toBe('commons')
    expect(t.rules).toMatchObject({ quota: 30, group: 4, capacity: 100, turns: 30 })
    expect(t.dilemmaTest.players).toBe(4)

    const [stored] = await db().select().from(runs).where(eq(runs.id, runId))
    const queued = await aggregateCommonsOf(db(), stored!)
    const sources = entrants.map((id) => classicAsSource(COMMONS_CLASSICS.find((c) => c.id === id)!))
    const direct = await withGroupSandbox((runner) => playCommonsTournament(runner, sources, { rules: { turns: 30, quota: 30 }, group: 4, repetitions: 1, seed: 11 }))
    expect(JSON.stringify(queued)).toBe(JSON.stringify(direct))

    const shown = (await get(`/api/runs/${runId}`)).body
    expect(shown.game).toBe('commons')
    expect(shown.standings.map((s: { strategyId: string }) => s.strategyId)).toEqual(direct.standings.map((s) => s.id))
    expect(shown.welfare).toBe(direct.welfare)
    expect(shown.stock).toEqual(direct.stock.mean)
    expect(shown.groups).toHaveLength(direct.groups.length)

    const groups = (await get(`/api/runs/${runId}/groups`)).body.entries
    expect(groups).toHaveLength(direct.groups.length)
    const one = (await get(`/api/runs/${runId}/groups/0`)).body
    expect(one.players).toEqual(direct.groups[0]!.players)
    expect(one.stock).toHaveLength(one.rounds + 1)
    expect(one.requests).toHaveLength(4)
    expect(one.names).toHaveLength(4)
    expect((await get(`/api/runs/${runId}/groups/999`)).status).toBe(404)
    const matches = await get(`/api/runs/${runId}/matches`)
    expect([matches.status, matches.body.error.message]).toEqual([400, expect.stringMatching(/plays the commons/)])

    // The tournament's leaderboard ranks by mean payoff per round.
    const board = (await get(`/api/tournaments/${tournamentId}/leaderboard`)).body
    expect(board.game).toBe('commons')
    expect(board.entries.map((e: { strategyId: string; meanPayoff: number }) => [e.strategyId, e.meanPayoff])).toEqual(direct.standings.map((s) => [s.id, s.meanPayoff]))

    // Exported: one CSV row per group and seat, and the groups in JSON.
    const csv = await (await call(`/api/runs/${runId}/export?format=csv`)).text()
    const lines = csv.trim().split('\n')
    expect(lines[0]).toBe('group,seat,strategy_id,score,rounds,requested,received,fined,faults,final_stock,seed')
    expect(lines).toHaveLength(1 + direct.groups.length * 4)
    expect(lines[1]!.split(',').slice(0, 4)).toEqual(['0', '0', direct.groups[0]!.players[0], String(direct.groups[0]!.scores[0])])
    const exported = (await get(`/api/runs/${runId}/export?format=json`)).body
    expect(exported.groups).toHaveLength(direct.groups.length)
  })

  it('plays only the entrants whose latest version still declares the commons', async () => {
    const host = await newUser('commons')
    const mine = await post<{ id: string }>('/api/strategies', host.token, { name: 'switcher', source: "export const games = ['commons']\nexport default (v) => v.sustainableShare" })
    expect(mine.status).toBe(201)
    const entrants = [mine.body.id, ...COMMONS_CLASSICS.slice(0, 2).map((c) => c.id)]
    const id = await tournamentWith(host, entrants, { turns: 5, repetitions: 1, group: 2 }, { game: 'commons' })
    const changed = await call(`/api/strategies/${mine.body.id}`, { method: 'PUT', token: host.token, json: { source: "export default () => 'C'" } })
    expect(changed.status).toBe(200)
    const started = await post<{ runId: string }>(`/api/tournaments/${id}/runs`, host.token, { seed: 1 })
    expect(started.status).toBe(201)
    const run = (await get(`/api/runs/${started.body.runId}`)).body
    expect(run.entrants.map((e: { strategyId: string }) => e.strategyId)).toEqual(entrants.slice(1))
  })

  it('rates the commons under its own game, never the dilemma', async () => {
    const entrants = COMMONS_CLASSICS.slice(0, 4).map((c) => c.id)
    await finishedRun(entrants, { turns: 10, repetitions: 1, group: 2 }, 3)
    const rows = await db().select().from(ratings).where(eq(ratings.strategyId, entrants[0]!))
    expect(rows.map((r) => r.game)).toContain('commons')
    const board = (await get('/api/leaderboard?game=commons')).body
    expect(board.game).toBe('commons')
    expect(board.entries.map((e: { strategy: { id: string } }) => e.strategy.id)).toEqual(expect.arrayContaining(entrants))
    // Ratings only: the reputation store's counts (nice, retaliating...) are the dilemma's.
    expect(Object.keys(board.entries[0]).sort()).toEqual(['lastRunId', 'rank', 'rating', 'runs', 'strategy'])
  })

  it('refuses the rules of the other game, a bad group, and a strategy that plays only the dilemma', async () => {
    const host = await newUser('commons')
    const bad = async (rules: object, field: string) => {
      const res = await post('/api/tournaments', host.token, { name: 'c', game: 'commons', rules })
      expect([res.status, res.body.error.field]).toEqual([400, field])
    }
    await bad({ payoffs: { R: 3, S: 0, T: 5, P: 1 } }, 'rules.payoffs')
    await bad({ group: 17 }, 'rules.group')
    await bad({ regrowth: 2 }, 'rules.regrowth')
    await bad({ quota: 500 }, 'rules.quota')
    await bad({ referee: { fine: -1, detection: 1 } }, 'rules.referee.fine')
    const dilemma = await post('/api/tournaments', host.token, { name: 'd', rules: { quota: 3 } })
    expect([dilemma.status, dilemma.body.error.field]).toEqual([400, 'rules.quota'])
    const id = await tournamentWith(host, [COMMONS_CLASSICS[0]!.id], { turns: 5, group: 2 }, { game: 'commons' })
    const entry = await post(`/api/tournaments/${id}/entries`, host.token, { strategyId: 'tit-for-tat' })
    expect(entry.status).toBe(400)
    expect(entry.body.error.message).toMatch(/plays the commons and this strategy declares only dilemma/)
    const tooFew = await post(`/api/tournaments/${id}/runs`, host.token, {})
    expect(tooFew.status).toBe(400)
  })
})
