/**
 * Tournaments: create, list, show, invitations, entries, and starting a run.
 * Reads are public; every write needs a token and counts against the
 * account's burst limit (`signedWrite`). Creating one counts against
 * `tournaments-per-day`, starting a run against `runs-per-day` (src/quotas.ts),
 * and one account may enter `maxEntriesPerAccount` strategies (1 unless the
 * host allows more).
 */
import { createRoute, z } from '@hono/zod-openapi'
import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm'
import { classifyGame } from '../engine/classify'
import type { Game } from '../engine/types'
import { checkSchedule, nextSlot, ScheduleError } from '../jobs/cron'
import { entrantLimit, RunRefused, runSpecFor } from '../jobs/run-spec'
import { startRun } from '../jobs/runs'
import {
  accounts,
  HOUSE_ACCOUNT_ID,
  newId,
  runs,
  strategies,
  tournamentEntries,
  tournamentInvitations,
  tournaments,
  type Db,
  type Tournament,
} from '../store'
import { DEFAULT_MAX_ENTRIES_PER_ACCOUNT, MAX_ENTRIES_PER_ACCOUNT, withQuota } from '../quotas'
import { subApp } from './context'
import { ApiError, errorResponses } from './errors'
import { signedWrite } from './quotas'
import { jsonOf } from './responses'
import { checkRules, rulesClassification, rulesDilemmaTest, storedRules, TournamentRulesSchema } from './tournament-rules'


export const CreateTournamentSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    game: z.enum(['dilemma', 'commons']).optional().openapi({ description: 'The game played: "dilemma" (default, two players) or "commons" (groups of rules.group players sharing a stock)' }),
    rules: TournamentRulesSchema,
    schedule: z
      .string()
      .max(100)
      .nullable()
      .optional()
      .openapi({ description: 'A 5-field cron expression in UTC (minute hour day-of-month month day-of-week) for recurring runs; null for runs on demand', example: '0 * * * *' }),
    entry: z.enum(['open', 'invite']).default('open'),
    shareIdentities: z.boolean().default(false),
    maxEntriesPerAccount: z
      .number()
      .int()
      .min(1)
      .max(MAX_ENTRIES_PER_ACCOUNT)
      .default(DEFAULT_MAX_ENTRIES_PER_ACCOUNT)
      .openapi({ description: 'Strategies one account may enter (the house classics the host enters do not count). 1 unless you allow more: teams of strategies that recognise each other game a tournament.', example: 1 }),
  })
  .strict()
  .openapi('CreateTournament')


const bodyOf = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } })
const IdParam = z.object({ id: z.string().min(1).max(64) })

export async function getTournament(db: Db, id: string): Promise<Tournament> {
  const [t] = await db.select().from(tournaments).where(eq(tournaments.id, id))
  if (!t) throw new ApiError('not_found', `no tournament with id "${id}"`)
  return t
}

/** An experiment's tournament is made whole with its run: nothing is added to it later. */
function refuseExperiment(t: Tournament, what: string): void {
  if (t.experimentId) throw new ApiError('conflict', `this tournament plays rule set ${t.ruleSet} of experiment ${t.experimentId} and ${what}`)
}

function tournamentView(t: Tournament, now: Date = new Date()) {
  const rules = storedRules(t)
  return {
    id: t.id,
    name: t.name,
    game: t.game,
    hostId: t.hostId,
    rules,
    classification: t.classification,
    dilemmaTest: rulesDilemmaTest(t.game as Game, rules),
    entry: t.entryPolicy,
    shareIdentities: t.shareIdentities,
    schedule: t.schedule,
    /** The next slot of the schedule (UTC), or null without one. */
    nextRunAt: t.schedule ? (nextSlot(t.schedule, now)?.toISOString() ?? null) : null,
    maxEntriesPerAccount: t.maxEntriesPerAccount,
    /** Set when this tournament plays one rule set of an experiment. */
    experiment: t.experimentId ? { id: t.experimentId, ruleSet: t.ruleSet } : null,
    createdAt: t.createdAt.toISOString(),
  }
}

