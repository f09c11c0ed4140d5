/**
 * The meter's rewriting (scripts/meter-wasm.mjs) on a small hand-written
 * module laid out as QuickJS's is (an imported memory, the stack pointer as
 * its first global): every call, loop iteration, division and bulk byte is
 * charged exactly as the rules say, however the gas reaches the function
 * (passed along a direct call, through the table, from the host, or into the
 * copy of an exported function made for direct calls); the traps leave the
 * meter's globals as the host reads them; and the depth counted around a
 * call to the host covers what the host may add.
 */
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain ESM build script without type declarations.
import { BULK_SHIFT, CALL_GAS, DIVIDE_GAS, LEAF_GAS, MAX_DEPTH, meter, MODULE_STACK_BYTES, STACK_GUARD } from '../scripts/meter-wasm.mjs'
// @ts-expect-error: a plain ESM build script without type declarations.
import { sleb, uleb } from '../scripts/wasm-reader.mjs'

// A minimal assembler: sections, and the few instructions below.
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()]
const name = (s: string): number[] => [...uleb(s.length), ...Buffer.from(s)]
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body]
const I32 = 0x7f
const get = (i: number) => [0x20, ...uleb(i)]
const set = (i: number) => [0x21, ...uleb(i)]
const tee = (i: number) => [0x22, ...uleb(i)]
const c32 = (v: number) => [0x41, ...sleb(v)]
const call = (f: number) => [0x10, ...uleb(f)]
const END = 0x0b

/** Where the stack's top is: 64 KiB of static data, then the module's stack. */
const STACK_TOP = 65536 + MODULE_STACK_BYTES
const STACK_LOW = STACK_TOP - MODULE_STACK_BYTES
const PAGES = Math.ceil((STACK_TOP + 65536) / 65536)

// Types.
const T_I_I = 0 // (i32) -> i32
const T_II_I = 1 // (i32, i32) -> i32
const T_V_V = 2 // () -> ()
const T_V_I = 3 // () -> i32

// Functions: the import is 0, the module's own from 1.
const HOST = 0
const F = { leaf: 1, loop: 2, rec: 3, div: 4, fill: 5, tabled: 6, indirect: 7, helper: 8, callsHelper: 9, callsHost: 10, callsLeaf: 11 }
const functionTypes = [T_V_I, T_I_I, T_I_I, T_II_I, T_I_I, T_I_I, T_I_I, T_I_I, T_I_I, T_V_I, T_V_I]
const bodies: number[][] = [
  // leaf(): 7 (a plain leaf, called only directly: its callers pay for it)
  [...c32(7)],
  // loop(n): while (n) n--; return 0
  [0x02, 0x40, 0x03, 0x40, ...get(0), 0x45, 0x0d, 1, ...get(0), ...c32(1), 0x6b, ...set(0), 0x0c, 0, END, END, ...c32(0)],
  // rec(n): a 64-byte stack frame; n ? rec(n - 1) + 1 : 0
  [
    0x23, 0, ...c32(64), 0x6b, ...tee(1), 0x24, 0,
    ...get(0), 0x04, I32, ...get(0), ...c32(1), 0x6b, ...call(F.rec), ...c32(1), 0x6a, 0x05, ...c32(0), END,
    ...get(1), ...c32(64), 0x6a, 0x24, 0,
  ],
  // div(a, b): a / b
  [...get(0), ...get(1), 0x6d],
  // fill(n): memory.fill(0, 0, n); 0
  [...c32(0), ...c32(0), ...get(0), 0xfc, 11, 0, ...c32(0)],
  // tabled(n): n + 1 (in the table)
  [...get(0), ...c32(1), 0x6a],
  // indirect(n): table[0](n)
  [...get(0), ...c32(0), 0x11, ...uleb(T_I_I), 0],
  // helper(n): leaf() + n (exported, and called directly by callsHelper)
  [...call(F.leaf), ...get(0), 0x6a],
  // callsHelper(n): helper(n)
  [...get(0), ...call(F.helper)],
  // callsHost(): host(); 0
  [...call(HOST), ...c32(0)],
  // callsLeaf(): leaf() + leaf()
  [...call(F.leaf), ...call(F.leaf), 0x6a],
]
const localsOf = (f: number) => (f === F.rec ? [[1, I32]] : [])
const exported: Record<string, number> = { loop: F.loop, rec: F.rec, div: F.div, fill: F.fill, indirect: F.indirect, helper: F.helper, callsHelper: F.callsHelper, callsHost: F.callsHost, callsLeaf: F.callsLeaf }

