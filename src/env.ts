/**
 * The Worker's bindings, declared in wrangler.toml. The one place `Env` is
 * defined: handlers take `Env`, the Hono app is `Hono<{ Bindings: Env }>`.
 */
import type { D1Database, Queue, RateLimit } from '@cloudflare/workers-types'

/** A queue message: play batch `batch` of run `runId` (a row of `run_batches`). */
export interface RunBatchMessage {
  runId: string
  batch: number
}

export interface Env {
  /** D1 (SQLite): the schema is src/store/schema.ts; open it with `createDb(env.DB)`. */
  DB: D1Database
  /** Producer of the run queue (`RUNS_QUEUE`): one message per batch of a run. */
  RUNS: Queue<RunBatchMessage>
  /** Burst limit of signed-in writes, keyed per account (src/api/quotas.ts; the numbers: src/quotas.ts `BURST_LIMITS`). */
  WRITE_LIMITER: RateLimit
  /** Burst limit of writes without a token (sign-up, match verification), keyed per client IP. */
  ANONYMOUS_WRITE_LIMITER: RateLimit
}

/** Queue names as in wrangler.toml: a consumer's `batch.queue` tells which one delivered. */
export const RUNS_QUEUE = 'dilemma-arena-runs'
/** Batches that failed `max_retries` times land here; the platform records them as infrastructure errors. */
export const RUNS_DEAD_LETTER_QUEUE = 'dilemma-arena-runs-dlq'