/** What POST /api/tournaments answers: the new tournament's id, the classification of its payoff matrix, and its next scheduled run. */
function createdView(id: string, game: Game, rules: ReturnType<typeof checkRules>, classification: ReturnType<typeof rulesClassification>, schedule: string | null) {
  return { id, classification, dilemmaTest: rulesDilemmaTest(game, rules), nextRunAt: schedule ? (nextSlot(schedule, new Date())?.toISOString() ?? null) : null }
}

/** What GET /api/tournaments/:id shows: the tournament, its entries and its latest runs. */
async function tournamentDetail(db: Db, t: Tournament) {
  const entries = await db
    .select({ strategyId: strategies.id, name: strategies.name, owner: accounts.handle, enteredAt: tournamentEntries.createdAt })
    .from(tournamentEntries)
    .innerJoin(strategies, eq(strategies.id, tournamentEntries.strategyId))
    .innerJoin(accounts, eq(accounts.id, strategies.ownerId))
    .where(eq(tournamentEntries.tournamentId, t.id))
    .orderBy(tournamentEntries.createdAt, tournamentEntries.strategyId)
  const runRows = await db
    .select({ id: runs.id, status: runs.status, jobsDone: runs.jobsDone, jobsTotal: runs.jobsTotal, commitment: runs.commitment, createdAt: runs.createdAt, finishedAt: runs.finishedAt })
    .from(runs)
    .where(eq(runs.tournamentId, t.id))
    .orderBy(desc(runs.createdAt))
    .limit(50)
  return {
    ...tournamentView(t),
    entries: entries.map((e) => ({ ...e, enteredAt: e.enteredAt.toISOString() })),
    runs: runRows.map((r) => ({
      id: r.id,
      status: publicStatus(r.status),
      progress: { done: r.jobsDone, total: r.jobsTotal },
      commitment: r.commitment,
      createdAt: r.createdAt.toISOString(),
      finishedAt: r.status === 'finished' && r.finishedAt ? r.finishedAt.toISOString() : null,
    })),
  }
}

/** The API's status of a run (`finalizing` is still running). */
export function publicStatus(status: string): 'queued' | 'running' | 'finished' | 'failed' {
  return status === 'finalizing' ? 'running' : (status as 'queued' | 'running' | 'finished' | 'failed')
}

const createTournament = createRoute({
  method: 'post',
  path: '/',
  description: 'Counts against `tournaments-per-day` (a refused request gives its unit back).',
  middleware: signedWrite,
  request: bodyOf(CreateTournamentSchema),
  responses: { 201: jsonOf<ReturnType<typeof createdView>>('created: its id and the classification of its payoff matrix'), ...errorResponses('invalid_input', 'unauthorized', 'rate_limited', 'quota_exceeded') },
})

const listTournaments = createRoute({
  method: 'get',
  path: '/',
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20), cursor: z.string().max(200).optional() }) },
  responses: { 200: jsonOf<{ entries: ReturnType<typeof tournamentView>[]; nextCursor: string | null }>('tournaments, newest first: `{ entries, nextCursor }`'), ...errorResponses('invalid_input') },
})

const showTournament = createRoute({
  method: 'get',
  path: '/{id}',
  request: { params: IdParam },
  responses: { 200: jsonOf<Awaited<ReturnType<typeof tournamentDetail>>>('the tournament, its entries and its runs'), ...errorResponses('not_found') },
})

const invite = createRoute({
  method: 'post',
  path: '/{id}/invites',
  middleware: signedWrite,
  request: { params: IdParam, ...bodyOf(z.object({ handle: z.string().min(1).max(64) }).strict()) },
  responses: { 201: jsonOf<{ tournamentId: string; handle: string }>('invited'), ...errorResponses('invalid_input', 'unauthorized', 'forbidden', 'not_found', 'rate_limited') },
})

