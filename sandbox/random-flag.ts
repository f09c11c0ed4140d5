/**
 * Where a player's prelude keeps its flag that says the strategy drew
 * randomness in this match (prelude.ts `used`), so that the host reads it
 * from memory after a call instead of the prelude adding it to every
 * answer.
 *
 * The flag is a variable of the prelude's closure: once the prelude has
 * run, QuickJS keeps its value in a heap cell of its own, which it never
 * moves, and which the snapshot puts back with the rest (snapshot.ts). The
 * cell is found by what it holds: markRandom() sets the flag to each of
 * RANDOM_MARKS in turn, and exactly one place in the heap (leaving out the
 * host's own argument cell) must hold each while it is set; then the flag
 * is set back to false and must read so. A layout that differs fails the
 * player, as checkLayout does (jsvalue.ts).
 */
import type { QuickJSInstance } from './instance'
import { encodeNumber } from './jsvalue'
import { RANDOM_MARKS } from './prelude'
import { heapEnd } from './snapshot'

/** JS_TAG_BOOL. */
const TAG_BOOL = 1

interface Ffi {
  QTS_Call(ctx: number, fn: number, self: number, argc: number, argv: number): number
  QTS_FreeValuePointer(ctx: number, ptr: number): void
  QTS_GetUndefined(): number
  QTS_GetFalse(): number
}

/**
 * The address of the flag's JSValue. `markRandom` is the prelude's function
 * (a JSValue pointer); `cell` a JSValue cell of the host's, and `argv` a
 * word pointing at it, both free to overwrite. Call only while making the
 * player, before its snapshot.
 */
export function locateRandomFlag(ffi: Ffi, ctx: number, words: Uint32Array, markRandom: number, cell: number, argv: number, instance: QuickJSInstance): number {
  const undef = ffi.QTS_GetUndefined()
  const mark = (value: number | null) => {
    if (value === null) words[argv >>> 2] = ffi.QTS_GetFalse()
    else {
      encodeNumber(value, words, cell >>> 2)
      words[argv >>> 2] = cell
    }
    const result = ffi.QTS_Call(ctx, markRandom, undef, 1, argv)
    if (result === 0) throw new Error('sandbox could not set the random-use flag')
    ffi.QTS_FreeValuePointer(ctx, result)
  }
  const top = instance.stack.value as number
  const start = top >>> 2
  const end = heapEnd(instance.memory, top, top - instance.stackBytes) >>> 2
  // The heap's words; indexOf finds each candidate's first word (a built-in's search: this runs at every
  // player's start, when a loop of the host's own would not yet be compiled).
  const heap = words.subarray(start, end)
  let found: number[] | null = null
  for (const value of RANDOM_MARKS) {
    mark(value)
    const at = new Uint32Array(2)
    encodeNumber(value, at, 0)
    const holding: number[] = []
    for (let k = heap.indexOf(at[0]!); k >= 0 && k + 1 < heap.length; k = heap.indexOf(at[0]!, k + 1)) {
      const i = start + k
      if (words[i + 1] === at[1] && i !== cell >>> 2) holding.push(i)
    }
    found = found === null ? holding : found.filter((i) => holding.includes(i))
  }
  mark(null)
  if (found === null || found.length !== 1 || words[found[0]!] !== 0 || words[found[0]! + 1] !== TAG_BOOL) {
    throw new Error(`unexpected QuickJS memory layout: found ${found?.length ?? 0} candidates for the random-use flag`)
  }
  return found[0]! * 4
}
