/**
 * What a run of a tournament plays, read from the store when the run starts:
 * the entrants' latest versions, the tournament's rules, and (when the
 * tournament shares identities) what each strategy sees of the others —
 * their reputation and its own record against them, frozen into the run so
 * that every match can be replayed later with exactly what it saw.
 */
import { and, eq, inArray, isNull, max } from 'drizzle-orm'
import type { CommonsRules } from '../engine/commons/types'
import type { Game, Rules } from '../engine/types'
import {
  historyView,
  loadHeadToHead,
  loadRatings,
  loadReputation,
  reputationView,
  strategies,
  strategyVersions,
  tournamentEntries,
  type Db,
  type Tournament,
} from '../store'
import type { RunIdentities, RunPlayer, RunSpec } from './runs'

/** Most strategies entered in one tournament. */
export const MAX_ENTRANTS = 64
/**
 * Most strategies in a tournament that shares identities. Every job of the
 * stored schedule carries both sides' frozen `view.opponent` (reputation and
 * history), and the run's row must stay within D1's 2 MB a row: 64 entrants
 * with histories come to about 2.6 MB, 48 to about 1.5 MB.
 */
export const MAX_SHARED_ENTRANTS = 48

/** The most entrants a tournament may have. */
export function entrantLimit(t: Pick<Tournament, 'shareIdentities'>): number {
  return t.shareIdentities ? MAX_SHARED_ENTRANTS : MAX_ENTRANTS
}

/** What a tournament stores as its rules: the engine's rules plus repetitions. */
export interface StoredRules extends Rules {
  repetitions: number
}

/** What a commons tournament stores as its rules: the engine's commons rules plus repetitions and the group size. */
export interface StoredCommonsRules extends CommonsRules {
  repetitions: number
  group: number
}

/** A run that cannot start, with the reason in words (too few entrants...). */
export class RunRefused extends Error {
  override name = 'RunRefused'
}

/**
 * The tournament's entrants that may play, with their latest versions, in
 * entry order: not retired, and playing the tournament's game (a strategy
 * whose latest version no longer declares it sits the run out).
 */
export async function runPlayers(db: Db, tournamentId: string, game: string = 'dilemma'): Promise<RunPlayer[]> {
  const entered = await db
    .select({ strategyId: strategies.id, name: strategies.name, games: strategies.games })
    .from(tournamentEntries)
    .innerJoin(strategies, eq(strategies.id, tournamentEntries.strategyId))
    .where(and(eq(tournamentEntries.tournamentId, tournamentId), isNull(strategies.retiredAt)))
    .orderBy(tournamentEntries.createdAt, tournamentEntries.strategyId)
  const entries = entered.filter((e) => e.games.includes(game as Game))
  if (entries.length === 0) return []
  const latest = new Map<string, number>()
  for (let i = 0; i < entries.length; i += 90) {
    const ids = entries.slice(i, i + 90).map((e) => e.strategyId)
    const rows = await db
      .select({ id: strategyVersions.strategyId, version: max(strategyVersions.version) })
      .from(strategyVersions)
      .where(inArray(strategyVersions.strategyId, ids))
      .groupBy(strategyVersions.strategyId)
    for (const r of rows) if (r.version !== null) latest.set(r.id, r.version)
  }
  return entries.flatMap((e) => (latest.has(e.strategyId) ? [{ strategyId: e.strategyId, name: e.name, version: latest.get(e.strategyId)! }] : []))
}

/** What every player sees of every other, from the store as it is now. */
export async function runIdentities(db: Db, game: string, players: readonly RunPlayer[]): Promise<RunIdentities> {
  const ids = players.map((p) => p.strategyId)
  const [ratings, reputation, pairs] = [await loadRatings(db, game, ids), await loadReputation(db, game, ids), await loadHeadToHead(db, game, ids)]
  const opponents: RunIdentities['opponents'] = {}
  for (const p of players) {
    opponents[p.strategyId] = { id: p.strategyId, name: p.name, reputation: reputationView(reputation.get(p.strategyId), ratings.get(p.strategyId)) }
  }
  const histories: RunIdentities['histories'] = {}
  for (const row of pairs) (histories[row.strategyId] ??= {})[row.opponentId] = historyView(row)
  return { opponents, histories }
}

/** Everything `startRun` needs to start a run of `tournament` now. Throws RunRefused. */
export async function runSpecFor(
  db: Db,
  tournament: Tournament,
  options: { requestedBy: string | null; seed?: number; slot?: Date },
): Promise<RunSpec> {
  const players = await runPlayers(db, tournament.id, tournament.game)
  if (players.length < 2) throw new RunRefused(`a run needs at least 2 entrants; this tournament has ${players.length}`)
  const limit = entrantLimit(tournament)
  if (players.length > limit) throw new RunRefused(`at most ${limit} entrants${tournament.shareIdentities ? ' when identities are shared' : ''}; this tournament has ${players.length}`)
  const common = {
    tournamentId: tournament.id,
    requestedBy: options.requestedBy,
    players,
    identities: tournament.shareIdentities ? await runIdentities(db, tournament.game, players) : null,
    seed: options.seed,
    slot: options.slot,
  }
  if (tournament.game === 'commons') {
    const { repetitions, group, ...rules } = tournament.rules as StoredCommonsRules
    if (players.length < group) throw new RunRefused(`a commons run plays groups of ${group}; this tournament has ${players.length} entrants`)
    return { ...common, game: 'commons', group, rules, repetitions }
  }
  const { repetitions, ...rules } = tournament.rules as StoredRules
  return { ...common, rules, repetitions }
}