const enter = createRoute({
  method: 'post',
  path: '/{id}/entries',
  description: 'One account may enter the tournament\'s `maxEntriesPerAccount` strategies (the house classics the host enters do not count); one more is a 409.',
  middleware: signedWrite,
  request: { params: IdParam, ...bodyOf(z.object({ strategyId: z.string().min(1).max(64) }).strict()) },
  responses: { 201: jsonOf<{ tournamentId: string; strategyId: string }>('entered'), ...errorResponses('invalid_input', 'unauthorized', 'forbidden', 'not_found', 'conflict', 'rate_limited') },
})

const withdraw = createRoute({
  method: 'delete',
  path: '/{id}/entries/{strategyId}',
  middleware: signedWrite,
  request: { params: IdParam.extend({ strategyId: z.string().min(1).max(64) }) },
  responses: { 200: jsonOf<{ tournamentId: string; strategyId: string; withdrawn: true }>('withdrawn'), ...errorResponses('unauthorized', 'forbidden', 'not_found', 'rate_limited') },
})

/**
 * Starting a run. A host may fix the seed, to reproduce a run or compare it
 * with `arena tournament --seed S` (the commitment then hides nothing); by
 * default it is random and revealed only once the run has finished.
 */
const StartRunSchema = z
  .object({ seed: z.number().int().min(0).max(0xffffffff).optional().openapi({ description: 'the run seed; random when left out', example: 42 }) })
  .openapi('StartRun')

const startRunRoute = createRoute({
  method: 'post',
  path: '/{id}/runs',
  description: 'Counts against the host\'s `runs-per-day` (a refused request gives its unit back; runs started by the schedule count against nobody).',
  middleware: signedWrite,
  request: { params: IdParam, body: { content: { 'application/json': { schema: StartRunSchema } }, required: false } },
  responses: { 201: jsonOf<{ runId: string; commitment: string }>('the run was queued: `{ runId }`'), ...errorResponses('invalid_input', 'unauthorized', 'forbidden', 'not_found', 'rate_limited', 'quota_exceeded') },
})

/** The live strategies of `ownerId` entered in tournament `tournamentId`, counted (SQL). */
function ownEntriesCount(tournamentId: string, ownerId: string) {
  return sql`select count(*) from tournament_entries e join strategies s on s.id = e.strategy_id where e.tournament_id = ${tournamentId} and s.owner_id = ${ownerId} and s.retired_at is null`
}

/**
 * Throws why strategy `s` may not be entered in `t` now: already entered,
 * the tournament full, or its owner's share taken. Strategies of the house
 * (the classics a host enters) have no share: the host fills the field with
 * them up to the entrant limit; the limit is there against teams, and the
 * classics are public, fixed code.
 */
async function refuseEntry(db: Db, t: Tournament, s: { id: string; ownerId: string }): Promise<void> {
  const entered = await db
    .select({ id: tournamentEntries.strategyId, ownerId: strategies.ownerId, retiredAt: strategies.retiredAt })
    .from(tournamentEntries)
    .innerJoin(strategies, eq(strategies.id, tournamentEntries.strategyId))
    .where(eq(tournamentEntries.tournamentId, t.id))
  if (entered.some((e) => e.id === s.id)) throw new ApiError('conflict', 'this strategy is already entered')
  const limit = entrantLimit(t)
  if (entered.length >= limit) {
    throw new ApiError('invalid_input', `the tournament is full: at most ${limit} entrants${t.shareIdentities ? ' when identities are shared (MAX_SHARED_ENTRANTS)' : ' (MAX_ENTRANTS)'}`, 'strategyId')
  }
  if (s.ownerId === HOUSE_ACCOUNT_ID) return
  const own = entered.filter((e) => e.ownerId === s.ownerId && e.retiredAt === null).map((e) => e.id)
  const max = t.maxEntriesPerAccount
  if (own.length >= max) {
    throw new ApiError(
      'conflict',
      `this tournament takes at most ${max} ${max === 1 ? 'strategy' : 'strategies'} per account (maxEntriesPerAccount, set by its host when creating it: teams of strategies that recognise each other game a tournament), and ${own.join(', ')} ${own.length === 1 ? 'is' : 'are'} already yours; withdraw one first (DELETE /api/tournaments/${t.id}/entries/{strategyId}) to enter this one instead`,
      'strategyId',
    )
  }
}

