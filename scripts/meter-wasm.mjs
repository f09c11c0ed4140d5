#!/usr/bin/env node
/**
 * Writes sandbox/generated/quickjs-metered.wasm: QuickJS's WebAssembly module
 * with a gas meter compiled in.
 *
 * Why: QuickJS's interrupt handler (the step budget) is only polled at
 * JavaScript calls and loop back-edges. Work done inside C (a built-in
 * copying a 10 MB string, sorting, BigInt arithmetic, spreading a big array)
 * never reaches it, so a strategy could spend minutes on a few steps. The
 * meter counts in the machine code itself, so it sees all of it:
 *
 * - every `loop` entry costs 1 gas (the interpreter's dispatch loop, and
 *   every loop in the C library);
 * - every call of a function that itself calls others costs CALL_GAS more,
 *   and every call of a leaf function LEAF_GAS: much of QuickJS's work
 *   (allocating objects, shapes, atoms, iterator results, big-number limbs)
 *   is straight-line code spread over many small calls, which loop entries
 *   alone undercount by up to ten times;
 * - every integer division or remainder costs DIVIDE_GAS (tens of cycles
 *   each, where most instructions take one);
 * - every `memory.copy` / `memory.fill` costs 1 gas per 2^BULK_SHIFT bytes.
 *
 * With these, host time per gas varies only about twofold across very
 * different workloads (measured over some forty of them, from plain loops to
 * BigInt division, JSON, regular expressions and sorting), which is what lets
 * a gas budget bound a match's host time.
 *
 * When the exported global `arena_gas` drops below 1 the instance traps
 * (`unreachable`). The host sets the gas before each call. Counting
 * machine-level events is deterministic: the same module and inputs use the
 * same gas in Node and in workerd.
 *
 * The gas travels in registers. Writing a global at every call and loop
 * iteration chains each one to the last through memory, which cost QuickJS
 * about a fifth of its speed; so the gas left is a value the code passes
 * along instead:
 * - a function only the module's own direct calls reach (not exported, not
 *   in the table) takes the gas left as a new last parameter, spends from
 *   it, and returns what is left as a new last result;
 * - a function the host or the table can call keeps its signature: it reads
 *   the global on entry and writes it back on the way out. Calls through the
 *   table and to the host write the global before and read it after, and
 *   the module's own direct calls of an exported or tabled function go to a
 *   copy of it that takes the gas along;
 * - a leaf without loops, divisions or bulk operations is left as it is:
 *   its callers pay its LEAF_GAS.
 * So the global holds the exact gas whenever the host can see it (the
 * interrupt handler, a memory fault, the end of a call), and the charges are
 * the same as when each was a write of the global.
 * Every loop iteration and every counted call (below) checks the gas, and a
 * bulk operation checks it after its charge: code between two checks has no
 * loop and cannot recurse, so it does a bounded amount of work. A trap goes
 * through one function that writes the gas left (below 1) to the global, so
 * the host sees why the instance stopped.
 *
 * Call depth and the stack. Some C code (the JSON parser, the source parser,
 * JSON.stringify, Array.prototype.flat) recurses without QuickJS's own stack
 * check noticing, and would otherwise overflow the host's native stack, whose
 * size differs between Node and workerd; and the module's own stack (in its
 * memory, growing down towards the static data) must never run into the
 * static data. Recursion can only happen inside a strongly connected
 * component of the call graph (scripts/wasm-call-graph.mjs), so only calls
 * that may stay inside one are counted, and calls to the host, which may call
 * back into any export. A counted call sets `arena_depth` to the depth its
 * function was entered at plus the frames it counts (its own and those of
 * the uncounted calls since the last counted one: a call into a *stub*, a
 * function of a cycle without loops that makes at most one call that may
 * recurse, is counted by the stub's own call), and the instance traps if the
 * gas is below 1, the depth is past MAX_DEPTH, or the stack pointer is below
 * STACK_GUARD bytes above the stack's low end. Every other call leaves its
 * component for good, so the frames not counted are bounded: the script
 * computes the bound and fails past DEPTH_SLACK, and it checks that the
 * stack the uncounted calls between two checks can take, with
 * VARIABLE_FRAMES_BYTES for QuickJS's own variable-sized frames, fits in the
 * guard. A call to the host counts that bound again, for the frames it may
 * add. The module's stack is 5 MiB, and the host may make it smaller
 * (sandbox/instance.ts); either way no code can run it into the static data.
 *
 * The module's stack pointer (its only global of its own) is exported as
 * `arena_stack`: after a trap the host puts it back, together with the
 * memory, to reuse the instance (sandbox/snapshot.ts).
 *
 * The module's memory is imported, and it declared at least 16 MiB; the
 * declared minimum is lowered to the pages its static data needs, so that
 * the host can give a player a smaller memory (sandbox/instance.ts).
 *
 * It also writes sandbox/generated/quickjs-unmetered.wasm, the same module
 * with the same imports and exports but no meter at all, which only the bench
 * loads (bench/meter-overhead.ts) to show what the meter costs.
 *
 * Run at install (npm prepare) and before tests; the output is not committed.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { callSites, longestPaths, stronglyConnected } from './wasm-call-graph.mjs'
import { readModule, sleb, uleb } from './wasm-reader.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const source = require.resolve('@jitl/quickjs-wasmfile-release-sync/wasm')
const target = join(root, 'sandbox', 'generated', 'quickjs-metered.wasm')
const unmeteredTarget = join(root, 'sandbox', 'generated', 'quickjs-unmetered.wasm')

/**
 * Deepest counted nesting of calls inside the module (MAX_CALL_DEPTH in
 * sandbox/limits.ts; a test checks the two agree). Measured in Node and in
 * workerd (test/sandbox-deep-recursion.test.ts, test/workers/deep-recursion.test.ts):
 * QuickJS's own stack check (256 KiB) stops JavaScript recursion before this,
 * directly (about 1,350 calls) or through getters (about 3,650 counted for
 * 1,160 levels) and callbacks; Array.prototype.flat's recursion in C
 * overflowed both hosts' native stacks a little above 3,900 frames. The cap
 * sits between the two.
 */
