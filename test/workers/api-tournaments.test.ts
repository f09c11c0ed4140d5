/**
 * Tournaments through the API inside workerd: creation and invalid payloads,
 * auth negatives, invitations and entries; then a finished run's replays,
 * verification, leaderboards, export, caching, and a dead-lettered batch.
 */
import { createMessageBatch } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import worker from '../../src/index'
import { RUNS_DEAD_LETTER_QUEUE, type RunBatchMessage } from '../../src/env'
import { startRun } from '../../src/jobs/runs'
import { call, db, get, newStrategy, newUser, post, seedClassics, tournamentWith } from './helpers'

beforeAll(seedClassics)

const rules = { payoffs: { R: 3, S: 0, T: 5, P: 1 }, turns: 5, noise: 0, repetitions: 2 }

describe('tournaments', () => {
  it('creates one with its classification, accepts a stag hunt, refuses an invalid matrix and bad payloads', async () => {
    const host = await newUser()
    const pd = await post('/api/tournaments', host.token, { name: 'PD', rules, entry: 'open', shareIdentities: false })
    expect(pd.status).toBe(201)
    expect(pd.body.classification).toMatchObject({ kind: 'prisoners-dilemma', dilemma: true })
    const stag = await post('/api/tournaments', host.token, { name: 'Stag', rules: { ...rules, payoffs: { R: 5, S: 0, T: 3, P: 1 } } })
    expect(stag.status).toBe(201)
    expect(stag.body.classification).toMatchObject({ kind: 'stag-hunt', dilemma: false })
    for (const bad of [
      { name: 'x', rules: { ...rules, payoffs: { R: 3, S: 0, T: 5, P: 'one' } } },
      { name: '', rules },
      { name: 'x', rules: { turns: 5, continuation: 0.5 } },
      { name: 'x', rules: { turns: 0 } },
      { name: 'x', rules, entry: 'closed' },
      { name: 'x', rules: { turns: 10_000, repetitions: 100 } },
    ]) {
      const res = await post('/api/tournaments', host.token, bad)
      expect(res.status, JSON.stringify(bad)).toBe(400)
      expect(res.body.error.code).toBe('invalid_input')
    }
    expect((await post('/api/tournaments', host.token, { name: 'x', rules: { turns: 10_000, repetitions: 100 } })).body.error.message).toContain('MAX_TURNS_TIMES_REPETITIONS')
    const shown = await get(`/api/tournaments/${pd.body.id}`)
    expect(shown.body).toMatchObject({ id: pd.body.id, name: 'PD', entries: [], runs: [] })
    const page = await get('/api/tournaments?limit=1')
    expect(page.body.entries).toHaveLength(1)
    expect(page.body.nextCursor).toEqual(expect.any(String))
    const next = await get(`/api/tournaments?limit=1&cursor=${page.body.nextCursor}`)
    expect(next.body.entries[0].id).not.toBe(page.body.entries[0].id)
    expect((await get('/api/tournaments/nope')).status).toBe(404)
  })

  it('refuses writes without a token, with a wrong token, and on someone else’s tournament', async () => {
    const host = await newUser()
    const other = await newUser()
    expect((await post('/api/tournaments', undefined, { name: 'x', rules })).status).toBe(401)
    expect((await post('/api/tournaments', 'da_wrong', { name: 'x', rules })).status).toBe(401)
    const id = await tournamentWith(host, ['tit-for-tat', 'defector'])
    expect((await post(`/api/tournaments/${id}/runs`, other.token, {})).status).toBe(403)
    expect((await post(`/api/tournaments/${id}/invites`, other.token, { handle: other.handle })).status).toBe(403)
    expect((await post(`/api/tournaments/${id}/entries`, other.token, { strategyId: 'cooperator' })).status).toBe(403) // a classic: only the host
    const mine = await newStrategy(host.id, 'Mine', "export default () => 'C'")
    expect((await post(`/api/tournaments/${id}/entries`, other.token, { strategyId: mine })).status).toBe(403)
    expect((await call(`/api/tournaments/${id}/entries/tit-for-tat`, { method: 'DELETE', token: other.token })).status).toBe(403)
  })

  it('handles entries, duplicates, withdrawals and invitations', async () => {
    const host = await newUser()
    const guest = await newUser()
    const created = await post('/api/tournaments', host.token, { name: 'Private', rules, entry: 'invite' })
    const id = created.body.id
    const theirs = await newStrategy(guest.id, 'Theirs', "export default () => 'D'")
    expect((await post(`/api/tournaments/${id}/entries`, guest.token, { strategyId: theirs })).status).toBe(403)
    expect((await post(`/api/tournaments/${id}/invites`, host.token, { handle: guest.handle })).status).toBe(201)
    expect((await post(`/api/tournaments/${id}/entries`, guest.token, { strategyId: theirs })).status).toBe(201)
    expect((await post(`/api/tournaments/${id}/entries`, guest.token, { strategyId: theirs })).status).toBe(409)
    expect((await post(`/api/tournaments/${id}/entries`, host.token, { strategyId: 'tit-for-tat' })).status).toBe(201)
    expect((await post(`/api/tournaments/${id}/runs`, host.token, {})).status).toBe(201)
    expect((await call(`/api/tournaments/${id}/entries/${theirs}`, { method: 'DELETE', token: guest.token })).status).toBe(200)
    expect((await call(`/api/tournaments/${id}/entries/${theirs}`, { method: 'DELETE', token: guest.token })).status).toBe(404)
    const run = await post(`/api/tournaments/${id}/runs`, host.token, {})
    expect(run.status).toBe(400) // one entrant left
    expect(run.body.error.message).toContain('at least 2')
  })
})

