/**
 * Ratings and the reputation store inside workerd, against real local D1 and
 * queues: ratings from a run's order, per game, never from matches lost to
 * infrastructure errors, never applied twice; reputation counts; and the
 * snapshot strategies see, frozen when the run starts.
 */
import { env } from 'cloudflare:workers'
import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { rateOrder } from '../../src/engine/rating'
import { runRecords } from '../../src/engine/run-records'
import { deadLetterBatch, consumeBatch, startRun } from '../../src/jobs/runs'
import { finalizeRun, loadJobResults } from '../../src/jobs/finalize'
import { runSpecFor } from '../../src/jobs/run-spec'
import type { RunBatchMessage } from '../../src/env'
import { headToHead, matches, ratingHistory, ratings, reputation, runs, tournaments } from '../../src/store'
import { call, db, get, newStrategy, newUser, post, seedClassics, tournamentWith } from './helpers'

beforeAll(seedClassics)

async function waitFinished(runId: string) {
  await vi.waitUntil(async () => (await db().select({ s: runs.status }).from(runs).where(eq(runs.id, runId)))[0]?.s === 'finished', { timeout: 60_000, interval: 100 })
  return (await get(`/api/runs/${runId}`)).body
}

async function playRun(host: { token: string }, tournamentId: string, seed?: number) {
  const started = await post<{ runId: string }>(`/api/tournaments/${tournamentId}/runs`, host.token, seed === undefined ? {} : { seed })
  expect(started.status).toBe(201)
  return waitFinished(started.body.runId)
}

const ratingOf = async (id: string, game = 'dilemma') => (await db().select().from(ratings).where(and(eq(ratings.strategyId, id), eq(ratings.game, game))))[0]

