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
 * - every function call raises a depth counter for as long as it runs, and
 *   the instance traps past MAX_DEPTH. QuickJS bounds JavaScript recursion
 *   by its own stack check, but some C code (the JSON parser, the source
 *   parser, JSON.stringify, Array.prototype.flat) recurses without using
 *   enough of it, and would otherwise overflow the host's native stack,
 *   whose size differs between Node and workerd.
 *
 * When the exported global `arena_gas` drops below 1 the instance traps
 * (`unreachable`). The host sets the gas before each call. Counting
 * machine-level events is deterministic: the same module and inputs use the
 * same gas in Node and in workerd.
 *
 * - every call of a function that itself calls others also checks the
 *   module's stack pointer: the instance traps when it is below STACK_GUARD
 *   bytes above the stack's low end. The module's stack (emscripten's, in its
 *   own memory, growing down towards the static data) is 5 MiB, and the host
 *   may make it smaller (sandbox/instance.ts); either way no code can run it
 *   into the static data below it. Each frame is small (the largest is about
 *   1 KiB; the script checks it against the guard) and the variable-sized
 *   ones are QuickJS's own, which its 256 KiB stack check bounds first.
 *
 * The module's stack pointer (its only global of its own) is exported as
 * `arena_stack`: after a trap the host puts it back, together with the
 * memory, to reuse the instance (sandbox/snapshot.ts).
 *
 * The module's memory is imported, and it declared at least 16 MiB; the
 * declared minimum is lowered to the pages its static data needs, so that
 * the host can give a player a smaller memory (sandbox/instance.ts).
 *
 * Run at install (npm prepare) and before tests; the output is not committed.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const source = require.resolve('@jitl/quickjs-wasmfile-release-sync/wasm')
const target = join(root, 'sandbox', 'generated', 'quickjs-metered.wasm')
const unmeteredTarget = join(root, 'sandbox', 'generated', 'quickjs-unmetered.wasm')

/** Unsigned LEB128. */
function uleb(n) {
  const out = []
  do {
    let b = n & 0x7f
    n >>>= 7
    if (n !== 0) b |= 0x80
    out.push(b)
  } while (n !== 0)
  return out
}

/** Signed LEB128 (for i32.const). */
function sleb(n) {
  const out = []
  for (;;) {
    const b = n & 0x7f
    n >>= 7
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b)
      return out
    }
    out.push(b | 0x80)
  }
}

/**
 * Deepest nesting of calls inside the module (MAX_CALL_DEPTH in
 * sandbox/limits.ts; a test checks the two agree). Measured: QuickJS's own
 * stack check (256 KiB) stops plain JavaScript recursion at a call depth of
 * about 1,300, and recursion through built-in callbacks takes up to three
 * calls a level; the JSON parser overflowed workerd's native stack between
 * 5,000 and 9,000 levels. The cap sits between the two.
 */
export const MAX_DEPTH = 4000

/** Gas for each call of a non-leaf function (see above; a test checks it against CALL_GAS in sandbox/limits.ts). */
export const CALL_GAS = 4

/** Gas for each call of a leaf function (one that calls nothing). */
export const LEAF_GAS = 1

/** Gas for each integer division or remainder, which take tens of cycles where most instructions take one. */
export const DIVIDE_GAS = 8
/** i32/i64 div_s, div_u, rem_s, rem_u. */
const DIVISIONS = new Set([0x6d, 0x6e, 0x6f, 0x70, 0x7f, 0x80, 0x81, 0x82])

/** Bulk memory operations cost 1 gas per 2^BULK_SHIFT bytes. */
export const BULK_SHIFT = 4

/** The module's stack, in bytes (QuickJS's build sets -s STACK_SIZE=5MB; STACK_BYTES in sandbox/snapshot.ts). */
export const MODULE_STACK_BYTES = 5 * 1024 * 1024

/**
 * Bytes at the low end of the stack that no function may start in (see
 * above): room for the frame of the function that passed the check, the
 * frame of a leaf function it calls, and the few fixed-size buffers QuickJS's
 * regular expressions allocate on the stack (about 4 KiB).
 */
export const STACK_GUARD = 64 * 1024

const PAGE = 65536

/**
 * The rewritten module. With `{ charges: false }` it is the comparison build
 * for the bench (bench/meter-overhead.ts): the same globals, exports and
 * memory minimum, but the functions' code as QuickJS's build made it, with
 * no gas, depth or stack checks at all. It bounds nothing: only the bench
 * may load it (sandbox/node.ts).
 */
