/**
 * Who may share a runner's cache of compiled strategies (sandbox/module-cache.ts):
 * a compiled strategy is a memory delta over the player's snapshot, so only
 * players whose snapshots are the same byte for byte may share one. A cache
 * that compiles nothing stores nothing, and takes any player.
 */
import { describe, expect, it } from 'vitest'
import { CommonsVM } from '../sandbox/commons-vm'
import { instanceFactory } from '../sandbox/instance'
import { COMMONS_LIMITS } from '../sandbox/limits'
import { ModuleCache } from '../sandbox/module-cache'
import { quickJSWasmForNode } from '../sandbox/node'
import { PlayerVM } from '../sandbox/player-vm'
import type { Snapshot } from '../sandbox/snapshot'
import { makeRules } from '../src/engine/rules'

const SOURCE = 'let n = 0\nexport default (view) => (n++ % 2 === 0 ? "C" : "D")'

/** A player's snapshot (private to it: the cache is what reads it). */
const snapshotOf = (vm: PlayerVM) => (vm as unknown as { snapshot: Snapshot }).snapshot

describe('a shared module cache', () => {
  it('keeps out a player whose snapshot differs, and takes any player when it compiles nothing', async () => {
    // The same memory size for both kinds of player: only their preludes, and so their snapshots, differ.
    const factory = instanceFactory(quickJSWasmForNode, COMMONS_LIMITS.memoryBytes, COMMONS_LIMITS.wasmStackBytes)
    const rules = makeRules({ turns: 3 })
    for (const compiles of [true, false]) {
      const cache = new ModuleCache(1 << 20, compiles)
      const first = new PlayerVM(await factory(), COMMONS_LIMITS, undefined, cache)
      const seat = new CommonsVM(await factory(), COMMONS_LIMITS, cache)
      const twin = new PlayerVM(await factory(), COMMONS_LIMITS, undefined, cache)
      try {
        expect(cache.admits(snapshotOf(seat))).toBe(!compiles)
        expect(cache.admits(snapshotOf(twin))).toBe(true)
        expect(first.load(SOURCE, rules, 1, null)).toBeNull()
        expect(cache.size).toBe(compiles ? 1 : 0)
        // The twin loads the strategy the first player compiled: no second entry.
        expect(twin.load(SOURCE, rules, 1, null)).toBeNull()
        expect(cache.size).toBe(compiles ? 1 : 0)
      } finally {
        for (const vm of [first, seat, twin]) vm.dispose()
      }
    }
  })
})