describe('ratings', () => {
  it('are updated from the run’s order, building on the previous ratings, and shown on the leaderboard and the profile', async () => {
    const host = await newUser('host')
    const a = await newStrategy(host.id, 'Always C', "export default () => 'C'")
    const b = await newStrategy(host.id, 'Always D', "export default () => 'D'")
    const c = await newStrategy(host.id, 'TFT', "export default (v) => v.round === 0 ? 'C' : v.their[v.round - 1]")
    const id = await tournamentWith(host, [a, b, c], { turns: 10, repetitions: 1 })
    const first = await playRun(host, id)
    const scores = first.standings.map((s: any) => ({ id: s.strategyId, score: s.medianScore, prior: null }))
    const expected = rateOrder(scores)
    for (const e of expected) expect(await ratingOf(e.id)).toMatchObject({ mu: e.mu, sigma: e.sigma, ordinal: e.ordinal, runs: 1, lastRunId: first.id })

    const second = await playRun(host, id)
    const priors = new Map(expected.map((e) => [e.id, { mu: e.mu, sigma: e.sigma }]))
    const again = rateOrder(second.standings.map((s: any) => ({ id: s.strategyId, score: s.medianScore, prior: priors.get(s.strategyId)! })))
    for (const e of again) expect(await ratingOf(e.id)).toMatchObject({ mu: e.mu, sigma: e.sigma, runs: 2 })
    const history = await db().select().from(ratingHistory).where(eq(ratingHistory.strategyId, c)).orderBy(ratingHistory.seq)
    expect(history.map((h) => [h.seq, h.runId])).toEqual([[1, first.id], [2, second.id]])

    const profile = (await get(`/api/strategies/${c}`)).body
    expect(profile.ratingHistory.map((h: any) => h.runId)).toEqual([first.id, second.id])
    expect(profile.ratings).toEqual([expect.objectContaining({ game: 'dilemma', runs: 2, mu: again.find((e) => e.id === c)!.mu })])
    expect(profile.reputation[0]).toMatchObject({ game: 'dilemma', runs: 2, matches: 4 })

    const board = (await get('/api/leaderboard?game=dilemma&limit=100')).body
    expect(board.game).toBe('dilemma')
    const ordinals = board.entries.map((e: any) => e.rating.ordinal)
    expect(ordinals).toEqual([...ordinals].sort((x: number, y: number) => y - x))
    const mine = board.entries.find((e: any) => e.strategy.id === c)
    expect(mine).toMatchObject({ strategy: { id: c, name: 'TFT', owner: host.handle }, runs: 2 })
    expect(mine.rating.sigma).toBeGreaterThan(0)
    expect(mine.rank).toBe(board.entries.indexOf(mine) + 1)
    expect((await get('/api/leaderboard?game=chess')).status).toBe(400)
    expect((await get('/api/leaderboard?game=commons')).body.entries).toEqual([])
  })

  it('leave the leaderboard as soon as the strategy is retired (a write clears the cached pages)', async () => {
    const host = await newUser('host')
    const a = await newStrategy(host.id, 'Stays', "export default () => 'C'")
    const b = await newStrategy(host.id, 'Retires', "export default () => 'D'")
    const id = await tournamentWith(host, [a, b], { turns: 4, repetitions: 1 })
    await playRun(host, id)
    const board = async () => (await get('/api/leaderboard?limit=100')).body.entries.map((e: any) => e.strategy.id)
    expect(await board()).toEqual(expect.arrayContaining([a, b]))
    expect((await call(`/api/strategies/${b}`, { method: 'DELETE', token: host.token })).status).toBe(204)
    const after = await board()
    expect(after).toContain(a)
    expect(after).not.toContain(b)
  })

  it('are kept per game: a commons result never moves a dilemma rating', async () => {
    const host = await newUser('host')
    const both = ['dilemma', 'commons'] as const
    const a = await newStrategy(host.id, 'C', "export const games = ['dilemma', 'commons']\nexport default (v) => (v.game === 'commons' ? v.sustainableShare : 'C')", [...both])
    const b = await newStrategy(host.id, 'D', "export const games = ['dilemma', 'commons']\nexport default (v) => (v.game === 'commons' ? v.rules.maxRequest : 'D')", [...both])
    const dilemma = await tournamentWith(host, [a, b], { turns: 4, repetitions: 1 })
    await playRun(host, dilemma)
    const before = await ratingOf(a)
    const commons = await tournamentWith(host, [a, b], { turns: 4, repetitions: 1, group: 2 }, { game: 'commons' })
    await playRun(host, commons)
    expect(await ratingOf(a)).toEqual(before)
    expect(await ratingOf(a, 'commons')).toMatchObject({ runs: 1 })
    // The reputation store counts the dilemma's behaviour (nice, retaliating...): a commons run adds nothing to it.
    expect((await db().select().from(reputation).where(eq(reputation.strategyId, a))).map((r) => [r.game, r.runs]).sort()).toEqual([['dilemma', 1]])
  })

  it('never move for matches lost to infrastructure errors', async () => {
    const host = await newUser('host')
    const ids: string[] = []
    for (const [name, src] of [['C', "'C'"], ['D', "'D'"], ['Alt', "v.round % 2 ? 'D' : 'C'"], ['Late D', "v.round > 2 ? 'D' : 'C'"]]) {
      ids.push(await newStrategy(host.id, name!, `export default (v) => ${src}`))
    }
    const id = await tournamentWith(host, ids, { turns: 6, repetitions: 1 })
    const [t] = await db().select().from(tournaments).where(eq(tournaments.id, id))
    const sent: RunBatchMessage[] = []
    const lossy = { ...env, RUNS: { sendBatch: async (ms: { body: RunBatchMessage }[]) => void sent.push(...ms.map((m) => m.body)) } } as never
    const run = await startRun(lossy, db(), await runSpecFor(db(), t!, { requestedBy: host.id }), undefined, { jobsPerBatch: 4 })
    // Jobs are pairings in order (0,0) (0,1) (0,2) (0,3) | (1,1) ...: batch 0 holds every match of ids[0] but one.
    await deadLetterBatch(lossy, sent[0]!)
    for (const m of sent.slice(1)) await consumeBatch(lossy, m)
    const finished = await waitFinished(run.id)
    expect(finished.error).toMatch(/infrastructure errors/)
    const schedule = run.jobs as { jobs: { index: number; players: [string, string] }[] }
    const lostJobs = new Set(schedule.jobs.slice(0, 4).map((j) => j.index))
    const touched = new Set(schedule.jobs.slice(0, 4).flatMap((j) => j.players))
    expect(touched.size).toBe(4) // every strategy lost a match here ...
    for (const s of ids) expect(await ratingOf(s)).toBeUndefined() // ... so none is rated
    // Reputation counts only the matches that were played.
    const records = runRecords(await loadJobResults(db(), run.id), lostJobs)
    const rows = await db().select().from(reputation).where(eq(reputation.lastRunId, run.id))
    for (const r of records.strategies) expect(rows.find((x) => x.strategyId === r.strategyId)).toMatchObject({ matches: r.matches, turns: r.rounds, cooperations: r.cooperations })
    expect(rows.find((x) => x.strategyId === ids[0])).toBeUndefined()
    const infraMatches = await db().select().from(matches).where(and(eq(matches.runId, run.id), eq(matches.infraError, true)))
    expect(infraMatches.length).toBe(4)
  })

  it('leave out strategies that lost a match to infrastructure, and rate the rest from the order among them', async () => {
    const host = await newUser('host')
    const ids: string[] = []
    for (const name of ['A', 'B', 'C', 'D', 'E']) ids.push(await newStrategy(host.id, name, `export default (v) => v.round % ${name.charCodeAt(0) - 63} ? 'C' : 'D'`))
    const id = await tournamentWith(host, ids, { turns: 8, repetitions: 1 })
    const [t] = await db().select().from(tournaments).where(eq(tournaments.id, id))
    const sent: RunBatchMessage[] = []
    const lossy = { ...env, RUNS: { sendBatch: async (ms: { body: RunBatchMessage }[]) => void sent.push(...ms.map((m) => m.body)) } } as never
    const run = await startRun(lossy, db(), await runSpecFor(db(), t!, { requestedBy: host.id }), undefined, { jobsPerBatch: 4 })
    // 15 jobs, 4 a batch: the last batch (jobs 12-14) holds (3,3) (3,4) (4,4): only D and E lose matches.
    const last = sent[sent.length - 1]!
    for (const m of sent.slice(0, -1)) await consumeBatch(lossy, m)
    await deadLetterBatch(lossy, last)
    const finished = await waitFinished(run.id)
    const kept = finished.standings.filter((s: any) => s.infraErrors === 0)
    expect(kept.map((s: any) => s.strategyId).sort()).toEqual([ids[0], ids[1], ids[2]].sort())
    const expected = rateOrder(kept.map((s: any) => ({ id: s.strategyId, score: s.medianScore, prior: null })))
    for (const e of expected) expect(await ratingOf(e.id)).toMatchObject({ mu: e.mu, sigma: e.sigma })
    expect(await ratingOf(ids[3]!)).toBeUndefined()
    expect(await ratingOf(ids[4]!)).toBeUndefined()
  })

  it('count each run once: a repeated finalize changes nothing, and two runs finalized at once both count', async () => {
    const host = await newUser('host')
    const a = await newStrategy(host.id, 'C', "export default () => 'C'")
    const b = await newStrategy(host.id, 'D', "export default () => 'D'")
    const one = await tournamentWith(host, [a, b], { turns: 4, repetitions: 1 })
    const two = await tournamentWith(host, [a, b], { turns: 5, repetitions: 1 })
    const sent: RunBatchMessage[] = []
    const lossy = { ...env, RUNS: { sendBatch: async (ms: { body: RunBatchMessage }[]) => void sent.push(...ms.map((m) => m.body)) } } as never
    const runs2 = []
    for (const tid of [one, two]) {
      const [t] = await db().select().from(tournaments).where(eq(tournaments.id, tid))
      runs2.push(await startRun(lossy, db(), await runSpecFor(db(), t!, { requestedBy: host.id })))
    }
    // Record every batch without finalizing, then finalize both at once.
    const { runBatches } = await import('../../src/store')
    for (const m of sent) {
      await consumeBatch(lossy, m)
    }
    await Promise.all(runs2.map((r) => finalizeRun(env, r.id)))
    await Promise.all(runs2.map((r) => finalizeRun(env, r.id)))
    expect((await ratingOf(a))!.runs).toBe(2)
    const rep = (await db().select().from(reputation).where(and(eq(reputation.strategyId, a), eq(reputation.game, 'dilemma'))))[0]!
    expect([rep.runs, rep.matches, rep.turns]).toEqual([2, 2, 9])
    const h2h = (await db().select().from(headToHead).where(and(eq(headToHead.strategyId, a), eq(headToHead.opponentId, b))))[0]!
    expect([h2h.matches, h2h.turns, h2h.myCooperations, h2h.theirCooperations, h2h.losses]).toEqual([2, 9, 9, 0, 2])
    expect(await db().select().from(runBatches).where(eq(runBatches.status, 'queued'))).toEqual([])
  })
})

