/**
 * Quotas: the platform's commons, and every limit of it in one place.
 *
 * Two kinds of limit, both answered with a 429 that names the limit and
 * says when it resets (src/api/quotas.ts turns them into the error shape):
 *
 * - Bursts, counted by the Workers rate-limiting binding over 10 s or 60 s
 *   (`[[ratelimits]]` in wrangler.toml holds the real numbers; `BURST_LIMITS`
 *   repeats them for the 429, and test/wrangler-config.test.ts checks that
 *   the two agree). The binding counts per Cloudflare location and does not
 *   say when its window ends: the reset we give is an upper bound.
 * - Hourly and daily quotas, counted in D1 (`quota_counters`): one row per
 *   (account, quota, window), the window being the start of the UTC hour or
 *   day. Taking one unit is a single conditional upsert, so two requests at
 *   once can never both take the last unit.
 *
 * The house account (the classics' owner) is exempt from all of them, and
 * runs started by a tournament's schedule count against nobody.
 */
import { MAX_ENTRANTS } from './jobs/run-spec'
import { and, eq, gt, sql } from 'drizzle-orm'
import { HOUSE_ACCOUNT_ID, quotaCounters, type Db } from './store'

/** Lengths of the D1 quotas' windows. Windows start at whole UTC hours and days (multiples of these since the epoch). */
export const WINDOW_MS = { hour: 3_600_000, day: 86_400_000 } as const
export type QuotaWindow = keyof typeof WINDOW_MS

export interface QuotaDefinition {
  limit: number
  window: QuotaWindow
  /** What is counted, for messages and docs. */
  counts: string
}

/**
 * The hourly and daily quotas, per account. Counted only for what the
 * platform does: a request refused for bad input (400, 403, 404, 409, 413,
 * 422) gives its unit back.
 */
export const QUOTAS = {
  /** New strategies and new versions: each is validated in the sandbox and stored for good (up to 64 KiB). */
  'strategy-versions-per-hour': { limit: 20, window: 'hour', counts: 'strategy versions (new strategies and new versions)' },
  /** Tournaments created. */
  'tournaments-per-day': { limit: 10, window: 'day', counts: 'tournaments created' },
  /** Runs started by hand (POST /api/tournaments/:id/runs); the schedule's runs count against nobody. */
  'runs-per-day': { limit: 20, window: 'day', counts: 'runs started' },
} as const satisfies Record<string, QuotaDefinition>

export type QuotaName = keyof typeof QUOTAS

/**
 * The bursts, as declared in wrangler.toml (`[[ratelimits]]`, `simple = {
 * limit, period }`). Reads are not burst-limited (README: "Quotas and
 * limits" says why).
 */
export const BURST_LIMITS = {
  /** Every signed-in write (POST, PUT, DELETE with a token), per account. */
  'writes-per-10s': { binding: 'WRITE_LIMITER', limit: 60, period: 10, per: 'account' },
  /** Writes without a token (sign-up, match verification), per client IP (`cf-connecting-ip`). */
  'anonymous-writes-per-minute': { binding: 'ANONYMOUS_WRITE_LIMITER', limit: 20, period: 60, per: 'client IP' },
} as const

export type BurstName = keyof typeof BURST_LIMITS

/** Strategies one account may enter in a tournament unless its host allows more (`maxEntriesPerAccount`). */
export const DEFAULT_MAX_ENTRIES_PER_ACCOUNT = 1
/** The most a host may allow: a whole tournament's worth. */
export const MAX_ENTRIES_PER_ACCOUNT = MAX_ENTRANTS

/** A 429: which limit, how many, and when it resets (for a burst: at the latest). */
export class QuotaExceededError extends Error {
  override name = 'QuotaExceededError'
  constructor(
    /** `rate_limited` for a burst, `quota_exceeded` for an hourly or daily quota. */
    readonly code: 'rate_limited' | 'quota_exceeded',
    readonly quota: QuotaName | BurstName,
    readonly limit: number,
    readonly resetAt: Date,
    message: string,
  ) {
    super(message)
  }
}

