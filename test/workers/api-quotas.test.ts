/**
 * Quotas through the API, inside workerd with a real local D1 and miniflare's
 * real rate-limiting counters: every limit's 429 (which limit, its size, when
 * it resets, Retry-After), that a refused request changed nothing, that a new
 * window starts afresh, that requests refused for their input cost nothing,
 * that the house and the schedule are exempt, and one entry per account.
 *
 * The hourly and daily quotas are the production numbers (src/quotas.ts). To
 * reach one cheaply, a test sets the account's counter for the current window
 * the way earlier use would have left it, then makes the real requests.
 */
import { env } from 'cloudflare:workers'
import { and, eq, inArray } from 'drizzle-orm'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { startRun, type RunSpec } from '../../src/jobs/runs'
import { BURST_LIMITS, MAX_ENTRIES_PER_ACCOUNT, QUOTAS, QuotaExceededError, quotaUsage, takeQuota, WINDOW_MS, windowStart, type QuotaName } from '../../src/quotas'
import { accounts, apiTokens, HOUSE_ACCOUNT_ID, issueApiToken, quotaCounters, runs, strategies, strategyVersions, tournamentEntries, tournaments } from '../../src/store'
import { call, db, get, newStrategy, newUser, post, seedClassics, tournamentWith } from './helpers'

beforeAll(seedClassics)

const TFT = "export default function move(view) {\n  return view.round === 0 ? 'C' : view.their[view.round - 1]\n}\n"
const rules = { turns: 1, repetitions: 1 }

/** Leave `count` units of `quota` used in the window of `at`, as earlier requests would have. */
async function setCounter(accountId: string, quota: QuotaName, count: number, at: Date = new Date()): Promise<void> {
  const start = windowStart(QUOTAS[quota].window, at)
  await db()
    .insert(quotaCounters)
    .values({ accountId, quota, windowStart: start, count })
    .onConflictDoUpdate({ target: [quotaCounters.accountId, quotaCounters.quota, quotaCounters.windowStart], set: { count } })
}

const used = async (accountId: string, quota: QuotaName) => (await quotaUsage(db(), accountId))[quota]

async function send(method: string, path: string, token: string | undefined, json?: unknown, headers: Record<string, string> = {}) {
  const res = await call(path, { method, token, json, headers })
  const text = await res.text()
  return { status: res.status, body: (text ? JSON.parse(text) : null) as any, retryAfter: res.headers.get('retry-after') }
}

/** A 429 of an hourly or daily quota: its name and size, the next window's start, and Retry-After up to it. */
function expectQuota429(res: Awaited<ReturnType<typeof send>>, quota: QuotaName, before: Date): void {
  expect(res.status, JSON.stringify(res.body)).toBe(429)
  const { limit, window } = QUOTAS[quota]
  const resetAt = new Date(windowStart(window, before).getTime() + WINDOW_MS[window])
  expect(res.body).toEqual({ error: { code: 'quota_exceeded', message: expect.stringContaining(quota), quota, limit, resetAt: resetAt.toISOString() } })
  expect(res.body.error.message).toContain(`at most ${limit}`)
  const seconds = Number(res.retryAfter)
  expect(Number.isInteger(seconds)).toBe(true)
  expect(seconds).toBeGreaterThanOrEqual(1)
  expect(Math.abs(seconds - (resetAt.getTime() - Date.now()) / 1000)).toBeLessThan(5)
}

