/**
 * The seed: the house account and the built-ins (the 45 classics and the
 * example) as its strategies, under their built-in ids (`tit-for-tat`, ...),
 * public.
 *
 * Plain SQL statements with literal values (no bound parameters), so the same
 * text runs through `wrangler d1 execute --file` (scripts/start.mjs) and
 * through the D1 binding (tests). Idempotent: running it again changes
 * nothing; after a classic's source changed it adds one new version (the
 * old ones stay: past runs name them). Names and descriptions follow the
 * catalog; a classic no longer in the catalog is retired.
 */
import { ALL_CLASSICS, type ClassicStrategy } from '../classics'
import { classifyGame } from '../engine/classify'
import { makeRules } from '../engine/rules'
import { commonsMatrix } from '../engine/commons/matrix'
import { makeCommonsRules } from '../engine/commons/rules'
import type { Game } from '../engine/types'
import { sha256Hex } from './crypto'
import { HOUSE_ACCOUNT_ID } from './schema'

export const HOUSE_ACCOUNT = { id: HOUSE_ACCOUNT_ID, handle: 'house' } as const

/** A SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`
}

/**
 * The seed's statements, in order (each a complete statement without the
 * final semicolon). `now` (ms) stamps what is created.
 */
export async function seedStatements(classics: readonly ClassicStrategy[] = ALL_CLASSICS, now: number = Date.now()): Promise<string[]> {
  const house = sqlString(HOUSE_ACCOUNT.id)
  const statements = [
    `INSERT INTO accounts (id, handle, kind, created_at) VALUES (${house}, ${sqlString(HOUSE_ACCOUNT.handle)}, 'house', ${now}) ON CONFLICT (id) DO NOTHING`,
  ]
  for (const c of classics) {
    const id = sqlString(c.id)
    const hash = sqlString(await sha256Hex(c.source))
    const latest = `(SELECT MAX(version) FROM strategy_versions WHERE strategy_id = ${id})`
    statements.push(
      `INSERT INTO strategies (id, owner_id, name, description, is_public, games, retired_at, created_at) ` +
        `VALUES (${id}, ${house}, ${sqlString(c.name)}, ${sqlString(c.description)}, 1, ${sqlString(JSON.stringify(c.games))}, NULL, ${now}) ` +
        `ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description, is_public = 1, games = excluded.games, retired_at = NULL ` +
        `WHERE strategies.owner_id = ${house}`,
      // A new version only when the latest one is not this source already.
      `INSERT INTO strategy_versions (strategy_id, version, source, source_hash, validation, created_at) ` +
        `SELECT ${id}, COALESCE(${latest}, 0) + 1, ${sqlString(c.source)}, ${hash}, NULL, ${now} ` +
        `WHERE NOT EXISTS (SELECT 1 FROM strategy_versions WHERE strategy_id = ${id} AND version = ${latest} AND source_hash = ${hash})`,
    )
  }
  const ids = classics.map((c) => sqlString(c.id)).join(', ')
  statements.push(
    `UPDATE strategies SET retired_at = ${now} WHERE owner_id = ${house} AND retired_at IS NULL` + (ids ? ` AND id NOT IN (${ids})` : ''),
  )
  return statements
}

/** The demo tournament `npm start` seeds: every house strategy of the dilemma, Axelrod's rules, every ten minutes. */
export const DEMO_TOURNAMENT = {
  id: 'demo-classics',
  name: 'The classics, every ten minutes',
  schedule: '*/10 * * * *',
  repetitions: 5,
} as const

/** The commons' demo: every house strategy of the commons, in groups of four, the default rules, every ten minutes. */
export const DEMO_COMMONS = {
  id: 'demo-commons',
  name: 'The commons, every ten minutes',
  schedule: '*/10 * * * *',
  repetitions: 1,
  group: 4,
} as const

/**
 * The demo tournaments and their entries: every house strategy not retired
 * that plays the game (the dilemma's classics; the commons' built-ins).
 * It is stamped as created a day before the first seed, so that its latest
 * slot is already due at the first scheduled tick: the leaderboard fills
 * within a minute or so of `npm start`. Idempotent; a later seed enters
 * classics added since.
 */
export function demoStatements(now: number = Date.now()): string[] {
  const rules = { ...makeRules({}), repetitions: DEMO_TOURNAMENT.repetitions }
  const commons = { ...makeCommonsRules({}), repetitions: DEMO_COMMONS.repetitions, group: DEMO_COMMONS.group }
  return [
    ...demoTournament(DEMO_TOURNAMENT, 'dilemma', rules, classifyGame(rules.payoffs), now),
    ...demoTournament(DEMO_COMMONS, 'commons', commons, classifyGame(commonsMatrix(commons, commons.group)), now),
  ]
}

function demoTournament(demo: { id: string; name: string; schedule: string }, game: Game, rules: object, classification: object, now: number): string[] {
  const id = sqlString(demo.id)
  const house = sqlString(HOUSE_ACCOUNT.id)
  return [
    `INSERT INTO tournaments (id, host_id, name, game, rules, classification, entry_policy, share_identities, schedule, max_entries_per_account, created_at) ` +
      `VALUES (${id}, ${house}, ${sqlString(demo.name)}, ${sqlString(game)}, ${sqlString(JSON.stringify(rules))}, ${sqlString(JSON.stringify(classification))}, ` +
      `'open', 0, ${sqlString(demo.schedule)}, 1, ${now - 86_400_000}) ON CONFLICT (id) DO NOTHING`,
    `INSERT INTO tournament_entries (tournament_id, strategy_id, created_at) ` +
      `SELECT ${id}, id, ${now} FROM strategies WHERE owner_id = ${house} AND retired_at IS NULL AND EXISTS (SELECT 1 FROM json_each(strategies.games) WHERE value = ${sqlString(game)}) ORDER BY id ON CONFLICT DO NOTHING`,
  ]
}

/** The seed as one SQL file (for `wrangler d1 execute --file`): the classics, then the demo tournament. */
export async function seedSql(classics: readonly ClassicStrategy[] = ALL_CLASSICS, now: number = Date.now()): Promise<string> {
  return [...(await seedStatements(classics, now)), ...demoStatements(now)].map((s) => `${s};\n`).join('')
}
