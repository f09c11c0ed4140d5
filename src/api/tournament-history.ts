/**
 * A tournament's history: its latest finished runs, each with every
 * strategy's rank and score, for the tournament page's "rank over the runs"
 * chart. The run view (GET /api/runs/:id) has this too, but with the score
 * matrices and the ecology: ~270 KB a run at 50 players, so twenty runs would
 * be megabytes. Here SQLite reads only the few fields shown out of each
 * standing (json_extract), ~3 KB a run.
 */
import { createRoute, z } from '@hono/zod-openapi'
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm'
import { runs, standings } from '../store'
import { subApp } from './context'
import { errorResponses } from './errors'
import { getTournament } from './tournaments'

/** Most runs one request returns. */
export const MAX_HISTORY_RUNS = 50

const HistoryStandingSchema = z
  .object({
    rank: z.number().int(),
    strategyId: z.string(),
    name: z.string(),
    score: z.number().openapi({ description: 'The ranking key: median score per round (the dilemma) or mean payoff per round (the commons)' }),
  })
  .openapi('TournamentHistoryStanding')

const HistorySchema = z
  .object({
    tournamentId: z.string(),
    game: z.enum(['dilemma', 'commons']),
    runs: z.array(
      z.object({
        id: z.string(),
        createdAt: z.string().openapi({ format: 'date-time' }),
        finishedAt: z.string().nullable().openapi({ format: 'date-time' }),
        standings: z.array(HistoryStandingSchema).openapi({ description: 'Best first' }),
      }),
    ),
  })
  .openapi('TournamentHistory')

const history = createRoute({
  method: 'get',
  path: '/{id}/history',
  request: {
    params: z.object({ id: z.string().min(1).max(64) }),
    query: z.object({ limit: z.coerce.number().int().min(1).max(MAX_HISTORY_RUNS).default(20) }),
  },
  responses: {
    200: { description: 'The latest finished runs, newest first, each with its standings (rank, strategy, name, score)', content: { 'application/json': { schema: HistorySchema } } },
    ...errorResponses('invalid_input', 'not_found'),
  },
})

/** Mounted under /api/tournaments. */
export const tournamentHistoryApp = subApp().openapi(history, async (c) => {
  const db = c.get('db')
  const t = await getTournament(db, c.req.valid('param').id)
  const finished = await db
    .select({ id: runs.id, createdAt: runs.createdAt, finishedAt: runs.finishedAt })
    .from(runs)
    .where(and(eq(runs.tournamentId, t.id), eq(runs.status, 'finished')))
    .orderBy(desc(runs.createdAt), desc(runs.id))
    .limit(c.req.valid('query').limit)
  const rows =
    finished.length === 0
      ? []
      : await db
          .select({
            runId: standings.runId,
            rank: standings.rank,
            strategyId: standings.strategyId,
            name: sql<string>`json_extract(${standings.standing}, '$.name')`,
            score: sql<number>`coalesce(json_extract(${standings.standing}, '$.medianScore'), json_extract(${standings.standing}, '$.meanPayoff'))`,
          })
          .from(standings)
          .where(inArray(standings.runId, finished.map((r) => r.id)))
          .orderBy(asc(standings.runId), asc(standings.rank))
  const byRun = new Map<string, z.infer<typeof HistoryStandingSchema>[]>(finished.map((r) => [r.id, []]))
  for (const r of rows) byRun.get(r.runId)!.push({ rank: r.rank, strategyId: r.strategyId, name: r.name, score: Number(r.score ?? 0) })
  return c.json(
    {
      tournamentId: t.id,
      game: t.game === 'commons' ? ('commons' as const) : ('dilemma' as const),
      runs: finished.map((r) => ({ id: r.id, createdAt: r.createdAt.toISOString(), finishedAt: r.finishedAt?.toISOString() ?? null, standings: byRun.get(r.id)! })),
    },
    200,
  )
})
