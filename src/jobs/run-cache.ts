/**
 * What a consumer reads again and again for the batches of one run, kept in
 * the isolate: a run's schedule and entrants (never changed once the run is
 * created) and strategy sources by version (versions are immutable). Only
 * immutable data is kept, so a stale entry cannot exist; the caches are
 * small and bounded because an isolate's memory is shared with the sandbox.
 */
import { and, eq, or } from 'drizzle-orm'
import type { RunSchedule } from './commons-run'
import type { StrategySource } from '../engine/types'
import { runs, strategyVersions, type Db, type RunEntrant } from '../store'

/** The parts of a run that never change. */
export interface FrozenRun {
  id: string
  entrants: RunEntrant[]
  schedule: RunSchedule
}

const RUNS_KEPT = 4
const SOURCES_KEPT = 256

/** Insertion-ordered map as a small LRU: a hit moves the key to the end. */
class Lru<K, V> {
  private readonly map = new Map<K, V>()
  constructor(private readonly size: number) {}
  get(key: K): V | undefined {
    const value = this.map.get(key)
    if (value !== undefined) {
      this.map.delete(key)
      this.map.set(key, value)
    }
    return value
  }
  set(key: K, value: V): void {
    this.map.delete(key)
    this.map.set(key, value)
    if (this.map.size > this.size) this.map.delete(this.map.keys().next().value as K)
  }
}

const frozenRuns = new Lru<string, FrozenRun>(RUNS_KEPT)
const sources = new Lru<string, string>(SOURCES_KEPT)

/** A run's schedule and entrants, read once per isolate. */
export async function frozenRun(db: Db, runId: string): Promise<FrozenRun | undefined> {
  const hit = frozenRuns.get(runId)
  if (hit) return hit
  const [row] = await db.select({ id: runs.id, entrants: runs.entrants, jobs: runs.jobs }).from(runs).where(eq(runs.id, runId))
  if (!row) return undefined
  const frozen = { id: row.id, entrants: row.entrants, schedule: row.jobs as RunSchedule }
  frozenRuns.set(runId, frozen)
  return frozen
}

/** The sources of `entrants`, as the engine takes them (names from the schedule). */
export async function entrantSources(db: Db, run: FrozenRun): Promise<StrategySource[]> {
  const names = new Map(run.schedule.players.map((p) => [p.id, p.name]))
  const key = (e: RunEntrant) => `${e.strategyId}\u0000${e.version}`
  const missing = run.entrants.filter((e) => sources.get(key(e)) === undefined)
  // A few entrants a statement: 2 parameters each.
  for (let i = 0; i < missing.length; i += 40) {
    const part = missing.slice(i, i + 40)
    const rows = await db
      .select({ id: strategyVersions.strategyId, version: strategyVersions.version, source: strategyVersions.source })
      .from(strategyVersions)
      .where(or(...part.map((e) => and(eq(strategyVersions.strategyId, e.strategyId), eq(strategyVersions.version, e.version)))))
    for (const r of rows) sources.set(key({ strategyId: r.id, version: r.version }), r.source)
  }
  return run.entrants.flatMap((e) => {
    const source = sources.get(key(e))
    return source === undefined ? [] : [{ id: e.strategyId, name: names.get(e.strategyId) ?? e.strategyId, source }]
  })
}
