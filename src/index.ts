/**
 * The Worker entry point: a thin Hono app that mounts one sub-app per
 * resource, exported in the object form with the typed bindings (`Env`,
 * src/env.ts). The platform adds strategies, tournaments and runs; the queue
 * consumer (`queue`) and the cron handler (`scheduled`) join `fetch` here.
 */
import type { ExecutionContext } from 'hono'
import { api } from './api/app'
import type { MessageBatch } from '@cloudflare/workers-types'
import type { Env, RunBatchMessage } from './env'
import { handleQueue } from './jobs/runs'

export const app = api
export type { AppType } from './api/app'
export type { Env } from './env'

/**
 * The handlers workerd calls. (Not `satisfies ExportedHandler<Env>`: the
 * workers-types `Request` clashes with the DOM one this project compiles with.)
 */
export default {
  fetch: app.fetch,
  /** The runs queue (play a batch) and its dead-letter queue (record it as infrastructure errors), told apart by `batch.queue`. */
  queue: (batch: MessageBatch<RunBatchMessage>, env: Env) => handleQueue(batch, env),
} satisfies {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response>
  queue(batch: MessageBatch<RunBatchMessage>, env: Env): Promise<void>
}
