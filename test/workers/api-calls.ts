/**
 * Calling the API the way a client does, inside workerd: raw requests with
 * an optional token and JSON body, and fresh accounts to act as.
 */
import { env } from 'cloudflare:workers'
import { expect } from 'vitest'
import { app } from '../../src/index'

export type Json = Record<string, any>

export async function call(method: string, path: string, options: { token?: string; body?: unknown; raw?: string } = {}) {
  const headers: Record<string, string> = {}
  if (options.token) headers.authorization = `Bearer ${options.token}`
  let body: string | undefined
  if (options.body !== undefined || options.raw !== undefined) {
    headers['content-type'] = 'application/json'
    body = options.raw ?? JSON.stringify(options.body)
  }
  const res = await app.request(path, { method, headers, body }, env)
  const text = await res.text()
  return { status: res.status, body: (text ? JSON.parse(text) : null) as Json, text }
}

let n = 0
/** A handle no other test uses. */
export const unique = (prefix = 'user') => `${prefix}-${Date.now().toString(36)}-${n++}`

/** A new account through the API: its handle, token and token id. */
export async function signUp(handle = unique()) {
  const res = await call('POST', '/api/accounts', { body: { handle } })
  expect(res.status).toBe(201)
  return res.body as { handle: string; token: string; tokenId: string }
}
