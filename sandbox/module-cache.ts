/**
 * Strategies compiled into factories (module-factory.ts), kept between
 * matches. A compiled strategy is the instance's memory right after its
 * factory was made (from a freshly restored instance, before any of the
 * strategy's code ran), stored as the bytes that differ from the player's
 * snapshot (snapshot.ts: 5 to 40 KB for the built-ins, where the whole
 * memory restored is 250 KB). Before each match the player restores its
 * snapshot and that delta, and calls the factory: the whole memory goes
 * back, so nothing a match does survives it, as before.
 *
 * Every player of a runner has the same snapshot, byte for byte (each is
 * made the same way, from the same module), so the runner's players share
 * one cache: a strategy is compiled once per runner, not once per slot.
 * A player joins only if its snapshot is the same (checked when it joins);
 * otherwise it keeps a cache of its own.
 *
 * The cache is bounded in bytes, least recently used first out: a 200-player
 * tournament of built-ins holds about 4 MB. A strategy whose compiled form
 * would not fit at all falls back to being evaluated every match.
 */
import type { Snapshot, SnapshotContents, SnapshotDelta } from './snapshot'

/** A strategy compiled into a factory, ready to be instantiated for a match. */
export interface CompiledModule {
  /** The memory right after the factory was made, as it differs from the player's snapshot. */
  readonly delta: SnapshotDelta
  /** Where the factory function's JSValue is in that memory (a pointer never freed: every restore brings it back). */
  readonly factory: number
  /** Gas QuickJS took to compile the module as written (and stop before its code), measured once: charged to every match's set-up budget. */
  readonly compileGas: number
}

/** What the cache knows of a source: its compiled module, or that it is evaluated every match (module-factory.ts says why). */
export type CachedModule = CompiledModule | 'evaluate'

/** Bytes counted per entry besides its delta: the map entry, its objects, and a copy of each run's place. */
const ENTRY_OVERHEAD = 200
const RUN_OVERHEAD = 64

export class ModuleCache {
  private readonly entries = new Map<string, { module: CachedModule; bytes: number }>()
  private base: SnapshotContents | null = null
  private held = 0

  /** `compiles` false: every module is evaluated afresh every match, as before modules were compiled (same results, slower). */
  constructor(
    readonly maxBytes: number,
    readonly compiles = true,
  ) {}

  /** Whether a player with this snapshot may use the cache (the first one to ask sets the snapshot all must share). */
  admits(snapshot: Snapshot): boolean {
    // One that compiles nothing keeps nothing to restore, so any player may share it: comparing
    // snapshots (about 250 KB each) would only slow a short command's start.
    if (!this.compiles) return true
    if (this.base === null) {
      this.base = snapshot.contents
      return true
    }
    return snapshot.holds(this.base)
  }

  /** Bytes the entries hold (an estimate). */
  get bytes(): number {
    return this.held
  }

  get size(): number {
    return this.entries.size
  }

  /** The entry for `source` (now the most recently used), or undefined. */
  get(source: string): CachedModule | undefined {
    const entry = this.entries.get(source)
    if (!entry) return undefined
    this.entries.delete(source)
    this.entries.set(source, entry)
    return entry.module
  }

  /** Keep what `source` compiled to; one too big for the cache is kept as 'evaluate'. */
  set(source: string, module: CachedModule): CachedModule {
    this.forget(source)
    let kept = module
    let bytes = ENTRY_OVERHEAD + 2 * source.length
    if (module !== 'evaluate') {
      bytes += module.delta.size + RUN_OVERHEAD * module.delta.runs.length
      if (bytes > this.maxBytes / 4) {
        kept = 'evaluate'
        bytes = ENTRY_OVERHEAD + 2 * source.length
      }
    }
    this.entries.set(source, { module: kept, bytes })
    this.held += bytes
    for (const [key, entry] of this.entries) {
      if (this.held <= this.maxBytes || key === source) break
      this.entries.delete(key)
      this.held -= entry.bytes
    }
    return kept
  }

  /** Drop what is known of `source` (after the sandbox failed while using it). */
  forget(source: string): void {
    const entry = this.entries.get(source)
    if (!entry) return
    this.entries.delete(source)
    this.held -= entry.bytes
  }
}

/**
 * The cache a runner gives its players: half of one player's memory (8 MiB
 * for the dilemma's 16 MiB, 2 MiB for a commons seat's 4 MiB), which keeps a
 * Worker's runner (two players, or sixteen seats, in 128 MB) within bounds.
 */
export function moduleCacheFor(memoryBytes: number, compiles = true): ModuleCache {
  return new ModuleCache(Math.floor(memoryBytes / 2), compiles)
}