describe('what strategies see', () => {
  /** Cooperates unless its opponent's reputation or its own history with it says the opponent defects. */
  const WARY = `export default function move(v) {
  const o = v.opponent
  if (o === null) return 'C'
  if (o.history.matches > 0 && o.history.theirCooperation < 0.5) return 'D'
  if (o.reputation.cooperationRate !== null && o.reputation.cooperationRate < 0.5) return 'D'
  return 'C'
}`

  it('is frozen into the run when it starts: later runs never change it, and the matches store it', async () => {
    const host = await newUser('host')
    const wary = await newStrategy(host.id, 'Wary', WARY)
    const mean = await newStrategy(host.id, 'Mean', "export default () => 'D'")
    const id = await tournamentWith(host, [wary, mean], { turns: 6, repetitions: 1 }, { shareIdentities: true })

    const first = await playRun(host, id)
    const seen = (await db().select().from(matches).where(and(eq(matches.runId, first.id), eq(matches.aStrategyId, wary), eq(matches.bStrategyId, mean))))[0]!
    expect(seen.aOpponentView).toEqual({
      id: mean,
      name: 'Mean',
      reputation: { rating: { mu: 25, sigma: 25 / 3 }, cooperationRate: null, nice: null, retaliating: null, forgiving: null, matches: 0 },
      history: expect.objectContaining({ matches: 0 }),
    })
    expect(seen.aMoves).toBe('CCCCCC')

    // The second run starts now; its messages are held back while a third run changes the store.
    const [t] = await db().select().from(tournaments).where(eq(tournaments.id, id))
    const held: RunBatchMessage[] = []
    const lossy = { ...env, RUNS: { sendBatch: async (ms: { body: RunBatchMessage }[]) => void held.push(...ms.map((m) => m.body)) } } as never
    const second = await startRun(lossy, db(), await runSpecFor(db(), t!, { requestedBy: host.id }))
    await playRun(host, id)
    for (const m of held) await consumeBatch(lossy, m)
    await waitFinished(second.id)
    const [view] = await db().select().from(matches).where(and(eq(matches.runId, second.id), eq(matches.aStrategyId, wary), eq(matches.bStrategyId, mean)))
    const opponent = view!.aOpponentView as any
    expect(opponent.reputation.matches).toBe(1) // the first run only, not the third
    expect(opponent.reputation.cooperationRate).toBe(0)
    expect(opponent.history).toEqual({ matches: 1, myCooperation: 1, theirCooperation: 0, lastMoves: { my: ['C', 'C', 'C', 'C', 'C', 'C'], their: ['D', 'D', 'D', 'D', 'D', 'D'] } })
    expect(view!.aMoves).toBe('DDDDDD')
  })

  it('is nothing when the tournament does not share identities', async () => {
    const host = await newUser('host')
    const wary = await newStrategy(host.id, 'Wary', WARY)
    const mean = await newStrategy(host.id, 'Mean', "export default () => 'D'")
    const id = await tournamentWith(host, [wary, mean], { turns: 6, repetitions: 1 })
    await playRun(host, id)
    const second = await playRun(host, id)
    const [view] = await db().select().from(matches).where(and(eq(matches.runId, second.id), eq(matches.aStrategyId, wary), eq(matches.bStrategyId, mean)))
    expect(view!.aOpponentView).toBeNull()
    expect(view!.aMoves).toBe('CCCCCC')
  })
  it('changes how the built-in example plays: Reputation Tit For Tat opens with D against a known defector only when identities are shared', async () => {
    const host = await newUser('host')
    const moves = async (share: boolean) => {
      const id = await tournamentWith(host, ['reputation-tit-for-tat', 'defector', 'cooperator'], { turns: 5, repetitions: 1 }, { shareIdentities: share })
      await playRun(host, id)
      const second = await playRun(host, id)
      const [m] = await db().select().from(matches).where(and(eq(matches.runId, second.id), eq(matches.aStrategyId, 'reputation-tit-for-tat'), eq(matches.bStrategyId, 'defector')))
      const [c] = await db().select().from(matches).where(and(eq(matches.runId, second.id), eq(matches.aStrategyId, 'reputation-tit-for-tat'), eq(matches.bStrategyId, 'cooperator')))
      return { defector: m!.aMoves, cooperator: c!.aMoves }
    }
    expect(await moves(false)).toEqual({ defector: 'CDDDD', cooperator: 'CCCCC' })
    expect(await moves(true)).toEqual({ defector: 'DDDDD', cooperator: 'CCCCC' })
  })

  it('caps a tournament that shares identities at MAX_SHARED_ENTRANTS, so its frozen views fit in one D1 row', async () => {
    const { MAX_SHARED_ENTRANTS } = await import('../../src/jobs/run-spec')
    const host = await newUser('host')
    const { CLASSICS } = await import('../../src/classics')
    const own = [await newStrategy(host.id, 'Own 1', "export default () => 'C'"), await newStrategy(host.id, 'Own 2', "export default () => 'D'"), await newStrategy(host.id, 'Own 3', "export default () => 'C'")]
    const field = [...CLASSICS.map((c) => c.id), ...own].slice(0, MAX_SHARED_ENTRANTS)
    const id = await tournamentWith(host, field, { turns: 2, repetitions: 1 }, { shareIdentities: true, maxEntriesPerAccount: 3 })
    const extra = [...CLASSICS.map((c) => c.id), ...own].find((x) => !field.includes(x))!
    const refused = await post(`/api/tournaments/${id}/entries`, host.token, { strategyId: extra })
    expect(refused.status).toBe(400)
    expect(refused.body.error.message).toMatch(new RegExp(`at most ${MAX_SHARED_ENTRANTS} entrants when identities are shared`))
    // The full field still starts, and its run row (every job's two frozen views) is within D1's limits.
    const started = await post<{ runId: string }>(`/api/tournaments/${id}/runs`, host.token, {})
    expect(started.status).toBe(201)
  })
})