describe('burst limits (the rate-limiting binding)', () => {
  it('writes-per-10s: a burst of writes from one account is refused with 429 and writes nothing; others and reads go on', async () => {
    const user = await newUser('burst')
    const other = await newUser('calm')
    const { limit, period } = BURST_LIMITS['writes-per-10s']
    // limit + 1 writes at once: refused unless the binding's window happened to turn in the middle, then again.
    const results: Awaited<ReturnType<typeof send>>[] = []
    for (let round = 0; round < 5 && !results.some((r) => r.status === 429); round++) {
      results.push(...(await Promise.all(Array.from({ length: limit + 1 }, (_, i) => send('POST', '/api/tokens', user.token, { label: `burst ${round}.${i}` })))))
    }
    expect(results.every((r) => r.status === 201 || r.status === 429)).toBe(true)
    const created = results.filter((r) => r.status === 201).length
    const refused = results.find((r) => r.status === 429)
    expect(refused).toBeDefined()
    expect(created).toBeGreaterThanOrEqual(limit)
    expect(refused!.body).toEqual({ error: { code: 'rate_limited', message: expect.stringContaining(`at most ${limit} requests every ${period} seconds per account`), quota: 'writes-per-10s', limit, resetAt: expect.any(String) } })
    // The binding does not say when its window ends: the period is the upper bound given.
    expect(refused!.retryAfter).toBe(String(period))
    const resetAt = Date.parse(refused!.body.error.resetAt)
    expect(resetAt).toBeGreaterThan(Date.now())
    expect(resetAt).toBeLessThanOrEqual(Date.now() + period * 1000)

    // Every refused request wrote nothing: one token from sign-up plus one per 201.
    const tokens = await db().select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.accountId, user.id))
    expect(tokens).toHaveLength(1 + created)
    // Another account is not affected, and reads are not limited.
    expect((await send('POST', '/api/tokens', other.token, { label: 'fine' })).status).toBe(201)
    expect((await send('GET', '/api/tokens', user.token)).status).toBe(200)
  })

  it('anonymous-writes-per-minute: sign-ups and verifications from one client IP are refused with 429', async () => {
    const ip = `203.0.113.${1 + Math.floor(Math.random() * 254)}`
    const { limit, period } = BURST_LIMITS['anonymous-writes-per-minute']
    const handles: string[] = []
    let refused: Awaited<ReturnType<typeof send>> | undefined
    for (let i = 0; i < 2 * limit + 1 && !refused; i++) {
      const handle = `anon-${Date.now().toString(36)}-${i}`
      const res = await send('POST', '/api/accounts', undefined, { handle }, { 'cf-connecting-ip': ip })
      if (res.status === 201) handles.push(handle)
      else if (res.status === 429) refused = { ...res, body: { ...res.body, handle } }
      else throw new Error(`${res.status} ${JSON.stringify(res.body)}`)
    }
    expect(refused).toBeDefined()
    expect(handles.length).toBeGreaterThanOrEqual(limit)
    expect(refused!.body.error).toMatchObject({ code: 'rate_limited', quota: 'anonymous-writes-per-minute', limit })
    expect(refused!.retryAfter).toBe(String(period))
    // The refused sign-up made no account.
    expect(await db().select().from(accounts).where(eq(accounts.handle, refused!.body.handle))).toEqual([])
    expect(await db().select({ id: accounts.id }).from(accounts).where(inArray(accounts.handle, handles))).toHaveLength(handles.length)
    // The same IP's verifications share the budget (refused before the match is even looked up); another IP is not affected.
    expect((await send('POST', '/api/matches/nope-1-1/verify', undefined, undefined, { 'cf-connecting-ip': ip })).status).toBe(429)
    expect((await send('POST', '/api/accounts', undefined, { handle: `anon-other-${Date.now().toString(36)}` }, { 'cf-connecting-ip': '198.51.100.7' })).status).toBe(201)
  })
})

