/**
 * POST /api/experiments plays every rule set as a run on the real local
 * queue, with the same seed; GET /api/experiments/:id then shows the
 * side-by-side result, which must be byte for byte what the engine's
 * runExperiment gives for the same players and spec, played here in one go.
 */
import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { CLASSICS, classicAsSource, findClassic } from '../../src/classics'
import { runExperiment } from '../../src/engine/experiment'
import { withGroupSandbox, withSandbox } from '../../src/sandbox-runner'
import { quotaUsage } from '../../src/quotas'
import { ratings, runs, tournamentEntries, tournaments } from '../../src/store'
import { db, get, newStrategy, newUser, post, seedClassics } from './helpers'

beforeAll(seedClassics)

const SPEC = {
  players: ['tit-for-tat', 'defector', 'grudger', 'cooperator'],
  seed: 42,
  repetitions: 2,
  ruleSets: [
    { name: 'plain', rules: { turns: 20 } },
    { name: 'referee', game: 'dilemma', rules: { turns: 20, referee: { fine: 3, detection: 0.5 } } },
    { name: 'aligned', rules: { turns: 20, align: 0.9 } },
  ],
}

const COMMONS_SPEC = {
  players: ['restrained', 'greedy', 'grim-trigger', 'best-response'],
  seed: 42,
  repetitions: 2,
  ruleSets: [
    { name: 'open', game: 'commons', rules: { turns: 30, group: 3 } },
    { name: 'quota', game: 'commons', rules: { turns: 30, group: 3, quota: 15 } },
  ],
}

/** The experiment once none of its runs is queued or running any more. */
async function settled(id: string) {
  await vi.waitUntil(async () => ['finished', 'failed'].includes((await get(`/api/experiments/${id}`)).body.status), { timeout: 90_000, interval: 200 })
  return (await get(`/api/experiments/${id}`)).body
}

async function finished(id: string) {
  await vi.waitUntil(async () => (await get(`/api/experiments/${id}`)).body.status === 'finished', { timeout: 90_000, interval: 200 })
  return (await get(`/api/experiments/${id}`)).body
}

