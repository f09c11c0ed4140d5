/**
 * Runs end to end inside workerd: started through the API, played through the
 * real queue, finalized; redelivery, repeated finalize, hostile strategies,
 * and equality with playTournament.
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import worker from '../../src/index'
import { createWorkerdRunner } from '../../sandbox/workerd'
import { findClassic } from '../../src/classics'
import { playTournament } from '../../src/engine/tournament'
import { RUNS_QUEUE, type RunBatchMessage } from '../../src/env'
import { aggregateRun, finalizeRun } from '../../src/jobs/finalize'
import { jobResults, matches, runBatches, runs, standings } from '../../src/store'
import { db, get, newStrategy, newUser, post, seedClassics, tournamentWith } from './helpers'

beforeAll(seedClassics)

async function waitFinished(runId: string): Promise<any> {
  let body: any
  await vi.waitUntil(
    async () => {
      body = (await get(`/api/runs/${runId}`)).body
      return body.status === 'finished'
    },
    { timeout: 60_000, interval: 100 },
  )
  return body
}

async function deliver(messages: RunBatchMessage[]) {
  const batch = createMessageBatch<RunBatchMessage>(RUNS_QUEUE, messages.map((body, i) => ({ id: `m${i}-${Math.random()}`, timestamp: new Date(), attempts: 1, body })))
  const ctx = createExecutionContext()
  await worker.queue(batch as never, env)
  return getQueueResult(batch, ctx)
}

describe('a run', () => {
  it('goes from start through the real queue to finished standings', async () => {
    const host = await newUser('host')
    const id = await tournamentWith(host, ['tit-for-tat', 'defector', 'cooperator'])
    const started = await post<{ runId: string; commitment: string }>(`/api/tournaments/${id}/runs`, host.token, {})
    expect(started.status).toBe(201)
    const early = (await get(`/api/runs/${started.body.runId}`)).body
    expect(early.seed).toBeUndefined()
    expect(early.salt).toBeUndefined()
    expect(early.progress.total).toBe(6)
    const run = await waitFinished(started.body.runId)
    expect(run.progress).toEqual({ done: 6, total: 6 })
    expect(run.standings.map((s: any) => s.strategyId).sort()).toEqual(['cooperator', 'defector', 'tit-for-tat'])
    expect(run.standings[0].rank).toBe(1)
    expect(run.payoffMatrix).toHaveLength(3)
    expect(run.ecology.shares.length).toBeGreaterThan(0)
    expect(typeof run.seed).toBe('number')
    const { sha256Hex } = await import('../../src/store/crypto')
    expect(await sha256Hex(`${run.seed}${run.salt}`)).toBe(run.commitment)
    const tournament = (await get(`/api/tournaments/${id}`)).body
    expect(tournament.runs[0]).toMatchObject({ id: started.body.runId, status: 'finished' })
    const list = (await get(`/api/runs/${started.body.runId}/matches?strategyId=defector`)).body
    expect(list.entries).toHaveLength(3 * 2) // defector vs each of the three (self-play included), 2 repetitions
  })

  it('writes nothing twice when the same batch is delivered twice, and finalizing again gives the same standings', async () => {
    const host = await newUser('host')
    const id = await tournamentWith(host, ['tit-for-tat', 'defector'])
    // Create the run without the queue: insert it through startRun with a queue that drops messages.
    const { startRun } = await import('../../src/jobs/runs')
    const sent: RunBatchMessage[] = []
    const fakeEnv = { ...env, RUNS: { sendBatch: async (ms: { body: RunBatchMessage }[]) => void sent.push(...ms.map((m) => m.body)) } } as never
    const run = await startRun(fakeEnv, db(), {
      tournamentId: id,
      requestedBy: host.id,
      players: [
        { strategyId: 'tit-for-tat', version: 1, name: 'Tit For Tat' },
        { strategyId: 'defector', version: 1, name: 'Defector' },
      ],
      rules: { turns: 5 },
      repetitions: 2,
      identities: null,
    })
    expect(sent).toEqual([{ runId: run.id, batch: 0 }])
    const first = await deliver(sent)
    expect(first.explicitAcks).toHaveLength(1)
    const count = async () => ({
      jobs: (await db().select().from(jobResults).where(eq(jobResults.runId, run.id))).length,
      matches: (await db().select().from(matches).where(eq(matches.runId, run.id))).length,
      standings: (await db().select().from(standings).where(eq(standings.runId, run.id))).length,
    })
    const before = await count()
    expect(before).toEqual({ jobs: 3, matches: 6, standings: 2 })
    const finished = (await get(`/api/runs/${run.id}`)).body
    expect(finished.status).toBe('finished')

    // Force the batch back to claimable, then deliver again: the results are keyed by (run, job).
    await db().update(runBatches).set({ status: 'queued' }).where(eq(runBatches.runId, run.id))
    await deliver(sent)
    await deliver(sent)
    expect(await count()).toEqual(before)

    // A finalize interrupted (status back to running) and repeated: same standings.
    const again = (await get(`/api/runs/${run.id}`)).body
    await db().update(runs).set({ status: 'running' }).where(eq(runs.id, run.id))
    await finalizeRun(env, run.id)
    await finalizeRun(env, run.id)
    const after = (await get(`/api/runs/${run.id}`)).body
    expect(after.standings).toEqual(again.standings)
    expect(after.payoffMatrix).toEqual(finished.payoffMatrix)
  })

  it('records a hostile strategy’s faults, finishes, leaves the others untouched, and equals playTournament', async () => {
    const host = await newUser('host')
    const hostileSource = "export default function move(v) { if (v.round === 2) throw new Error('boom'); return 'C' }"
    const hostile = await newStrategy(host.id, 'Hostile', hostileSource)
    const id = await tournamentWith(host, ['tit-for-tat', hostile, 'grudger'], { turns: 6, repetitions: 2, noise: 0.05 })
    const started = await post<{ runId: string }>(`/api/tournaments/${id}/runs`, host.token, {})
    expect(started.status).toBe(201)
    const run = await waitFinished(started.body.runId)
    const bad = run.standings.find((s: any) => s.strategyId === hostile)
    expect(bad.faults).toBeGreaterThan(0)
    expect(bad.faultRecords[0].kind).toBe('throw')
    for (const s of run.standings) if (s.strategyId !== hostile) expect(s.faults).toBe(0)

    // The same players, rules and seed played in one call give the same aggregate, byte for byte.
    const [stored] = await db().select().from(runs).where(eq(runs.id, started.body.runId))
    const tft = findClassic('tit-for-tat')!
    const grudger = findClassic('grudger')!
    const players = [
      { id: 'tit-for-tat', name: tft.name, source: tft.source },
      { id: hostile, name: 'Hostile', source: hostileSource },
      { id: 'grudger', name: grudger.name, source: grudger.source },
    ]
    const runner = createWorkerdRunner()
    const direct = await playTournament(runner, players, { rules: { turns: 6, noise: 0.05 }, repetitions: 2, seed: run.seed })
    runner.dispose()
    const queued = await aggregateRun(db(), stored!)
    expect(JSON.stringify(queued)).toBe(JSON.stringify(direct))
    expect(run.standings.map((s: any) => [s.strategyId, s.meanScore, s.medianScore, s.wins, s.faults])).toEqual(
      direct.standings.map((s) => [s.id, s.meanScore, s.medianScore, s.wins, s.faults]),
    )
  })
})
