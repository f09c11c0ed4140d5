/**
 * The scheduled handler end to end inside workerd, against real local D1 and
 * queues: due slots, a cron that fires twice, the slot rules, and runs
 * resumed after their messages were lost.
 */
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import worker from '../../src/index'
import type { RunBatchMessage } from '../../src/env'
import { STALL_MS, tick } from '../../src/jobs/tick'
import { consumeBatch } from '../../src/jobs/runs'
import { matches, runs, scheduleSlots, standings, tournaments } from '../../src/store'
import { db, get, newStrategy, newUser, post, seedClassics, tournamentWith } from './helpers'

beforeAll(seedClassics)

const HOUR = 3_600_000

/** The Worker's env with a queue that loses every message (as a stopped `npm start` does). */
function losingEnv(lost: RunBatchMessage[] = []) {
  return { env: { ...env, RUNS: { sendBatch: async (ms: { body: RunBatchMessage }[]) => void lost.push(...ms.map((m) => m.body)) } } as never, lost }
}

async function scheduledTournament(schedule = '0 * * * *', entrants = ['tit-for-tat', 'defector'], rules: object = { turns: 5, repetitions: 2 }) {
  const host = await newUser('host')
  const id = await tournamentWith(host, entrants, rules, { schedule })
  const [t] = await db().select().from(tournaments).where(eq(tournaments.id, id))
  return { host, id, createdAt: t!.createdAt.getTime() }
}

/** The top of the hour after `ms`. */
const nextHour = (ms: number) => Math.floor(ms / HOUR) * HOUR + HOUR

async function fire(scheduledTime: number) {
  const ctx = createExecutionContext()
  await worker.scheduled(createScheduledController({ scheduledTime, cron: '* * * * *' }) as never, env)
  await waitOnExecutionContext(ctx)
}

async function runsOf(tournamentId: string) {
  return db().select().from(runs).where(eq(runs.tournamentId, tournamentId)).orderBy(runs.createdAt)
}

async function slotsOf(tournamentId: string) {
  return db().select().from(scheduleSlots).where(eq(scheduleSlots.tournamentId, tournamentId)).orderBy(scheduleSlots.slot)
}

async function waitFinished(runId: string) {
  await vi.waitUntil(async () => (await db().select({ s: runs.status }).from(runs).where(eq(runs.id, runId)))[0]?.s === 'finished', { timeout: 60_000, interval: 100 })
}

describe('schedules', () => {
  it('shows nextRunAt, and refuses a schedule croner cannot read', async () => {
    const { id } = await scheduledTournament('30 6 * * 1')
    const shown = (await get(`/api/tournaments/${id}`)).body
    expect(shown.schedule).toBe('30 6 * * 1')
    const next = new Date(shown.nextRunAt)
    expect([next.getUTCDay(), next.getUTCHours(), next.getUTCMinutes()]).toEqual([1, 6, 30])
    expect(next.getTime()).toBeGreaterThan(Date.now())
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(7 * 24 * HOUR)

    const host = await newUser('host')
    for (const schedule of ['every hour', '* * * * * *', '61 * * * *', '0 0 30 2 *']) {
      const bad = await post('/api/tournaments', host.token, { name: 'Bad', rules: {}, schedule })
      expect(bad.status).toBe(400)
      expect(bad.body.error.code).toBe('invalid_input')
      expect(bad.body.error.message).toMatch(/^schedule: /)
    }
    const none = await post('/api/tournaments', host.token, { name: 'On demand', rules: {} })
    expect((await get(`/api/tournaments/${none.body.id}`)).body.nextRunAt).toBeNull()
  })

  it('the scheduled handler starts the due slot’s run, which plays to the end through the real queue', async () => {
    const { id, createdAt } = await scheduledTournament()
    const slot = nextHour(createdAt)
    await fire(slot - 1) // before the first slot after creation: nothing
    expect(await runsOf(id)).toHaveLength(0)
    await fire(slot + 30_000)
    const [run] = await runsOf(id)
    expect(run).toBeDefined()
    expect(run!.slot?.getTime()).toBe(slot)
    expect(run!.requestedBy).toBeNull()
    await waitFinished(run!.id)
    expect(await db().select().from(standings).where(eq(standings.runId, run!.id))).toHaveLength(2)
    expect((await slotsOf(id)).map((s) => [s.slot.getTime(), s.outcome, s.runId])).toEqual([[slot, 'started', run!.id]])
    // Later ticks in the same slot change nothing.
    await fire(slot + 120_000)
    expect(await runsOf(id)).toHaveLength(1)
  })

  it('a cron that fires twice makes one run', async () => {
    const { id, createdAt } = await scheduledTournament()
    const slot = nextHour(createdAt)
    const { env: lossy } = losingEnv()
    await Promise.all([tick(lossy, new Date(slot)), tick(lossy, new Date(slot)), tick(lossy, new Date(slot + 5_000))])
    expect(await runsOf(id)).toHaveLength(1)
    expect(await slotsOf(id)).toHaveLength(1)
  })

  it('skips a slot while the previous run is in progress, and after downtime runs only the latest missed slot', async () => {
    const { id, createdAt } = await scheduledTournament()
    const first = nextHour(createdAt)
    const { env: lossy } = losingEnv()
    await tick(lossy, new Date(first)) // its messages are lost: the run stays queued
    await tick(lossy, new Date(first + HOUR))
    let slots = await slotsOf(id)
    expect(slots.map((s) => s.outcome)).toEqual(['started', 'skipped'])
    expect(slots[1]!.reason).toMatch(/still in progress/)
    expect(await runsOf(id)).toHaveLength(1)

    // Much later (the stalled run is resumed by the same tick, after the slot rules saw it active).
    await fire(first + 5 * HOUR + 10_000)
    const [resumed] = await runsOf(id)
    await waitFinished(resumed!.id)
    // Downtime of hours 2-4, then a tick at hour 6: only that slot runs.
    await fire(first + 6 * HOUR + 10_000)
    slots = await slotsOf(id)
    expect(slots.map((s) => [s.slot.getTime() - first, s.outcome])).toEqual([
      [0, 'started'],
      [HOUR, 'skipped'],
      [5 * HOUR, 'skipped'],
      [6 * HOUR, 'started'],
    ])
    expect(await runsOf(id)).toHaveLength(2)
  })

  it('records a slot it cannot play (too few entrants) and plays the next one once there are entrants', async () => {
    const { id, host, createdAt } = await scheduledTournament('0 * * * *', ['tit-for-tat'])
    const slot = nextHour(createdAt)
    await fire(slot)
    const [refused] = await slotsOf(id)
    expect(refused).toMatchObject({ outcome: 'refused', runId: null })
    expect(refused!.reason).toMatch(/at least 2 entrants/)
    expect(await runsOf(id)).toHaveLength(0)
    expect((await post(`/api/tournaments/${id}/entries`, host.token, { strategyId: 'grudger' })).status).toBe(201)
    await fire(slot + HOUR)
    expect(await runsOf(id)).toHaveLength(1)
  })
})

