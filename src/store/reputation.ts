/**
 * Ratings and the reputation store: the statements that add one finished run
 * to them, and the reads that build what strategies see of each other.
 *
 * Reputation and head-to-head rows are counters, added to with upserts. The
 * rows travel as a JSON array read with `json_each`, hundreds of rows a
 * statement, never one statement per pair: a 64-entrant run has 4,032
 * ordered pairs, and D1 allows 1,000 queries an invocation. The array is a
 * SQL string literal, not a bound parameter, because drizzle cannot batch a
 * raw statement with parameters; it holds only numbers and ids, quoted by
 * `sqlString`, and each statement is kept under D1's statement size.
 */
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { PairRecord, RunRecords } from '../engine/run-records'
import { defaultRating, type RatedPlayer, type Rating } from '../engine/rating'
import type { OpponentHistory, OpponentReputation } from '../engine/types'
import type { Db } from './db'
import { D1_LIMITS } from './db'
import { sqlString } from './seed'
import { headToHead, ratingHistory, ratings, reputation, type HeadToHeadRow, type RatingRow, type ReputationRow } from './schema'

/** Bytes of JSON rows in one statement, leaving room for the rest of the statement within D1's limit. */
const JSON_BYTES = D1_LIMITS.maxStatementBytes - 10_000
/** Ids per `IN (...)` list, within D1's bound parameters a statement. */
const IDS_PER_QUERY = Math.floor((D1_LIMITS.maxParams - 2) / 2)

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

const encoder = new TextEncoder()

/** Literals, not parameters (see the top of this file). */
const text = (value: string): SQL => sql.raw(sqlString(value))
const number = (value: number): SQL => sql.raw(String(Math.trunc(value)))

/** `rows` as SQL string literals of JSON arrays, each within `JSON_BYTES`. */
function jsonLiterals(rows: readonly object[]): SQL[] {
  const out: SQL[] = []
  let part: string[] = []
  let bytes = 0
  for (const row of rows) {
    const text = JSON.stringify(row)
    const size = encoder.encode(text).length + 1
    if (part.length > 0 && bytes + size > JSON_BYTES) {
      out.push(sql.raw(sqlString(`[${part.join(',')}]`)))
      part = []
      bytes = 0
    }
    part.push(text)
    bytes += size
  }
  if (part.length > 0) out.push(sql.raw(sqlString(`[${part.join(',')}]`)))
  return out
}

/** The statements that add a run's records to `reputation` and `head_to_head`. */
export function reputationStatements(db: Db, game: string, records: RunRecords, runId: string, now: Date): BatchItem<'sqlite'>[] {
  const at = now.getTime()
  const statements: BatchItem<'sqlite'>[] = []
  for (const rows of jsonLiterals(records.strategies)) {
    statements.push(
      db.run(sql`
        INSERT INTO reputation (strategy_id, game, runs, matches, turns, cooperations, nice_matches, retaliation_opportunities, retaliations,
          forgiveness_opportunities, forgivenesses, faults, last_run_id, updated_at)
        SELECT value ->> '$.strategyId', ${text(game)}, 1, value ->> '$.matches', value ->> '$.rounds', value ->> '$.cooperations', value ->> '$.niceMatches',
          value ->> '$.retaliationOpportunities', value ->> '$.retaliations', value ->> '$.forgivenessOpportunities', value ->> '$.forgivenesses',
          value ->> '$.faults', ${text(runId)}, ${number(at)}
        FROM json_each(${rows}) WHERE true
        ON CONFLICT (strategy_id, game) DO UPDATE SET
          runs = runs + 1, matches = matches + excluded.matches, turns = turns + excluded.turns, cooperations = cooperations + excluded.cooperations,
          nice_matches = nice_matches + excluded.nice_matches, retaliation_opportunities = retaliation_opportunities + excluded.retaliation_opportunities,
          retaliations = retaliations + excluded.retaliations, forgiveness_opportunities = forgiveness_opportunities + excluded.forgiveness_opportunities,
          forgivenesses = forgivenesses + excluded.forgivenesses, faults = faults + excluded.faults,
          last_run_id = excluded.last_run_id, updated_at = excluded.updated_at`),
    )
  }
  for (const rows of jsonLiterals(records.pairs satisfies PairRecord[])) {
    statements.push(
      db.run(sql`
        INSERT INTO head_to_head (strategy_id, opponent_id, game, matches, turns, my_cooperations, their_cooperations, my_score, their_score,
          wins, losses, last_my, last_their, last_run_id, updated_at)
        SELECT value ->> '$.strategyId', value ->> '$.opponentId', ${text(game)}, value ->> '$.matches', value ->> '$.turns', value ->> '$.myCooperations',
          value ->> '$.theirCooperations', value ->> '$.myScore', value ->> '$.theirScore', value ->> '$.wins', value ->> '$.losses',
          value ->> '$.lastMy', value ->> '$.lastTheir', ${text(runId)}, ${number(at)}
        FROM json_each(${rows}) WHERE true
        ON CONFLICT (strategy_id, opponent_id, game) DO UPDATE SET
          matches = matches + excluded.matches, turns = turns + excluded.turns, my_cooperations = my_cooperations + excluded.my_cooperations,
          their_cooperations = their_cooperations + excluded.their_cooperations, my_score = my_score + excluded.my_score,
          their_score = their_score + excluded.their_score, wins = wins + excluded.wins, losses = losses + excluded.losses,
          last_my = excluded.last_my, last_their = excluded.last_their, last_run_id = excluded.last_run_id, updated_at = excluded.updated_at`),
    )
  }
  return statements
}