function encodeCursor(t: { createdAt: Date; id: string }): string {
  return `${t.createdAt.getTime()}.${t.id}`
}
function decodeCursor(cursor: string): { at: Date; id: string } {
  const m = /^(\d+)\.([0-9a-z-]+)$/.exec(cursor)
  if (!m) throw new ApiError('invalid_input', 'cursor: not a cursor this API gave', 'cursor')
  return { at: new Date(Number(m[1])), id: m[2]! }
}

export const tournamentsApp = subApp()
  .openapi(createTournament, async (c) => {
    const body = c.req.valid('json')
    const account = c.get('account')
    const game: Game = body.game ?? 'dilemma'
    if (body.rules.payoffs) {
      const classification = classifyGame(body.rules.payoffs)
      if (classification.kind === 'invalid') throw new ApiError('invalid_input', `rules.payoffs: ${classification.reason}`, 'rules.payoffs')
    }
    const rules = checkRules(body.rules, game)
    let schedule: string | null = null
    if (body.schedule != null) {
      try {
        schedule = checkSchedule(body.schedule)
      } catch (error) {
        if (error instanceof ScheduleError) throw new ApiError('invalid_input', `schedule: ${error.message}`, 'schedule')
        throw error
      }
    }
    const classification = rulesClassification(game, rules)
    if (classification.kind === 'invalid') throw new ApiError('invalid_input', `rules.payoffs: ${classification.reason}`, 'rules.payoffs')
    const id = newId()
    const db = c.get('db')
    await withQuota(db, account.id, 'tournaments-per-day', async () => {
      await db.insert(tournaments).values({
        id,
        hostId: account.id,
        name: body.name,
        game,
        rules,
        classification,
        entryPolicy: body.entry,
        shareIdentities: body.shareIdentities,
        schedule,
        maxEntriesPerAccount: body.maxEntriesPerAccount,
      })
    })
    return c.json(createdView(id, game, rules, classification, schedule), 201)
  })
  .openapi(listTournaments, async (c) => {
    const { limit, cursor } = c.req.valid('query')
    const after = cursor ? decodeCursor(cursor) : null
    const rows = await c
      .get('db')
      .select()
      .from(tournaments)
      .where(and(isNull(tournaments.experimentId), after ? or(lt(tournaments.createdAt, after.at), and(eq(tournaments.createdAt, after.at), lt(tournaments.id, after.id))) : undefined))
      .orderBy(desc(tournaments.createdAt), desc(tournaments.id))
      .limit(limit + 1)
    const page = rows.slice(0, limit)
    return c.json({ entries: page.map((t) => tournamentView(t)), nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null }, 200)
  })
  .openapi(showTournament, async (c) => {
    const db = c.get('db')
    const t = await getTournament(db, c.req.valid('param').id)
    return c.json(await tournamentDetail(db, t), 200)
  })
  .openapi(invite, async (c) => {
    const db = c.get('db')
    const t = await getTournament(db, c.req.valid('param').id)
    if (t.hostId !== c.get('account').id) throw new ApiError('forbidden', 'only the host of this tournament can invite')
    refuseExperiment(t, 'takes no invitations')
    const handle = c.req.valid('json').handle
    const [who] = await db.select().from(accounts).where(and(eq(accounts.handle, handle), isNull(accounts.deletedAt)))
    if (!who) throw new ApiError('not_found', `no account with handle "${handle}"`, 'handle')
    await db.insert(tournamentInvitations).values({ tournamentId: t.id, accountId: who.id }).onConflictDoNothing()
    return c.json({ tournamentId: t.id, handle }, 201)
  })
  .openapi(enter, async (c) => {
    const db = c.get('db')
    const account = c.get('account')
    const t = await getTournament(db, c.req.valid('param').id)
    refuseExperiment(t, 'takes no entries')
    const strategyId = c.req.valid('json').strategyId
    const [s] = await db.select().from(strategies).where(eq(strategies.id, strategyId))
    if (!s) throw new ApiError('not_found', `no strategy with id "${strategyId}"`, 'strategyId')
    const isHost = t.hostId === account.id
    if (s.ownerId !== account.id && !(isHost && s.ownerId === HOUSE_ACCOUNT_ID)) {
      throw new ApiError('forbidden', 'only its owner can enter a strategy (the host may enter the house classics)')
    }
    if (s.retiredAt) throw new ApiError('invalid_input', 'this strategy is retired', 'strategyId')
    if (!s.games.includes(t.game as Game)) {
      throw new ApiError('invalid_input', `this tournament plays the ${t.game} and this strategy declares only ${s.games.join(' and ')} (its module's \`export const games\`; without it a strategy plays the dilemma)`, 'strategyId')
    }
    if (t.entryPolicy === 'invite' && !isHost) {
      const [inv] = await db
        .select()
        .from(tournamentInvitations)
        .where(and(eq(tournamentInvitations.tournamentId, t.id), eq(tournamentInvitations.accountId, account.id)))
      if (!inv) throw new ApiError('forbidden', 'this tournament is by invitation: ask its host to invite you')
    }
    await refuseEntry(db, t, s)
    // One statement: the entry goes in only while the tournament and (but for the house) the owner's share of it have room,
    // so two entries at once cannot both take the last place.
    const added = await db
      .insert(tournamentEntries)
      .select(
        db
          .select({
            tournamentId: sql<string>`${t.id}`.as('tournament_id'),
            strategyId: sql<string>`${strategyId}`.as('strategy_id'),
            createdAt: sql<number>`${Date.now()}`.as('created_at'),
          })
          .from(sql`(select 1)`)
          .where(
            and(
              sql`(select count(*) from tournament_entries where tournament_id = ${t.id}) < ${entrantLimit(t)}`,
              s.ownerId === HOUSE_ACCOUNT_ID ? undefined : sql`(${ownEntriesCount(t.id, s.ownerId)}) < ${t.maxEntriesPerAccount}`,
            ),
          ),
      )
      .onConflictDoNothing()
      .returning()
    if (added.length === 0) {
      await refuseEntry(db, t, s) // someone else's entry came first: say why
      throw new ApiError('conflict', 'this strategy is already entered')
    }
    return c.json({ tournamentId: t.id, strategyId }, 201)
  })
  .openapi(withdraw, async (c) => {
    const db = c.get('db')
    const account = c.get('account')
    const { id, strategyId } = c.req.valid('param')
    const t = await getTournament(db, id)
    refuseExperiment(t, 'keeps its entries')
    const [s] = await db.select().from(strategies).where(eq(strategies.id, strategyId))
    if (!s) throw new ApiError('not_found', `no strategy with id "${strategyId}"`)
    if (s.ownerId !== account.id && t.hostId !== account.id) throw new ApiError('forbidden', 'only the strategy’s owner or the host can withdraw it')
    const gone = await db
      .delete(tournamentEntries)
      .where(and(eq(tournamentEntries.tournamentId, t.id), eq(tournamentEntries.strategyId, strategyId)))
      .returning()
    if (gone.length === 0) throw new ApiError('not_found', 'this strategy is not entered')
    return c.json({ tournamentId: t.id, strategyId, withdrawn: true }, 200)
  })
  .openapi(startRunRoute, async (c) => {
    const db = c.get('db')
    const account = c.get('account')
    const t = await getTournament(db, c.req.valid('param').id)
    if (t.hostId !== account.id) throw new ApiError('forbidden', 'only the host of this tournament can start a run')
    refuseExperiment(t, 'starts no run by hand')
    const { seed } = c.req.valid('json') ?? {}
    let spec
    try {
      spec = await runSpecFor(db, t, { requestedBy: account.id, seed })
    } catch (error) {
      if (error instanceof RunRefused) throw new ApiError('invalid_input', error.message)
      throw error
    }
    const run = await startRun(c.env, db, spec)
    return c.json({ runId: run.id, commitment: run.commitment }, 201)
  })
