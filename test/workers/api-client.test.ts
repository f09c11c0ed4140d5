/**
 * The API is one typed chain: `hc<AppType>` gives a client whose routes and
 * bodies the compiler checks (the web will use it). Here against the app
 * itself, inside workerd.
 */
import { env } from 'cloudflare:workers'
import { hc } from 'hono/client'
import { describe, expect, it } from 'vitest'
import { app, type AppType } from '../../src/index'

describe('the typed client', () => {
  const client = hc<AppType>('http://arena.test', { fetch: (input: RequestInfo | URL, init?: RequestInit) => app.request(input instanceof Request ? input : String(input), init, env) })

  it('calls the API with checked paths and typed answers', async () => {
    const res = await client.api.health.$get()
    const body = await res.json()
    expect(body.ok).toBe(true)
    const classic = await client.api.classics[':id'].$get({ param: { id: 'tit-for-tat' } })
    expect(classic.status).toBe(200)
    const created = await client.api.accounts.$post({ json: { handle: 'typed-client' } })
    expect(created.status).toBe(201)
  })

  it('knows every resource of the platform', () => {
    // Compile-time: these exist with these methods (a missing route fails the type check of npm test).
    const routes = [client.api.accounts.$post, client.api.accounts.me.$get, client.api.tokens.$get, client.api.strategies.$post, client.api.tournaments.$post, client.api.leaderboard.$get]
    expect(routes.every((r) => typeof r === 'function')).toBe(true)
  })
})
