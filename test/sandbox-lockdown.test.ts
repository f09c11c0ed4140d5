/**
 * Nothing a strategy can reach can be changed, and nothing survives a match.
 *
 * The lockdown freezes what QuickJS itself says the context holds (its table
 * of class prototypes and its intrinsic fields, sandbox/intrinsics.ts) and
 * everything reachable from them and from globalThis. The audit here walks
 * the same roots independently and lists every object that is not frozen;
 * it must find none, and it must find the ones a walk from globalThis alone
 * would have missed, which is how a new intrinsic would slip through.
 *
 * Before every match the instance is put back to the bytes it had when made
 * (sandbox/snapshot.ts): after a hostile match, a warm instance's memory
 * equals a brand-new one's.
 */
import { describe, expect, it } from 'vitest'
import type { QuickJSContext } from 'quickjs-emscripten-core'
import { CommonsVM, GroupStart, RoundWords } from '../sandbox/commons-vm'
import { instanceFactory, type QuickJSInstance } from '../sandbox/instance'
import { callWithAddresses, intrinsicAddresses, QUICKJS_CLASS_COUNT } from '../sandbox/intrinsics'
import { COMMONS_LIMITS, DEFAULT_LIMITS } from '../sandbox/limits'
import { quickJSWasmForNode } from '../sandbox/node'
import { PlayerVM } from '../sandbox/player-vm'
import { STEP } from '../sandbox/prelude'
import { makeRules } from '../src/engine/rules'
import { STACK_BYTES } from '../sandbox/snapshot'

/** Lists every object reachable from globalThis and from its arguments that is not frozen, by path. */
const AUDIT = `(function (...roots) {
  const unfrozen = []
  const seen = new Set()
  const pending = [[globalThis, 'globalThis']]
  for (let i = 0; i < roots.length; i++) pending.push([roots[i], 'intrinsic ' + i])
  while (pending.length > 0) {
    const [o, path] = pending.pop()
    if ((typeof o !== 'object' && typeof o !== 'function') || o === null || seen.has(o)) continue
    seen.add(o)
    if (!Object.isFrozen(o)) unfrozen.push(path)
    for (const key of Reflect.ownKeys(o)) {
      const d = Object.getOwnPropertyDescriptor(o, key)
      const name = path + '.' + String(key)
      if ('value' in d) pending.push([d.value, name])
      else pending.push([d.get, name + ' (get)'], [d.set, name + ' (set)'])
    }
    pending.push([Object.getPrototypeOf(o), path + ' (prototype)'])
  }
  return JSON.stringify({ unfrozen, objects: seen.size })
})`

/** What a walk from globalThis alone reaches: the lockdown the sandbox had before it read QuickJS's table. */
const FREEZE_FROM_GLOBAL = `(function () {
  const seen = new Set()
  const pending = [globalThis]
  while (pending.length > 0) {
    const o = pending.pop()
    if ((typeof o !== 'object' && typeof o !== 'function') || o === null || seen.has(o)) continue
    seen.add(o)
    Object.freeze(o)
    for (const key of Reflect.ownKeys(o)) {
      const d = Object.getOwnPropertyDescriptor(o, key)
      if ('value' in d) pending.push(d.value)
      else pending.push(d.get, d.set)
    }
    pending.push(Object.getPrototypeOf(o))
  }
})()`

const RULES = makeRules({ turns: 8 })

function audit(context: QuickJSContext, addresses: readonly number[]): { unfrozen: string[]; objects: number } {
  const fn = context.unwrapResult(context.evalCode(AUDIT))
  const result = callWithAddresses(context, fn, addresses)
  fn.dispose()
  return JSON.parse(context.getString(context.unwrapResult(result)))
}

const ctxPointer = (context: QuickJSContext) => (context as unknown as { ctx: { value: number } }).ctx.value

async function freshInstance(): Promise<QuickJSInstance> {
  return instanceFactory(quickJSWasmForNode, DEFAULT_LIMITS.memoryBytes)()
}

