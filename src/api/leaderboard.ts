/**
 * Leaderboards. Global: strategies by rating in one game (openskill's
 * ordinal, mu − 3 sigma, so a strategy with little evidence ranks low until
 * it has some), with the uncertainty and the reputation store's behaviour
 * rates beside it. Per tournament: the standings of its latest finished run.
 */
import { createRoute, z } from '@hono/zod-openapi'
import { and, asc, desc, eq, isNull } from 'drizzle-orm'
import { accounts, DELETED_ACCOUNT_LABEL, ratings, reputation, reputationView, runs, strategies, type Db } from '../store'
import { leaderboardPages } from './leaderboard-cache'
import { subApp } from './context'
import { ApiError, errorResponses } from './errors'
import { jsonOf } from './responses'
import { runStandings } from './runs'
import type { StoredCommonsStanding } from '../jobs/finalize'
import { getTournament } from './tournaments'

export const GAMES = ['dilemma', 'commons'] as const

const RatingSchema = z.object({ mu: z.number(), sigma: z.number(), ordinal: z.number().openapi({ description: 'mu − 3 sigma: what the board is ordered by' }) }).openapi('Rating')

const LeaderboardEntrySchema = z
  .object({
    rank: z.number().int(),
    strategy: z.object({ id: z.string(), name: z.string(), owner: z.string() }),
    rating: RatingSchema,
    /** Rated runs. */
    runs: z.number().int(),
    lastRunId: z.string(),
    matches: z.number().int(),
    cooperationRate: z.number().nullable(),
    nice: z.number().nullable().openapi({ description: 'Fraction of its matches in which it never defected first' }),
    retaliating: z.number().nullable().openapi({ description: "Fraction of its opponents' defections it answered with D" }),
    forgiving: z.number().nullable().openapi({ description: 'Fraction of retaliation episodes after which it returned to C within two rounds' }),
    faults: z.number().int(),
  })
  .openapi('LeaderboardEntry')

const global = createRoute({
  method: 'get',
  path: '/',
  request: {
    query: z.object({
      game: z.enum(GAMES).default('dilemma'),
      limit: z.coerce.number().int().min(1).max(100).default(50),
      cursor: z.string().regex(/^\d{1,7}$/, 'not a cursor this API gave').optional(),
    }),
  },
  responses: {
    200: {
      description: 'Strategies by rating in one game, best first. Retired strategies are left out.',
      content: { 'application/json': { schema: z.object({ game: z.enum(GAMES), entries: z.array(LeaderboardEntrySchema), nextCursor: z.string().nullable() }) } },
    },
    ...errorResponses('invalid_input'),
  },
})

/** Pages are kept a few seconds in the isolate's memory (src/api/leaderboard-cache.ts says how fresh they stay). */
export const leaderboardApp = subApp().openapi(global, async (c) => {
  const { game, limit, cursor } = c.req.valid('query')
  const body = await leaderboardPages.get(`${game}/${limit}/${cursor ?? ''}`, async () => JSON.stringify(await leaderboardPage(c.get('db'), game, limit, cursor)))
  return c.body(body, 200, { 'Content-Type': 'application/json' }) as never
})

/** One page of the board, as GET /api/leaderboard shows it. */
async function leaderboardPage(db: Db, game: (typeof GAMES)[number], limit: number, cursor: string | undefined) {
  const offset = cursor ? Number(cursor) : 0
  const rows = await db
    .select({ strategy: { id: strategies.id, name: strategies.name }, owner: accounts.handle, ownerDeleted: accounts.deletedAt, rating: ratings, reputation })
    .from(ratings)
    .innerJoin(strategies, eq(strategies.id, ratings.strategyId))
    .innerJoin(accounts, eq(accounts.id, strategies.ownerId))
    .leftJoin(reputation, and(eq(reputation.strategyId, ratings.strategyId), eq(reputation.game, ratings.game)))
    .where(and(eq(ratings.game, game), isNull(strategies.retiredAt)))
    .orderBy(desc(ratings.ordinal), asc(ratings.strategyId))
    .limit(limit + 1)
    .offset(offset)
  const page = rows.slice(0, limit)
  return {
    game,
    entries: page.map((r, i) => {
      const entry = {
        rank: offset + i + 1,
        strategy: { ...r.strategy, owner: r.ownerDeleted ? DELETED_ACCOUNT_LABEL : r.owner },
        rating: { mu: r.rating.mu, sigma: r.rating.sigma, ordinal: r.rating.ordinal },
        runs: r.rating.runs,
        lastRunId: r.rating.lastRunId,
      }
      // The reputation store counts the dilemma's behaviour (matches, nice, retaliating...): the commons has none of it.
      if (game === 'commons') return entry
      const seen = reputationView(r.reputation ?? undefined, r.rating)
      return {
        ...entry,
        matches: seen.matches,
        cooperationRate: seen.cooperationRate,
        nice: seen.nice,
        retaliating: seen.retaliating,
        forgiving: seen.forgiving,
        faults: r.reputation?.faults ?? 0,
      }
    }),
    nextCursor: rows.length > limit ? String(offset + limit) : null,
  }
}

const perTournament = createRoute({
  method: 'get',
  path: '/{id}/leaderboard',
  request: { params: z.object({ id: z.string().min(1).max(64) }) },
  responses: { 200: jsonOf<Awaited<ReturnType<typeof tournamentStandings>>>('the standings of the tournament’s latest finished run'), ...errorResponses('not_found') },
})

/** What GET /api/tournaments/:id/leaderboard shows: the standings of the tournament's latest finished run. */
async function tournamentStandings(db: Db, id: string) {
  const t = await getTournament(db, id)
  const [run] = await db
    .select({ id: runs.id })
    .from(runs)
    .where(and(eq(runs.tournamentId, t.id), eq(runs.status, 'finished')))
    .orderBy(desc(runs.createdAt))
    .limit(1)
  if (!run) throw new ApiError('not_found', 'this tournament has no finished run yet')
  const rows = await runStandings(db, run.id)
  // The commons ranks by mean payoff per round; its standings have their own fields.
  const entries =
    t.game === 'commons'
      ? (rows as unknown as StoredCommonsStanding[]).map((s) => ({ rank: s.rank, strategyId: s.strategyId, version: s.version, name: s.name, meanPayoff: s.meanPayoff, groups: s.groups, cooperation: s.cooperation, fined: s.fined, faults: s.faults }))
      : rows.map((s) => ({ rank: s.rank, strategyId: s.strategyId, version: s.version, name: s.name, meanScore: s.meanScore, medianScore: s.medianScore, wins: s.wins, cooperationRate: s.cooperationRate, faults: s.faults }))
  return { tournamentId: t.id, runId: run.id, game: t.game, entries }
}

/** Mounted under /api/tournaments. */
export const tournamentLeaderboardApp = subApp().openapi(perTournament, async (c) => c.json(await tournamentStandings(c.get('db'), c.req.valid('param').id), 200))
