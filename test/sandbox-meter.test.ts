/**
 * The gas and call-depth meter compiled into QuickJS's WebAssembly module
 * (scripts/meter-wasm.mjs): the module it writes is valid, exports the
 * meters, and traps exactly where the limits say.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain ESM build script without type declarations.
import { MAX_DEPTH, meter } from '../scripts/meter-wasm.mjs'
import { instanceFactory } from '../sandbox/instance'
import { MAX_CALL_DEPTH } from '../sandbox/limits'
import { quickJSWasmForNode } from '../sandbox/node'
import { findGcThreshold } from '../sandbox/player-vm'

describe('the compiled-in meter', () => {
  it('agrees with the sandbox on the call-depth cap', () => {
    expect(MAX_DEPTH).toBe(MAX_CALL_DEPTH)
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
    expect(WebAssembly.Module.exports(module).slice(0, -2)).toEqual(WebAssembly.Module.exports(original))
    const names = WebAssembly.Module.exports(module).map((e) => `${e.name}:${e.kind}`)
    expect(names).toContain('arena_gas:global')
    expect(names).toContain('arena_depth:global')
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

  it('finds the field QuickJS resets after each garbage collection', async () => {
    const instance = await instanceFactory(quickJSWasmForNode, 24 << 20)()
    const runtime = instance.module.newRuntime()
    const address = findGcThreshold(instance.memory, (runtime as unknown as { rt: { value: number } }).rt.value)
    const context = runtime.newContext()
    const read = () => new DataView(instance.memory.buffer).getUint32(address, true)
    new DataView(instance.memory.buffer).setUint32(address, 0, true)
    context.unwrapResult(context.evalCode('({ a: [1, 2, 3] })')).dispose()
    // Only a collection writes this field: it is now 1.5 x what was allocated.
    expect(read()).toBeGreaterThan(0)
    new DataView(instance.memory.buffer).setUint32(address, 0xffffffff, true)
    context.unwrapResult(context.evalCode('for (let i = 0; i < 10000; i++) { const o = {}; o.self = o }')).dispose()
    expect(read()).toBe(0xffffffff)
  })
})
