/**
 * GET /api/tournaments/:id/history: the latest finished runs, newest first,
 * each with the standings' rank, strategy, name and score, agreeing with the
 * run view; unfinished runs are left out.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { get, newUser, post, seedClassics, tournamentWith } from './helpers'

beforeAll(seedClassics)

async function runToEnd(tournamentId: string, token: string): Promise<any> {
  const started = await post<{ runId: string }>(`/api/tournaments/${tournamentId}/runs`, token, {})
  expect(started.status).toBe(201)
  let body: any
  await vi.waitUntil(
    async () => {
      body = (await get(`/api/runs/${started.body.runId}`)).body
      return body.status === 'finished'
    },
    { timeout: 60_000, interval: 100 },
  )
  return body
}

describe('a tournament history', () => {
  it('is empty before any run has finished, and 404 for no tournament', async () => {
    const host = await newUser('hist')
    const id = await tournamentWith(host, ['tit-for-tat', 'defector'])
    const res = await get(`/api/tournaments/${id}/history`)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ tournamentId: id, game: 'dilemma', runs: [] })
    expect((await get('/api/tournaments/no-such/history')).status).toBe(404)
    expect((await get(`/api/tournaments/${id}/history?limit=51`)).status).toBe(400)
  })

  it('lists finished runs newest first with the standings of each, as the run view has them', async () => {
    const host = await newUser('hist')
    const id = await tournamentWith(host, ['tit-for-tat', 'defector', 'cooperator'])
    const first = await runToEnd(id, host.token)
    const second = await runToEnd(id, host.token)
    const res = await get(`/api/tournaments/${id}/history`)
    expect(res.status).toBe(200)
    expect(res.body.runs.map((r: any) => r.id)).toEqual([second.id, first.id])
    for (const [shown, run] of [
      [res.body.runs[0], second],
      [res.body.runs[1], first],
    ]) {
      expect(shown.finishedAt).toBe(run.finishedAt)
      expect(shown.standings).toEqual(run.standings.map((s: any) => ({ rank: s.rank, strategyId: s.strategyId, name: s.name, score: s.medianScore })))
    }
    const one = await get(`/api/tournaments/${id}/history?limit=1`)
    expect(one.body.runs.map((r: any) => r.id)).toEqual([second.id])
  })
})