function testModule(): Uint8Array<ArrayBuffer> {
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, 1, I32, 1, I32], [0x60, 2, I32, I32, 1, I32], [0x60, 0, 0], [0x60, 0, 1, I32]])),
    ...section(2, vec([[...name('env'), ...name('host'), 0, T_V_V], [...name('env'), ...name('memory'), 2, 0, ...uleb(PAGES)]])),
    ...section(3, vec(functionTypes.map((t) => uleb(t)))),
    ...section(4, vec([[0x70, 0, 1]])),
    ...section(6, vec([[I32, 1, ...c32(STACK_TOP), END]])),
    ...section(7, vec(Object.entries(exported).map(([n, f]) => [...name(n), 0, ...uleb(f)]))),
    ...section(9, vec([[0, ...c32(0), END, ...vec([uleb(F.tabled)])]])),
    ...section(10, vec(bodies.map((b, i) => {
      const body = [...vec(localsOf(i + 1)), ...b, END]
      return [...uleb(body.length), ...body]
    }))),
  ]
  return Uint8Array.from(bytes)
}

interface Instance {
  exports: Record<string, (...args: number[]) => number>
  gas: WebAssembly.Global
  depth: WebAssembly.Global
  stack: WebAssembly.Global
}

function instantiate(bytes: Uint8Array<ArrayBuffer>, host: (i: Instance) => void = () => {}): Instance {
  const memory = new WebAssembly.Memory({ initial: PAGES, maximum: PAGES })
  let self: Instance | null = null
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory, host: () => host(self!) } })
  const e = instance.exports as Record<string, unknown>
  self = { exports: e as Instance['exports'], gas: e.arena_gas as WebAssembly.Global, depth: e.arena_depth as WebAssembly.Global, stack: e.arena_stack as WebAssembly.Global }
  return self
}

/** Gas a call of export `fn` uses. */
function used(i: Instance, fn: string, ...args: number[]): number {
  i.gas.value = 1_000_000_000
  i.exports[fn]!(...args)
  return 1_000_000_000 - (i.gas.value as number)
}