export const MAX_DEPTH = 3800

/**
 * Frames that are not counted can add at most this many to MAX_DEPTH (the
 * script fails if the call graph allows more), which keeps the frames on
 * the stack below where flat's recursion overflowed.
 */
export const DEPTH_SLACK = 50

/** Gas for each call of a non-leaf function (see above; a test checks it against CALL_GAS in sandbox/limits.ts). */
export const CALL_GAS = 4

/** Gas for each call of a leaf function (one that calls nothing). */
export const LEAF_GAS = 1

/** Gas for each integer division or remainder, which take tens of cycles where most instructions take one. */
export const DIVIDE_GAS = 8

/** Bulk memory operations cost 1 gas per 2^BULK_SHIFT bytes. */
export const BULK_SHIFT = 4

/** The module's stack, in bytes (QuickJS's build sets -s STACK_SIZE=5MB; STACK_BYTES in sandbox/snapshot.ts). */
export const MODULE_STACK_BYTES = 5 * 1024 * 1024

/**
 * Bytes at the low end of the stack that no counted call may start in (see
 * above): room for the fixed frames of the calls between two checks (the
 * script computes the most they can take) and VARIABLE_FRAMES_BYTES.
 */
export const STACK_GUARD = 64 * 1024

/**
 * Room in the guard for variable-sized stack allocations (alloca) between two
 * checks. QuickJS makes its big ones (the interpreter's frames, the
 * arguments of C and bound functions) only after its own stack check; a C
 * function with data copies at most 255 arguments (2 KiB); the FFI's
 * argument arrays and the glue's stack allocations are sized by the host.
 */
export const VARIABLE_FRAMES_BYTES = 8 * 1024

/**
 * The functions with variable-sized frames in this build of QuickJS (the
 * ones above and the glue's `stackAlloc`): the script fails if that changes,
 * so that a new one is looked at before it is trusted.
 */
