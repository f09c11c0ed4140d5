/**
 * Leaderboards. Global: every strategy's standings in the latest finished run
 * of each tournament it played, averaged (mean per-turn score), best first.
 * Per tournament: the standings of its latest finished run.
 */
import { createRoute, z } from '@hono/zod-openapi'
import { and, desc, eq, sql } from 'drizzle-orm'
import { accounts, DELETED_ACCOUNT_LABEL, runs, standings, strategies } from '../store'
import { subApp } from './context'
import { ApiError, errorResponses } from './errors'
import { runStandings } from './runs'
import { getTournament } from './tournaments'

const Any = z.any()
const json = (description: string) => ({ description, content: { 'application/json': { schema: Any } } })

const global = createRoute({
  method: 'get',
  path: '/',
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(50), cursor: z.string().regex(/^\d{1,7}$/).optional() }) },
  responses: { 200: json('`{ entries: [{ rank, strategy: { id, name, owner }, meanScore, runs, ... }], nextCursor }`'), ...errorResponses('invalid_input') },
})

export const leaderboardApp = subApp().openapi(global, async (c) => {
  const db = c.get('db')
  const { limit, cursor } = c.req.valid('query')
  const offset = cursor ? Number(cursor) : 0
  const latest = sql`(select r.id from ${runs} r where r.status = 'finished' and r.created_at = (select max(r2.created_at) from ${runs} r2 where r2.tournament_id = r.tournament_id and r2.status = 'finished'))`
  const meanScore = sql<number>`avg(json_extract(${standings.standing}, '$.meanScore'))`
  const rows = await db
    .select({
      id: strategies.id,
      name: strategies.name,
      owner: accounts.handle,
      ownerDeleted: accounts.deletedAt,
      meanScore,
      medianScore: sql<number>`avg(json_extract(${standings.standing}, '$.medianScore'))`,
      cooperationRate: sql<number>`avg(json_extract(${standings.standing}, '$.cooperationRate'))`,
      wins: sql<number>`sum(json_extract(${standings.standing}, '$.wins'))`,
      faults: sql<number>`sum(json_extract(${standings.standing}, '$.faults'))`,
      runs: sql<number>`count(*)`,
    })
    .from(standings)
    .innerJoin(strategies, eq(strategies.id, standings.strategyId))
    .innerJoin(accounts, eq(accounts.id, strategies.ownerId))
    .where(sql`${standings.runId} in ${latest}`)
    .groupBy(strategies.id)
    .orderBy(desc(meanScore), strategies.id)
    .limit(limit + 1)
    .offset(offset)
  const page = rows.slice(0, limit)
  return c.json(
    {
      entries: page.map((r, i) => ({
        rank: offset + i + 1,
        strategy: { id: r.id, name: r.name, owner: r.ownerDeleted ? DELETED_ACCOUNT_LABEL : r.owner },
        meanScore: r.meanScore,
        medianScore: r.medianScore,
        cooperationRate: r.cooperationRate,
        wins: r.wins,
        faults: r.faults,
        runs: r.runs,
      })),
      nextCursor: rows.length > limit ? String(offset + limit) : null,
    },
    200,
  )
})

const perTournament = createRoute({
  method: 'get',
  path: '/{id}/leaderboard',
  request: { params: z.object({ id: z.string().min(1).max(64) }) },
  responses: { 200: json('the standings of the tournament’s latest finished run'), ...errorResponses('not_found') },
})

/** Mounted under /api/tournaments. */
export const tournamentLeaderboardApp = subApp().openapi(perTournament, async (c) => {
  const db = c.get('db')
  const t = await getTournament(db, c.req.valid('param').id)
  const [run] = await db
    .select({ id: runs.id })
    .from(runs)
    .where(and(eq(runs.tournamentId, t.id), eq(runs.status, 'finished')))
    .orderBy(desc(runs.createdAt))
    .limit(1)
  if (!run) throw new ApiError('not_found', 'this tournament has no finished run yet')
  const rows = await runStandings(db, run.id)
  return c.json(
    {
      tournamentId: t.id,
      runId: run.id,
      entries: rows.map((s) => ({ rank: s.rank, strategyId: s.strategyId, version: s.version, name: s.name, meanScore: s.meanScore, medianScore: s.medianScore, wins: s.wins, cooperationRate: s.cooperationRate, faults: s.faults })),
    },
    200,
  )
})