describe('hourly and daily quotas (counters in D1)', () => {
  it('strategy-versions-per-hour: uploads and new versions count; a refused upload gives its unit back; the 429 changes nothing', async () => {
    const user = await newUser('versions')
    const quota = 'strategy-versions-per-hour'
    const { limit } = QUOTAS[quota]
    // Refused for their input: nothing counted (a 400 before the quota, a 422 after the sandbox gave the unit back).
    expect((await send('POST', '/api/strategies', user.token, { source: TFT })).status).toBe(400)
    expect((await send('POST', '/api/strategies', user.token, { name: 'Broken', source: 'export default 1 +\n' })).status).toBe(422)
    expect(await used(user.id, quota)).toBe(0)
    const first = await send('POST', '/api/strategies', user.token, { name: 'First', source: TFT })
    expect(first.status).toBe(201)
    expect(await used(user.id, quota)).toBe(1)

    await setCounter(user.id, quota, limit - 1)
    expect((await send('PUT', `/api/strategies/${first.body.id}`, user.token, { source: `${TFT}// v2\n` })).status).toBe(200) // the last unit
    expect(await used(user.id, quota)).toBe(limit)
    const before = new Date()
    expectQuota429(await send('POST', '/api/strategies', user.token, { name: 'One too many', source: TFT }), quota, before)
    expectQuota429(await send('PUT', `/api/strategies/${first.body.id}`, user.token, { source: `${TFT}// v3\n` }), quota, before)

    // Nothing was written by the refused requests, and the counter stays at the limit.
    expect(await db().select({ id: strategies.id }).from(strategies).where(eq(strategies.ownerId, user.id))).toEqual([{ id: first.body.id }])
    expect((await db().select().from(strategyVersions).where(eq(strategyVersions.strategyId, first.body.id))).map((v) => v.version).sort()).toEqual([1, 2])
    expect(await used(user.id, quota)).toBe(limit)
  })

  it('a window that has ended does not count: a full counter from the last hour or day leaves this one free', async () => {
    const user = await newUser('fresh')
    const now = new Date()
    await setCounter(user.id, 'strategy-versions-per-hour', QUOTAS['strategy-versions-per-hour'].limit, new Date(now.getTime() - WINDOW_MS.hour))
    await setCounter(user.id, 'tournaments-per-day', QUOTAS['tournaments-per-day'].limit, new Date(now.getTime() - WINDOW_MS.day))
    expect((await send('POST', '/api/strategies', user.token, { name: 'New hour', source: TFT })).status).toBe(201)
    expect((await send('POST', '/api/tournaments', user.token, { name: 'New day', rules })).status).toBe(201)

    // The same, with the clock passed in: the last unit of this hour, refused, then the next hour's first.
    const quota = 'strategy-versions-per-hour'
    const hour = windowStart('hour', now)
    await setCounter(user.id, quota, QUOTAS[quota].limit - 1, hour)
    const lastMs = new Date(hour.getTime() + WINDOW_MS.hour - 1)
    await expect(takeQuota(db(), user.id, quota, lastMs)).resolves.toMatchObject({ count: QUOTAS[quota].limit, windowStart: hour })
    const refused = await takeQuota(db(), user.id, quota, lastMs).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(QuotaExceededError)
    expect(refused).toMatchObject({ code: 'quota_exceeded', quota, limit: QUOTAS[quota].limit, resetAt: new Date(hour.getTime() + WINDOW_MS.hour) })
    await expect(takeQuota(db(), user.id, quota, new Date(hour.getTime() + WINDOW_MS.hour))).resolves.toMatchObject({ count: 1 })
    // Windows are UTC hours and days.
    expect(windowStart('day', new Date('2026-03-29T23:59:59.999Z')).toISOString()).toBe('2026-03-29T00:00:00.000Z')
    expect(windowStart('hour', new Date('2026-03-29T01:30:00+02:00')).toISOString()).toBe('2026-03-28T23:00:00.000Z')
  })

  it('tournaments-per-day: the 11th tournament of the day is refused; invalid ones do not count; the house is exempt', async () => {
    const host = await newUser('daily')
    const quota = 'tournaments-per-day'
    const { limit } = QUOTAS[quota]
    expect((await send('POST', '/api/tournaments', host.token, { name: 'Bad', rules: { turns: 0 } })).status).toBe(400)
    for (let i = 0; i < limit; i++) expect((await send('POST', '/api/tournaments', host.token, { name: `Cup ${i}`, rules })).status).toBe(201)
    const before = new Date()
    const refused = await send('POST', '/api/tournaments', host.token, { name: 'One too many', rules })
    expectQuota429(refused, quota, before)
    expect(refused.body.error.resetAt).toMatch(/T00:00:00\.000Z$/)
    expect(await db().select({ id: tournaments.id }).from(tournaments).where(eq(tournaments.hostId, host.id))).toHaveLength(limit)

    // The house account (the classics' owner) counts nothing.
    const { token } = await issueApiToken(db(), HOUSE_ACCOUNT_ID)
    for (let i = 0; i <= limit; i++) expect((await send('POST', '/api/tournaments', token, { name: `House cup ${i}`, rules })).status).toBe(201)
    expect(await db().select().from(quotaCounters).where(eq(quotaCounters.accountId, HOUSE_ACCOUNT_ID))).toEqual([])
  })

  it('counts atomically: requests at once never take more than the quota has left', async () => {
    const host = await newUser('racer')
    const quota = 'tournaments-per-day'
    await setCounter(host.id, quota, QUOTAS[quota].limit - 2)
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => send('POST', '/api/tournaments', host.token, { name: `Race ${i}`, rules })))
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 429, 429, 429, 429])
    expect(await db().select({ id: tournaments.id }).from(tournaments).where(eq(tournaments.hostId, host.id))).toHaveLength(2)
    expect(await used(host.id, quota)).toBe(QUOTAS[quota].limit)
  })

  it('runs-per-day: the host’s runs count, refused starts do not, and the schedule’s runs count against nobody', async () => {
    const host = await newUser('runner')
    const quota = 'runs-per-day'
    const { limit } = QUOTAS[quota]
    const lonely = await tournamentWith(host, ['tit-for-tat'], rules)
    expect((await send('POST', `/api/tournaments/${lonely}/runs`, host.token, {})).status).toBe(400) // one entrant: refused before counting
    const id = await tournamentWith(host, ['tit-for-tat', 'defector'], rules)
    expect(await used(host.id, quota)).toBe(0)

    await setCounter(host.id, quota, limit - 1)
    const started = await send('POST', `/api/tournaments/${id}/runs`, host.token, {})
    expect(started.status).toBe(201)
    const before = new Date()
    expectQuota429(await send('POST', `/api/tournaments/${id}/runs`, host.token, {}), quota, before)
    expect(await db().select({ id: runs.id }).from(runs).where(eq(runs.tournamentId, id))).toEqual([{ id: started.body.runId }])

    // What the schedule does: start a run for nobody (requestedBy null). Allowed, and nothing counted.
    const sent: unknown[] = []
    const quietEnv = { ...env, RUNS: { sendBatch: async (ms: unknown[]) => void sent.push(...ms) } } as never
    const spec: RunSpec = {
      tournamentId: id,
      requestedBy: null,
      players: [
        { strategyId: 'tit-for-tat', version: 1, name: 'Tit For Tat' },
        { strategyId: 'defector', version: 1, name: 'Defector' },
      ],
      rules: { turns: 1 },
      repetitions: 1,
      identities: null,
    }
    const scheduled = await startRun(quietEnv, db(), spec)
    expect(scheduled.requestedBy).toBeNull()
    expect(await used(host.id, quota)).toBe(limit)
    // Charged to the host, the same run is refused before anything is stored or sent...
    await expect(startRun(quietEnv, db(), { ...spec, requestedBy: host.id })).rejects.toBeInstanceOf(QuotaExceededError)
    expect(await db().select({ id: runs.id }).from(runs).where(eq(runs.tournamentId, id))).toHaveLength(2)
    expect(sent).toHaveLength(1)
    // ...and allowed again tomorrow (the clock passed in).
    const tomorrow = new Date(windowStart('day', new Date()).getTime() + WINDOW_MS.day)
    expect((await startRun(quietEnv, db(), { ...spec, requestedBy: host.id }, tomorrow)).requestedBy).toBe(host.id)
    expect(await db().select().from(quotaCounters).where(and(eq(quotaCounters.accountId, host.id), eq(quotaCounters.quota, quota)))).toEqual(
      expect.arrayContaining([expect.objectContaining({ windowStart: tomorrow, count: 1 }), expect.objectContaining({ count: limit })]),
    )

    // Leave nothing in flight: the run started through the API finishes on the real queue.
    await vi.waitUntil(async () => (await get(`/api/runs/${started.body.runId}`)).body.status === 'finished', { timeout: 60_000, interval: 100 })
  })
})