const VARIABLE_FRAMES = 6

const PAGE = 65536

// Opcodes used in the inserted code.
const OP = {
  unreachable: 0x00,
  block: 0x02,
  if: 0x04,
  end: 0x0b,
  call: 0x10,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  globalGet: 0x23,
  globalSet: 0x24,
  i32Const: 0x41,
  i64Const: 0x42,
  i32LtU: 0x49,
  i32GtS: 0x4a,
  i64LtS: 0x53,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Or: 0x72,
  i32ShrU: 0x76,
  i64Sub: 0x7d,
  i32WrapI64: 0xa7,
  i64ExtendI32S: 0xac,
  i64ExtendI32U: 0xad,
  void: 0x40,
  i32: 0x7f,
  i64: 0x7e,
}
const I32_MIN = -(2 ** 31)

/**
 * The rewritten module. With `{ charges: false }` it is the comparison build
 * for the bench (bench/meter-overhead.ts): the same globals, exports and
 * memory minimum, but the functions' code as QuickJS's build made it, with
 * no gas, depth or stack checks at all. It bounds nothing: only the bench
 * may load it (sandbox/node.ts).
 */
export function meter(buf, { charges = true, variableFrames = VARIABLE_FRAMES } = {}) {
  const module = readModule(buf)
  const { section, importedGlobals, memoryImport } = module

  // The stack pointer: the module's first global of its own, a mutable i32 (emscripten's __stack_pointer)
  // starting at the top of the stack; the stack's low end is MODULE_STACK_BYTES below.
  const globals = section(6)
  if (!globals) throw new Error('expected a global section')
  let p = globals.start
  const readU32 = () => {
    let r = 0
    let s = 0
    let b
    do {
      b = buf[p++]
      r |= (b & 0x7f) << s
      s += 7
    } while (b & 0x80)
    return r >>> 0
  }
  const definedGlobals = readU32()
  if (importedGlobals !== 0 || buf[p] !== 0x7f || buf[p + 1] !== 0x01 || buf[p + 2] !== 0x41) throw new Error('expected the stack pointer as the first global')
  p += 3
  const stackTop = readU32() // a positive sleb below 2^27 reads the same as a uleb
  if (stackTop >= 2 ** 27) throw new Error('unexpected memory layout: the stack is too high')
  const stackLow = stackTop - MODULE_STACK_BYTES
  if (!memoryImport) throw new Error('expected an imported memory')
  if (stackLow <= 0) throw new Error('unexpected memory layout: the stack does not fit above the static data')
  const stackFloor = stackLow + STACK_GUARD
  const GAS = importedGlobals + definedGlobals
  const DEPTH = GAS + 1

  const plan = charges ? planMeter(module, variableFrames) : null
  const globalsUsed = { gas: GAS, depth: DEPTH, stackFloor }
  const bodies = plan
    ? [
        ...module.bodies.map((body, i) => rewriteBody(module, plan, i, plan.threaded(body.index), globalsUsed)),
        ...plan.clones.map((f) => rewriteBody(module, plan, f - module.importedFunctions, true, globalsUsed)),
        stopBody(GAS),
      ]
    : module.bodies.map((body) => [...buf.subarray(body.entry, body.end)])

  const newCode = [...uleb(bodies.length), ...bodies.flat()]
  p = globals.start
  readU32()
  const newGlobals = [
    ...uleb(definedGlobals + 2),
    ...buf.subarray(p, globals.end),
    0x7f, 0x01, 0x41, 0xff, 0xff, 0xff, 0xff, 0x07, 0x0b, // arena_gas: mut i32 = 2^31-1
    0x7f, 0x01, 0x41, 0x00, 0x0b, // arena_depth: mut i32 = 0
  ]
  const exportsSection = section(7)
  p = exportsSection.start
  const exportCount = readU32()
  const exported = (label, idx) => {
    const name = [...Buffer.from(label)]
    return [...uleb(name.length), ...name, 0x03, ...uleb(idx)]
  }
  const newExports = [
    ...uleb(exportCount + 3),
    ...buf.subarray(p, exportsSection.end),
    ...exported('arena_gas', GAS),
    ...exported('arena_depth', DEPTH),
    ...exported('arena_stack', 0),
  ]

  // The imported memory's declared minimum: the pages the static data needs (its maximum is kept).
  const minimumPages = Math.ceil(stackLow / PAGE)
  const imports = section(2)
  const newImports = Uint8Array.from([...buf.subarray(imports.start, memoryImport.at), ...uleb(minimumPages), ...buf.subarray(memoryImport.minEnd, imports.end)])

  const replaced = new Map([
    [2, newImports],
    [6, Uint8Array.from(newGlobals)],
    [7, Uint8Array.from(newExports)],
    [10, Uint8Array.from(newCode)],
  ])
  if (plan) {
    replaced.set(1, Uint8Array.from(plan.typeSection))
    replaced.set(3, Uint8Array.from(plan.functionSection))
  }
  const parts = [buf.subarray(0, 8)]
  for (const s of module.sections) {
    const body = replaced.get(s.id) ?? buf.subarray(s.start, s.end)
    parts.push(Uint8Array.from([s.id, ...uleb(body.length)]), body)
  }
  return { bytes: Buffer.concat(parts), stackLow, stackFloor, minimumPages, ...(plan ? plan.stats : {}) }
}

