/**
 * Experiments: the same field of strategies under several rule sets, side
 * by side. POST takes the body of `arena experiment SPEC.json` (players are
 * strategy ids: the caller's own or the house classics) and plays each rule
 * set as the run of a tournament of its own, on the queue like any run, all
 * with the same seed; GET shows their progress, then the side-by-side result
 * (the engine's summarizeExperiment, the same document as the command line's
 * `--json`). An experiment moves no rating or reputation. Rule sets of the
 * commons are commons tournaments, stored as a commons tournament stores its
 * rules (with `group`), and their runs play groups.
 */
import { createRoute, z } from '@hono/zod-openapi'
import { and, asc, desc, eq, gte, inArray } from 'drizzle-orm'
import { summarizeExperiment, type ExperimentResult } from '../engine/experiment'
import { ExperimentError, planExperiment, readExperimentSpec, type ExperimentGame, type ExperimentPlan, type PlannedRuleSet } from '../engine/experiment-spec'
import { aggregateCommonsOf, aggregateRun } from '../jobs/finalize'
import type { StoredCommonsRules, StoredRules } from '../jobs/run-spec'
import { MAX_ENTRANTS, RunRefused, runSpecFor } from '../jobs/run-spec'
import { startRun } from '../jobs/runs'
import { giveBackQuota, takeQuota, type QuotaTicket } from '../quotas'
import { accounts, chunkedInserts, experiments, HOUSE_ACCOUNT_ID, newId, runs, strategies, tournamentEntries, tournaments, type Db } from '../store'
import type { Env } from '../env'
import { subApp } from './context'
import { ApiError, errorResponses } from './errors'
import { PageCache } from './page-cache'
import { signedWrite } from './quotas'
import { jsonOf } from './responses'
import { cacheFinished } from './runs'
import { checkRunSize, rulesClassification } from './tournament-rules'
import { publicStatus } from './tournaments'

const RuleSet = z
  .object({
    name: z.string().openapi({ example: 'referee' }),
    game: z.enum(['dilemma', 'commons']).optional().openapi({ description: 'The game the rules define (default "dilemma")' }),
    rules: z.record(z.string(), z.unknown()).optional().openapi({
      description:
        'The rules, as a tournament of the game takes them (the dilemma: payoffs, turns or continuation, noise, referee, align, cheapTalk; the commons: its rules and group); defaults for what is left out. Every rule set plays the same game',
      example: { turns: 200, referee: { fine: 3, detection: 1 } },
    }),
  })
  .openapi('RuleSet')

export const ExperimentSpecSchema = z
  .object({
    players: z.array(z.string()).openapi({ description: 'Strategy ids: your own strategies or the house classics', example: ['tit-for-tat', 'defector', 'grudger'] }),
    seed: z.union([z.number(), z.string()]).optional().openapi({ description: 'The seed of every rule set (a whole number or any text); default 1' }),
    repetitions: z.number().optional().openapi({ description: 'Matches per pairing under every rule set; default 5' }),
    ruleSets: z.array(RuleSet).openapi({ description: 'One to eight rule sets, played with the same seed' }),
  })
  .openapi('ExperimentSpec')

/** A rule set's run, as POST /api/experiments answers it. */
type StartedRun = { ruleSet: number; name: string; runId: string }
const IdParam = z.object({ id: z.string().min(1).max(64) })

const createExperiment = createRoute({
  method: 'post',
  path: '/',
  description: 'Plays every rule set as a run on the queue (the same seed for all). Counts one unit of `runs-per-day` per rule set, taken together: an experiment that does not fit starts nothing.',
  middleware: signedWrite,
  request: { body: { content: { 'application/json': { schema: ExperimentSpecSchema } }, required: true } },
  responses: { 201: jsonOf<{ id: string; runs: StartedRun[] }>('queued: `{ id, runs: [{ ruleSet, name, runId }] }`'), ...errorResponses('invalid_input', 'unauthorized', 'forbidden', 'not_found', 'rate_limited', 'quota_exceeded') },
})

