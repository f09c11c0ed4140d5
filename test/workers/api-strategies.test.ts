/**
 * Strategies through the API, inside workerd with a real local D1 and the
 * real sandbox: upload (validated against classics), versions, retirement,
 * profiles and lists, who sees a source, and every way a request is refused.
 */
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { call, signUp, unique, type Json } from './api-calls'
import { CLASSICS, ALL_CLASSICS } from '../../src/classics'
import { createDb, matches, runs, seedStatements, tournaments } from '../../src/store'


const TFT = "export default function move(view) {\n  return view.round === 0 ? 'C' : view.their[view.round - 1]\n}\n"
const SECRET = "// secret sauce 42\nexport default function move(view) {\n  return view.round % 3 === 2 ? 'D' : 'C'\n}\n"

async function upload(token: string, extra: Json = {}) {
  const res = await call('POST', '/api/strategies', { token, body: { name: 'Mine', source: TFT, ...extra } })
  expect(res.status, res.text).toBe(201)
  return res.body
}

async function listAll(token?: string): Promise<Json[]> {
  const all: Json[] = []
  let cursor: string | null = null
  do {
    const res = await call('GET', `/api/strategies?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token })
    expect(res.status).toBe(200)
    all.push(...res.body.entries)
    cursor = res.body.nextCursor
  } while (cursor)
  return all
}

beforeAll(async () => {
  await env.DB.batch((await seedStatements()).map((s) => env.DB.prepare(s)))
})

describe('strategies', () => {
  it('lists the built-ins (45 Axelrod classics + 5 examples) and shows tit-for-tat with its public source', async () => {
    const all = await listAll()
    const ids = all.map((e) => e.id)
    for (const c of CLASSICS) expect(ids).toContain(c.id)
    expect(all.every((e) => !('source' in e))).toBe(true)
    const res = await call('GET', '/api/strategies/tit-for-tat')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ id: 'tit-for-tat', owner: 'house', public: true, retired: false, version: 1, recentMatches: [] })
    expect(res.body.source).toBe(CLASSICS.find((c) => c.id === 'tit-for-tat')!.source)
    expect((await call('GET', '/api/strategies/nope')).status).toBe(404)
  })

  it('pages lists with limit and cursor', async () => {
    const first = await call('GET', '/api/strategies?limit=2')
    expect(first.body.entries).toHaveLength(2)
    const second = await call('GET', `/api/strategies?limit=2&cursor=${first.body.nextCursor}`)
    expect(second.body.entries[0].id > first.body.entries[1].id).toBe(true)
    const house = await call('GET', '/api/strategies?owner=house&limit=100')
    expect(house.body.entries).toHaveLength(ALL_CLASSICS.length)
    expect(house.body.nextCursor).toBeNull()
    for (const q of ['limit=0', 'limit=101', 'limit=abc', 'cursor=']) {
      const res = await call('GET', `/api/strategies?${q}`)
      expect(res.status, q).toBe(400)
      expect(res.body.error.field).toBe(q.split('=')[0])
    }
  })

  it('uploads a strategy after playing it against classics, then adds a version and retires it', async () => {
    const { token, handle } = await signUp()
    const created = await upload(token, { description: 'copies', public: true })
    expect(created).toMatchObject({ name: 'Mine', owner: handle, description: 'copies', public: true, version: 1, source: TFT })
    expect(created.behaviour).toMatchObject({ matches: 3, nice: true })
    expect(created.versions).toHaveLength(1)
    expect(created.versions[0].faults).toEqual([])

    const put = await call('PUT', `/api/strategies/${created.id}`, { token, body: { source: SECRET, description: 'v2' } })
    expect(put.status, put.text).toBe(200)
    expect(put.body).toMatchObject({ id: created.id, version: 2, description: 'v2', source: SECRET })
    expect(put.body.versions.map((v: Json) => v.version)).toEqual([2, 1])

    expect((await listAll()).map((e) => e.id)).toContain(created.id)
    expect((await call('DELETE', `/api/strategies/${created.id}`, { token })).status).toBe(204)
    const after = await call('GET', `/api/strategies/${created.id}`)
    expect(after.body).toMatchObject({ retired: true, retiredAt: expect.any(String) })
    expect((await listAll()).map((e) => e.id)).not.toContain(created.id)
    expect((await call('PUT', `/api/strategies/${created.id}`, { token, body: { source: TFT } })).status).toBe(409)
  })

  it("serves any version's source to everyone when public, to the owner alone when private", async () => {
    const { token } = await signUp()
    const pub = await upload(token, { public: true })
    expect((await call('PUT', `/api/strategies/${pub.id}`, { token, body: { source: SECRET } })).status).toBe(200)
    const v1 = await call('GET', `/api/strategies/${pub.id}/versions/1`)
    expect(v1.status, v1.text).toBe(200)
    expect(v1.body).toMatchObject({ id: pub.id, name: 'Mine', version: 1, source: TFT })
    expect(v1.body.sourceHash).toBe(pub.versions[0].sourceHash)
    expect((await call('GET', `/api/strategies/${pub.id}/versions/2`)).body.source).toBe(SECRET)
    const missing = await call('GET', `/api/strategies/${pub.id}/versions/3`)
    expect(missing.status).toBe(404)
    expect(missing.body.error).toMatchObject({ code: 'not_found', field: 'version' })
    expect((await call('GET', `/api/strategies/${pub.id}/versions/0`)).status).toBe(400)

    const secret = await upload(token, { source: SECRET })
    const stranger = await signUp()
    for (const viewer of [undefined, stranger.token]) {
      const res = await call('GET', `/api/strategies/${secret.id}/versions/1`, { token: viewer })
      expect(res.status).toBe(403)
      expect(res.body.error.code).toBe('forbidden')
      expect(res.text).not.toContain('secret sauce')
    }
    expect((await call('GET', `/api/strategies/${secret.id}/versions/1`, { token })).body.source).toBe(SECRET)
    expect((await call('GET', `/api/strategies/tit-for-tat/versions/1`)).body.source).toBe(CLASSICS.find((c) => c.id === 'tit-for-tat')!.source)
  })

  it('refuses a source that does not load with 422 naming the line and column', async () => {
    const { token } = await signUp()
    const res = await call('POST', '/api/strategies', { token, body: { name: 'Broken', source: "export default function move(view) {\n  return 'C' +\n}\n" } })
    expect(res.status).toBe(422)
    expect(res.body.error).toMatchObject({ code: 'strategy_does_not_load', field: 'source' })
    expect(res.body.error.message).toMatch(/^line 3, column \d+: /)
    const noExport = await call('POST', '/api/strategies', { token, body: { name: 'NoExport', source: 'const x = 1\n' } })
    expect(noExport.status).toBe(422)
    expect(noExport.body.error.message).toMatch(/default-exported function/)
  })

  it('validates concurrent uploads one match at a time on the shared runner', async () => {
    const { token } = await signUp()
    const results = await Promise.all(
      [TFT, SECRET, "export default function move(view) {\n  return 'X'\n}\n", 'export default 1 +\n'].map((source, i) =>
        call('POST', '/api/strategies', { token, body: { name: `Concurrent ${i}`, source } }),
      ),
    )
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 422])
    expect(results[2]!.body.versions[0].faults[0]).toMatchObject({ kind: 'invalid-move' })
  })

  it('refuses a 65 KiB source with 413 naming the limit', async () => {
    const { token } = await signUp()
    const source = `${TFT}// ${'x'.repeat(65 * 1024)}\n`
    const res = await call('POST', '/api/strategies', { token, body: { name: 'Big', source } })
    expect(res.status).toBe(413)
    expect(res.body.error).toMatchObject({ code: 'too_large', field: 'source' })
    expect(res.body.error.message).toContain('65536')
    const mine = await upload(token)
    expect((await call('PUT', `/api/strategies/${mine.id}`, { token, body: { source } })).status).toBe(413)
  })

  it('refuses invalid payloads with 400 naming the field', async () => {
    const { token } = await signUp()
    const cases: [Json, string][] = [
      [{ source: TFT }, 'name'],
      [{ name: '', source: TFT }, 'name'],
      [{ name: 'x'.repeat(101), source: TFT }, 'name'],
      [{ name: 'A' }, 'source'],
      [{ name: 'A', source: '' }, 'source'],
      [{ name: 'A', source: 5 }, 'source'],
      [{ name: 'A', source: TFT, public: 'yes' }, 'public'],
      [{ name: 'A', source: TFT, description: 'x'.repeat(2001) }, 'description'],
    ]
    for (const [body, field] of cases) {
      const res = await call('POST', '/api/strategies', { token, body })
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400)
      expect(res.body.error).toMatchObject({ code: 'invalid_input', field })
    }
    const mine = await upload(token)
    for (const [body, field] of [[{}, 'source'], [{ source: 1 }, 'source'], [{ source: TFT, description: 3 }, 'description']] as [Json, string][]) {
      const res = await call('PUT', `/api/strategies/${mine.id}`, { token, body })
      expect(res.status).toBe(400)
      expect(res.body.error).toMatchObject({ code: 'invalid_input', field })
    }
    expect((await call('POST', '/api/strategies', { token, raw: '{' })).status).toBe(400)
  })

  it('needs a valid token to write, and only the owner may change a strategy', async () => {
    const alice = await signUp()
    const bob = await signUp()
    const mine = await upload(alice.token)
    expect((await call('POST', '/api/strategies', { body: { name: 'A', source: TFT } })).status).toBe(401)
    expect((await call('POST', '/api/strategies', { token: 'da_wrong', body: { name: 'A', source: TFT } })).status).toBe(401)
    expect((await call('PUT', `/api/strategies/${mine.id}`, { body: { source: TFT } })).status).toBe(401)
    expect((await call('DELETE', `/api/strategies/${mine.id}`)).status).toBe(401)
    expect((await call('GET', `/api/strategies/${mine.id}`, { token: 'da_wrong' })).status).toBe(401)

    const put = await call('PUT', `/api/strategies/${mine.id}`, { token: bob.token, body: { source: TFT } })
    expect(put.status).toBe(403)
    expect(put.body.error.code).toBe('forbidden')
    expect((await call('DELETE', `/api/strategies/${mine.id}`, { token: bob.token })).status).toBe(403)
    expect((await call('DELETE', '/api/strategies/tit-for-tat', { token: bob.token })).status).toBe(403)
    expect((await call('PUT', '/api/strategies/unknown-id', { token: bob.token, body: { source: TFT } })).status).toBe(404)
    expect((await call('DELETE', '/api/strategies/unknown-id', { token: bob.token })).status).toBe(404)

    // A revoked token no longer writes.
    const extra = await call('POST', '/api/tokens', { token: alice.token })
    expect((await call('DELETE', `/api/tokens/${extra.body.id}`, { token: alice.token })).status).toBe(204)
    expect((await call('DELETE', `/api/strategies/${mine.id}`, { token: extra.body.token })).status).toBe(401)
    expect((await call('GET', `/api/strategies/${mine.id}`)).body.retired).toBe(false)
  })

  it('never shows a private source to anyone but its owner, nor any source in lists', async () => {
    const alice = await signUp()
    const bob = await signUp()
    const secret = await upload(alice.token, { name: 'Secret', source: SECRET })
    expect(secret.public).toBe(false)
    expect(secret.source).toBe(SECRET)

    const own = await call('GET', `/api/strategies/${secret.id}`, { token: alice.token })
    expect(own.body.source).toBe(SECRET)
    for (const token of [undefined, bob.token]) {
      const view = await call('GET', `/api/strategies/${secret.id}`, { token })
      expect(view.status).toBe(200)
      expect(view.body).toMatchObject({ id: secret.id, name: 'Secret', public: false })
      expect(view.body.source).toBeUndefined()
      expect(view.text).not.toContain('secret sauce')
      for (const page of [await call('GET', '/api/strategies?limit=100', { token }), await call('GET', `/api/strategies?owner=${alice.handle}`, { token })]) {
        expect(page.text).not.toContain('secret sauce')
      }
    }
    const listed = await call('GET', `/api/strategies?owner=${alice.handle}`, { token: alice.token })
    expect(listed.body.entries.map((e: Json) => e.id)).toEqual([secret.id])
    expect(listed.text).not.toContain('secret sauce')
  })

  it('deleting an account retires its strategies and attributes them to "deleted account"', async () => {
    const alice = await signUp()
    const mine = await upload(alice.token, { public: true })
    expect((await call('DELETE', '/api/accounts/me', { token: alice.token })).status).toBe(204)
    const view = await call('GET', `/api/strategies/${mine.id}`)
    expect(view.body).toMatchObject({ owner: 'deleted account', retired: true })
    expect((await call('POST', '/api/strategies', { token: alice.token, body: { name: 'A', source: TFT } })).status).toBe(401)
    expect((await listAll()).map((e) => e.id)).not.toContain(mine.id)
  })

  it('shows recent matches from the matches table', async () => {
    const { token } = await signUp()
    const mine = await upload(token, { public: true })
    const db = createDb(env.DB)
    const me = await call('GET', '/api/accounts/me', { token })
    const tid = unique('t')
    await db.insert(tournaments).values({ id: tid, hostId: me.body.id, name: 'T', rules: {}, classification: {} })
    await db.insert(runs).values({ id: `r-${tid}`, tournamentId: tid, jobsTotal: 1, commitment: 'x', seed: 1, salt: 's', entrants: [], rules: {}, jobs: [] })
    await db.insert(matches).values({
      runId: `r-${tid}`, jobIndex: 0, repetition: 0, aStrategyId: 'defector', aVersion: 1, bStrategyId: mine.id, bVersion: 1,
      aMoves: 'DDD', bMoves: 'CDD', aScore: 7, bScore: 2, faults: [[], []], flips: [[], []], seed: 5,
    })
    const view = await call('GET', `/api/strategies/${mine.id}`)
    expect(view.body.recentMatches).toEqual([
      { runId: `r-${tid}`, jobIndex: 0, repetition: 0, version: 1, opponent: { strategyId: 'defector', version: 1 }, score: 2, opponentScore: 7, turns: 3, createdAt: expect.any(String) },
    ])
  })

  it('documents the routes in /api/openapi.json', async () => {
    const doc = (await call('GET', '/api/openapi.json')).body
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/strategies', '/api/strategies/{id}']))
    expect(Object.keys(doc.paths['/api/strategies/{id}']).sort()).toEqual(['delete', 'get', 'put'])
  })
})