/**
 * Decides, from the call graph, how every function gets its gas and which
 * calls count for depth, checks the bounds on what is left uncounted, and
 * makes the types of the functions that take and return the gas.
 */
function planMeter(module, variableFrames) {
  const { importedFunctions, functionType, types, bodies, exports, table, start } = module
  const functions = callSites(module, { locals: true })
  const n = importedFunctions + bodies.length
  const isImport = (f) => f < importedFunctions
  const fnOf = (f) => functions[f - importedFunctions]
  const exportedFunctions = new Set(exports.filter((e) => e.kind === 0).map((e) => e.index))

  for (const fn of functions) {
    const count = (op) => fn.decoded.events.filter((e) => e.op === op).length
    fn.loops = count('loop')
    fn.bulks = count('bulk')
    fn.divides = count('divide')
  }
  // Only the module's own direct calls reach an internal function, so its signature is the meter's to change.
  const internal = (f) => !isImport(f) && !exportedFunctions.has(f) && !table.has(f) && f !== start
  // A leaf without loops, bulk operations or divisions charges nothing but its call: its callers pay that.
  const plainLeaf = (f) => internal(f) && fnOf(f).sites.length === 0 && fnOf(f).loops === 0 && fnOf(f).bulks === 0 && fnOf(f).divides === 0
  const threaded = (f) => internal(f) && !plainLeaf(f)
  // A function the table or the host can call keeps its signature; the module's own direct calls of it
  // go to a threaded copy instead, appended after the last function.
  const clones = []
  const cloneOf = new Map()
  for (const fn of functions) {
    for (const s of fn.sites) {
      const t = s.event.op === 'call' ? s.event.target : null
      if (t === null || isImport(t) || internal(t) || cloneOf.has(t)) continue
      cloneOf.set(t, importedFunctions + bodies.length + clones.length)
      clones.push(t)
    }
  }
  /** What a direct call of `f` calls: a threaded function, or null (a plain leaf, the host, or a function that keeps its signature). */
  const threadedTarget = (f) => (threaded(f) ? f : (cloneOf.get(f) ?? null))
  const entryCharge = (f) => (fnOf(f).sites.length > 0 ? CALL_GAS : LEAF_GAS)

  // The call graph between the module's own functions, and its cycles.
  const successors = Array.from({ length: n }, () => [])
  for (const fn of functions) {
    const out = new Set()
    for (const s of fn.sites) for (const t of s.targets) if (!isImport(t)) out.add(t)
    successors[fn.body.index] = [...out]
  }
  const { component, members } = stronglyConnected(successors)
  const cyclic = (f) => members[component[f]].length > 1 || successors[f].includes(f)
  const recursive = (fn, s) => s.targets.filter((t) => !isImport(t) && component[t] === component[fn.body.index] && cyclic(t))
  // A stub: a function of a cycle without loops that makes at most one call that may recurse, such as a
  // thin wrapper or a check that rarely calls out. Calls into a stub are not counted; the stub's own
  // recursive call counts both frames.
  const stub = new Uint8Array(n)
  for (const fn of functions) if (cyclic(fn.body.index) && fn.loops === 0 && fn.sites.filter((s) => recursive(fn, s).length > 0).length <= 1) stub[fn.body.index] = 1

  // Counted calls: those that may recurse (but into a stub from outside a stub), and calls to the host.
  for (const fn of functions) {
    const f = fn.body.index
    for (const s of fn.sites) {
      s.reentry = s.targets.some(isImport)
      s.recursive = recursive(fn, s).some((t) => !stub[t] || stub[f])
      s.counted = s.reentry || s.recursive
    }
  }
  // What the counted calls leave is acyclic: inside a component, an uncounted call goes from a function
  // that is not a stub into a stub, and every call of a stub that may recurse is counted.
  const uncounted = Array.from({ length: n }, () => [])
  const starts = new Uint8Array(n)
  for (const fn of functions) {
    const out = new Set()
    for (const s of fn.sites) {
      for (const t of s.targets) {
        if (isImport(t)) continue
        if (s.counted) starts[t] = 1
        else out.add(t)
      }
    }
    uncounted[fn.body.index] = [...out]
  }
  // The frames of one component on the stack come together (calls between components only go one way),
  // and the counted calls cut them into runs of uncounted calls, each starting where the component was
  // entered: at a target of a counted call, from another component, or from the host.
  const entries = [...exportedFunctions, ...(start === null ? [] : [start])]
  const entered = new Uint8Array(n)
  for (const f of entries) entered[f] = 1
  for (let f = 0; f < n; f++) {
    if (starts[f]) entered[f] = 1
    for (const t of successors[f]) if (component[t] !== component[f]) entered[t] = 1
  }
  const inside = uncounted.map((out, f) => out.filter((t) => component[t] === component[f]))
  const run = longestPaths(inside, (f) => (isImport(f) ? 0 : 1), (f) => entered[f] === 1).to
  const runTo = (f) => Math.max(1, run[f])
  // A counted call counts the frames of the run it ends. The last run of each component on the stack ends
  // in an uncounted call: at most the longest run of each component along a chain of components.
  const longestRun = members.map((group) => Math.max(...group.map(runTo)))
  const componentSuccessors = members.map((group, c) => [...new Set(group.flatMap((f) => successors[f].map((t) => component[t])).filter((d) => d !== c))])
  const depthSlack = Math.max(...longestPaths(componentSuccessors, (c) => longestRun[c]).from)
  if (depthSlack > DEPTH_SLACK) throw new Error(`uncounted calls can add ${depthSlack} frames to the counted depth, more than DEPTH_SLACK (${DEPTH_SLACK})`)
  // A call to the host also counts what the host may add by calling back in: the same again.
  for (const fn of functions) for (const s of fn.sites) if (s.counted) s.weight = runTo(fn.body.index) + (s.reentry ? depthSlack : 0)

  // The stack: the fixed frames a chain of uncounted calls can push between two checks, and the functions
  // that move the stack pointer by a variable amount.
  const frameBytes = new Int32Array(n)
  const variable = new Set()
  for (const fn of functions) {
    const f = fn.body.index
    for (const e of fn.decoded.events) {
      if (e.op === 'frame') frameBytes[f] = Math.max(frameBytes[f], e.bytes)
      else if (e.op === 'sp-set' && !isFrameOrRestore(e.history)) variable.add(f)
    }
  }
  if (variable.size !== variableFrames) throw new Error(`${variable.size} functions have variable-sized stack frames, where ${variableFrames} were checked: see VARIABLE_FRAMES_BYTES`)
  const chainBytes = Math.max(...longestPaths(uncounted, (f) => frameBytes[f]).from)
  if (chainBytes + VARIABLE_FRAMES_BYTES > STACK_GUARD) {
    throw new Error(`uncounted calls can take ${chainBytes} bytes of stack between two checks: with ${VARIABLE_FRAMES_BYTES} for variable frames, more than the ${STACK_GUARD}-byte stack guard`)
  }

  // Types: a threaded function takes the gas as its last parameter and returns what is left as its last result.
  const typeBytes = (params, results) => [0x60, ...uleb(params.length), ...params, ...uleb(results.length), ...results]
  const allTypes = types.map((t) => ({ params: t.params, results: t.results }))
  const typeIndex = new Map(allTypes.map((t, i) => [JSON.stringify(t), i]))
  const newFunctionType = [...functionType, ...clones.map((f) => functionType[f])]
  for (let f = importedFunctions; f < newFunctionType.length; f++) {
    if (f < importedFunctions + bodies.length && !threaded(f)) continue
    const t = types[newFunctionType[f]]
    const withGas = { params: [...t.params, OP.i64], results: [...t.results, OP.i64] }
    const key = JSON.stringify(withGas)
    if (!typeIndex.has(key)) {
      typeIndex.set(key, allTypes.length)
      allTypes.push(withGas)
    }
    newFunctionType[f] = typeIndex.get(key)
  }
  // The stop: one function every trap calls, so that each check stays a compare and a call out of line.
  const stopType = JSON.stringify({ params: [OP.i64], results: [] })
  if (!typeIndex.has(stopType)) {
    typeIndex.set(stopType, allTypes.length)
    allTypes.push({ params: [OP.i64], results: [] })
  }
  newFunctionType.push(typeIndex.get(stopType))
  const stop = newFunctionType.length - 1
  const typeSection = [...uleb(allTypes.length), ...allTypes.flatMap((t) => typeBytes(t.params, t.results))]
  const functionSection = [...uleb(newFunctionType.length - importedFunctions), ...newFunctionType.slice(importedFunctions).flatMap((t) => uleb(t))]

  const sites = functions.flatMap((fn) => fn.sites)
  return {
    functions,
    threaded,
    threadedTarget,
    clones,
    stop,
    plainLeaf,
    entryCharge,
    types,
    functionType,
    typeSection,
    functionSection,
    stats: {
      loops: functions.reduce((s, fn) => s + fn.loops, 0),
      bulks: functions.reduce((s, fn) => s + fn.bulks, 0),
      divides: functions.reduce((s, fn) => s + fn.divides, 0),
      calls: sites.length,
      countedCalls: sites.filter((s) => s.counted).length,
      recursive: functions.filter((fn) => cyclic(fn.body.index)).length,
      stubs: stub.reduce((s, h) => s + h, 0),
      threaded: functions.filter((fn) => threaded(fn.body.index)).length + clones.length,
      clones: clones.length,
      depthSlack,
      chainBytes,
      largestFrame: Math.max(...frameBytes),
      variableFrames: variable.size,
      // QuickJS's interpreter (the largest function) calls itself for every JavaScript call.
      interpreterRecursionWeight: (() => {
        const interpreter = functions.reduce((a, b) => (b.body.end - b.body.start > a.body.end - a.body.start ? b : a))
        return Math.max(0, ...interpreter.sites.filter((s) => s.targets.length === 1 && s.targets[0] === interpreter.body.index).map((s) => s.weight))
      })(),
    },
  }
}