describe('the lockdown', () => {
  it("reads QuickJS's table of class prototypes and the context's intrinsic fields", async () => {
    const instance = await freshInstance()
    const vm = new PlayerVM(instance, DEFAULT_LIMITS)
    const addresses = intrinsicAddresses(instance.memory, ctxPointer(vm.context), instance.stack.value as number)
    expect(addresses.length).toBeGreaterThanOrEqual(QUICKJS_CLASS_COUNT + 20)
    vm.dispose()
  })

  it('leaves nothing reachable from globalThis or from any intrinsic unfrozen', async () => {
    const instance = await freshInstance()
    const vm = new PlayerVM(instance, DEFAULT_LIMITS)
    instance.gas.value = 0x7fffffff
    const addresses = intrinsicAddresses(instance.memory, ctxPointer(vm.context), instance.stack.value as number)
    const { unfrozen, objects } = audit(vm.context, addresses)
    expect(unfrozen).toEqual([])
    expect(objects).toBeGreaterThan(300)
    vm.dispose()
  })

  it('leaves nothing unfrozen in a commons seat either, whose prelude holds more', async () => {
    const instance = await instanceFactory(quickJSWasmForNode, COMMONS_LIMITS.memoryBytes, COMMONS_LIMITS.wasmStackBytes)()
    const vm = new CommonsVM(instance, COMMONS_LIMITS)
    instance.gas.value = 0x7fffffff
    const addresses = intrinsicAddresses(instance.memory, ctxPointer(vm.context), instance.stack.value as number)
    const { unfrozen, objects } = audit(vm.context, addresses)
    expect(unfrozen).toEqual([])
    expect(objects).toBeGreaterThan(300)
    vm.dispose()
  })

  it('would catch an intrinsic that a walk from globalThis misses, such as the prototype of Iterator.concat()', async () => {
    const instance = await freshInstance()
    instance.gas.value = 0x7fffffff
    const context = instance.module.newRuntime().newContext()
    context.unwrapResult(context.evalCode(FREEZE_FROM_GLOBAL)).dispose()
    const addresses = intrinsicAddresses(instance.memory, ctxPointer(context), instance.stack.value as number)
    const { unfrozen } = audit(context, addresses)
    expect(unfrozen.length).toBeGreaterThan(0)
    // That prototype is in QuickJS's table, and the walk from globalThis left it unfrozen.
    const concatProto = context.unwrapResult(context.evalCode('Object.getPrototypeOf(Iterator.concat([]))'))
    const isFrozen = context.unwrapResult(context.evalCode('Object.isFrozen'))
    expect(context.dump(context.unwrapResult(context.callFunction(isFrozen, context.undefined, concatProto)))).toBe(false)
    const inTable = context.unwrapResult(context.evalCode('(p, ...roots) => roots.includes(p)'))
    const check = context.unwrapResult(context.evalCode('(f, p) => (...roots) => f(p, ...roots)'))
    const bound = context.unwrapResult(context.callFunction(check, context.undefined, inTable, concatProto))
    expect(context.dump(context.unwrapResult(callWithAddresses(context, bound, addresses)))).toBe(true)
    for (const h of [concatProto, isFrozen, inTable, check, bound]) h.dispose()
  })
})

