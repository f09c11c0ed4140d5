/**
 * Strategies.
 *
 * - `POST /api/strategies {name, source, description?, public?}` → the profile (201).
 *   The source is loaded and played against a few classics first
 *   (validate-strategy.ts); one that does not load is a 422 naming line and column.
 * - `PUT /api/strategies/:id {source, description?}` adds a version (owner only).
 * - `DELETE /api/strategies/:id` retires it (owner only).
 * - `GET /api/strategies?limit&cursor&owner` and `GET /api/strategies/:id`:
 *   anyone may read; the source is shown only when the strategy is public, or
 *   to its owner, and never in lists.
 * - `GET /api/strategies/:id/opponents?limit`: its head-to-head record against
 *   each opponent in the dilemma (the reputation store's pairs), most played first.
 */
import { createRoute, z } from '@hono/zod-openapi'
import { and, asc, desc, eq, gt, isNull, or, sql } from 'drizzle-orm'
import {
  accounts,
  addStrategyVersion,
  createStrategy,
  MATCH_OUTCOME_COLUMNS,
  matches,
  getVersion,
  headToHead,
  newId,
  ownerLabel,
  ratingHistory,
  ratings,
  reputation,
  reputationView,
  strategies,
  strategyVersions,
  type Account,
  type RatingHistoryRow,
  type Strategy,
} from '../store'
import type { Db } from '../store'
import { withQuota } from '../quotas'
import { BEARER } from './accounts'
import { optionalAccount } from './auth'
import { subApp } from './context'
import { ApiError, errorResponses } from './errors'
import { signedWrite } from './quotas'
import { sizeOfSource, sourceLimit, validateSource, type Validation } from './validate-strategy'

const RECENT_MATCHES = 10

const FaultSchema = z.object({ kind: z.string(), round: z.number(), message: z.string() }).openapi('Fault')

const BehaviourSchema = z
  .object({
    matches: z.number(),
    rounds: z.number(),
    cooperationRate: z.number().nullable(),
    initialCooperationRate: z.number().nullable(),
    nice: z.boolean().nullable(),
    niceRate: z.number().nullable(),
    retaliationOpportunities: z.number(),
    retaliationRate: z.number().nullable(),
    retaliating: z.boolean().nullable(),
    forgivenessOpportunities: z.number(),
    forgivenessRate: z.number().nullable(),
    forgiving: z.boolean().nullable(),
  })
  .openapi('Behaviour')

