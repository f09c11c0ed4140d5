/**
 * Puts a player's instance back, before every match, into the exact state it
 * had right after its context was made and locked down, so a warm instance
 * is a brand-new one by construction: nothing a strategy did in one match,
 * frozen or not, reachable or not, can be seen in the next. That covers the
 * heap and everything QuickJS keeps in it (modules, atoms, shapes, the
 * garbage collector's threshold, the interrupt counter), the C library's
 * own state, and the stack pointer (after a trap the instance stops
 * mid-call, and putting it back is what lets it play again).
 *
 * The module's memory (emscripten, 5 MiB stack) is laid out as
 *   [0, stack low)      static data of QuickJS and the C library
 *   [stack low, high)   the stack, growing down from `high`
 *   [high, brk)         the heap (dlmalloc), whose topmost chunk is the free "top"
 * and the instance never grows it (instance.ts). Only the static data and the
 * heap up to its top chunk's header are copied: the stack below the stack
 * pointer and the free memory above the heap hold nothing that code reads
 * before writing it.
 */
import type { QuickJSInstance } from './instance'

/** The QuickJS package's stack size (its build sets -s STACK_SIZE=5MB). */
export const STACK_BYTES = 5 * 1024 * 1024

export class Snapshot {
  private readonly data: Uint8Array
  private readonly heap: Uint8Array
  private readonly stackTop: number

  constructor(private readonly instance: QuickJSInstance) {
    this.stackTop = instance.stack.value as number
    const bytes = new Uint8Array(instance.memory.buffer)
    const stackLow = this.stackTop - STACK_BYTES
    if (stackLow <= 0) throw new Error('unexpected QuickJS memory layout: the stack does not fit below the heap')
    this.data = bytes.slice(0, stackLow)
    this.heap = bytes.slice(this.stackTop, heapEnd(instance.memory, this.stackTop))
  }

  /** Bytes copied by each restore. */
  get size(): number {
    return this.data.length + this.heap.length
  }

  restore(): void {
    const bytes = new Uint8Array(this.instance.memory.buffer)
    bytes.set(this.data, 0)
    bytes.set(this.heap, this.stackTop)
    this.instance.stack.value = this.stackTop
    this.instance.depth.value = 0
  }
}

/**
 * Just past the last byte the heap has written: the memory above it is still
 * as the instance was made (zero). The top chunk's header is nonzero and lies
 * above every chunk in use, so everything in use is below this point.
 */
function heapEnd(memory: WebAssembly.Memory, heapStart: number): number {
  const words = new Uint32Array(memory.buffer)
  let i = words.length - 1
  while (i >= heapStart / 4 && words[i] === 0) i--
  // A little margin past the last nonzero word, on a 16-byte boundary.
  return Math.min(memory.buffer.byteLength, (((i + 1) * 4 + 15) & ~15) + 16)
}
