/**
 * Writing a run's results so that at-least-once queue delivery is harmless:
 * job results and matches are keyed by (run, job[, repetition]) and inserted
 * with ON CONFLICT DO NOTHING, and a run's progress is recounted from the
 * rows instead of incremented. A redelivered batch writes nothing twice.
 */
import { and, eq, sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Db } from './db'
import { chunkedInserts, runBatch } from './insert'
import { jobResults, matches, runBatches, runs } from './schema'

export type NewJobResult = typeof jobResults.$inferInsert
export type NewMatchRecord = typeof matches.$inferInsert

/** Who is recording a batch, and how it ended. */
export interface BatchClaim {
  /**
   * The `attempts` value of the claim doing the recording: the batch's status
   * changes only if that claim is still the batch's (a consumer whose lease
   * ran out, or the dead-letter handler, may be recording it too). Unset: no
   * such check.
   */
  attempt?: number
  /** Why the batch could not be played: it is marked `failed` with this error instead of `done`. */
  failure?: string | null
}

/**
 * The statements that store a finished batch: its job results and matches
 * (skipping any already stored), the batch marked done, and the run's
 * `jobs_done` brought up to date. Run them with `db.batch` (`recordBatch`
 * does), alone or followed by statements of your own (e.g. finishing the run).
 *
 * `jobs_done` moves by exactly the rows this batch added: the batch's stored
 * jobs are counted before and after the inserts, inside the same
 * transaction. That reads only this batch's rows (a range of the primary
 * key), where counting the whole run again would read every job result on
 * every batch, and it stays exact however often a batch is delivered.
 */
export function recordBatchStatements(
  db: Db,
  runId: string,
  batch: number,
  results: readonly NewJobResult[],
  matchRecords: readonly NewMatchRecord[],
  now: Date = new Date(),
  claim: BatchClaim = {},
): BatchItem<'sqlite'>[] {
  const indices = results.map((r) => r.jobIndex)
  const stored = sql`(select count(*) from ${jobResults} where ${jobResults.runId} = ${runId} and ${jobResults.jobIndex} between ${Math.min(...indices)} and ${Math.max(...indices)})`
  return [
    ...(indices.length > 0 ? [db.update(runs).set({ jobsDone: sql`${runs.jobsDone} - ${stored}` }).where(eq(runs.id, runId))] : []),
    ...chunkedInserts(db, jobResults, results, { onConflict: 'ignore' }),
    ...chunkedInserts(db, matches, matchRecords, { onConflict: 'ignore' }),
    db
      .update(runBatches)
      .set({ status: claim.failure ? 'failed' : 'done', error: claim.failure ?? null, finishedAt: now, leaseExpiresAt: null })
      .where(
        and(
          eq(runBatches.runId, runId),
          eq(runBatches.batch, batch),
          ...(claim.attempt === undefined ? [] : [eq(runBatches.status, 'running'), eq(runBatches.attempts, claim.attempt)]),
        ),
      ),
    db
      .update(runs)
      .set({ ...(indices.length > 0 ? { jobsDone: sql`${runs.jobsDone} + ${stored}` } : {}), progressAt: now })
      .where(eq(runs.id, runId)),
  ]
}

/** Store a finished batch atomically (see `recordBatchStatements`, which takes the same arguments). */
export async function recordBatch(...args: Parameters<typeof recordBatchStatements>): Promise<void> {
  await runBatch(args[0], recordBatchStatements(...args))
}

/** The columns that say who played a match and how it ended: what every list of matches selects. */
export const MATCH_OUTCOME_COLUMNS = {
  runId: matches.runId,
  jobIndex: matches.jobIndex,
  repetition: matches.repetition,
  aStrategyId: matches.aStrategyId,
  aVersion: matches.aVersion,
  bStrategyId: matches.bStrategyId,
  bVersion: matches.bVersion,
  aScore: matches.aScore,
  bScore: matches.bScore,
}
