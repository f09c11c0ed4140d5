/**
 * One match of a run: its replay (moves, per-round payoffs with the rules'
 * mechanisms applied, faults, noise flips, referee fines, announcements, seed, rules, versions, each side's frozen opponent view; never a
 * source) and its verification (played again, compared move for move).
 * Only matches of finished runs are shown: before that, the seeds stay secret.
 */
import { createRoute, z } from '@hono/zod-openapi'
import { and, eq, inArray } from 'drizzle-orm'
import { playMatch } from '../engine/match'
import { roundPayoffs } from '../engine/mechanisms'
import { makeRules, type RulesInput } from '../engine/rules'
import type { Move } from '../engine/types'
import { withSandbox } from '../sandbox-runner'
import { checkReplay } from '../engine/replay-check'
import { getVersion, matches, runs, strategies, type Db } from '../store'
import { subApp } from './context'
import { ApiError, errorResponses } from './errors'
import { anonymousBurst } from './quotas'
import { jsonOf } from './responses'
import { cacheFinished, matchId } from './runs'

const IdParam = z.object({ id: z.string().min(1).max(100) })

async function findMatch(db: Db, id: string) {
  const m = /^([0-9a-z]+)-(\d+)-(\d+)$/.exec(id)
  if (!m) throw new ApiError('not_found', `no match with id "${id}"`)
  // Of the run only what a match shows: never its stored schedule (runs.jobs, hundreds of KiB).
  const [row] = await db
    .select({ match: matches, run: { status: runs.status, rules: runs.rules, tournamentId: runs.tournamentId } })
    .from(matches)
    .innerJoin(runs, eq(runs.id, matches.runId))
    .where(and(eq(matches.runId, m[1]!), eq(matches.jobIndex, Number(m[2])), eq(matches.repetition, Number(m[3]))))
  if (!row || row.run.status !== 'finished') throw new ApiError('not_found', `no match with id "${id}" in a finished run`)
  return row
}

/** The strategies' names by id (one query; an id with no strategy is its own name). */
async function names(db: Db, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)]
  const rows = await db.select({ id: strategies.id, name: strategies.name }).from(strategies).where(inArray(strategies.id, unique))
  const found = new Map(rows.map((r) => [r.id, r.name]))
  return new Map(unique.map((id) => [id, found.get(id) ?? id]))
}

/** What GET /api/matches/:id shows: the replay, with each round's payoffs under the run's rules. */
async function replayView(db: Db, { match: m, run }: Awaited<ReturnType<typeof findMatch>>) {
  const rules = makeRules(run.rules as RulesInput)
  const fined = m.fined ?? [[], []]
  const finedA = new Set(fined[0])
  const finedB = new Set(fined[1])
  const rounds = []
  for (let i = 0; i < m.aMoves.length; i++) {
    rounds.push(roundPayoffs(rules, m.aMoves[i] as Move, m.bMoves[i] as Move, finedA.has(i), finedB.has(i)))
  }
  const label = await names(db, [m.aStrategyId, m.bStrategyId])
  return {
    id: matchId(m.runId, m.jobIndex, m.repetition),
    runId: m.runId,
    tournamentId: run.tournamentId,
    job: m.jobIndex,
    repetition: m.repetition,
    seed: m.seed,
    rules,
    a: { strategyId: m.aStrategyId, version: m.aVersion, name: label.get(m.aStrategyId), moves: m.aMoves, score: m.aScore, opponentView: m.aOpponentView },
    b: { strategyId: m.bStrategyId, version: m.bVersion, name: label.get(m.bStrategyId), moves: m.bMoves, score: m.bScore, opponentView: m.bOpponentView },
    payoffs: rounds,
    faults: m.faults,
    flips: m.flips,
    fined,
    announcements: m.announcements,
    infraError: m.infraError,
  }
}

/** What POST /api/matches/:id/verify answers: the match played again in the sandbox and compared with the stored one. */
async function verification(db: Db, id: string) {
  const { match: m, run } = await findMatch(db, id)
  if (m.infraError) return { id, identical: false, reason: 'this match was never played (infrastructure error)' }
  const [va, vb] = [await getVersion(db, m.aStrategyId, m.aVersion), await getVersion(db, m.bStrategyId, m.bVersion)]
  if (!va || !vb) throw new ApiError('not_found', 'a strategy version of this match is gone')
  const label = await names(db, [m.aStrategyId, m.bStrategyId])
  const result = await withSandbox((runner) =>
    playMatch(
      runner,
      { id: m.aStrategyId, name: label.get(m.aStrategyId)!, source: va.source },
      { id: m.bStrategyId, name: label.get(m.bStrategyId)!, source: vb.source },
      { rules: makeRules(run.rules as RulesInput), seed: m.seed, opponents: [m.aOpponentView as never, m.bOpponentView as never] },
    ),
  )
  const { identical } = checkReplay(result, {
    moves: [m.aMoves, m.bMoves],
    scores: [m.aScore, m.bScore],
    flips: m.flips as [number[], number[]],
    fined: m.fined as [number[], number[]] | null,
    announcements: m.announcements as [string, string] | null,
    faults: m.faults,
  })
  return { id, identical, replayed: { moves: result.moves, scores: result.scores, faultCounts: result.faultCounts } }
}

const replay = createRoute({
  method: 'get',
  path: '/{id}',
  request: { params: IdParam },
  responses: { 200: jsonOf<Awaited<ReturnType<typeof replayView>>>('the replay of a match'), 304: { description: 'not modified' }, ...errorResponses('not_found') },
})

const verify = createRoute({
  method: 'post',
  path: '/{id}/verify',
  description: 'Plays the match again in the sandbox. Anyone may; at most 20 a minute per client IP (with sign-ups: `anonymous-writes-per-minute`).',
  middleware: [anonymousBurst] as const,
  request: { params: IdParam },
  responses: { 200: jsonOf<Awaited<ReturnType<typeof verification>>>('the match played again: `{ identical, ... }`'), ...errorResponses('not_found', 'rate_limited') },
})

export const matchesApp = subApp()
  .openapi(replay, async (c) => {
    const db = c.get('db')
    const id = c.req.valid('param').id
    const found = await findMatch(db, id)
    const cached = cacheFinished(c, `match-${id}`)
    if (cached) return cached
    return c.json(await replayView(db, found), 200)
  })
  .openapi(verify, async (c) => c.json(await verification(c.get('db'), c.req.valid('param').id), 200))