const SummarySchema = z
  .object({
    id: z.string().openapi({ example: 'tit-for-tat' }),
    name: z.string(),
    description: z.string(),
    owner: z.string().openapi({ description: 'The owner\'s handle, or "deleted account"' }),
    public: z.boolean(),
    retired: z.boolean(),
    games: z.array(z.enum(['dilemma', 'commons'])).openapi({ description: "The games its latest version declares (export const games; ['dilemma'] without it)", example: ['dilemma'] }),
    version: z.number().int().openapi({ description: 'The latest version' }),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('StrategySummary')

const VersionSchema = z
  .object({
    version: z.number().int(),
    sourceHash: z.string(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    behaviour: BehaviourSchema.nullable(),
    faults: z.array(FaultSchema),
  })
  .openapi('StrategyVersion')

const RecentMatchSchema = z
  .object({
    runId: z.string(),
    jobIndex: z.number().int(),
    repetition: z.number().int(),
    version: z.number().int(),
    opponent: z.object({ strategyId: z.string(), version: z.number().int() }),
    score: z.number(),
    opponentScore: z.number(),
    turns: z.number().int(),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('RecentMatch')

const RATING_HISTORY = 200

const GameRatingSchema = z
  .object({ game: z.string(), mu: z.number(), sigma: z.number(), ordinal: z.number(), runs: z.number().int(), updatedAt: z.string().openapi({ format: 'date-time' }) })
  .openapi('GameRating')

const RatingPointSchema = z
  .object({
    game: z.string(),
    runId: z.string(),
    rank: z.number().int().openapi({ description: 'Its rank in the order the rating was updated from' }),
    mu: z.number(),
    sigma: z.number(),
    ordinal: z.number(),
    at: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('RatingPoint')

const GameReputationSchema = z
  .object({
    game: z.string(),
    rating: z.object({ mu: z.number(), sigma: z.number() }),
    cooperationRate: z.number().nullable(),
    nice: z.number().nullable(),
    retaliating: z.number().nullable(),
    forgiving: z.number().nullable(),
    matches: z.number().int(),
    turns: z.number().int(),
    runs: z.number().int(),
    faults: z.number().int(),
  })
  .openapi('GameReputation')

const OpponentRecordSchema = z
  .object({
    opponent: z.object({ id: z.string(), name: z.string(), owner: z.string() }),
    matches: z.number().int(),
    rounds: z.number().int(),
    wins: z.number().int(),
    losses: z.number().int(),
    draws: z.number().int(),
    cooperation: z.number().nullable().openapi({ description: 'Its cooperation rate against this opponent (per round)' }),
    opponentCooperation: z.number().nullable().openapi({ description: "The opponent's cooperation rate against it" }),
    scorePerRound: z.number().nullable(),
    opponentScorePerRound: z.number().nullable(),
    lastRounds: z
      .object({ mine: z.array(z.enum(['C', 'D'])), theirs: z.array(z.enum(['C', 'D'])) })
      .openapi({ description: 'The last rounds (at most 10) of their latest match' }),
    lastRunId: z.string().nullable(),
  })
  .openapi('OpponentRecord')

const OPPONENTS_DEFAULT = 100

const ProfileSchema = SummarySchema.extend({
  retiredAt: z.string().nullable().openapi({ format: 'date-time' }),
  source: z.string().optional().openapi({ description: 'The latest source: only when the strategy is public, or to its owner' }),
  behaviour: BehaviourSchema.nullable().openapi({ description: "The latest version's behaviour against the validation classics" }),
  versions: z.array(VersionSchema),
  recentMatches: z.array(RecentMatchSchema),
  ratings: z.array(GameRatingSchema).openapi({ description: 'Its current rating in each game it has been rated in' }),
  ratingHistory: z.array(RatingPointSchema).openapi({ description: `Its rating after each rated run (the latest ${RATING_HISTORY} per game), oldest first` }),
  reputation: z.array(GameReputationSchema).openapi({ description: 'What strategies in tournaments that share identities see of it, per game' }),
}).openapi('StrategyProfile')

const Name = z.string().trim().min(1).max(100).openapi({ example: 'My Tit for Tat' })
const Source = z.string().min(1).openapi({ description: 'A JavaScript module whose default export returns "C" or "D" (at most 64 KiB)', example: "export default function move(view) {\n  return view.round === 0 ? 'C' : view.their[view.round - 1]\n}\n" })
const Description = z.string().max(2000)

const IdParam = z.object({ id: z.string().min(1).max(100).openapi({ param: { name: 'id', in: 'path' }, example: 'tit-for-tat' }) })

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } })
const body = <T extends z.ZodType>(schema: T) => ({ required: true, content: { 'application/json': { schema } } })

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null)

type Row = { strategy: Strategy; owner: Pick<Account, 'handle' | 'deletedAt'>; version: number }

const latestNumber = sql<number>`(select max(${strategyVersions.version}) from ${strategyVersions} where ${strategyVersions.strategyId} = ${strategies.id})`.mapWith(Number)

function selectRows(db: Db) {
  return db
    .select({ strategy: strategies, owner: { handle: accounts.handle, deletedAt: accounts.deletedAt }, version: latestNumber })
    .from(strategies)
    .innerJoin(accounts, eq(accounts.id, strategies.ownerId))
}

function summary({ strategy: s, owner, version }: Row): z.infer<typeof SummarySchema> {
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    owner: ownerLabel(owner),
    public: s.isPublic,
    retired: s.retiredAt !== null,
    games: s.games,
    version: version ?? 0,
    createdAt: s.createdAt.toISOString(),
  }
}

function validationOf(value: unknown): { behaviour: Validation['behaviour'] | null; faults: Validation['faults'] } {
  const v = value as Partial<Validation> | null
  return { behaviour: v?.behaviour ?? null, faults: Array.isArray(v?.faults) ? v.faults : [] }
}

async function findRow(db: Db, id: string): Promise<Row> {
  const [row] = await selectRows(db).where(eq(strategies.id, id)).limit(1)
  if (!row) throw new ApiError('not_found', `no strategy with id "${id}"`, 'id')
  return row
}

async function profile(db: Db, row: Row, viewer: Account | undefined): Promise<z.infer<typeof ProfileSchema>> {
  const id = row.strategy.id
  const versions = await db
    .select({ version: strategyVersions.version, sourceHash: strategyVersions.sourceHash, createdAt: strategyVersions.createdAt, validation: strategyVersions.validation, source: strategyVersions.source })
    .from(strategyVersions)
    .where(eq(strategyVersions.strategyId, id))
    .orderBy(desc(strategyVersions.version))
  const recent = await db
    .select({
      ...MATCH_OUTCOME_COLUMNS,
      turns: sql<number>`length(${matches.aMoves})`.mapWith(Number),
      createdAt: matches.createdAt,
    })
    .from(matches)
    .where(or(eq(matches.aStrategyId, id), eq(matches.bStrategyId, id)))
    .orderBy(desc(matches.createdAt))
    .limit(RECENT_MATCHES)
  const rated = await db.select().from(ratings).where(eq(ratings.strategyId, id)).orderBy(asc(ratings.game))
  const history: RatingHistoryRow[] = []
  for (const r of rated) {
    const rows = await db
      .select()
      .from(ratingHistory)
      .where(and(eq(ratingHistory.strategyId, id), eq(ratingHistory.game, r.game)))
      .orderBy(desc(ratingHistory.seq))
      .limit(RATING_HISTORY)
    history.push(...rows.reverse())
  }
  const reputations = await db.select().from(reputation).where(eq(reputation.strategyId, id)).orderBy(asc(reputation.game))
  const latest = versions[0]
  const showSource = row.strategy.isPublic || (viewer !== undefined && viewer.id === row.strategy.ownerId)
  return {
    ...summary(row),
    retiredAt: iso(row.strategy.retiredAt),
    ...(showSource && latest ? { source: latest.source } : {}),
    behaviour: latest ? validationOf(latest.validation).behaviour : null,
    versions: versions.map((v) => ({ version: v.version, sourceHash: v.sourceHash, createdAt: v.createdAt.toISOString(), ...validationOf(v.validation) })),
    recentMatches: recent.map((m) => {
      const asA = m.aStrategyId === id
      return {
        runId: m.runId,
        jobIndex: m.jobIndex,
        repetition: m.repetition,
        version: asA ? m.aVersion : m.bVersion,
        opponent: asA ? { strategyId: m.bStrategyId, version: m.bVersion } : { strategyId: m.aStrategyId, version: m.aVersion },
        score: asA ? m.aScore : m.bScore,
        opponentScore: asA ? m.bScore : m.aScore,
        turns: m.turns,
        createdAt: m.createdAt.toISOString(),
      }
    }),
    ratings: rated.map((r) => ({ game: r.game, mu: r.mu, sigma: r.sigma, ordinal: r.ordinal, runs: r.runs, updatedAt: r.updatedAt.toISOString() })),
    ratingHistory: history.map((h) => ({ game: h.game, runId: h.runId, rank: h.rank, mu: h.mu, sigma: h.sigma, ordinal: h.ordinal, at: h.createdAt.toISOString() })),
    reputation: reputations.map((r) => ({
      game: r.game,
      ...reputationView(r, rated.find((x) => x.game === r.game)),
      turns: r.turns,
      runs: r.runs,
      faults: r.faults,
    })),
  }
}

/** The size check (cheap: before a quota unit is taken). */
function checkSize(source: string): void {
  const limit = sourceLimit()
  const bytes = sizeOfSource(source)
  if (bytes > limit) throw new ApiError('too_large', `the source is ${bytes} bytes; the limit is ${limit} bytes (64 KiB)`, 'source')
}

/** Size check, then the sandbox: the validation record, or the error to return. */
async function checkedSource(id: string, name: string, source: string): Promise<Validation> {
  checkSize(source)
  const outcome = await validateSource(id, name, source)
  if (!outcome.ok) throw new ApiError('strategy_does_not_load', outcome.fault.message, 'source')
  return outcome.validation
}

function ownedBy(row: Row, account: Account): void {
  if (row.strategy.ownerId !== account.id) throw new ApiError('forbidden', `strategy "${row.strategy.id}" belongs to ${ownerLabel(row.owner)}, not to you`)
}

const listRoute = createRoute({
  method: 'get',
  path: '/',
  summary: 'List strategies (live ones, the classics included), by id',
  description: 'Sources are never included in lists. A token, if given, must be valid.',
  middleware: [optionalAccount] as const,
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(100).default(20).openapi({ example: 20 }),
      cursor: z.string().min(1).max(100).optional().openapi({ description: 'nextCursor of the previous page' }),
      owner: z.string().min(1).max(32).optional().openapi({ description: 'Only the strategies of this handle', example: 'house' }),
    }),
  },
  responses: {
    200: json(z.object({ entries: z.array(SummarySchema), nextCursor: z.string().nullable() }).openapi('StrategyList'), 'A page of strategies'),
    ...errorResponses('invalid_input', 'unauthorized'),
  },
})

