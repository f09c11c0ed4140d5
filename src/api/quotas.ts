/**
 * Burst limits on writes, with the Workers rate-limiting binding, and the
 * 429 every limit answers with (the numbers: src/quotas.ts).
 *
 * - `signedWrite` (= `requireAccount` then `writeBurst`) on every write that
 *   needs a token: at most `writes-per-10s` requests per account, counted
 *   before the body is validated (a burst of bad requests is a burst too).
 * - `anonymousBurst` on the writes anyone may make (sign-up, verifying a
 *   match): at most `anonymous-writes-per-minute` per client IP, taken from
 *   `cf-connecting-ip`, which Cloudflare's edge sets on every request from the
 *   internet (and `wrangler dev` to the caller's address). A request without
 *   it did not come through the edge (a test calling `app.request`, another
 *   Worker): there is no client to count, and it is not IP-limited.
 * - Reads are not burst-limited: see README, "Quotas and limits".
 *
 * The binding does not say when its window ends; the 429 gives now + the
 * period, an upper bound (the window may end sooner).
 */
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { BURST_LIMITS, isExempt, QuotaExceededError, type BurstName } from '../quotas'
import { requireAccount } from './auth'
import type { ApiEnv } from './context'
import { ApiError } from './errors'

async function burst(c: Context<ApiEnv>, name: BurstName, key: string): Promise<void> {
  const { binding, limit, period, per } = BURST_LIMITS[name]
  const limiter = c.env?.[binding]
  if (!limiter) return // no bindings (app.request without env): nothing to count with
  const { success } = await limiter.limit({ key: `${name}:${key}` })
  if (success) return
  const resetAt = new Date(Date.now() + period * 1000)
  throw new QuotaExceededError(
    'rate_limited',
    name,
    limit,
    resetAt,
    `${name}: at most ${limit} requests every ${period} seconds per ${per}; slow down and try again within ${period} seconds (resetAt is the latest the window ends)`,
  )
}

/** After `requireAccount`: count the signed-in account's write. */
export const writeBurst = createMiddleware<ApiEnv>(async (c, next) => {
  const account = c.get('account')
  if (account && !isExempt(account.id)) await burst(c, 'writes-per-10s', account.id)
  await next()
})

/** The middleware of every write that needs a token. */
export const signedWrite: [typeof requireAccount, typeof writeBurst] = [requireAccount, writeBurst]

/** Writes without a token: count them per client IP. */
export const anonymousBurst = createMiddleware<ApiEnv>(async (c, next) => {
  const ip = c.req.header('cf-connecting-ip')?.trim()
  if (ip) await burst(c, 'anonymous-writes-per-minute', ip)
  await next()
})

/** A limit as the API's error: 429 with the limit's name, its size and when it resets. */
export function limitError(error: QuotaExceededError): ApiError {
  return new ApiError(error.code, error.message, undefined, { quota: error.quota, limit: error.limit, resetAt: error.resetAt })
}
