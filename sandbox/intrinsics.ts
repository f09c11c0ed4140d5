/**
 * Every intrinsic a QuickJS context holds, read from the context itself, so
 * that the lockdown (prelude.ts) freezes what QuickJS made, not a list of
 * what we know of. Walking from globalThis misses intrinsics that nothing
 * reachable has handed out yet, such as the prototype of the iterators that
 * Iterator.concat() makes; QuickJS's own table of class prototypes has them
 * all, including those of classes a future release adds.
 *
 * Where the context keeps them (struct JSContext in quickjs.c, wasm32, with
 * NaN-boxed 8-byte JSValues): a pointer to the table of class prototypes, one
 * JSValue per class id (null for classes without a prototype), followed by
 * INTRINSIC_FIELDS JSValues: function_proto, function_ctor, array_ctor,
 * regexp_ctor, promise_ctor, the 8 native error prototypes, iterator_ctor,
 * async_iterator_proto, array_proto_values, throw_type_error, eval_obj,
 * global_obj and global_var_obj. The pointer is found by what it points to,
 * and every entry is checked to be an object or null.
 */
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core'

const INTRINSIC_FIELDS = 20
const TAG_OBJECT = -1
const TAG_NULL = 2
const CLASS_OBJECT = 1
const CLASS_BYTECODE_FUNCTION = 13
/** Classes QuickJS defines itself (JS_CLASS_INIT_COUNT); the table has these and any the embedder adds. */
export const QUICKJS_CLASS_COUNT = 62

/** Where the context's table of class prototypes and its intrinsic fields are. */
interface Layout {
  entries: number[]
  fields: number[]
}

function locate(memory: WebAssembly.Memory, ctxPtr: number, heapStart: number): Layout {
  const view = new DataView(memory.buffer)
  const tag = (address: number) => view.getInt32(address + 4, true)
  const isObject = (address: number) => tag(address) === TAG_OBJECT
  const isEntry = (address: number) => isObject(address) || (tag(address) === TAG_NULL && view.getUint32(address, true) === 0)
  const same = (a: number, b: number) => view.getBigUint64(a, true) === view.getBigUint64(b, true)
  for (let offset = 0; offset < 96; offset += 4) {
    const table = view.getUint32(ctxPtr + offset, true)
    if (table % 8 !== 0 || table < heapStart || table + 8 * QUICKJS_CLASS_COUNT > memory.buffer.byteLength) continue
    if (!isEntry(table) || !isObject(table + 8 * CLASS_OBJECT)) continue
    // The table is one malloc'd block of 8 bytes a class: dlmalloc's chunk header before it gives its size.
    const count = ((view.getUint32(table - 4, true) & ~7) - 8) / 8
    if (!(count >= QUICKJS_CLASS_COUNT && count < 4 * QUICKJS_CLASS_COUNT)) continue
    const entries = Array.from({ length: count }, (_, i) => table + 8 * i)
    if (!entries.every(isEntry)) continue
    const first = (ctxPtr + offset + 4 + 7) & ~7
    const fields = Array.from({ length: INTRINSIC_FIELDS }, (_, i) => first + 8 * i)
    // function_proto is also the prototype of bytecode functions; every field is an object.
    if (!same(fields[0]!, entries[CLASS_BYTECODE_FUNCTION]!) || !fields.every(isObject)) continue
    return { entries, fields }
  }
  throw new Error("cannot find QuickJS's table of class prototypes in the context")
}

/**
 * Addresses of the JSValues of every intrinsic of the context at `ctxPtr`:
 * each entry of its table of class prototypes, then its intrinsic fields.
 * `heapStart` is where the heap begins (the table lies above it).
 */
export function intrinsicAddresses(memory: WebAssembly.Memory, ctxPtr: number, heapStart: number): number[] {
  const { entries, fields } = locate(memory, ctxPtr, heapStart)
  return [...entries, ...fields]
}

/**
 * The context's fields after its intrinsics: `random_state` (8 bytes), then
 * `interrupt_counter`, the polls left before QuickJS next calls the
 * interrupt handler.
 */
export function contextCounters(memory: WebAssembly.Memory, ctxPtr: number, heapStart: number): { randomState: number; interruptCounter: number } {
  const { fields } = locate(memory, ctxPtr, heapStart)
  const randomState = fields[fields.length - 1]! + 8
  const interruptCounter = randomState + 8
  const polls = new DataView(memory.buffer).getInt32(interruptCounter, true)
  if (!(polls > 0 && polls <= 10_000)) throw new Error("unexpected QuickJS context layout: no interrupt counter after the intrinsics")
  return { randomState, interruptCounter }
}

/** The pieces of quickjs-emscripten 0.32 used below that its typings mark protected. */
interface ContextInternals {
  ctx: { value: number }
  module: { _malloc(n: number): number; _free(p: number): void; HEAPU8: Uint8Array }
  ffi: {
    QTS_Call(ctx: number, fn: number, self: number, argc: number, argv: number): number
    QTS_ResolveException(ctx: number, ptr: number): number
    QTS_FreeValuePointer(ctx: number, ptr: number): void
    QTS_GetUndefined(): number
  }
  memory: { heapValueHandle(ptr: number): QuickJSHandle }
}

/**
 * Call `fn` (a handle, or the address of a JSValue) with the JSValues at
 * `addresses` as its arguments: the raw FFI takes an array of pointers to
 * JSValues, so the values are passed where QuickJS keeps them, without
 * copying them into handles first.
 */
export function callWithAddresses(context: QuickJSContext, fn: QuickJSHandle | number, addresses: readonly number[]): ReturnType<QuickJSContext['callFunction']> {
  const internals = context as unknown as ContextInternals
  const { ffi, module } = internals
  const ctx = internals.ctx.value
  const argv = module._malloc(4 * Math.max(1, addresses.length))
  try {
    const heap = new DataView(module.HEAPU8.buffer)
    addresses.forEach((address, k) => heap.setUint32(argv + 4 * k, address, true))
    const fnPtr = typeof fn === 'number' ? fn : (fn as unknown as { value: number }).value
    const ptr = ffi.QTS_Call(ctx, fnPtr, ffi.QTS_GetUndefined(), addresses.length, argv)
    const error = ffi.QTS_ResolveException(ctx, ptr)
    if (error) {
      ffi.QTS_FreeValuePointer(ctx, ptr)
      return { error: internals.memory.heapValueHandle(error) } as ReturnType<QuickJSContext['callFunction']>
    }
    return { value: internals.memory.heapValueHandle(ptr) } as ReturnType<QuickJSContext['callFunction']>
  } finally {
    module._free(argv)
  }
}