describe('resuming', () => {
  it('an interrupted run, resumed by a tick, ends byte-identical to an uninterrupted one', async () => {
    const entrants = ['tit-for-tat', 'defector', 'grudger', 'random', 'alternator']
    const rules = { turns: 12, repetitions: 3, noise: 0.05 }
    const host = await newUser('host')
    const straight = await tournamentWith(host, entrants, rules)
    const interrupted = await tournamentWith(host, entrants, rules)

    const a = await post<{ runId: string }>(`/api/tournaments/${straight}/runs`, host.token, { seed: 4242 })
    await waitFinished(a.body.runId)

    // The other run: its messages are lost; two batches are played, one was claimed by a consumer that died (its lease is over).
    const { startRun } = await import('../../src/jobs/runs')
    const { runSpecFor } = await import('../../src/jobs/run-spec')
    const [t] = await db().select().from(tournaments).where(eq(tournaments.id, interrupted))
    const { env: lossy, lost } = losingEnv()
    const started = new Date()
    const run = await startRun(lossy, db(), await runSpecFor(db(), t!, { requestedBy: host.id, seed: 4242 }), started, { jobsPerBatch: 4 })
    expect(lost.length).toBeGreaterThan(3)
    await consumeBatch(lossy, lost[0]!, started)
    await consumeBatch(lossy, lost[2]!, started)
    // Part-way, its matches are listed without their seeds (they come from the run's seed, secret until it finishes).
    const partway = (await get(`/api/runs/${run.id}/matches`)).body.entries
    expect(partway.length).toBeGreaterThan(0)
    for (const m of partway) expect(m.seed).toBeNull()
    const { runBatches } = await import('../../src/store')
    await db()
      .update(runBatches)
      .set({ status: 'running', leaseExpiresAt: new Date(started.getTime() - 1) })
      .where(and(eq(runBatches.runId, run.id), eq(runBatches.batch, lost[1]!.batch)))

    // A tick before the run counts as stalled resends nothing; one after does, through the real queue.
    expect((await tick(env, new Date(started.getTime() + 10_000))).resumed).toEqual([])
    const report = await tick(env, new Date(started.getTime() + STALL_MS + 60_000))
    expect(report.resumed).toEqual([{ runId: run.id, batches: lost.length - 2 }])
    await waitFinished(run.id)

    const strip = (rows: Record<string, unknown>[]) => rows.map(({ runId, createdAt, ...rest }) => rest)
    const matchesOf = (id: string) => db().select().from(matches).where(eq(matches.runId, id)).orderBy(matches.jobIndex, matches.repetition)
    expect(JSON.stringify(strip(await matchesOf(run.id)))).toBe(JSON.stringify(strip(await matchesOf(a.body.runId))))
    for (const m of (await get(`/api/runs/${run.id}/matches`)).body.entries) expect(typeof m.seed).toBe('number')
    const standingsOf = async (id: string) => (await get(`/api/runs/${id}`)).body
    const [x, y] = [await standingsOf(run.id), await standingsOf(a.body.runId)]
    expect(JSON.stringify(x.standings)).toBe(JSON.stringify(y.standings))
    expect(JSON.stringify(x.payoffMatrix)).toBe(JSON.stringify(y.payoffMatrix))
  })

  it('repeats a finalize that did not complete', async () => {
    const host = await newUser('host')
    // Strategies of its own, so that undoing this run's effects below leaves the store as it was before it.
    const id = await tournamentWith(host, [await newStrategy(host.id, 'C', "export default () => 'C'"), await newStrategy(host.id, 'D', "export default () => 'D'")])
    const started = await post<{ runId: string }>(`/api/tournaments/${id}/runs`, host.token, {})
    await waitFinished(started.body.runId)
    // As if the finalizing consumer died before its batch committed.
    const runId = started.body.runId
    const { ratingHistory, reputation, headToHead, ratings } = await import('../../src/store')
    const before = (await get(`/api/runs/${runId}`)).body
    await db().delete(standings).where(eq(standings.runId, runId))
    await db().delete(ratingHistory).where(eq(ratingHistory.runId, runId))
    for (const table of [reputation, headToHead, ratings]) await db().delete(table).where(eq(table.lastRunId, runId))
    const old = new Date(Date.now() - 10 * 60_000)
    await db().update(runs).set({ status: 'finalizing', finishedAt: old }).where(eq(runs.id, runId))
    expect((await get(`/api/runs/${runId}`)).body.status).toBe('running')
    const report = await tick(env)
    expect(report.finalized).toContain(runId)
    const after = (await get(`/api/runs/${runId}`)).body
    expect(after.status).toBe('finished')
    expect(after.standings).toEqual(before.standings)
  })

  it('a batch whose work failed is given back at once, not left to its lease, and plays on the next delivery', async () => {
    const host = await newUser('host')
    const mine = await newStrategy(host.id, 'Soon gone', "export default () => 'C'")
    const id = await tournamentWith(host, ['tit-for-tat', mine], { turns: 4, repetitions: 1 })
    const [t] = await db().select().from(tournaments).where(eq(tournaments.id, id))
    const { env: lossy, lost } = losingEnv()
    const { startRun } = await import('../../src/jobs/runs')
    const { runSpecFor } = await import('../../src/jobs/run-spec')
    const { runBatches, strategyVersions } = await import('../../src/store')
    const run = await startRun(lossy, db(), await runSpecFor(db(), t!, { requestedBy: host.id }))
    // The source cannot be read (as with a failing database read): playing the batch throws.
    const [version] = await db().delete(strategyVersions).where(eq(strategyVersions.strategyId, mine)).returning()
    await expect(consumeBatch(lossy, lost[0]!)).rejects.toThrow()
    const [batch] = await db().select().from(runBatches).where(eq(runBatches.runId, run.id))
    expect(batch).toMatchObject({ status: 'queued', leaseExpiresAt: null, attempts: 1 })
    await db().insert(strategyVersions).values(version!)
    expect(await consumeBatch(lossy, lost[0]!)).toBe('played')
    await waitFinished(run.id)
  })

  it('the dead-letter handler waits for a live consumer, and a claim that was taken over changes no status', async () => {
    const host = await newUser('host')
    const id = await tournamentWith(host, [await newStrategy(host.id, 'C', "export default () => 'C'"), await newStrategy(host.id, 'D', "export default () => 'D'")], { turns: 4, repetitions: 1 })
    const [t] = await db().select().from(tournaments).where(eq(tournaments.id, id))
    const { env: lossy, lost } = losingEnv()
    const { startRun, deadLetterBatch } = await import('../../src/jobs/runs')
    const { runSpecFor } = await import('../../src/jobs/run-spec')
    const { runBatches, recordBatch, jobResults } = await import('../../src/store')
    const run = await startRun(lossy, db(), await runSpecFor(db(), t!, { requestedBy: host.id }))
    const where = and(eq(runBatches.runId, run.id), eq(runBatches.batch, 0))
    // A live consumer holds the batch: the dead-letter copy of its message waits.
    await db().update(runBatches).set({ status: 'running', attempts: 1, leaseExpiresAt: new Date(Date.now() + 60_000) }).where(where)
    expect(await deadLetterBatch(lossy, lost[0]!)).toBe('busy')
    expect(await db().select().from(jobResults).where(eq(jobResults.runId, run.id))).toEqual([])
    // Its lease over, the dead-letter handler takes the batch over (attempt 2) and records it as failed ...
    await db().update(runBatches).set({ leaseExpiresAt: new Date(Date.now() - 1) }).where(where)
    expect(await deadLetterBatch(lossy, lost[0]!)).toBe('played')
    // ... and the first consumer, finishing late with attempt 1, cannot turn it into `done`.
    await recordBatch(db(), run.id, 0, [], [], new Date(), { attempt: 1 })
    const [batch] = await db().select().from(runBatches).where(where)
    expect(batch).toMatchObject({ status: 'failed', attempts: 2 })
    await waitFinished(run.id)
    expect((await get(`/api/runs/${run.id}`)).body.error).toMatch(/infrastructure errors/)
  })
})