const getRoute = createRoute({
  method: 'get',
  path: '/{id}',
  summary: "A strategy's profile: versions, behaviour, recent matches",
  description: 'The source is included only when the strategy is public, or to its owner (identified by the token, if given).',
  middleware: [optionalAccount] as const,
  request: { params: IdParam },
  responses: { 200: json(ProfileSchema, 'The profile'), ...errorResponses('unauthorized', 'not_found') },
})

const versionRoute = createRoute({
  method: 'get',
  path: '/{id}/versions/{version}',
  summary: "One version's source",
  description:
    'The source of any version, so that a match can be played again anywhere (the site verifies replays in the browser): only when the strategy is public, or to its owner; otherwise a 403.',
  middleware: [optionalAccount] as const,
  request: {
    params: IdParam.extend({ version: z.coerce.number().int().min(1).openapi({ param: { name: 'version', in: 'path' }, example: 1 }) }),
  },
  responses: {
    200: json(
      z.object({ id: z.string(), name: z.string(), version: z.number().int(), sourceHash: z.string(), createdAt: z.string().openapi({ format: 'date-time' }), source: z.string() }).openapi('StrategySource'),
      'The version and its source',
    ),
    ...errorResponses('unauthorized', 'forbidden', 'not_found'),
  },
})

const opponentsRoute = createRoute({
  method: 'get',
  path: '/{id}/opponents',
  summary: 'Its head-to-head record against each opponent (the dilemma)',
  description:
    'From the reputation store, over every rated run: matches, wins, losses, both sides\' cooperation and score per round, and the last rounds of their latest match. Most played first. Self-play is left out.',
  request: {
    params: IdParam,
    query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(OPPONENTS_DEFAULT).openapi({ example: OPPONENTS_DEFAULT }) }),
  },
  responses: {
    200: json(z.object({ strategyId: z.string(), game: z.literal('dilemma'), entries: z.array(OpponentRecordSchema) }).openapi('OpponentRecords'), 'One record per opponent'),
    ...errorResponses('invalid_input', 'not_found'),
  },
})