const showExperiment = createRoute({
  method: 'get',
  path: '/{id}',
  request: { params: IdParam },
  responses: { 200: jsonOf<ExperimentHead & { result: ExperimentResult | null }>('its status and runs, and once every run has finished the side-by-side `result`'), ...errorResponses('not_found') },
})

const listExperiments = createRoute({
  method: 'get',
  path: '/',
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }) },
  responses: { 200: jsonOf<{ entries: ReturnType<typeof experimentSummary>[] }>('the latest experiments: `{ entries }`') },
})

/** Finished experiments' documents, kept in the isolate (they never change). */
const finishedResults = new PageCache(10 * 60_000, 16)

/** The strategies of `ids`, in that order, refused unless each is live, the caller's own or the house's, and plays `game`. */
async function experimentPlayers(db: Db, accountId: string, ids: readonly string[], game: ExperimentGame): Promise<{ id: string; name: string }[]> {
  const rows = new Map<string, typeof strategies.$inferSelect>()
  for (let i = 0; i < ids.length; i += 90) {
    for (const row of await db.select().from(strategies).where(inArray(strategies.id, ids.slice(i, i + 90)))) rows.set(row.id, row)
  }
  return ids.map((id, i) => {
    const s = rows.get(id)
    if (!s) throw new ApiError('not_found', `players[${i}]: no strategy with id "${id}"`, `players[${i}]`)
    if (s.retiredAt) throw new ApiError('invalid_input', `players[${i}]: strategy "${id}" is retired`, `players[${i}]`)
    if (s.ownerId !== accountId && s.ownerId !== HOUSE_ACCOUNT_ID) {
      throw new ApiError('forbidden', `players[${i}]: "${id}" is not yours; an experiment plays your own strategies and the house classics`, `players[${i}]`)
    }
    if (!s.games.includes(game)) {
      throw new ApiError('invalid_input', `players[${i}]: this experiment plays the ${game} and "${id}" declares only ${s.games.join(' and ')} (its module's \`export const games\`)`, `players[${i}]`)
    }
    return { id: s.id, name: s.name }
  })
}

/** One unit of runs-per-day per rule set, all or none. */
async function takeRuns(db: Db, accountId: string, count: number): Promise<QuotaTicket[]> {
  const tickets: QuotaTicket[] = []
  try {
    for (let k = 0; k < count; k++) {
      const ticket = await takeQuota(db, accountId, 'runs-per-day')
      if (ticket) tickets.push(ticket)
    }
    return tickets
  } catch (error) {
    for (const ticket of tickets) await giveBackQuota(db, ticket)
    throw error
  }
}

/** A rule set's tournament rules as a tournament of its game stores them. */
function storedRules(ruleSet: PlannedRuleSet, repetitions: number): StoredRules | StoredCommonsRules {
  return ruleSet.game === 'commons' ? { ...ruleSet.rules, repetitions, group: ruleSet.group } : { ...ruleSet.rules, repetitions }
}

/** An experiment's tournaments (by rule set) and the run of each. */
async function experimentRuns(db: Db, experimentId: string) {
  const ts = await db.select().from(tournaments).where(eq(tournaments.experimentId, experimentId)).orderBy(asc(tournaments.ruleSet))
  const runRows = ts.length === 0 ? [] : await db.select().from(runs).where(inArray(runs.tournamentId, ts.map((t) => t.id))).orderBy(desc(runs.createdAt))
  return ts.map((t) => ({ tournament: t, run: runRows.find((r) => r.tournamentId === t.id) ?? null }))
}

/** Runs started before one failed to start, and why. */
class PartlyStarted extends Error {
  constructor(
    readonly made: StartedRun[],
    override readonly cause: unknown,
  ) {
    super('an experiment started only part of its runs')
  }
}