/**
 * Whether a write of the stack pointer makes or drops a fixed-size frame:
 * `global.get 0; i32.const N; i32.sub|add; local.tee`, or `local.get x;
 * (i32.const N; i32.add|sub;)` (putting back a saved value). Anything else
 * (an aligned `alloca`) moves it by a variable amount.
 */
function isFrameOrRestore(history) {
  const [a, b, c, d] = history
  const is = (ins, op) => ins !== null && ins.op === op
  if (is(d, OP.localTee) && (is(c, OP.i32Sub) || is(c, OP.i32Add)) && is(b, OP.i32Const) && is(a, OP.globalGet) && a.index === 0) return true
  if (is(d, OP.localGet)) return true
  if ((is(d, OP.i32Add) || is(d, OP.i32Sub)) && is(c, OP.i32Const) && is(b, OP.localGet)) return d.op === OP.i32Add ? c.value >= 0 : c.value <= 0
  return false
}

/** gas = max(value, -2^31) (the global is an i32; the gas left is an i64, which cannot wrap). */
function saturatedStore(value, g) {
  return [OP.i64Const, ...sleb(I32_MIN), ...value, ...value, OP.i64Const, ...sleb(I32_MIN), OP.i64LtS, OP.select, OP.i32WrapI64, OP.globalSet, ...g]
}

