/**
 * The built-in strategies: one JavaScript module each in strategies/, written
 * exactly as users write theirs. Each plays the games its module declares
 * (`export const games = [...]`; the dilemma without it). The dilemma's are
 * mostly classics mirroring the Axelrod-Python library's definitions; the
 * few whose header says "Axelrod-Python: none" are examples of the arena's
 * own features (shared identities), kept in the same catalog so that the
 * CLI and the platform offer them like any other built-in. The commons' are
 * the many-player game's classics (docs/games.md).
 * `scripts/build-catalog.mjs` bundles them into catalog.generated.ts (no
 * file system access here: this also runs in Workers).
 */
import type { Game, StrategySource } from '../engine/types'
import { CLASSIC_SOURCES } from './catalog.generated'

export interface ClassicStrategy {
  /** Kebab-case id: the file name in strategies/ without `.js`. */
  readonly id: string
  /** Display name (first line of the file's header). */
  readonly name: string
  /** One paragraph describing the behaviour. */
  readonly description: string
  /** The Axelrod-Python class this strategy mirrors, or null for an example of the arena's own features (and for the commons'). */
  readonly axelrod: string | null
  /** The games it plays (its `export const games`; ['dilemma'] without it). */
  readonly games: readonly Game[]
  /** The module source, as run in the sandbox. */
  readonly source: string
}

/** Every built-in of every game, sorted by id. */
export const ALL_CLASSICS: readonly ClassicStrategy[] = CLASSIC_SOURCES

/** The dilemma's built-ins (the Axelrod classics and the examples), sorted by id. */
export const CLASSICS: readonly ClassicStrategy[] = ALL_CLASSICS.filter((c) => c.games.includes('dilemma'))

/** The commons' built-ins, sorted by id. */
export const COMMONS_CLASSICS: readonly ClassicStrategy[] = ALL_CLASSICS.filter((c) => c.games.includes('commons'))

/** The built-ins that play a game, sorted by id. */
export function classicsFor(game: Game): readonly ClassicStrategy[] {
  return game === 'dilemma' ? CLASSICS : COMMONS_CLASSICS
}

/** The built-ins that mirror an Axelrod-Python strategy, sorted by id. */
export const AXELROD_CLASSICS: readonly ClassicStrategy[] = CLASSICS.filter((c) => c.axelrod !== null)

/** The dilemma's built-ins that mirror none: examples of the arena's own features, sorted by id. */
export const EXAMPLES: readonly ClassicStrategy[] = CLASSICS.filter((c) => c.axelrod === null)

/** The dilemma's built-in ids, sorted. */
export const CLASSIC_IDS: readonly string[] = CLASSICS.map((c) => c.id)

const byId = new Map(ALL_CLASSICS.map((c) => [c.id, c]))

/**
 * Look a built-in up by its kebab-case id, ignoring case and surrounding
 * spaces: any game's, or only one that plays `game`.
 */
export function findClassic(id: string, game?: Game): ClassicStrategy | undefined {
  const found = byId.get(id.trim().toLowerCase())
  return found && (game === undefined || found.games.includes(game)) ? found : undefined
}

/** The classic as the engine takes a strategy. */
export function classicAsSource(c: ClassicStrategy): StrategySource {
  return { id: c.id, name: c.name, source: c.source }
}