/** Start each rule set's run with the experiment's seed (its quota units are already taken). */
async function startRuns(env: Env, db: Db, accountId: string, plan: ExperimentPlan, tournamentIds: readonly string[], now: Date) {
  const made: StartedRun[] = []
  try {
    for (let k = 0; k < plan.ruleSets.length; k++) {
      const [t] = await db.select().from(tournaments).where(eq(tournaments.id, tournamentIds[k]!))
      const spec = await runSpecFor(db, t!, { requestedBy: accountId, seed: plan.seed })
      const run = await startRun(env, db, spec, now, { quotaTaken: true })
      made.push({ ruleSet: k, name: plan.ruleSets[k]!.name, runId: run.id })
    }
    return made
  } catch (error) {
    throw new PartlyStarted(made, error)
  }
}

/** Remove the tournaments of rule sets from `from` on (they have no run), and the experiment itself when none started. */
async function forgetUnstarted(db: Db, experimentId: string, from: number): Promise<void> {
  const rest = await db
    .select({ id: tournaments.id })
    .from(tournaments)
    .where(and(eq(tournaments.experimentId, experimentId), gte(tournaments.ruleSet, from)))
  const ids = rest.map((t) => t.id)
  const statements = [
    ...(ids.length > 0 ? [db.delete(tournamentEntries).where(inArray(tournamentEntries.tournamentId, ids)), db.delete(tournaments).where(inArray(tournaments.id, ids))] : []),
    ...(from === 0 ? [db.delete(experiments).where(eq(experiments.id, experimentId))] : []),
  ]
  const [first, ...others] = statements
  if (first) await db.batch([first, ...others])
}

/** An experiment in GET /api/experiments: who, how many players, which rule sets. */
function experimentSummary(r: { id: string; owner: string; plan: unknown; createdAt: Date }) {
  const plan = r.plan as ExperimentPlan
  return { id: r.id, owner: r.owner, players: plan.players.length, ruleSets: plan.ruleSets.map((s) => ({ name: s.name, game: s.game })), createdAt: r.createdAt.toISOString() }
}

/** A run's status as the API shows it. */
type RunStatus = ReturnType<typeof publicStatus>

/** What GET /api/experiments/:id shows besides the result. */
type ExperimentHead = Awaited<ReturnType<typeof experimentState>>['head']

/** An experiment's plan, its rule sets' tournaments and runs, and its `head`: status, progress and runs. */
async function experimentState(db: Db, id: string) {
  const [row] = await db
    .select({ id: experiments.id, owner: accounts.handle, plan: experiments.plan, createdAt: experiments.createdAt })
    .from(experiments)
    .innerJoin(accounts, eq(accounts.id, experiments.ownerId))
    .where(eq(experiments.id, id))
  if (!row) throw new ApiError('not_found', `no experiment with id "${id}"`)
  const plan = row.plan as ExperimentPlan
  const parts = await experimentRuns(db, id)
  const statuses: RunStatus[] = parts.map((p) => (p.run ? publicStatus(p.run.status) : 'failed'))
  // A rule set that never started (its tournament was removed when the request failed) fails the whole experiment.
  const whole = parts.length === plan.ruleSets.length
  const status: RunStatus = !whole || statuses.some((s) => s === 'failed') ? 'failed' : statuses.every((s) => s === 'finished') ? 'finished' : statuses.some((s) => s !== 'queued') ? 'running' : 'queued'
  const head = {
    id: row.id,
    owner: row.owner,
    createdAt: row.createdAt.toISOString(),
    status,
    progress: { done: parts.reduce((n, p) => n + (p.run?.jobsDone ?? 0), 0), total: parts.reduce((n, p) => n + (p.run?.jobsTotal ?? 0), 0) },
    seed: plan.seed,
    repetitions: plan.repetitions,
    players: plan.players,
    runs: parts.map((p, k) => ({ ruleSet: k, name: plan.ruleSets[k]?.name ?? null, tournamentId: p.tournament.id, runId: p.run?.id ?? null, status: statuses[k]! })),
  }
  return { plan, parts, head }
}