describe('experiments on the platform', () => {
  it("plays each rule set on the queue with one seed, and gives the engine's side-by-side result", async () => {
    const owner = await newUser('exp')
    const created = await post<{ id: string; runs: { ruleSet: number; name: string; runId: string }[] }>('/api/experiments', owner.token, SPEC)
    expect(created.status).toBe(201)
    expect(created.body.runs.map((r) => r.name)).toEqual(['plain', 'referee', 'aligned'])
    const early = (await get(`/api/experiments/${created.body.id}`)).body
    expect(['queued', 'running', 'finished']).toContain(early.status)
    const shown = await finished(created.body.id)
    expect(shown.progress.done).toBe(shown.progress.total)
    expect(shown.runs.every((r: { status: string }) => r.status === 'finished')).toBe(true)
    for (const r of created.body.runs) expect((await get(`/api/runs/${r.runId}`)).body.seed).toBe(42)

    const sources = SPEC.players.map((id) => ({ ...classicAsSource(findClassic(id)!), name: findClassic(id)!.name }))
    const direct = await withSandbox((runner) => runExperiment(runner, { ...SPEC, players: sources } as never))
    expect(JSON.stringify(shown.result)).toBe(JSON.stringify(direct))
    expect(shown.result.format).toBe('dilemma-arena/experiment@1')
    expect(shown.result.ruleSets.map((s: { name: string }) => s.name)).toEqual(['plain', 'referee', 'aligned'])

    // A finished experiment is cached: its ETag answers 304.
    const again = await get(`/api/experiments/${created.body.id}`)
    const etag = again.res.headers.get('etag')
    expect(etag).toBeTruthy()
  })

  it('moves no rating, lists no tournament of its own, and refuses entries and runs by hand to them', async () => {
    const owner = await newUser('exp')
    const mine = await newStrategy(owner.id, 'Mine', "export default () => 'C'")
    const created = await post<{ id: string; runs: { runId: string }[] }>('/api/experiments', owner.token, { players: [mine, 'defector'], repetitions: 1, ruleSets: [{ name: 'one', rules: { turns: 5 } }] })
    expect(created.status).toBe(201)
    await finished(created.body.id)
    expect(await db().select().from(ratings).where(eq(ratings.strategyId, mine))).toEqual([])
    const [t] = await db().select().from(tournaments).where(eq(tournaments.experimentId, created.body.id))
    const listed = (await get('/api/tournaments?limit=100')).body.entries.map((e: { id: string }) => e.id)
    expect(listed).not.toContain(t!.id)
    expect((await get(`/api/tournaments/${t!.id}`)).body.experiment).toEqual({ id: created.body.id, ruleSet: 0 })
    const entry = await post(`/api/tournaments/${t!.id}/entries`, owner.token, { strategyId: 'tit-for-tat' })
    expect(entry.status).toBe(409)
    const run = await post(`/api/tournaments/${t!.id}/runs`, owner.token, {})
    expect(run.status).toBe(409)
  })

  it("plays commons rule sets as commons runs, and gives the engine's side-by-side result", async () => {
    const owner = await newUser('exp')
    const created = await post<{ id: string; runs: { ruleSet: number; name: string; runId: string }[] }>('/api/experiments', owner.token, COMMONS_SPEC)
    expect(created.status).toBe(201)
    const [t] = await db().select().from(tournaments).where(eq(tournaments.experimentId, created.body.id)).limit(1)
    expect(t!.game).toBe('commons')
    expect(t!.rules).toMatchObject({ turns: 30, group: 3, repetitions: 2 })
    const shown = await settled(created.body.id)
    expect(shown.status).toBe('finished')
    const sources = COMMONS_SPEC.players.map((id) => ({ ...classicAsSource(findClassic(id, 'commons')!), name: findClassic(id, 'commons')!.name }))
    const direct = await withGroupSandbox((runner) => runExperiment(runner, { ...COMMONS_SPEC, players: sources } as never))
    expect(JSON.stringify(shown.result)).toBe(JSON.stringify(direct))
    expect(shown.result.ruleSets.map((s: { game: string; group: number }) => [s.game, s.group])).toEqual([
      ['commons', 3],
      ['commons', 3],
    ])
  })

  it('refuses a bad spec with a sentence that says where, and strategies that are not yours', async () => {
    const owner = await newUser('exp')
    const other = await newUser('exp')
    const theirs = await newStrategy(other.id, 'Theirs', "export default () => 'D'")
    const cases: [unknown, number, RegExp][] = [
      [{ players: ['tit-for-tat'], ruleSets: [{ name: 'a' }] }, 400, /player/],
      [{ players: ['tit-for-tat', 'defector'], ruleSets: [] }, 400, /rule set/],
      [{ players: ['tit-for-tat', 'defector'], ruleSets: [{ name: 'a', rules: { turns: 0 } }] }, 400, /turns/],
      [{ players: ['tit-for-tat', 'defector'], ruleSets: [{ name: 'a', rules: { referee: { fine: 1, detection: 3 } } }] }, 400, /detection/],
      [{ players: ['tit-for-tat', 'defector'], ruleSets: [{ name: 'a' }, { name: 'a' }] }, 400, /name/],
      [{ players: ['tit-for-tat', 'nobody-here'], ruleSets: [{ name: 'a' }] }, 404, /players\[1\]/],
      [{ players: ['tit-for-tat', theirs], ruleSets: [{ name: 'a' }] }, 403, /not yours/],
      [{ players: ['tit-for-tat', 'defector'], ruleSets: [{ name: 'a', rules: { turns: 10_000 } }] }, 400, /turns × repetitions/],
      // An experiment plays one game, and only strategies that play it.
      [{ players: ['tit-for-tat', 'defector'], ruleSets: [{ name: 'a' }, { name: 'b', game: 'commons' }] }, 400, /plays the commons but ruleSets\[0\] \("a"\) plays the dilemma/],
      [{ players: ['restrained', 'tit-for-tat'], ruleSets: [{ name: 'c', game: 'commons' }] }, 400, /players\[1\]: this experiment plays the commons and "tit-for-tat" declares only dilemma/],
      [{ players: ['restrained', 'greedy'], ruleSets: [{ name: 'c', game: 'commons', rules: { group: 3 } }] }, 400, /rules\.group: groups of 3 need at least 3 players, got 2/],
    ]
    for (const [body, status, message] of cases) {
      const res = await post('/api/experiments', owner.token, body)
      expect([res.status, res.body.error?.message]).toEqual([status, expect.stringMatching(message)])
    }
    expect((await quotaUsage(db(), owner.id))['runs-per-day']).toBe(0)
    expect((await post('/api/experiments', undefined, SPEC)).status).toBe(401)
    expect((await get('/api/experiments/nope')).status).toBe(404)
  })

  it('plays as many players as a tournament takes (their entries are inserted in D1-sized statements)', async () => {
    const owner = await newUser('exp')
    const players = CLASSICS.slice(0, 40).map((c) => c.id)
    const created = await post<{ id: string }>('/api/experiments', owner.token, { players, repetitions: 1, ruleSets: [{ name: 'short', rules: { turns: 1 } }] })
    expect(created.status).toBe(201)
    const shown = await finished(created.body.id)
    expect(shown.result.players.map((p: { id: string }) => p.id)).toEqual(players)
  })

  it('shows an experiment missing a rule set (one that could not start) as failed, with no result', async () => {
    const owner = await newUser('exp')
    const created = await post<{ id: string }>('/api/experiments', owner.token, { players: ['tit-for-tat', 'defector'], repetitions: 1, ruleSets: [{ name: 'a', rules: { turns: 2 } }, { name: 'b', rules: { turns: 3 } }] })
    await finished(created.body.id)
    // What a request that failed to start its second run leaves: the second rule set's tournament removed.
    const [second] = await db().select().from(tournaments).where(and(eq(tournaments.experimentId, created.body.id), eq(tournaments.ruleSet, 1)))
    // (Its run, which foreign keys keep, is moved to the first rule set's tournament.)
    const [first] = await db().select().from(tournaments).where(and(eq(tournaments.experimentId, created.body.id), eq(tournaments.ruleSet, 0)))
    await db().update(runs).set({ tournamentId: first!.id }).where(eq(runs.tournamentId, second!.id))
    await db().delete(tournamentEntries).where(eq(tournamentEntries.tournamentId, second!.id))
    await db().delete(tournaments).where(eq(tournaments.id, second!.id))
    const shown = await get(`/api/experiments/${created.body.id}`)
    expect(shown.status).toBe(200)
    expect([shown.body.status, shown.body.result, shown.body.runs.length]).toEqual(['failed', null, 1])
  })

  it('takes one unit of runs-per-day per rule set, all or none', async () => {
    const owner = await newUser('exp')
    const eight = { players: ['tit-for-tat', 'defector'], repetitions: 1, ruleSets: Array.from({ length: 8 }, (_, k) => ({ name: `r${k}`, rules: { turns: 2 } })) }
    expect((await post('/api/experiments', owner.token, eight)).status).toBe(201)
    expect((await post('/api/experiments', owner.token, eight)).status).toBe(201)
    expect((await quotaUsage(db(), owner.id))['runs-per-day']).toBe(16)
    const refused = await post('/api/experiments', owner.token, eight)
    expect(refused.status).toBe(429)
    expect(refused.body.error.quota).toBe('runs-per-day')
    expect((await quotaUsage(db(), owner.id))['runs-per-day']).toBe(16)
  })
})
