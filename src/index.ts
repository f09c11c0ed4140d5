/**
 * The Worker entry point: a thin Hono app that mounts one sub-app per
 * resource, exported in the object form with the typed bindings (`Env`,
 * src/env.ts). The platform adds strategies, tournaments and runs; the queue
 * consumer (`queue`) and the cron handler (`scheduled`) join `fetch` here;
 * each hands its work to src/jobs.
 */
import type { ExecutionContext } from 'hono'
import { api } from './api/app'
import { invalidateLeaderboard } from './api/leaderboard-cache'
import type { MessageBatch, ScheduledController } from '@cloudflare/workers-types'
import type { Env, RunBatchMessage } from './env'
import { handleQueue } from './jobs/runs'
import { RESTART_CRON, tick } from './jobs/tick'

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
  queue: (batch: MessageBatch<RunBatchMessage>, env: Env) => handleQueue(batch, env).finally(invalidateLeaderboard),
  /**
   * The cron trigger (every minute): start due scheduled runs, resume stalled
   * ones. Slots are computed from the trigger's scheduled time. `npm start`'s
   * first tick says `restart` (src/jobs/tick.ts).
   */
  scheduled: async (controller: ScheduledController, env: Env) => {
    const report = await tick(env, new Date(controller.scheduledTime), { restart: controller.cron === RESTART_CRON }).finally(invalidateLeaderboard)
    if (report.started.length + report.skipped.length + report.resumed.length + report.finalized.length > 0) console.log('tick', JSON.stringify(report))
  },
} satisfies {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response>
  queue(batch: MessageBatch<RunBatchMessage>, env: Env): Promise<void>
  scheduled(controller: ScheduledController, env: Env): Promise<void>
}
