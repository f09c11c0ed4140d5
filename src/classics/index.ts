/**
 * The built-in strategies: one JavaScript module each in strategies/, written
 * exactly as users write theirs. Most are classics mirroring the
 * Axelrod-Python library's definitions; the few whose header says
 * "Axelrod-Python: none" are examples of the arena's own features (shared
 * identities), kept in the same catalog so that the CLI and the platform
 * offer them like any other built-in. `scripts/build-catalog.mjs` bundles
 * them into catalog.generated.ts (no file system access here: this also
 * runs in Workers).
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
  /** The Axelrod-Python class this strategy mirrors, or null for an example of the arena's own features. */
  readonly axelrod: string | null
  /** The module source, as run in the sandbox. */
  readonly source: string
}

/** Every built-in (the Axelrod classics and the examples), sorted by id. */
export const CLASSICS: readonly ClassicStrategy[] = CLASSIC_SOURCES

/** The built-ins that mirror an Axelrod-Python strategy, sorted by id. */
export const AXELROD_CLASSICS: readonly ClassicStrategy[] = CLASSICS.filter((c) => c.axelrod !== null)

/** The built-ins that mirror none: examples of the arena's own features, sorted by id. */
export const EXAMPLES: readonly ClassicStrategy[] = CLASSICS.filter((c) => c.axelrod === null)

/** Every built-in id, sorted. */
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
