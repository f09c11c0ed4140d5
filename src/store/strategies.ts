/**
 * Strategies and their immutable versions. A new source is a new version
 * (numbered from 1); versions are never updated or deleted, so every past
 * run can name exactly what it played.
 */
import { and, desc, eq, sql } from 'drizzle-orm'
import { newId, sha256Hex } from './crypto'
import type { Db } from './db'
import type { Game } from '../engine/types'
import { strategies, strategyVersions, type Strategy, type StrategyVersion } from './schema'

export interface NewStrategy {
  ownerId: string
  name: string
  description?: string
  isPublic?: boolean
  source: string
  /** The validation result of `source` (JSON). */
  validation: unknown
  /** The games `source` declares (default ["dilemma"]). */
  games?: Game[]
  /** Defaults to a new random id. */
  id?: string
}

/** Create a strategy and its version 1 (atomically). */
export async function createStrategy(db: Db, s: NewStrategy, now: Date = new Date()): Promise<{ strategy: Strategy; version: StrategyVersion }> {
  const id = s.id ?? newId()
  const [[strategy], [version]] = await db.batch([
    db
      .insert(strategies)
      .values({ id, ownerId: s.ownerId, name: s.name, description: s.description ?? '', isPublic: s.isPublic ?? false, games: s.games ?? ['dilemma'], createdAt: now })
      .returning(),
    db
      .insert(strategyVersions)
      .values({ strategyId: id, version: 1, source: s.source, sourceHash: await sha256Hex(s.source), validation: s.validation, createdAt: now })
      .returning(),
  ])
  return { strategy: strategy!, version: version! }
}

/**
 * Add a version (the next number, chosen inside the statement, so two
 * concurrent uploads cannot take the same one). Returns the new version.
 */
export async function addStrategyVersion(
  db: Db,
  strategyId: string,
  source: string,
  validation: unknown,
  now: Date = new Date(),
  /** The games `source` declares: the strategy's games become these. */
  games: Game[] = ['dilemma'],
): Promise<StrategyVersion> {
  const hash = await sha256Hex(source)
  const next = sql<number>`coalesce((select max(${strategyVersions.version}) from ${strategyVersions} where ${strategyVersions.strategyId} = ${strategyId}), 0) + 1`
  const [[version]] = await db.batch([
    db
      .insert(strategyVersions)
      .select(
        db
          .select({
            strategyId: sql<string>`${strategyId}`.as('strategy_id'),
            version: next.as('version'),
            source: sql<string>`${source}`.as('source'),
            sourceHash: sql<string>`${hash}`.as('source_hash'),
            validation: sql<string>`${JSON.stringify(validation ?? null)}`.as('validation'),
            createdAt: sql<number>`${now.getTime()}`.as('created_at'),
          })
          .from(sql`(select 1)`),
      )
      .returning(),
    db.update(strategies).set({ games }).where(eq(strategies.id, strategyId)),
  ])
  return version!
}

/** The latest version of a strategy, or undefined when it has none. */
export async function latestVersion(db: Db, strategyId: string): Promise<StrategyVersion | undefined> {
  const [version] = await db
    .select()
    .from(strategyVersions)
    .where(eq(strategyVersions.strategyId, strategyId))
    .orderBy(desc(strategyVersions.version))
    .limit(1)
  return version
}

/** One version of a strategy. */
export async function getVersion(db: Db, strategyId: string, version: number): Promise<StrategyVersion | undefined> {
  const [row] = await db
    .select()
    .from(strategyVersions)
    .where(and(eq(strategyVersions.strategyId, strategyId), eq(strategyVersions.version, version)))
  return row
}
