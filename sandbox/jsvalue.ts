/**
 * QuickJS values as the host reads and writes them in an instance's memory,
 * for the per-round calls, where every FFI call counts: a JSValue is 8 bytes
 * (wasm32, NaN-boxing), two little-endian 32-bit words whose high word is
 * the tag. A double is stored as its bits minus FLOAT64_ADDEND in the high
 * word, so that no double, not even a NaN, looks like a pointer; QuickJS
 * keeps an int32 as an int.
 *
 * Only numbers and null are ever written, and only numbers read back; a
 * layout that differs from this one is found when a player is made
 * (checkLayout), before anything is written, and fails it.
 */

export const TAG_INT = 0
export const TAG_NULL = 2
export const TAG_EXCEPTION = 6
/** Tags below this (as int32) are not doubles (JS_TAG_FLOAT64 in quickjs.h; pointers have negative tags). */
const TAG_FLOAT64 = 8
const FIRST_TAG = -9
/** JS_FLOAT64_TAG_ADDEND (0x7ff80000 - JS_TAG_FIRST + 1). */
const FLOAT64_ADDEND = 0x7ff8000a

const f64 = new Float64Array(1)
const f64Words = new Uint32Array(f64.buffer)

/** Write `x` as QuickJS writes a number (an int32 as an int, anything else as a double) at words[i], words[i + 1]. */
export function encodeNumber(x: number, words: Uint32Array, i: number): void {
  if (!Number.isFinite(x)) throw new RangeError(`only finite numbers go into a sandbox (got ${x})`)
  if ((x | 0) === x && !Object.is(x, -0)) {
    words[i] = x >>> 0
    words[i + 1] = TAG_INT
  } else {
    f64[0] = x
    words[i] = f64Words[0]!
    words[i + 1] = (f64Words[1]! - FLOAT64_ADDEND) >>> 0
  }
}

export function encodeNull(words: Uint32Array, i: number): void {
  words[i] = 0
  words[i + 1] = TAG_NULL
}

/** The number at words[i], words[i + 1], or NaN if it holds no number (the caller checks the tag for an exception first). */
export function decodeNumber(words: Uint32Array, i: number): number {
  const lo = words[i]!
  const hi = words[i + 1]!
  const tag = hi | 0
  if (tag === TAG_INT) return lo | 0
  if (tag >= FIRST_TAG && tag < TAG_FLOAT64) return NaN
  f64Words[0] = lo
  f64Words[1] = (hi + FLOAT64_ADDEND) >>> 0
  return f64[0]!
}

/** Whether a value whose high word is `hi` is a number (an int, or a double: any high word outside the other tags). */
export function isNumber(hi: number): boolean {
  const tag = hi | 0
  return tag === TAG_INT || tag < FIRST_TAG || tag >= TAG_FLOAT64
}

/** The tag of the value at words[i], words[i + 1]. */
export function tagOf(words: Uint32Array, i: number): number {
  return words[i + 1]! | 0
}

/** Numbers whose boxing a new player checks against QuickJS's own: ints and their edges, doubles, -0, extremes. */
const SAMPLES = [0, 1, -1, 3, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, -(2 ** 31) - 1, 1.5, -2.25, 0.1, -0, 1e300, -1e-300, Number.MAX_VALUE, Number.MIN_VALUE, 2 ** 53, Infinity, -Infinity]

interface Ffi {
  QTS_NewFloat64(ctx: number, n: number): number
  QTS_GetNull(): number
  QTS_FreeValuePointer(ctx: number, ptr: number): void
}

/** Check that QuickJS boxes numbers and null as above, in the context at `ctx`, or throw. */
export function checkLayout(ffi: Ffi, ctx: number, words: Uint32Array): void {
  const sample = new Uint32Array(2)
  for (const x of SAMPLES) {
    const ptr = ffi.QTS_NewFloat64(ctx, x)
    const at = ptr >>> 2
    const read = decodeNumber(words, at)
    let same = Object.is(read, x)
    if (Number.isFinite(x)) {
      encodeNumber(x, sample, 0)
      same &&= words[at] === sample[0] && words[at + 1] === sample[1]
    }
    ffi.QTS_FreeValuePointer(ctx, ptr)
    if (!same) throw new Error(`unexpected QuickJS value layout: the number ${Object.is(x, -0) ? '-0' : x} is not boxed as expected`)
  }
  const nullAt = ffi.QTS_GetNull() >>> 2
  encodeNull(sample, 0)
  if (words[nullAt] !== sample[0] || words[nullAt + 1] !== sample[1]) throw new Error('unexpected QuickJS value layout: null is not boxed as expected')
}