export function meter(buf, { charges = true } = {}) {
  let p = 8
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
  const skipLeb = () => {
    while (buf[p++] & 0x80);
  }
  const readName = () => {
    const len = readU32()
    p += len
  }

  const sections = []
  while (p < buf.length) {
    const id = buf[p++]
    const size = readU32()
    sections.push({ id, start: p, end: p + size })
    p += size
  }

  // Global indices: imported globals come first.
  let importedGlobals = 0
  let memoryImport = null
  const imports = sections.find((s) => s.id === 2)
  if (imports) {
    p = imports.start
    const count = readU32()
    for (let i = 0; i < count; i++) {
      readName()
      readName()
      const kind = buf[p++]
      if (kind === 0) readU32()
      else if (kind === 1) {
        p++
        const flags = buf[p++]
        readU32()
        if (flags & 1) readU32()
      } else if (kind === 2) {
        const flags = buf[p++]
        const at = p
        readU32()
        memoryImport = { at, initialEnd: p }
        if (flags & 1) readU32()
      } else if (kind === 3) {
        p += 2
        importedGlobals++
      } else throw new Error(`unknown import kind ${kind}`)
    }
  }
  const globals = sections.find((s) => s.id === 6)
  if (!globals) throw new Error('expected a global section')
  p = globals.start
  const definedGlobals = readU32()
  // The stack pointer: the module's first global of its own, a mutable i32 (emscripten's __stack_pointer)
  // starting at the top of the stack; the stack's low end is MODULE_STACK_BYTES below.
  if (importedGlobals !== 0 || buf[p] !== 0x7f || buf[p + 1] !== 0x01 || buf[p + 2] !== 0x41) throw new Error('expected the stack pointer as the first global')
  p += 3
  let stackTop = 0
  for (let shift = 0, b = 0x80; b & 0x80; shift += 7) {
    b = buf[p++]
    stackTop |= (b & 0x7f) << shift
  }
  const stackLow = stackTop - MODULE_STACK_BYTES
  if (!memoryImport) throw new Error('expected an imported memory')
  if (stackLow <= 0) throw new Error('unexpected memory layout: the stack does not fit above the static data')
  const stackFloor = stackLow + STACK_GUARD
  const GAS = importedGlobals + definedGlobals
  const TMP = GAS + 1
  const DEPTH = GAS + 2
  const gasIdx = uleb(GAS)
  const tmpIdx = uleb(TMP)
  const depthIdx = uleb(DEPTH)

  // Result type of each defined function, for the block that wraps its body.
  const types = []
  p = sections.find((s) => s.id === 1).start
  for (let i = readU32(); i > 0; i--) {
    if (buf[p++] !== 0x60) throw new Error('expected a function type')
    const params = readU32()
    p += params
    const results = readU32()
    if (results > 1) throw new Error('multi-value results are not supported')
    types.push(results === 1 ? buf[p] : 0x40)
    p += results
  }
  p = sections.find((s) => s.id === 3).start
  const resultOf = []
  for (let i = readU32(); i > 0; i--) resultOf.push(types[readU32()])

  // loop entry: if (gas < 1) unreachable; gas -= 1
  const loopCharge = [0x23, ...gasIdx, 0x41, 0x01, 0x48, 0x04, 0x40, 0x00, 0x0b, 0x23, ...gasIdx, 0x41, 0x01, 0x6b, 0x24, ...gasIdx]
  // before memory.copy/fill (length on top of the stack): gas -= len >>> BULK_SHIFT; if (gas < 0) unreachable
  const bulkCharge = [
    0x24, ...tmpIdx,
    0x23, ...gasIdx, 0x23, ...tmpIdx, 0x41, BULK_SHIFT, 0x76, 0x6b, 0x24, ...gasIdx,
    0x23, ...gasIdx, 0x41, 0x00, 0x48, 0x04, 0x40, 0x00, 0x0b,
    0x23, ...tmpIdx,
  ]

  // leaf function entry: gas -= LEAF_GAS (a leaf returns before it can do unbounded work: no check needed)
  const leafCharge = [0x23, ...gasIdx, 0x41, ...sleb(LEAF_GAS), 0x6b, 0x24, ...gasIdx]

  // before a division or remainder (operands stay on the stack): gas -= DIVIDE_GAS
  const divideCharge = [0x23, ...gasIdx, 0x41, ...sleb(DIVIDE_GAS), 0x6b, 0x24, ...gasIdx]

  // non-leaf function entry: gas -= CALL_GAS; depth += 1; if ((gas < 1) | (depth > MAX_DEPTH) | (stack pointer < floor)) unreachable
  const enter = [
    0x23, ...gasIdx, 0x41, ...sleb(CALL_GAS), 0x6b, 0x24, ...gasIdx,
    0x23, ...depthIdx, 0x41, 0x01, 0x6a, 0x24, ...depthIdx,
    0x23, ...gasIdx, 0x41, 0x01, 0x48, 0x23, ...depthIdx, 0x41, ...sleb(MAX_DEPTH), 0x4b, 0x72,
    0x23, 0x00, 0x41, ...sleb(stackFloor), 0x49, 0x72,
    0x04, 0x40, 0x00, 0x0b,
  ]
  // every way out (return, or the end of the block wrapping the body): depth -= 1
  const leave = [0x23, ...depthIdx, 0x41, 0x01, 0x6b, 0x24, ...depthIdx]

  const code = sections.find((s) => s.id === 10)
  p = code.start
  const functions = readU32()
  const bodies = []
  let loops = 0
  let bulks = 0
  let divides = 0
  const blocktype = () => {
    const b = buf[p]
    if (b === 0x40 || (b >= 0x6f && b <= 0x7f)) p++
    else skipLeb()
  }
  function rewriteBody(f, bodyStart, end, trackDepth) {
    p = bodyStart
    const out = []
    let from = p
    let calls = false
    let loopCount = 0
    let bulkCount = 0
    let divideCount = 0
    const flush = (to) => {
      for (let i = from; i < to; i++) out.push(buf[i])
      from = to
    }
    const locals = readU32()
    for (let i = 0; i < locals; i++) {
      readU32()
      p++
    }
    // Wrap the body in a block with the function's result type: a branch to the function's own
    // label now lands on that block's end, where the depth is lowered before the real end.
    flush(p)
    if (trackDepth) out.push(...enter, 0x02, resultOf[f])
    else if (LEAF_GAS) out.push(...leafCharge)
    const last = end - 1
    if (buf[last] !== 0x0b) throw new Error(`function ${f} does not end with end`)
    // A fixed-size stack frame is made by `global.get 0 (the stack pointer); i32.const N; i32.sub`.
    let spAt = -1
    let frameSize = 0
    while (p < last) {
      const at = p
      const op = buf[p++]
      if (op === 0x41 && spAt >= 0 && at === spAt) {
        let v = 0
        let shift = 0
        let b
        do {
          b = buf[p++]
          v |= (b & 0x7f) << shift
          shift += 7
        } while (b & 0x80)
        if (shift < 32 && b & 0x40) v |= -1 << shift
        if (buf[p] === 0x6b) frameSize = Math.max(frameSize, v)
        continue
      }
      if (op === 0x23 && buf[p] === 0x00) spAt = p + 1
      if (op === 0x03) {
        blocktype()
        flush(p)
        out.push(...loopCharge)
        loopCount++
      } else if (op === 0x02 || op === 0x04) blocktype()
      else if (op === 0x10 || op === 0x12) {
        calls = true
        readU32()
      } else if ([0x0c, 0x0d, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0xd2].includes(op)) readU32()
      else if (op === 0x0e) {
        const k = readU32()
        for (let i = 0; i <= k; i++) readU32()
      } else if (op === 0x11 || op === 0x13) {
        calls = true
        readU32()
        readU32()
      } else if (op === 0x1c) {
        const count = readU32()
        p += count
      } else if (op >= 0x28 && op <= 0x3e) {
        readU32()
        readU32()
      } else if (op === 0x3f || op === 0x40 || op === 0xd0) p++
      else if (op === 0x41 || op === 0x42) skipLeb()
      else if (op === 0x43) p += 4
      else if (op === 0x44) p += 8
      else if (op === 0xfc) {
        const sub = readU32()
        if (sub === 10 || sub === 11) {
          flush(at)
          out.push(...bulkCharge)
          bulkCount++
          p += sub === 10 ? 2 : 1
        } else if (sub === 8) {
          readU32()
          p++
        } else if (sub === 9 || sub === 13 || (sub >= 15 && sub <= 17)) readU32()
        else if (sub === 12 || sub === 14) {
          readU32()
          readU32()
        } else if (sub > 7) throw new Error(`unsupported 0xfc ${sub}`)
      } else if (op === 0x0f) {
        if (trackDepth) {
          flush(at)
          out.push(...leave)
        }
      } else if (DIVISIONS.has(op)) {
        flush(at)
        out.push(...divideCharge)
        divideCount++
      } else if (op === 0x00 || op === 0x01 || op === 0x05 || op === 0x0b || op === 0x1a || op === 0x1b || op === 0xd1 || (op >= 0x45 && op <= 0xc4)) {
        // no immediates
      } else throw new Error(`unsupported opcode 0x${op.toString(16)} in function ${f}`)
    }
    if (p !== last) throw new Error(`function ${f} did not decode to its end`)
    flush(last)
    if (trackDepth) out.push(0x0b, ...leave)
    flush(end)
    return { out, calls, loops: loopCount, bulks: bulkCount, divides: divideCount, frameSize }
  }

  let tracked = 0
  let largestFrame = 0
  for (let f = 0; f < functions; f++) {
    const entry = p
    const size = readU32()
    const bodyStart = p
    const end = p + size
    // Leaf functions (no calls) cannot nest deeper, so only the others count depth: decode once to find out.
    const first = rewriteBody(f, bodyStart, end, false)
    const { out } = first.calls ? rewriteBody(f, bodyStart, end, true) : first
    if (first.calls) tracked++
    largestFrame = Math.max(largestFrame, first.frameSize)
    loops += first.loops
    divides += first.divides
    bulks += first.bulks
    bodies.push(charges ? [...uleb(out.length), ...out] : [...buf.subarray(entry, end)])
    p = end
  }

  // Two frames (the checked function's and a leaf's) and QuickJS's fixed buffers must fit in the guard.
  if (2 * largestFrame + 8 * 1024 > STACK_GUARD) throw new Error(`a stack frame of ${largestFrame} bytes does not leave room in the ${STACK_GUARD}-byte stack guard`)

  const newCode = [...uleb(functions), ...bodies.flat()]
  p = globals.start
  readU32()
  const newGlobals = [
    ...uleb(definedGlobals + 3),
    ...buf.subarray(p, globals.end),
    0x7f, 0x01, 0x41, 0xff, 0xff, 0xff, 0xff, 0x07, 0x0b, // arena_gas: mut i32 = 2^31-1
    0x7f, 0x01, 0x41, 0x00, 0x0b, // scratch: mut i32 = 0
    0x7f, 0x01, 0x41, 0x00, 0x0b, // arena_depth: mut i32 = 0
  ]
  const exportsSection = sections.find((s) => s.id === 7)
  p = exportsSection.start
  const exportCount = readU32()
  const exportEntries = buf.subarray(p, exportsSection.end)
  const exported = (label, idx) => {
    const name = [...Buffer.from(label)]
    return [...uleb(name.length), ...name, 0x03, ...idx]
  }
  const newExports = [
    ...uleb(exportCount + 3),
    ...exportEntries,
    ...exported('arena_gas', gasIdx),
    ...exported('arena_depth', depthIdx),
    ...exported('arena_stack', uleb(0)),
  ]

  // The imported memory's declared minimum: the pages the static data needs (its maximum is kept).
  const minimumPages = Math.ceil(stackLow / PAGE)
  const newImports = Uint8Array.from([...buf.subarray(imports.start, memoryImport.at), ...uleb(minimumPages), ...buf.subarray(memoryImport.initialEnd, imports.end)])

  const parts = [buf.subarray(0, 8)]
  for (const s of sections) {
    let body = buf.subarray(s.start, s.end)
    if (s.id === 2) body = newImports
    else if (s.id === 6) body = Uint8Array.from(newGlobals)
    else if (s.id === 7) body = Uint8Array.from(newExports)
    else if (s.id === 10) body = Uint8Array.from(newCode)
    parts.push(Uint8Array.from([s.id, ...uleb(body.length)]), body)
  }
  return { bytes: Buffer.concat(parts), loops, bulks, divides, functions: tracked, stackLow, stackFloor, largestFrame, minimumPages }
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]
if (isMain) {
  const original = readFileSync(source)
  const { bytes, loops, bulks, divides, functions, largestFrame } = meter(original)
  const unmetered = meter(original, { charges: false }).bytes
  // Validate before writing: a broken module must fail here, not in a tournament.
  new WebAssembly.Module(bytes)
  new WebAssembly.Module(unmetered)
  mkdirSync(dirname(target), { recursive: true })
  writeFileSync(target, bytes)
  writeFileSync(unmeteredTarget, unmetered)
  if (!process.argv.includes('--quiet')) console.log(`sandbox/generated/quickjs-metered.wasm: ${loops} loops, ${bulks} bulk memory operations, ${divides} divisions and every call (the depth of ${functions} non-leaf functions) metered; the stack guarded (largest frame ${largestFrame} bytes)`)
}
