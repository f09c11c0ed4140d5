/**
 * Reads a WebAssembly module (the MVP with bulk memory, as emscripten writes
 * QuickJS's) far enough to rewrite its code: sections, types, which function
 * has which type, imports, exports, the table's contents and every function
 * body, decoded instruction by instruction.
 *
 * Anything this reader does not know how to decode, or that would make the
 * meter's call graph unsound (a table the module can change at run time, an
 * exported or imported table, tail calls, more than one table), fails the
 * build: scripts/meter-wasm.mjs must never meter a module it has only half
 * understood.
 */

/** Unsigned LEB128. */
export function uleb(n) {
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
export function sleb(n) {
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

/** A cursor over the bytes. */
class Cursor {
  constructor(buf, p = 0) {
    this.buf = buf
    this.p = p
  }
  byte() {
    return this.buf[this.p++]
  }
  u32() {
    return this.leb128(false) >>> 0
  }
  /** Signed LEB128 up to 32 bits. */
  s32() {
    return this.leb128(true)
  }
  leb128(signed) {
    let r = 0
    let s = 0
    let b
    do {
      b = this.buf[this.p++]
      r |= (b & 0x7f) << s
      s += 7
    } while (b & 0x80)
    if (signed && s < 32 && b & 0x40) r |= -1 << s
    return r
  }
  skipLeb() {
    while (this.buf[this.p++] & 0x80);
  }
  name() {
    const len = this.u32()
    const s = Buffer.from(this.buf.subarray(this.p, this.p + len)).toString('utf8')
    this.p += len
    return s
  }
  limits() {
    const flags = this.byte()
    const at = this.p
    const min = this.u32()
    const minEnd = this.p
    const max = flags & 1 ? this.u32() : null
    return { flags, min, max, at, minEnd }
  }
}

const SECTION = { type: 1, import: 2, function: 3, table: 4, memory: 5, global: 6, export: 7, start: 8, element: 9, code: 10, data: 11, dataCount: 12 }
const KIND = { function: 0, table: 1, memory: 2, global: 3 }

/**
 * The module's structure. Function indices are the module's own: imported
 * functions first (0 .. importedFunctions - 1), then the defined ones.
 */
export function readModule(buf) {
  const c = new Cursor(buf, 8)
  const sections = []
  while (c.p < buf.length) {
    const id = c.byte()
    const size = c.u32()
    sections.push({ id, start: c.p, end: c.p + size })
    c.p += size
  }
  const section = (id) => sections.find((s) => s.id === id)

  // Types, compared by signature: call_indirect checks the signature, not the index.
  const types = []
  c.p = section(SECTION.type).start
  for (let n = c.u32(); n > 0; n--) {
    if (c.byte() !== 0x60) throw new Error('expected a function type')
    const paramCount = c.u32()
    const params = [...buf.subarray(c.p, c.p + paramCount)]
    c.p += paramCount
    const resultCount = c.u32()
    const results = [...buf.subarray(c.p, c.p + resultCount)]
    c.p += resultCount
    if (results.length > 1) throw new Error('multi-value results are not supported')
    types.push({ params, results, signature: `${params.join(',')}->${results.join(',')}` })
  }

  const functionType = []
  const importedFunctionNames = []
  let importedGlobals = 0
  let memoryImport = null
  const importSection = section(SECTION.import)
  if (importSection) {
    c.p = importSection.start
    for (let n = c.u32(); n > 0; n--) {
      const module = c.name()
      const field = c.name()
      const kind = c.byte()
      if (kind === KIND.function) {
        functionType.push(c.u32())
        importedFunctionNames.push(`${module}.${field}`)
      } else if (kind === KIND.table) throw new Error('an imported table could be changed by the host: the call graph would not be sound')
      else if (kind === KIND.memory) memoryImport = c.limits()
      else if (kind === KIND.global) {
        c.p += 2
        importedGlobals++
      } else throw new Error(`unknown import kind ${kind}`)
    }
  }
  const importedFunctions = functionType.length
  c.p = section(SECTION.function).start
  for (let n = c.u32(); n > 0; n--) functionType.push(c.u32())

  const tableSection = section(SECTION.table)
  if (tableSection) {
    c.p = tableSection.start
    if (c.u32() !== 1) throw new Error('expected one table')
  }

  const exports = []
  c.p = section(SECTION.export).start
  for (let n = c.u32(); n > 0; n--) {
    const name = c.name()
    const kind = c.byte()
    const index = c.u32()
    if (kind === KIND.table) throw new Error('an exported table could be changed by the host: the call graph would not be sound')
    exports.push({ name, kind, index })
  }
  const startSection = section(SECTION.start)
  const start = startSection ? new Cursor(buf, startSection.start).u32() : null

  // The table's contents: active segments of function indices (the only kind this reader accepts).
  const table = new Set()
  const elementSection = section(SECTION.element)
  if (elementSection) {
    c.p = elementSection.start
    for (let n = c.u32(); n > 0; n--) {
      const flags = c.u32()
      if (flags !== 0) throw new Error(`unsupported element segment (flags ${flags})`)
      if (c.byte() !== 0x41) throw new Error('expected an i32.const element offset')
      c.s32()
      if (c.byte() !== 0x0b) throw new Error('expected the end of the element offset')
      for (let k = c.u32(); k > 0; k--) table.add(c.u32())
    }
  }

  const bodies = []
  c.p = section(SECTION.code).start
  const count = c.u32()
  if (count !== functionType.length - importedFunctions) throw new Error('the code and function sections disagree')
  for (let i = 0; i < count; i++) {
    const entry = c.p
    const size = c.u32()
    bodies.push({ index: importedFunctions + i, entry, start: c.p, end: c.p + size })
    c.p += size
  }

  return { buf, sections, section, types, functionType, importedFunctions, importedFunctionNames, importedGlobals, memoryImport, exports, start, table, bodies }
}

/** Division and remainder opcodes (i32/i64 div_s, div_u, rem_s, rem_u). */
export const DIVISIONS = new Set([0x6d, 0x6e, 0x6f, 0x70, 0x7f, 0x80, 0x81, 0x82])

/**
 * Decodes one function body. Returns where its local declarations end, the
 * declarations, and the instructions the meter cares about, each with its
 * byte offset `at` and the offset `next` just past it:
 *   { op: 'loop' }                       after the loop's block type
 *   { op: 'call', target }               a direct call
 *   { op: 'call_indirect', type }        an indirect call through the table
 *   { op: 'return' }
 *   { op: 'divide' }
 *   { op: 'bulk' }                       memory.copy or memory.fill (length on top of the stack)
 *   { op: 'sp-set', history }            a write of the stack pointer (global 0), with the four instructions before it
 *   { op: 'frame', bytes }               `global.get 0; i32.const -N; i32.add` or `...; i32.const N; i32.sub`: a frame of N bytes
 *   { op: 'local', code, index }         local.get/set/tee (only with `{ locals: true }`)
 */
export function decodeBody(buf, body, { locals: wantLocals = false } = {}) {
  const c = new Cursor(buf, body.start)
  const locals = []
  for (let n = c.u32(); n > 0; n--) locals.push({ count: c.u32(), type: c.byte() })
  const codeStart = c.p
  const last = body.end - 1
  if (buf[last] !== 0x0b) throw new Error(`function ${body.index} does not end with end`)
  const events = []
  const blocktype = () => {
    const b = buf[c.p]
    if (b === 0x40 || (b >= 0x6f && b <= 0x7f)) c.p++
    else c.skipLeb()
  }
  // The last few instructions, to recognise the stack pointer's patterns.
  const history = [null, null, null, null]
  const push = (ins) => {
    history.shift()
    history.push(ins)
  }
  while (c.p < last) {
    const at = c.p
    const op = c.byte()
    let ins = { op, at }
    if (op === 0x03) {
      blocktype()
      events.push({ op: 'loop', at, next: c.p })
    } else if (op === 0x02 || op === 0x04) blocktype()
    else if (op === 0x10) {
      const target = c.u32()
      events.push({ op: 'call', at, next: c.p, target })
    } else if (op === 0x11) {
      const type = c.u32()
      if (c.u32() !== 0) throw new Error('expected table 0')
      events.push({ op: 'call_indirect', at, next: c.p, type })
    } else if (op === 0x12 || op === 0x13) throw new Error(`function ${body.index} makes a tail call, which the meter does not handle`)
    else if (op === 0x0f) events.push({ op: 'return', at, next: c.p })
    else if (op === 0x23 || op === 0x24) {
      ins.index = c.u32()
      if (op === 0x24 && ins.index === 0) events.push({ op: 'sp-set', at, next: c.p, history: [...history] })
    } else if (op === 0x20 || op === 0x21 || op === 0x22) {
      ins.index = c.u32()
      if (wantLocals) events.push({ op: 'local', at, next: c.p, code: op, index: ins.index })
    } else if (op === 0x26) throw new Error(`function ${body.index} changes the table (table.set): the call graph would not be sound`)
    else if ([0x0c, 0x0d, 0x25, 0xd2].includes(op)) ins.index = c.u32()
    else if (op === 0x0e) {
      const k = c.u32()
      for (let i = 0; i <= k; i++) c.u32()
    } else if (op === 0x1c) {
      const n = c.u32()
      c.p += n
    } else if (op >= 0x28 && op <= 0x3e) {
      c.u32()
      c.u32()
    } else if (op === 0x3f || op === 0x40) {
      if (c.byte() !== 0) throw new Error('expected memory 0')
    } else if (op === 0xd0) c.p++
    else if (op === 0x41) ins.value = c.s32()
    else if (op === 0x42) c.skipLeb()
    else if (op === 0x43) c.p += 4
    else if (op === 0x44) c.p += 8
    else if (op === 0xfc) {
      const sub = c.u32()
      if (sub === 10 || sub === 11) {
        c.p += sub === 10 ? 2 : 1
        events.push({ op: 'bulk', at, next: c.p })
      } else if (sub === 8) {
        c.u32()
        c.p++
      } else if (sub === 9 || sub === 13) c.u32()
      else if (sub === 12 || sub === 14 || sub === 15 || sub === 16 || sub === 17) throw new Error(`function ${body.index} changes or reads the table (0xfc ${sub}): the call graph would not be sound`)
      else if (sub > 7) throw new Error(`unsupported 0xfc ${sub}`)
    } else if (DIVISIONS.has(op)) events.push({ op: 'divide', at, next: c.p })
    else if (op === 0x00 || op === 0x01 || op === 0x05 || op === 0x0b || op === 0x1a || op === 0x1b || op === 0xd1 || (op >= 0x45 && op <= 0xc4)) {
      // no immediates
    } else throw new Error(`unsupported opcode 0x${op.toString(16)} in function ${body.index}`)
    // A frame: `global.get 0; i32.const N; i32.sub` or `global.get 0; i32.const -N; i32.add`.
    const [, , prev2, prev1] = history
    if ((op === 0x6b || op === 0x6a) && prev1?.op === 0x41 && prev2?.op === 0x23 && prev2.index === 0) {
      const bytes = op === 0x6b ? prev1.value : -prev1.value
      events.push({ op: 'frame', at, next: c.p, bytes })
    }
    push(ins)
  }
  if (c.p !== last) throw new Error(`function ${body.index} did not decode to its end`)
  return { locals, codeStart, last, events }
}
