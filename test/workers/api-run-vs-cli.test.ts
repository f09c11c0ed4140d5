/**
 * A run of classics played through the queue, started with seed S, gives the
 * same standings, scores and fault records as `arena tournament <the same
 * ids> --seed S --json`, byte for byte (the command line's output is made in
 * Node by test/setup/node-cli-tournament.ts).
 */
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { aggregateRun } from '../../src/jobs/finalize'
import { runs } from '../../src/store'
import { CLI_RUN } from '../shared/cli-run'
import { db, get, newUser, post, seedClassics, tournamentWith } from './helpers'

beforeAll(seedClassics)

describe('a run on the queue and the command line', () => {
  it('give byte-identical results for the same classics, rules and seed', async () => {
    const cli = JSON.parse(inject('cliTournament')) as Record<string, unknown>
    const host = await newUser('cli')
    const id = await tournamentWith(host, [...CLI_RUN.ids], { turns: CLI_RUN.turns, noise: CLI_RUN.noise, repetitions: CLI_RUN.repetitions })
    const started = await post<{ runId: string }>(`/api/tournaments/${id}/runs`, host.token, { seed: CLI_RUN.seed })
    expect(started.status).toBe(201)
    await vi.waitUntil(async () => (await get(`/api/runs/${started.body.runId}`)).body.status === 'finished', { timeout: 60_000, interval: 100 })
    const [stored] = await db().select().from(runs).where(eq(runs.id, started.body.runId))
    const queued = await aggregateRun(db(), stored!)
    // The command line adds the payoff classification as `classification`; the rest is the engine's TournamentResult.
    const { classification: _classification, ...fromCli } = cli
    expect(JSON.stringify(queued)).toBe(JSON.stringify(fromCli))
    expect((queued as { faults: unknown[] }).faults.length).toBe(CLI_RUN.ids.length)
    // And the API shows the same standings.
    const shown = (await get(`/api/runs/${started.body.runId}`)).body
    expect(shown.seed).toBe(CLI_RUN.seed)
    expect(shown.standings.map((s: { strategyId: string; meanScore: number }) => [s.strategyId, s.meanScore])).toEqual(
      (fromCli.standings as { id: string; meanScore: number }[]).map((s) => [s.id, s.meanScore]),
    )
  })

  it('refuses a seed that is not a 32-bit whole number', async () => {
    const host = await newUser('seed')
    const id = await tournamentWith(host, ['tit-for-tat', 'defector'])
    const res = await post(`/api/tournaments/${id}/runs`, host.token, { seed: -1 })
    expect(res.status).toBe(400)
    expect(res.body.error.field).toBe('seed')
  })
})