const createStrategyRoute = createRoute({
  method: 'post',
  path: '/',
  summary: 'Upload a strategy',
  description:
    'The source is loaded in the sandbox and played against a few classics first; a source that does not load is refused with 422, naming line and column. Counts against `strategy-versions-per-hour` (a refused upload gives its unit back).',
  security: BEARER,
  middleware: signedWrite,
  request: { body: body(z.object({ name: Name, source: Source, description: Description.optional(), public: z.boolean().optional() })) },
  responses: {
    201: json(ProfileSchema, 'The new strategy (version 1)'),
    ...errorResponses('invalid_input', 'unauthorized', 'too_large', 'strategy_does_not_load', 'rate_limited', 'quota_exceeded'),
  },
})

const updateRoute = createRoute({
  method: 'put',
  path: '/{id}',
  summary: 'Add a version',
  description: 'Validated like an upload; counts against `strategy-versions-per-hour` (a refused version gives its unit back).',
  security: BEARER,
  middleware: signedWrite,
  request: { params: IdParam, body: body(z.object({ source: Source, description: Description.optional() })) },
  responses: {
    200: json(ProfileSchema, 'The strategy with its new version'),
    ...errorResponses('invalid_input', 'unauthorized', 'forbidden', 'not_found', 'conflict', 'too_large', 'strategy_does_not_load', 'rate_limited', 'quota_exceeded'),
  },
})

const retireRoute = createRoute({
  method: 'delete',
  path: '/{id}',
  summary: 'Retire a strategy',
  description: 'It enters nothing new; its versions and past results stay.',
  security: BEARER,
  middleware: signedWrite,
  request: { params: IdParam },
  responses: { 204: { description: 'Retired' }, ...errorResponses('unauthorized', 'forbidden', 'not_found', 'rate_limited') },
})