describe('one entry per account per tournament', () => {
  it('refuses a second strategy of the same owner with 409 naming the limit and the way out', async () => {
    const host = await newUser('host')
    const alice = await newUser('alice')
    const [a1, a2] = [await newStrategy(alice.id, 'A1', TFT), await newStrategy(alice.id, 'A2', TFT)]
    const t = await send('POST', '/api/tournaments', host.token, { name: 'One each', rules })
    expect((await get(`/api/tournaments/${t.body.id}`)).body.maxEntriesPerAccount).toBe(1)

    expect((await send('POST', `/api/tournaments/${t.body.id}/entries`, alice.token, { strategyId: a1 })).status).toBe(201)
    const second = await send('POST', `/api/tournaments/${t.body.id}/entries`, alice.token, { strategyId: a2 })
    expect(second.status).toBe(409)
    expect(second.body.error).toMatchObject({ code: 'conflict', field: 'strategyId' })
    for (const part of ['at most 1 strategy per account', 'maxEntriesPerAccount', a1, `DELETE /api/tournaments/${t.body.id}/entries/`]) expect(second.body.error.message).toContain(part)
    const entered = async (id: string) => (await db().select({ id: tournamentEntries.strategyId }).from(tournamentEntries).where(eq(tournamentEntries.tournamentId, id))).map((e) => e.id).sort()
    expect(await entered(t.body.id)).toEqual([a1])
    // The way out works: withdraw one, enter the other.
    expect((await send('DELETE', `/api/tournaments/${t.body.id}/entries/${a1}`, alice.token)).status).toBe(200)
    expect((await send('POST', `/api/tournaments/${t.body.id}/entries`, alice.token, { strategyId: a2 })).status).toBe(201)

    // The house classics the host enters have no share; the host's own strategies do.
    const classics = ['tit-for-tat', 'defector', 'cooperator', 'grudger', 'alternator']
    for (const strategyId of classics) expect((await send('POST', `/api/tournaments/${t.body.id}/entries`, host.token, { strategyId })).status).toBe(201)
    const [h1, h2] = [await newStrategy(host.id, 'H1', TFT), await newStrategy(host.id, 'H2', TFT)]
    expect((await send('POST', `/api/tournaments/${t.body.id}/entries`, host.token, { strategyId: h1 })).status).toBe(201)
    expect((await send('POST', `/api/tournaments/${t.body.id}/entries`, host.token, { strategyId: h2 })).status).toBe(409)
    expect(await entered(t.body.id)).toEqual([a2, h1, ...classics].sort())
  })

  it('takes as many as the host allows, counts live strategies only, and checks the setting', async () => {
    const host = await newUser('host')
    const bob = await newUser('bob')
    const [b1, b2, b3] = [await newStrategy(bob.id, 'B1', TFT), await newStrategy(bob.id, 'B2', TFT), await newStrategy(bob.id, 'B3', TFT)]
    const t = await send('POST', '/api/tournaments', host.token, { name: 'Pairs', rules, maxEntriesPerAccount: 2 })
    expect(t.status).toBe(201)
    expect((await get(`/api/tournaments/${t.body.id}`)).body.maxEntriesPerAccount).toBe(2)
    expect((await get('/api/tournaments?limit=1')).body.entries[0]).toMatchObject({ id: t.body.id, maxEntriesPerAccount: 2 })
    for (const strategyId of [b1, b2]) expect((await send('POST', `/api/tournaments/${t.body.id}/entries`, bob.token, { strategyId })).status).toBe(201)
    const third = await send('POST', `/api/tournaments/${t.body.id}/entries`, bob.token, { strategyId: b3 })
    expect(third.status).toBe(409)
    expect(third.body.error.message).toContain('at most 2 strategies per account')
    // A retired strategy plays no more, so it no longer takes a place.
    expect((await send('DELETE', `/api/strategies/${b1}`, bob.token)).status).toBe(204)
    expect((await send('POST', `/api/tournaments/${t.body.id}/entries`, bob.token, { strategyId: b3 })).status).toBe(201)

    for (const bad of [0, MAX_ENTRIES_PER_ACCOUNT + 1, 1.5, '2', null]) {
      const res = await send('POST', '/api/tournaments', host.token, { name: 'Bad', rules, maxEntriesPerAccount: bad })
      expect(res.status, String(bad)).toBe(400)
      expect(res.body.error).toMatchObject({ code: 'invalid_input', field: 'maxEntriesPerAccount' })
    }
  })

  it('lets only one of several entries sent at once in', async () => {
    const host = await newUser('host')
    const carol = await newUser('carol')
    const mine = [await newStrategy(carol.id, 'C1', TFT), await newStrategy(carol.id, 'C2', TFT), await newStrategy(carol.id, 'C3', TFT)]
    const t = await send('POST', '/api/tournaments', host.token, { name: 'Race', rules })
    const results = await Promise.all(mine.map((strategyId) => send('POST', `/api/tournaments/${t.body.id}/entries`, carol.token, { strategyId })))
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409])
    expect(await db().select().from(tournamentEntries).where(eq(tournamentEntries.tournamentId, t.body.id))).toHaveLength(1)
  })
})

describe('the OpenAPI document', () => {
  it('gives every write a 429 with Retry-After, and the error shape its limit fields', async () => {
    const doc = (await get('/api/openapi.json')).body
    const writes: string[] = []
    for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const method of ['post', 'put', 'patch', 'delete']) {
        const op = item[method]
        if (!op) continue
        writes.push(`${method} ${path}`)
        expect(op.responses['429'], `${method} ${path}`).toMatchObject({ headers: { 'Retry-After': expect.any(Object) } })
      }
    }
    expect(writes.length).toBeGreaterThanOrEqual(12)
    for (const [method, path] of [['post', '/api/strategies'], ['put', '/api/strategies/{id}'], ['post', '/api/tournaments'], ['post', '/api/tournaments/{id}/runs']] as const) {
      expect(doc.paths[path][method].responses['429'].description).toBe('rate_limited or quota_exceeded')
    }
    expect(Object.keys(doc.components.schemas.Error.properties.error.properties)).toEqual(['code', 'message', 'field', 'quota', 'limit', 'resetAt'])
  })
})