export const experimentsApp = subApp()
  .openapi(createExperiment, async (c) => {
    const db = c.get('db')
    const account = c.get('account')
    let plan: ExperimentPlan
    try {
      const spec = readExperimentSpec(c.req.valid('json'))
      if (spec.players.length > MAX_ENTRANTS) throw new ExperimentError(`an experiment plays at most ${MAX_ENTRANTS} strategies (MAX_ENTRANTS); this one has ${spec.players.length}`)
      const players = await experimentPlayers(db, account.id, spec.players, spec.ruleSets[0]?.game ?? 'dilemma')
      plan = planExperiment({ ...spec, players })
    } catch (error) {
      if (error instanceof ExperimentError) throw new ApiError('invalid_input', error.message)
      throw error
    }
    plan.ruleSets.forEach((ruleSet, k) => checkRunSize(ruleSet.rules, plan.repetitions, `ruleSets[${k}].rules`))
    const id = newId()
    const now = new Date()
    const tickets = await takeRuns(db, account.id, plan.ruleSets.length)
    const made: StartedRun[] = []
    try {
      const tournamentIds = plan.ruleSets.map(() => newId())
      await db.batch([
        db.insert(experiments).values({ id, ownerId: account.id, plan, createdAt: now }),
        ...plan.ruleSets.map((ruleSet, k) =>
          db.insert(tournaments).values({
            id: tournamentIds[k]!,
            hostId: account.id,
            name: `Experiment ${id}: ${ruleSet.name}`,
            game: ruleSet.game,
            rules: storedRules(ruleSet, plan.repetitions),
            classification: rulesClassification(ruleSet.game, storedRules(ruleSet, plan.repetitions)),
            entryPolicy: 'invite',
            shareIdentities: false,
            schedule: null,
            maxEntriesPerAccount: plan.players.length,
            experimentId: id,
            ruleSet: k,
            createdAt: now,
          }),
        ),
        // Entered in the order given (a run plays its entrants by entry time), so every rule set has the plan's player order.
        ...plan.ruleSets.flatMap((_, k) =>
          chunkedInserts(
            db,
            tournamentEntries,
            plan.players.map((p, i) => ({ tournamentId: tournamentIds[k]!, strategyId: p.id, createdAt: new Date(now.getTime() + i) })),
          ),
        ),
      ])
      made.push(...(await startRuns(c.env, db, account.id, plan, tournamentIds, now)))
    } catch (error) {
      // Units of rule sets that never started go back, and so do their tournaments (the whole experiment when none started).
      const started = error instanceof PartlyStarted ? error.made : made
      for (const ticket of tickets.slice(started.length)) await giveBackQuota(db, ticket)
      await forgetUnstarted(db, id, started.length).catch((inner) => console.error('could not remove an experiment that did not start', inner))
      const cause = error instanceof PartlyStarted ? error.cause : error
      if (cause instanceof RunRefused) throw new ApiError('invalid_input', cause.message)
      throw cause
    }
    return c.json({ id, runs: made }, 201)
  })
  .openapi(listExperiments, async (c) => {
    const db = c.get('db')
    const rows = await db
      .select({ id: experiments.id, owner: accounts.handle, plan: experiments.plan, createdAt: experiments.createdAt })
      .from(experiments)
      .innerJoin(accounts, eq(accounts.id, experiments.ownerId))
      .orderBy(desc(experiments.createdAt), desc(experiments.id))
      .limit(c.req.valid('query').limit)
    return c.json(
      {
        entries: rows.map(experimentSummary),
      },
      200,
    )
  })
  .openapi(showExperiment, async (c) => {
    const db = c.get('db')
    const id = c.req.valid('param').id
    const { plan, parts, head } = await experimentState(db, id)
    if (head.status !== 'finished') {
      c.header('Cache-Control', 'no-store')
      return c.json({ ...head, result: null }, 200)
    }
    const tag = `experiment-${id}`
    const cached = cacheFinished(c, tag)
    if (cached) return cached as never
    const body = await finishedResults.get(tag, async () => {
      const results = []
      for (const p of parts) results.push(p.tournament.game === 'commons' ? await aggregateCommonsOf(db, p.run!) : await aggregateRun(db, p.run!))
      const result: ExperimentResult = summarizeExperiment(plan, results)
      return JSON.stringify({ ...head, result })
    })
    return c.body(body, 200, { 'Content-Type': 'application/json' }) as never
  })