/** The stop every trap calls: the gas it is given goes to the global (below 1, so the host sees a gas trap), then the trap. */
function stopBody(gas) {
  const body = [0, ...saturatedStore([OP.localGet, 0], uleb(gas)), OP.unreachable, OP.end]
  return [...uleb(body.length), ...body]
}

/** The metered body of the i-th defined function, with its size in front. */
function rewriteBody(module, plan, i, threaded, { gas, depth, stackFloor }) {
  const { buf } = module
  const fn = plan.functions[i]
  const { body, decoded } = fn
  const f = body.index
  if (plan.plainLeaf(f)) return [...buf.subarray(body.entry, body.end)]
  const type = plan.types[plan.functionType[f]]
  const g = uleb(gas)
  const dp = uleb(depth)

  // The gas left: a threaded function's new last parameter (the function's own locals move up by one),
  // or a new local of any other function, which reads it from the global on entry and writes it back on exit.
  const params = type.params.length
  const declared = decoded.locals.reduce((s, l) => s + l.count, 0)
  const left = uleb(threaded ? params : params + declared)
  const scratch = uleb(params + declared + 1)
  const locals = [...decoded.locals, ...(threaded ? [] : [{ count: 1, type: OP.i64 }]), { count: 1, type: OP.i32 }]
  const out = [...uleb(locals.length)]
  for (const l of locals) out.push(...uleb(l.count), l.type)

  const charge = (amount) => [OP.localGet, ...left, OP.i64Const, ...sleb(amount), OP.i64Sub, OP.localSet, ...left]
  const store = saturatedStore([OP.localGet, ...left], g)
  const load = [OP.globalGet, ...g, OP.i64ExtendI32S, OP.localSet, ...left]
  const trap = [OP.localGet, ...left, OP.call, ...uleb(plan.stop), OP.unreachable]
  // loop iteration: left -= 1; if (left < 0) trap (the gas was below 1 before it)
  const loopCharge = [OP.localGet, ...left, OP.i64Const, 1, OP.i64Sub, OP.localTee, ...left, OP.i64Const, 0, OP.i64LtS, OP.if, OP.void, ...trap, OP.end]
  // before memory.copy/fill (length on top of the stack): left -= len >>> BULK_SHIFT; if (left < 0) trap
  const bulkCharge = [
    OP.localSet, ...scratch,
    OP.localGet, ...left, OP.localGet, ...scratch, OP.i32Const, BULK_SHIFT, OP.i32ShrU, OP.i64ExtendI32U, OP.i64Sub, OP.localTee, ...left,
    OP.i64Const, 0, OP.i64LtS, OP.if, OP.void, ...trap, OP.end,
    OP.localGet, ...scratch,
  ]
  // counted call: depth += w; if ((left < 1) | (depth > MAX_DEPTH) | (stack pointer < floor)) trap; call; depth -= w
  const enter = (s) => [
    OP.globalGet, ...dp, OP.i32Const, ...sleb(s.weight), OP.i32Add, OP.localTee, ...scratch, OP.globalSet, ...dp,
    OP.localGet, ...left, OP.i64Const, 1, OP.i64LtS,
    OP.localGet, ...scratch, OP.i32Const, ...sleb(MAX_DEPTH), OP.i32GtS, OP.i32Or,
    OP.globalGet, 0, OP.i32Const, ...sleb(stackFloor), OP.i32LtU, OP.i32Or,
    OP.if, OP.void, ...trap, OP.end,
  ]
  const leave = (s) => [OP.globalGet, ...dp, OP.i32Const, ...sleb(s.weight), OP.i32Sub, OP.globalSet, ...dp]
  // on the way out: a threaded function returns what is left, any other writes it back
  const exit = threaded ? [OP.localGet, ...left] : store

  let from = decoded.codeStart
  const copy = (to) => {
    for (let k = from; k < to; k++) out.push(buf[k])
    from = to
  }
  if (!threaded) out.push(...load)
  out.push(...charge(plan.entryCharge(f)))
  // Wrap the body in a block with the function's result type: a branch to the function's own label
  // now lands on that block's end, where the exit code runs before the real end.
  out.push(OP.block, type.results.length ? type.results[0] : OP.void)
  const siteAt = new Map(fn.sites.map((s) => [s.event.at, s]))
  for (const e of decoded.events) {
    if (e.op === 'local') {
      if (threaded && e.index >= params) {
        copy(e.at)
        out.push(e.code, ...uleb(e.index + 1))
        from = e.next
      }
    } else if (e.op === 'loop') {
      copy(e.next)
      out.push(...loopCharge)
    } else if (e.op === 'call' || e.op === 'call_indirect') {
      const s = siteAt.get(e.at)
      const target = e.op === 'call' ? e.target : null
      copy(e.at)
      if (target !== null && plan.plainLeaf(target)) {
        out.push(...charge(LEAF_GAS))
        copy(e.next)
      } else if (target !== null && plan.threadedTarget(target) !== null) {
        if (s.counted) out.push(...enter(s))
        out.push(OP.localGet, ...left, OP.call, ...uleb(plan.threadedTarget(target)))
        from = e.next
        out.push(OP.localSet, ...left)
        if (s.counted) out.push(...leave(s))
      } else {
        out.push(...store)
        if (s.counted) out.push(...enter(s))
        copy(e.next)
        if (s.counted) out.push(...leave(s))
        out.push(...load)
      }
    } else if (e.op === 'return') {
      copy(e.at)
      out.push(...exit)
    } else if (e.op === 'divide') {
      copy(e.at)
      out.push(...charge(DIVIDE_GAS))
    } else if (e.op === 'bulk') {
      copy(e.at)
      out.push(...bulkCharge)
    }
  }
  copy(decoded.last)
  out.push(OP.end, ...exit)
  copy(body.end)
  return [...uleb(out.length), ...out]
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]
if (isMain) {
  const original = readFileSync(source)
  const metered = meter(original)
  const unmetered = meter(original, { charges: false }).bytes
  // Validate before writing: a broken module must fail here, not in a tournament.
  new WebAssembly.Module(metered.bytes)
  new WebAssembly.Module(unmetered)
  mkdirSync(dirname(target), { recursive: true })
  writeFileSync(target, metered.bytes)
  writeFileSync(unmeteredTarget, unmetered)
  if (!process.argv.includes('--quiet')) {
    const m = metered
    console.log(
      `sandbox/generated/quickjs-metered.wasm: ${m.loops} loops, ${m.bulks} bulk memory operations, ${m.divides} divisions and ${m.calls} calls metered, ` +
        `the gas passed through ${m.threaded} functions; ${m.countedCalls} calls counted for depth (${m.recursive} functions can recurse, ${m.stubs} of them stubs), ` +
        `${m.interpreterRecursionWeight} for a JavaScript call; uncounted frames add at most ${m.depthSlack} (slack ${DEPTH_SLACK}) and ${m.chainBytes} bytes of stack between checks ` +
        `(largest frame ${m.largestFrame}; ${m.variableFrames} functions with variable frames; guard ${STACK_GUARD})`,
    )
    console.log('sandbox/generated/quickjs-unmetered.wasm: the same module without the meter, for the bench only')
  }
}
