/**
 * Accounts and tokens through the API, inside workerd with a real local D1:
 * sign-up, the token shown once, /me, token list/create/revoke, deletion, and
 * every way a request can be refused.
 */
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { call, signUp, unique, type Json } from './api-calls'
import { createDb, seedStatements, strategies } from '../../src/store'
import { eq } from 'drizzle-orm'


describe('accounts', () => {
  it('creates an account and shows its token once; /me returns it', async () => {
    const handle = unique('Alice')
    const res = await call('POST', '/api/accounts', { body: { handle } })
    expect(res.status).toBe(201)
    expect(res.body.handle).toBe(handle.toLowerCase())
    expect(res.body.token).toMatch(new RegExp(`^da_${res.body.tokenId}_[0-9a-z]{52}$`))
    expect(res.text).not.toMatch(/hash/i)

    const me = await call('GET', '/api/accounts/me', { token: res.body.token })
    expect(me.status).toBe(200)
    expect(me.body).toMatchObject({ handle: handle.toLowerCase(), kind: 'user' })
    expect(Object.keys(me.body).sort()).toEqual(['createdAt', 'handle', 'id', 'kind'])
  })

  it('refuses invalid handles with 400 naming the field', async () => {
    for (const body of [{}, { handle: 'a' }, { handle: 'x'.repeat(33) }, { handle: 'no spaces' }, { handle: 'émile' }, { handle: 12 }, { handle: null }]) {
      const res = await call('POST', '/api/accounts', { body })
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body.error).toMatchObject({ code: 'invalid_input', field: 'handle' })
    }
    const bad = await call('POST', '/api/accounts', { raw: '{"handle": ' })
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('invalid_input')
  })

  it('refuses a taken handle (case-insensitively) and reserved handles with 409', async () => {
    const { handle } = await signUp()
    for (const h of [handle, handle.toUpperCase()]) {
      const res = await call('POST', '/api/accounts', { body: { handle: h } })
      expect(res.status).toBe(409)
      expect(res.body.error).toMatchObject({ code: 'conflict', field: 'handle' })
    }
    for (const h of ['house', 'HOUSE', 'admin']) {
      const res = await call('POST', '/api/accounts', { body: { handle: h } })
      expect(res.status).toBe(409)
      expect(res.body.error.message).toMatch(/reserved/)
    }
  })

  it('needs a valid token for /me', async () => {
    expect((await call('GET', '/api/accounts/me')).status).toBe(401)
    expect((await call('DELETE', '/api/accounts/me')).status).toBe(401)
    const wrong = await call('GET', '/api/accounts/me', { token: 'da_not-a-real-token' })
    expect(wrong.status).toBe(401)
    expect(wrong.body.error.code).toBe('unauthorized')
  })

  it('deletes an account: its strategies are retired, its tokens stop working, its handle stays taken', async () => {
    await env.DB.batch((await seedStatements()).map((s) => env.DB.prepare(s)))
    const { handle, token } = await signUp()
    const second = await call('POST', '/api/tokens', { token, body: { label: 'ci' } })
    expect(second.status).toBe(201)
    const me = await call('GET', '/api/accounts/me', { token })
    const db = createDb(env.DB)
    await db.insert(strategies).values({ id: `s-${handle}`, ownerId: me.body.id, name: 'Mine', createdAt: new Date() })

    const del = await call('DELETE', '/api/accounts/me', { token })
    expect(del.status).toBe(204)
    expect((await call('GET', '/api/accounts/me', { token })).status).toBe(401)
    expect((await call('GET', '/api/accounts/me', { token: second.body.token })).status).toBe(401)
    const [row] = await db.select().from(strategies).where(eq(strategies.id, `s-${handle}`))
    expect(row?.retiredAt).toBeInstanceOf(Date)
    expect((await call('POST', '/api/accounts', { body: { handle } })).status).toBe(409)
  })
})

describe('tokens', () => {
  it('lists, creates and revokes tokens without ever showing a hash', async () => {
    const { token, tokenId } = await signUp()
    const created = await call('POST', '/api/tokens', { token, body: { label: 'laptop' } })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ label: 'laptop', revokedAt: null })
    expect(created.body.token).toMatch(/^da_/)
    const unlabelled = await call('POST', '/api/tokens', { token })
    expect(unlabelled.status).toBe(201)
    expect(unlabelled.body.label).toBeNull()

    const list = await call('GET', '/api/tokens', { token })
    expect(list.status).toBe(200)
    expect(list.body.entries.map((e: Json) => e.id).sort()).toEqual([tokenId, created.body.id, unlabelled.body.id].sort())
    expect(list.text).not.toMatch(/hash/i)
    expect(list.text).not.toContain(token)
    expect(list.text).not.toContain(created.body.token)

    // The new token works; revoking it stops it, and a second revoke is 404.
    expect((await call('GET', '/api/accounts/me', { token: created.body.token })).status).toBe(200)
    expect((await call('DELETE', `/api/tokens/${created.body.id}`, { token })).status).toBe(204)
    const revoked = await call('GET', '/api/accounts/me', { token: created.body.token })
    expect(revoked.status).toBe(401)
    expect(revoked.body.error.message).toMatch(/revoked/)
    expect((await call('POST', '/api/tokens', { token: created.body.token })).status).toBe(401)
    expect((await call('DELETE', `/api/tokens/${created.body.id}`, { token })).status).toBe(404)
    const after = await call('GET', '/api/tokens', { token })
    expect(after.body.entries.find((e: Json) => e.id === created.body.id).revokedAt).toEqual(expect.any(String))
  })

  it("cannot revoke someone else's token", async () => {
    const alice = await signUp()
    const bob = await signUp()
    expect((await call('DELETE', `/api/tokens/${bob.tokenId}`, { token: alice.token })).status).toBe(404)
    expect((await call('GET', '/api/accounts/me', { token: bob.token })).status).toBe(200)
  })

  it('refuses invalid payloads and missing tokens', async () => {
    const { token } = await signUp()
    for (const body of [{ label: '' }, { label: 'x'.repeat(65) }, { label: 5 }]) {
      const res = await call('POST', '/api/tokens', { token, body })
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body.error).toMatchObject({ code: 'invalid_input', field: 'label' })
    }
    expect((await call('GET', '/api/tokens')).status).toBe(401)
    expect((await call('POST', '/api/tokens', { body: {} })).status).toBe(401)
    expect((await call('DELETE', '/api/tokens/whatever')).status).toBe(401)
    expect((await call('GET', '/api/tokens', { token: 'da_wrong' })).status).toBe(401)
  })

  it('documents the routes in /api/openapi.json', async () => {
    const doc = (await call('GET', '/api/openapi.json')).body
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/accounts', '/api/accounts/me', '/api/tokens', '/api/tokens/{id}']))
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' })
  })
})