describe('a finished run', () => {
  it('replays and verifies its matches, shows leaderboards, exports, and caches', async () => {
    const host = await newUser()
    const id = await tournamentWith(host, ['tit-for-tat', 'alternator'], { turns: 4, repetitions: 1, noise: 0.2 }, { shareIdentities: true })
    const started = await post(`/api/tournaments/${id}/runs`, host.token, {})
    const runId = started.body.runId
    await vi.waitUntil(async () => (await get(`/api/runs/${runId}`)).body.status === 'finished', { timeout: 60_000, interval: 100 })
    const list = (await get(`/api/runs/${runId}/matches`)).body.entries
    expect(list).toHaveLength(3)
    const replay = await get(`/api/matches/${list[1].id}`)
    expect(replay.status).toBe(200)
    expect(replay.body.a.moves).toHaveLength(4)
    expect(replay.body.payoffs).toHaveLength(4)
    expect(replay.body.a.opponentView).toMatchObject({ id: replay.body.b.strategyId })
    expect(JSON.stringify(replay.body)).not.toContain('export default')
    const etag = replay.res.headers.get('etag')!
    expect(etag).toBeTruthy()
    expect((await call(`/api/matches/${list[1].id}`, { headers: { 'if-none-match': etag } })).status).toBe(304)
    const verified = await post(`/api/matches/${list[1].id}/verify`, undefined, {})
    expect(verified.body.identical).toBe(true)
    expect((await get('/api/matches/nope-1-1')).status).toBe(404)

    const board = (await get(`/api/tournaments/${id}/leaderboard`)).body
    expect(board.runId).toBe(runId)
    expect(board.entries.map((e: any) => e.rank)).toEqual([1, 2])
    const global = (await get('/api/leaderboard?limit=1')).body
    expect(global.entries[0]).toMatchObject({ rank: 1, strategy: { id: expect.any(String), owner: expect.any(String) } })

    const csv = await call(`/api/runs/${runId}/export?format=csv`)
    expect(csv.headers.get('content-type')).toContain('text/csv')
    const text = await csv.text()
    expect(text.split('\n')[0]).toContain('match_id')
    expect(text.trim().split('\n')).toHaveLength(4)
    const exported = (await get(`/api/runs/${runId}/export?format=json`)).body
    expect(exported.matches).toHaveLength(3)
    expect(JSON.stringify(exported)).not.toContain('export default')
  })

  it('finishes when a batch is dead-lettered, and says so', async () => {
    const host = await newUser()
    const id = await tournamentWith(host, ['tit-for-tat', 'defector'])
    const sent: RunBatchMessage[] = []
    const dropEnv = { ...env, RUNS: { sendBatch: async (ms: { body: RunBatchMessage }[]) => void sent.push(...ms.map((m) => m.body)) } } as never
    const run = await startRun(dropEnv, db(), {
      tournamentId: id,
      requestedBy: host.id,
      players: [
        { strategyId: 'tit-for-tat', version: 1, name: 'Tit For Tat' },
        { strategyId: 'defector', version: 1, name: 'Defector' },
      ],
      rules: { turns: 3 },
      repetitions: 1,
      identities: null,
    })
    const batch = createMessageBatch<RunBatchMessage>(RUNS_DEAD_LETTER_QUEUE, sent.map((body, i) => ({ id: `d${i}`, timestamp: new Date(), attempts: 4, body })))
    await worker.queue(batch as never, env)
    const shown = (await get(`/api/runs/${run.id}`)).body
    expect(shown.status).toBe('finished')
    expect(shown.error).toContain('infrastructure')
    expect(shown.standings.every((s: any) => s.infraErrors > 0)).toBe(true)
    const list = (await get(`/api/runs/${run.id}/matches`)).body.entries
    expect(list.every((m: any) => m.infraError)).toBe(true)
  })
})