/** The start of the window `now` falls in (a whole UTC hour or day). */
export function windowStart(window: QuotaWindow, now: Date): Date {
  const ms = WINDOW_MS[window]
  return new Date(Math.floor(now.getTime() / ms) * ms)
}

/** One unit taken from a quota: give it back with `giveBackQuota` if the action then fails. */
export interface QuotaTicket {
  accountId: string
  quota: QuotaName
  windowStart: Date
  /** The count after taking it (1 ... limit). */
  count: number
}

export function isExempt(accountId: string): boolean {
  return accountId === HOUSE_ACCOUNT_ID
}

function hhmm(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/**
 * Take one unit of `quota` for `accountId` in the window of `now`, or throw
 * `QuotaExceededError`. One statement: insert the window's counter at 1, or
 * add 1 to it only while it is below the limit; no row returned means the
 * window is full. Returns null for the exempt house account (nothing counted).
 */
export async function takeQuota(db: Db, accountId: string, quota: QuotaName, now: Date = new Date()): Promise<QuotaTicket | null> {
  if (isExempt(accountId)) return null
  const { limit, window, counts } = QUOTAS[quota]
  const start = windowStart(window, now)
  const rows = await db
    .insert(quotaCounters)
    .values({ accountId, quota, windowStart: start, count: 1 })
    .onConflictDoUpdate({
      target: [quotaCounters.accountId, quotaCounters.quota, quotaCounters.windowStart],
      set: { count: sql`${quotaCounters.count} + 1` },
      setWhere: sql`${quotaCounters.count} < ${limit}`,
    })
    .returning({ count: quotaCounters.count })
  const row = rows[0]
  if (!row) {
    const resetAt = new Date(start.getTime() + WINDOW_MS[window])
    throw new QuotaExceededError(
      'quota_exceeded',
      quota,
      limit,
      resetAt,
      `${quota}: at most ${limit} ${counts} per account per UTC ${window}, and this ${window}'s are used up; the quota resets at ${hhmm(resetAt)}`,
    )
  }
  return { accountId, quota, windowStart: start, count: row.count }
}

/** Give back a unit taken by `takeQuota` (to the window it was taken from). */
export async function giveBackQuota(db: Db, ticket: QuotaTicket | null): Promise<void> {
  if (!ticket) return
  await db
    .update(quotaCounters)
    .set({ count: sql`${quotaCounters.count} - 1` })
    .where(and(eq(quotaCounters.accountId, ticket.accountId), eq(quotaCounters.quota, ticket.quota), eq(quotaCounters.windowStart, ticket.windowStart), gt(quotaCounters.count, 0)))
}

/**
 * Take a unit of `quota`, then do `action`; if it throws, give the unit back
 * and rethrow. Call it after the cheap checks and before the expensive work,
 * so a request refused for bad input costs nothing and a full quota stops
 * the work before it starts.
 */
export async function withQuota<T>(db: Db, accountId: string, quota: QuotaName, action: () => Promise<T>, now: Date = new Date()): Promise<T> {
  const ticket = await takeQuota(db, accountId, quota, now)
  try {
    return await action()
  } catch (error) {
    try {
      await giveBackQuota(db, ticket)
    } catch (inner) {
      console.error('could not give back a quota unit', inner) // the user loses one unit; the original error matters more
    }
    throw error
  }
}

/** What one account has used of each quota in the current windows (for tests and a future "my usage" view). */
export async function quotaUsage(db: Db, accountId: string, now: Date = new Date()): Promise<Record<QuotaName, number>> {
  const out = {} as Record<QuotaName, number>
  for (const [name, { window }] of Object.entries(QUOTAS) as [QuotaName, QuotaDefinition][]) {
    const [row] = await db
      .select({ count: quotaCounters.count })
      .from(quotaCounters)
      .where(and(eq(quotaCounters.accountId, accountId), eq(quotaCounters.quota, name), eq(quotaCounters.windowStart, windowStart(window, now))))
    out[name] = row?.count ?? 0
  }
  return out
}
