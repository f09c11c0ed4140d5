/**
 * `Authorization: Bearer <token>` on every write. Tokens are stored only as
 * SHA-256 hashes (src/store/crypto.ts): the presented token is hashed and
 * looked up by its hash, so no stored secret is ever compared.
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
