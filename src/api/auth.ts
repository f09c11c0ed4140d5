/**
 * `Authorization: Bearer <token>` on every write. Tokens are stored only as
 * SHA-256 hashes (src/store/crypto.ts): the token names its row, and the
 * presented token's hash is compared with the stored one in constant time.
 */
import { createMiddleware } from 'hono/factory'
import { authenticate } from '../store'
import type { ApiEnv } from './context'
import { ApiError } from './errors'

export const requireAccount = createMiddleware<ApiEnv>(async (c, next) => {
  const header = c.req.header('authorization') ?? ''
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  if (!match) throw new ApiError('unauthorized', 'this needs an API token: send "Authorization: Bearer <token>"')
  const found = await authenticate(c.get('db'), match[1]!)
  if (!found) throw new ApiError('unauthorized', 'the API token is unknown or revoked')
  c.set('account', found.account)
  await next()
})

/**
 * For reads that anyone may make: without an Authorization header the
 * request goes on anonymously (`c.get('account')` is undefined); with one,
 * the token must be valid and identifies the account (so owners see more).
 */
export const optionalAccount = createMiddleware<ApiEnv>(async (c, next) => {
  if (c.req.header('authorization') === undefined) return next()
  return requireAccount(c, next)
})
