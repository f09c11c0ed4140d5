/**
 * The gas and call-depth meter compiled into QuickJS's WebAssembly module
 * (scripts/meter-wasm.mjs): the module it writes is valid, exports the
 * meters, and traps exactly where the limits say.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain ESM build script without type declarations.
import { CALL_GAS, MAX_DEPTH, meter, STACK_GUARD } from '../scripts/meter-wasm.mjs'
import { instanceFactory } from '../sandbox/instance'
import { DEFAULT_LIMITS, GAS_PER_ITERATION, iterations, MATCH_ROUNDS, MAX_CALL_DEPTH, reservedBytes, STACK_GUARD_BYTES, strategyMemoryMiB } from '../sandbox/limits'
import { quickJSWasmForNode } from '../sandbox/node'
import { PlayerVM } from '../sandbox/player-vm'
import { STEP } from '../sandbox/prelude'
import { makeRules } from '../src/engine/rules'

describe('the compiled-in meter', () => {
  it('agrees with the sandbox on the call-depth cap and the stack guard', () => {
    expect(MAX_DEPTH).toBe(MAX_CALL_DEPTH)
    expect(STACK_GUARD).toBe(STACK_GUARD_BYTES)
  })

  it('rewrites the module into a valid one that exports the meters', () => {
    const path = createRequire(import.meta.url).resolve('@jitl/quickjs-wasmfile-release-sync/wasm')
    const original = new WebAssembly.Module(readFileSync(path))
    const { bytes, loops, bulks } = meter(readFileSync(path)) as { bytes: Uint8Array<ArrayBuffer>; loops: number; bulks: number }
    expect(loops).toBeGreaterThan(1000)
    expect(bulks).toBeGreaterThan(50)
    const module = new WebAssembly.Module(bytes)
    // Same imports, and every original export still there: the emscripten glue sees the module it expects.
    expect(WebAssembly.Module.imports(module)).toEqual(WebAssembly.Module.imports(original))
    expect(WebAssembly.Module.exports(module).slice(0, -3)).toEqual(WebAssembly.Module.exports(original))
    const names = WebAssembly.Module.exports(module).map((e) => `${e.name}:${e.kind}`)
    expect(names.slice(-3)).toEqual(['arena_gas:global', 'arena_depth:global', 'arena_stack:global'])
  })

  it('counts gas for work inside the module and traps when it runs out', async () => {
    const instance = await instanceFactory(quickJSWasmForNode, 24 << 20)()
    const runtime = instance.module.newRuntime()
    const context = runtime.newContext()
    instance.gas.value = 100_000_000
    const small = context.evalCode('let s = 0; for (let i = 0; i < 1000; i++) s += i; s')
    const usedSmall = 100_000_000 - instance.gas.value
    instance.gas.value = 100_000_000
    const large = context.evalCode('let t = 0; for (let i = 0; i < 100000; i++) t += i; t')
    const usedLarge = 100_000_000 - instance.gas.value
    expect(context.dump(context.unwrapResult(small))).toBe(499500)
    expect(context.dump(context.unwrapResult(large))).toBe(4999950000)
    expect(usedLarge).toBeGreaterThan(50 * usedSmall)
    expect(instance.depth.value).toBe(0)
    instance.gas.value = 1000
    expect(() => context.evalCode('for (;;) {}')).toThrow(/unreachable/)
    expect(instance.gas.value).toBeLessThan(1)
  })

  it('charges calls as well as loops, so straight-line work inside built-ins is counted', async () => {
    expect(CALL_GAS).toBeGreaterThan(0)
    const instance = await instanceFactory(quickJSWasmForNode, 24 << 20)()
    const context = instance.module.newRuntime().newContext()
    const cost = (code: string) => {
      instance.gas.value = 100_000_000
      context.unwrapResult(context.evalCode(code)).dispose()
      return 100_000_000 - (instance.gas.value as number)
    }
    // The same loop, once allocating an object an iteration: allocation is mostly calls, few loops.
    const plain = cost('let x = 0; for (let i = 0; i < 10000; i++) x += i')
    const allocating = cost('let o; for (let i = 0; i < 10000; i++) o = { a: i, b: i }')
    expect(allocating).toBeGreaterThan(1.5 * plain)
  })

  it('states budgets in iterations of a simple loop that match what such a loop costs', async () => {
    const vm = new PlayerVM(await instanceFactory(quickJSWasmForNode, 24 << 20)(), DEFAULT_LIMITS)
    const rules = makeRules({ turns: 10 })
    const usage = (n: number) => {
      vm.load(`export default () => { let x = 0; for (let i = 0; i < ${n}; i++) x += i; return 'C' }`, rules, 1, null)
      expect(vm.step(STEP.NO_HISTORY, 0)).toMatchObject({ move: 0, faulted: false })
      return vm.lastUsage.move * DEFAULT_LIMITS.moveGas
    }
    const perIteration = (usage(20_000) - usage(10_000)) / 10_000
    expect(perIteration).toBeGreaterThan(GAS_PER_ITERATION * 0.85)
    expect(perIteration).toBeLessThan(GAS_PER_ITERATION * 1.15)
    vm.dispose()
  })

  it('the README states the budgets the sandbox enforces', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    const l = DEFAULT_LIMITS
    expect(readme).toContain(`| module set-up (top-level code) | about ${iterations(l.setupGas)} iterations |`)
    expect(readme).toContain(`| one move | about ${iterations(l.moveGas)} iterations |`)
    expect(readme).toContain(`| all moves of a match | about ${iterations(l.matchGas)} iterations per ${MATCH_ROUNDS} rounds (a longer match earns ${iterations(l.matchGas / MATCH_ROUNDS)} more each round past ${MATCH_ROUNDS})`)
    expect(readme).toContain(`About ${strategyMemoryMiB(l)} MiB for the strategy's data (the sandbox is ${l.memoryBytes / 2 ** 20} MiB`)
    expect(readme).toContain(`at most ${l.sourceBytes / 1024} KiB of`)
  })
})

describe('the memory a strategy has', () => {
  it("is what the README says: all but reservedBytes of the sandbox", async () => {
    const { createNodeRunner } = await import('../sandbox/node')
    const { playMatch } = await import('../src/engine/match')
    const runner = await createNodeRunner()
    // Holds `mib` MiB of strings (1-byte characters), made by doubling and slicing (cheap in gas).
    const holder = (mib: number) => ({
      id: `holds-${mib}`,
      name: `holds-${mib}`,
      source: `let s = 'x'\nfor (let i = 0; i < 20; i++) s += s\nconst keep = []\nfor (let i = 0; i < ${mib}; i++) keep.push(s.slice(i))\nexport default () => 'C'`,
    })
    const faults = async (mib: number) => (await playMatch(runner, holder(mib), holder(0), { rules: { turns: 1 }, seed: 1 })).faults[0]
    const room = (DEFAULT_LIMITS.memoryBytes - reservedBytes(DEFAULT_LIMITS)) / 2 ** 20
    expect(await faults(Math.floor(room) - 1)).toEqual([])
    expect((await faults(Math.ceil(room) + 1))[0]).toMatchObject({ kind: 'memory', round: -1 })
    runner.dispose()
  })
})