/**
 * The statements that record new ratings. Each rated strategy gets the next
 * `rating_history` row, numbered from the rating it was computed from: if
 * another run's finalize got there first, that insert conflicts and the whole
 * batch rolls back (the caller then starts again from the new ratings).
 */
export function ratingStatements(db: Db, game: string, rated: readonly RatedPlayer[], priors: ReadonlyMap<string, RatingRow>, runId: string, now: Date): BatchItem<'sqlite'>[] {
  if (rated.length === 0) return []
  const statements: BatchItem<'sqlite'>[] = []
  for (const json of jsonLiterals(rated.map((r) => ({ ...r, seq: (priors.get(r.id)?.runs ?? 0) + 1 })))) {
    statements.push(
      db.run(sql`
        INSERT INTO rating_history (strategy_id, game, seq, run_id, rank, mu, sigma, ordinal, created_at)
        SELECT value ->> '$.id', ${text(game)}, value ->> '$.seq', ${text(runId)}, value ->> '$.rank', value ->> '$.mu', value ->> '$.sigma', value ->> '$.ordinal', ${number(now.getTime())}
        FROM json_each(${json})`),
      db.run(sql`
        INSERT INTO ratings (strategy_id, game, mu, sigma, ordinal, runs, last_run_id, updated_at)
        SELECT value ->> '$.id', ${text(game)}, value ->> '$.mu', value ->> '$.sigma', value ->> '$.ordinal', value ->> '$.seq', ${text(runId)}, ${number(now.getTime())}
        FROM json_each(${json}) WHERE true
        ON CONFLICT (strategy_id, game) DO UPDATE SET mu = excluded.mu, sigma = excluded.sigma, ordinal = excluded.ordinal, runs = excluded.runs,
          last_run_id = excluded.last_run_id, updated_at = excluded.updated_at`),
    )
  }
  return statements
}

/** Current ratings of `ids` in `game` (absent: never rated). */
export async function loadRatings(db: Db, game: string, ids: readonly string[]): Promise<Map<string, RatingRow>> {
  const out = new Map<string, RatingRow>()
  for (const part of chunks(ids, IDS_PER_QUERY)) {
    for (const row of await db.select().from(ratings).where(and(eq(ratings.game, game), inArray(ratings.strategyId, part)))) out.set(row.strategyId, row)
  }
  return out
}

/** The reputation rows of `ids` in `game`. */
export async function loadReputation(db: Db, game: string, ids: readonly string[]): Promise<Map<string, ReputationRow>> {
  const out = new Map<string, ReputationRow>()
  for (const part of chunks(ids, IDS_PER_QUERY)) {
    for (const row of await db.select().from(reputation).where(and(eq(reputation.game, game), inArray(reputation.strategyId, part)))) out.set(row.strategyId, row)
  }
  return out
}

/** Every head-to-head row between two of `ids` in `game`. */
export async function loadHeadToHead(db: Db, game: string, ids: readonly string[]): Promise<HeadToHeadRow[]> {
  const out: HeadToHeadRow[] = []
  const parts = chunks(ids, IDS_PER_QUERY)
  for (const mine of parts) {
    for (const theirs of parts) {
      out.push(
        ...(await db
          .select()
          .from(headToHead)
          .where(and(eq(headToHead.game, game), inArray(headToHead.strategyId, mine), inArray(headToHead.opponentId, theirs)))),
      )
    }
  }
  return out
}

const rate = (num: number, den: number): number | null => (den > 0 ? num / den : null)

/** What others see of a strategy: `view.opponent.reputation`. */
export function reputationView(row: ReputationRow | undefined, rating: Rating | undefined): OpponentReputation {
  const r = rating ?? defaultRating()
  return {
    rating: { mu: r.mu, sigma: r.sigma },
    cooperationRate: row ? rate(row.cooperations, row.turns) : null,
    nice: row ? rate(row.niceMatches, row.matches) : null,
    retaliating: row ? rate(row.retaliations, row.retaliationOpportunities) : null,
    forgiving: row ? rate(row.forgivenesses, row.forgivenessOpportunities) : null,
    matches: row?.matches ?? 0,
  }
}

/** A strategy's own record against one opponent: `view.opponent.history`. */
export function historyView(row: HeadToHeadRow): OpponentHistory {
  const split = (moves: string) => [...moves] as ('C' | 'D')[]
  return {
    matches: row.matches,
    myCooperation: rate(row.myCooperations, row.turns),
    theirCooperation: rate(row.theirCooperations, row.turns),
    lastMoves: { my: split(row.lastMy), their: split(row.lastTheir) },
  }
}