export const strategiesApi = subApp()
  .openapi(listRoute, async (c) => {
    const { limit, cursor, owner } = c.req.valid('query')
    const conditions = [isNull(strategies.retiredAt)]
    if (cursor) conditions.push(gt(strategies.id, cursor))
    if (owner) conditions.push(eq(accounts.handle, owner.toLowerCase()), isNull(accounts.deletedAt))
    const rows = await selectRows(c.get('db'))
      .where(and(...conditions))
      .orderBy(asc(strategies.id))
      .limit(limit + 1)
    const page = rows.slice(0, limit)
    return c.json({ entries: page.map(summary), nextCursor: rows.length > limit ? page[page.length - 1]!.strategy.id : null }, 200)
  })
  .openapi(getRoute, async (c) => {
    const db = c.get('db')
    const row = await findRow(db, c.req.valid('param').id)
    return c.json(await profile(db, row, c.var.account as Account | undefined), 200)
  })
  .openapi(versionRoute, async (c) => {
    const db = c.get('db')
    const { id, version } = c.req.valid('param')
    const row = await findRow(db, id)
    const viewer = c.var.account as Account | undefined
    if (!row.strategy.isPublic && viewer?.id !== row.strategy.ownerId) throw new ApiError('forbidden', `the source of "${id}" is not public`, 'id')
    const v = await getVersion(db, id, version)
    if (!v) throw new ApiError('not_found', `"${id}" has no version ${version}`, 'version')
    return c.json({ id, name: row.strategy.name, version: v.version, sourceHash: v.sourceHash, createdAt: v.createdAt.toISOString(), source: v.source }, 200)
  })
  .openapi(opponentsRoute, async (c) => {
    const db = c.get('db')
    const { id } = c.req.valid('param')
    const { limit } = c.req.valid('query')
    await findRow(db, id)
    const rows = await db
      .select({ pair: headToHead, name: strategies.name, owner: { handle: accounts.handle, deletedAt: accounts.deletedAt } })
      .from(headToHead)
      .innerJoin(strategies, eq(strategies.id, headToHead.opponentId))
      .innerJoin(accounts, eq(accounts.id, strategies.ownerId))
      .where(and(eq(headToHead.strategyId, id), eq(headToHead.game, 'dilemma')))
      .orderBy(desc(headToHead.matches), asc(headToHead.opponentId))
      .limit(limit)
    const per = (x: number, n: number) => (n > 0 ? x / n : null)
    const moves = (s: string) => [...s].filter((m): m is 'C' | 'D' => m === 'C' || m === 'D')
    return c.json(
      {
        strategyId: id,
        game: 'dilemma' as const,
        entries: rows.map(({ pair: p, name, owner }) => ({
          opponent: { id: p.opponentId, name, owner: ownerLabel(owner) },
          matches: p.matches,
          rounds: p.turns,
          wins: p.wins,
          losses: p.losses,
          draws: p.matches - p.wins - p.losses,
          cooperation: per(p.myCooperations, p.turns),
          opponentCooperation: per(p.theirCooperations, p.turns),
          scorePerRound: per(p.myScore, p.turns),
          opponentScorePerRound: per(p.theirScore, p.turns),
          lastRounds: { mine: moves(p.lastMy), theirs: moves(p.lastTheir) },
          lastRunId: p.lastRunId,
        })),
      },
      200,
    )
  })
  .openapi(createStrategyRoute, async (c) => {
    const input = c.req.valid('json')
    const db = c.get('db')
    const account = c.get('account')
    const id = newId()
    checkSize(input.source)
    // The quota unit is taken before the sandbox runs, and given back if the source is refused.
    await withQuota(db, account.id, 'strategy-versions-per-hour', async () => {
      const validation = await checkedSource(id, input.name, input.source)
      await createStrategy(db, { id, ownerId: account.id, name: input.name, description: input.description, isPublic: input.public ?? false, source: input.source, validation, games: validation.games })
    })
    return c.json(await profile(db, await findRow(db, id), account), 201)
  })
  .openapi(updateRoute, async (c) => {
    const { id } = c.req.valid('param')
    const input = c.req.valid('json')
    const db = c.get('db')
    const account = c.get('account')
    const row = await findRow(db, id)
    ownedBy(row, account)
    if (row.strategy.retiredAt) throw new ApiError('conflict', `strategy "${id}" is retired: upload a new strategy instead`)
    checkSize(input.source)
    await withQuota(db, account.id, 'strategy-versions-per-hour', async () => {
      const validation = await checkedSource(id, row.strategy.name, input.source)
      await addStrategyVersion(db, id, input.source, validation, new Date(), validation.games)
    })
    if (input.description !== undefined) await db.update(strategies).set({ description: input.description }).where(eq(strategies.id, id))
    return c.json(await profile(db, await findRow(db, id), account), 200)
  })
  .openapi(retireRoute, async (c) => {
    const { id } = c.req.valid('param')
    const db = c.get('db')
    const row = await findRow(db, id)
    ownedBy(row, c.get('account'))
    if (!row.strategy.retiredAt) await db.update(strategies).set({ retiredAt: new Date() }).where(and(eq(strategies.id, id), isNull(strategies.retiredAt)))
    return c.body(null, 204)
  })