describe('the meter on a hand-written module', () => {
  const metered = meter(testModule(), { variableFrames: 0 }) as { bytes: Uint8Array<ArrayBuffer>; countedCalls: number; clones: number }

  it('charges what the rules say, however the gas reaches a function', () => {
    const i = instantiate(metered.bytes)
    // A leaf with a loop: its call, and each time round the loop (n + 1 entries of the loop body).
    expect(used(i, 'loop', 0)).toBe(LEAF_GAS + 1)
    expect(used(i, 'loop', 10)).toBe(LEAF_GAS + 11)
    // Recursion: every call of a function that calls others.
    expect(used(i, 'rec', 0)).toBe(CALL_GAS)
    expect(used(i, 'rec', 25)).toBe(26 * CALL_GAS)
    expect(used(i, 'div', 7, 2)).toBe(LEAF_GAS + DIVIDE_GAS)
    expect(used(i, 'fill', 1000)).toBe(LEAF_GAS + (1000 >>> BULK_SHIFT))
    // Through the table: the caller, then the tabled leaf charges itself.
    expect(used(i, 'indirect', 1)).toBe(CALL_GAS + LEAF_GAS)
    // A plain leaf is paid for by its caller, once per call.
    expect(used(i, 'callsLeaf')).toBe(CALL_GAS + 2 * LEAF_GAS)
    // An exported function called from the host, and its copy called directly: the same charges.
    expect(used(i, 'helper', 1)).toBe(CALL_GAS + LEAF_GAS)
    expect(used(i, 'callsHelper', 1)).toBe(CALL_GAS + CALL_GAS + LEAF_GAS)
    expect(used(i, 'callsHost')).toBe(CALL_GAS)
    expect(i.depth.value).toBe(0)
    expect(metered.clones).toBeGreaterThanOrEqual(2)
  })

  it('gives the host the exact gas when it is called, and counts the depth it may add by calling back in', () => {
    let seen: { gas: number; depth: number } | null = null
    const i = instantiate(metered.bytes, (self) => {
      seen = { gas: self.gas.value as number, depth: self.depth.value as number }
    })
    i.gas.value = 1000
    i.exports.callsHost!()
    expect(seen).toEqual({ gas: 1000 - CALL_GAS, depth: expect.any(Number) })
    expect(seen!.depth).toBeGreaterThan(1)
    expect(i.depth.value).toBe(0)
  })

  it('traps a loop once the gas is spent, leaving the gas below 1', () => {
    const i = instantiate(metered.bytes)
    i.gas.value = 500
    expect(() => i.exports.loop!(1_000_000)).toThrow(/unreachable/)
    expect(i.gas.value).toBeLessThan(1)
  })

  it('traps a gas trap inside recursion with the gas below 1, not as a depth or stack trap', () => {
    const i = instantiate(metered.bytes)
    i.gas.value = 40 * CALL_GAS
    expect(() => i.exports.rec!(100)).toThrow(/unreachable/)
    expect(i.gas.value).toBeLessThan(1)
    expect(i.depth.value).toBeLessThanOrEqual(MAX_DEPTH)
  })

  it('traps recursion past MAX_DEPTH, leaving the depth past it', () => {
    const i = instantiate(metered.bytes)
    i.gas.value = 1_000_000_000
    expect(() => i.exports.rec!(MAX_DEPTH + 10)).toThrow(/unreachable/)
    expect(i.depth.value).toBeGreaterThan(MAX_DEPTH)
    expect(i.gas.value).toBeGreaterThan(1)
    // Less deep, it returns, and the depth is back to 0.
    const j = instantiate(metered.bytes)
    j.gas.value = 1_000_000_000
    expect(j.exports.rec!(MAX_DEPTH - 50)).toBe(MAX_DEPTH - 50)
    expect(j.depth.value).toBe(0)
  })

  it('traps a call made near the stack low end, before the stack reaches the static data', () => {
    const i = instantiate(metered.bytes)
    i.gas.value = 1_000_000_000
    // Start a few frames above the guard: the recursion's frames take it below.
    i.stack.value = STACK_LOW + STACK_GUARD + 3 * 64
    expect(() => i.exports.rec!(100)).toThrow(/unreachable/)
    expect(i.stack.value as number).toBeLessThan(STACK_LOW + STACK_GUARD)
    expect(i.stack.value as number).toBeGreaterThan(STACK_LOW)
    expect(i.depth.value).toBeLessThan(10)
  })

  it('leaves an unmetered build with the same exports and no charges at all', () => {
    const plain = meter(testModule(), { charges: false }) as { bytes: Uint8Array<ArrayBuffer> }
    const exportsOf = (b: Uint8Array<ArrayBuffer>) => WebAssembly.Module.exports(new WebAssembly.Module(b)).map((e) => `${e.name}:${e.kind}`)
    expect(exportsOf(plain.bytes)).toEqual(exportsOf(metered.bytes))
    const i = instantiate(plain.bytes)
    expect(used(i, 'rec', 25)).toBe(0)
    expect(i.exports.rec!(MAX_DEPTH + 10)).toBe(MAX_DEPTH + 10)
  })
})
