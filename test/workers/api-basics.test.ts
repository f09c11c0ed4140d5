/**
 * The API's common ground, inside workerd: the error shape for unknown
 * routes, bad JSON and oversized bodies, and a valid OpenAPI document.
 */
import { describe, expect, it } from 'vitest'
import { app } from '../../src/index'
import { env } from 'cloudflare:workers'

const call = (path: string, init?: RequestInit) => app.request(path, init, env)

describe('the API', () => {
  it('answers unknown paths with the error shape and 404', async () => {
    const res = await call('/api/nothing-here')
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'no such endpoint: GET /api/nothing-here' } })
  })

  it('refuses a body over the size limit with 413', async () => {
    const res = await call('/api/health', { method: 'POST', headers: { 'content-length': String(1 << 20) }, body: 'x'.repeat(1 << 20) })
    expect(res.status).toBe(413)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('too_large')
  })

  it('serves a valid OpenAPI 3 document', async () => {
    const res = await call('/api/openapi.json')
    expect(res.status).toBe(200)
    const doc = (await res.json()) as { openapi: string; info: { title: string }; paths: object }
    expect(doc.openapi).toMatch(/^3\./)
    expect(doc.info.title).toBe('Dilemma Arena API')
    expect(typeof doc.paths).toBe('object')
  })

  it('still serves the classics', async () => {
    const res = await call('/api/classics/nope')
    expect(res.status).toBe(404)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found')
  })
})
