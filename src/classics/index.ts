/**
 * The classic strategies: one JavaScript module each in strategies/, written
 * exactly as users write theirs, mirroring the Axelrod-Python library's
 * definitions. `scripts/build-catalog.mjs` bundles them into
 * catalog.generated.ts (no file system access here: this also runs in Workers).
 */
import type { StrategySource } from '../engine/types'
import { CLASSIC_SOURCES } from './catalog.generated'

export interface ClassicStrategy {
  /** Kebab-case id: the file name in strategies/ without `.js`. */
  readonly id: string
  /** Display name (first line of the file's header). */
  readonly name: string
  /** One paragraph describing the behaviour. */
  readonly description: string
  /** The Axelrod-Python class this strategy mirrors, or null when it has none. */
  readonly axelrod: string | null
  /** The module source, as run in the sandbox. */
  readonly source: string
}

/** Every classic, sorted by id. */
export const CLASSICS: readonly ClassicStrategy[] = CLASSIC_SOURCES

/** Every classic id, sorted. */
export const CLASSIC_IDS: readonly string[] = CLASSICS.map((c) => c.id)

const byId = new Map(CLASSICS.map((c) => [c.id, c]))

/** Look a classic up by its kebab-case id, ignoring case and surrounding spaces. */
export function findClassic(id: string): ClassicStrategy | undefined {
  return byId.get(id.trim().toLowerCase())
}

/** The classic as the engine takes a strategy. */
export function classicAsSource(c: ClassicStrategy): StrategySource {
  return { id: c.id, name: c.name, source: c.source }
}