describe('a warm instance', () => {
  it("restores the heap up to the end dlmalloc reports, past every byte the heap has written", async () => {
    const instance = await freshInstance()
    const vm = new PlayerVM(instance, DEFAULT_LIMITS)
    const stackTop = instance.stack.value as number
    const words = new Uint32Array(instance.memory.buffer)
    let last = words.length - 1
    while (last > stackTop / 4 && words[last] === 0) last--
    const restoredEnd = stackTop + vm.snapshotBytes - (stackTop - STACK_BYTES)
    expect(restoredEnd).toBeGreaterThan(last * 4 + 3)
    expect(restoredEnd - last * 4).toBeLessThan(256)
    vm.dispose()
  })

  it('is put back byte for byte to a brand-new one before every match, whatever the last match did', async () => {
    const referenceInstance = await freshInstance()
    const reference = new PlayerVM(referenceInstance, DEFAULT_LIMITS)
    const usedInstance = await freshInstance()
    const used = new PlayerVM(usedInstance, DEFAULT_LIMITS)
    // A match that fills the heap, changes what it can, and ends trapped by the meter.
    const hostile = `const hoard = []
      try { Object.getPrototypeOf(Iterator.concat([])).mark = 1 } catch (e) {}
      let s = 'x'
      for (let i = 0; i < 16; i++) s += s
      let big = s
      for (let i = 0; i < 6; i++) big += big
      export default (v) => { for (let i = 0; i < 10; i++) hoard.push(s.slice(i)); if (v.round === 2) big.indexOf('y'); return 'C' }`
    expect(used.load(hostile, RULES, 1, null)).toBeNull()
    let outcome
    for (let round = 0; round < 3; round++) outcome = used.step(round === 0 ? STEP.NO_HISTORY : 0, round)
    expect(outcome).toMatchObject({ fault: { kind: 'cpu-budget', round: 2 }, retired: true })
    used.reset()
    const stackTop = usedInstance.stack.value as number
    const a = new Uint8Array(usedInstance.memory.buffer)
    const b = new Uint8Array(referenceInstance.memory.buffer)
    const equal = (from: number, to: number) => Buffer.compare(a.subarray(from, to), b.subarray(from, to)) === 0
    // The heap did change during the match, and is back: static data and heap up to the snapshot's end.
    expect(equal(0, stackTop - STACK_BYTES)).toBe(true)
    expect(equal(stackTop, stackTop + used.snapshotBytes - (stackTop - STACK_BYTES))).toBe(true)
    expect(usedInstance.stack.value).toBe(referenceInstance.stack.value)
    reference.dispose()
    used.dispose()
  })
})

describe('a warm commons seat', () => {
  it('is put back byte for byte to a brand-new one before every group, whatever the last group did', async () => {
    const factory = instanceFactory(quickJSWasmForNode, COMMONS_LIMITS.memoryBytes, COMMONS_LIMITS.wasmStackBytes)
    const [referenceInstance, usedInstance] = [await factory(), await factory()]
    const reference = new CommonsVM(referenceInstance, COMMONS_LIMITS)
    const used = new CommonsVM(usedInstance, COMMONS_LIMITS)
    const rules = { capacity: 60, maxStock: 500, initialStock: 400, regrowth: 0.25, collapseBelow: 5, maxRequest: 20, turns: 3, continuation: null, referee: null, quota: null, align: 0, cheapTalk: false }
    const group = new GroupStart(3, rules, 400, 2.5)
    // A group that fills the history and the heap, and ends trapped by the meter.
    const hostile = `const hoard = []
      let s = 'x'
      for (let i = 0; i < 16; i++) s += s
      const x = 3n ** 30000n
      export default (v) => { for (let i = 0; i < 10; i++) hoard.push(s.slice(i)); if (v.round === 2) for (;;) x * x; return 1 }`
    expect(used.loadSeat(hostile, group, 1, 7, null)).toBeNull()
    const words = new RoundWords(3)
    words.setOutcome([1, 2, 3], [0.5, 1, 1.5], 390)
    let outcome
    for (let round = 0; round < 3; round++) outcome = used.open(round, 1, round === 0 ? null : words)
    expect(outcome).toMatchObject({ fault: { kind: 'cpu-budget', round: 2 }, retired: true })
    used.reset()
    const stackTop = usedInstance.stack.value as number
    const stackLow = stackTop - usedInstance.stackBytes
    const a = new Uint8Array(usedInstance.memory.buffer)
    const b = new Uint8Array(referenceInstance.memory.buffer)
    const equal = (from: number, to: number) => Buffer.compare(a.subarray(from, to), b.subarray(from, to)) === 0
    expect(equal(0, stackLow)).toBe(true)
    expect(equal(stackTop, stackTop + used.snapshotBytes - stackLow)).toBe(true)
    expect(usedInstance.stack.value).toBe(referenceInstance.stack.value)
    reference.dispose()
    used.dispose()
  })
})

describe('pooled memories', () => {
  it('are never handed on while a match still uses them', async () => {
    const { createNodeRunner } = await import('../sandbox/node')
    const { playMatch } = await import('../src/engine/match')
    const runner = await createNodeRunner()
    const s = { id: 's', name: 's', source: "export default () => 'C'" }
    const playing = playMatch(runner, s, s, { rules: { turns: 50 }, seed: 1 })
    expect(() => runner.dispose()).toThrow(/while it plays a match/)
    expect((await playing).faults).toEqual([[], []])
    runner.dispose()
  })
})
