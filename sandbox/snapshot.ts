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
 * The module's memory (emscripten, 5 MiB stack, or less: instance.ts) is laid out as
 *   [0, stack low)      static data of QuickJS and the C library
 *   [stack low, high)   the stack, growing down from `high`
 *   [high, brk)         the heap (dlmalloc), whose topmost chunk is the free "top"
 * and the instance never grows it (instance.ts). Only the static data and the
 * heap up to its top chunk's header are copied: the stack below the stack
 * pointer and the free memory above the heap hold nothing that code reads
 * before writing it.
 */
import type { QuickJSInstance } from './instance'

/** The QuickJS package's stack size (its build sets -s STACK_SIZE=5MB; MODULE_STACK_BYTES in scripts/meter-wasm.mjs). */
export const STACK_BYTES = 5 * 1024 * 1024

export class Snapshot {
  private readonly data: Uint8Array
  private readonly heap: Uint8Array
  private readonly stackTop: number
  /** Where dlmalloc keeps its state, in static data (allocatorState). */
  private readonly allocator: number

  constructor(private readonly instance: QuickJSInstance) {
    this.stackTop = instance.stack.value as number
    const bytes = new Uint8Array(instance.memory.buffer)
    const stackLow = this.stackTop - instance.stackBytes
    if (stackLow <= 0) throw new Error('unexpected QuickJS memory layout: the stack does not fit below the heap')
    this.allocator = allocatorState(instance.memory, this.stackTop, stackLow)
    this.data = bytes.slice(0, stackLow)
    this.heap = bytes.slice(this.stackTop, endOfHeap(instance.memory, this.allocator))
  }

  /** Bytes copied by each restore. */
  get size(): number {
    return this.data.length + this.heap.length
  }

  /** Put the memory back to this snapshot, or with `delta` to the moment the delta was taken (of this instance or of one whose snapshot is the same). */
  restore(delta?: SnapshotDelta): void {
    const bytes = new Uint8Array(this.instance.memory.buffer)
    bytes.set(this.data, 0)
    bytes.set(this.heap, this.stackTop)
    if (delta) for (let k = 0; k < delta.runs.length; k++) bytes.set(delta.runs[k]!, delta.offsets[k]!)
    this.instance.stack.value = this.stackTop
    this.instance.depth.value = 0
  }

  /**
   * The memory now, as the bytes in which it differs from this snapshot:
   * runs of changed words (nearby runs merged), and everything the heap has
   * written past the snapshot's end. Take it only between calls, when the
   * stack is empty.
   */
  delta(): SnapshotDelta {
    const memory = this.instance.memory
    const now = new Uint32Array(memory.buffer)
    const offsets: number[] = []
    const runs: Uint8Array[] = []
    const bytes = new Uint8Array(memory.buffer)
    const changed = (was: Uint8Array, at: number) => {
      const words = new Uint32Array(was.buffer, was.byteOffset, was.length >>> 2)
      for (const [from, to] of changedRuns(now, at >>> 2, words)) {
        offsets.push(4 * from)
        runs.push(bytes.slice(4 * from, 4 * to))
      }
    }
    changed(this.data, 0)
    changed(this.heap, this.stackTop)
    const end = this.stackTop + this.heap.length
    const written = endOfHeap(memory, this.allocator)
    if (written > end) {
      offsets.push(end)
      runs.push(bytes.slice(end, written))
    }
    return new SnapshotDelta(offsets, runs)
  }

  /** How many bytes past the snapshot's end the heap now reaches. */
  grown(): number {
    const end = this.stackTop + this.heap.length
    return Math.max(0, endOfHeap(this.instance.memory, this.allocator) - end)
  }

  /**
   * Zero `bytes` of memory past the snapshot's end. A restore stops at that
   * end, so the memory past it holds what earlier matches left there, and a
   * delta copies everything up to where the heap reaches, written or not:
   * wiped first, a delta holds only what was written since (the same bytes
   * whatever ran before).
   */
  wipeAbove(bytes: number): void {
    const end = this.stackTop + this.heap.length
    const memory = new Uint8Array(this.instance.memory.buffer)
    memory.fill(0, end, Math.min(memory.length, end + bytes))
  }

  /** What the snapshot holds, without the instance (so that keeping it keeps no memory alive). */
  get contents(): SnapshotContents {
    return { data: this.data, heap: this.heap, stackTop: this.stackTop, memoryBytes: this.instance.memory.buffer.byteLength }
  }

  /** Whether this snapshot holds the same bytes at the same places as `other` (another instance's), so that a delta of one restores the other. */
  holds(other: SnapshotContents): boolean {
    const mine = this.contents
    return mine.stackTop === other.stackTop && mine.memoryBytes === other.memoryBytes && sameBytes(mine.data, other.data) && sameBytes(mine.heap, other.heap)
  }
}

/** A snapshot's bytes and layout. */
export interface SnapshotContents {
  readonly data: Uint8Array
  readonly heap: Uint8Array
  readonly stackTop: number
  readonly memoryBytes: number
}

/** What an instance's memory holds beyond its snapshot at one moment (Snapshot.delta): runs of bytes and where they go. */
export class SnapshotDelta {
  /** Bytes the delta holds. */
  readonly size: number

  constructor(
    readonly offsets: readonly number[],
    readonly runs: readonly Uint8Array[],
  ) {
    this.size = runs.reduce((n, r) => n + r.length, 0)
  }
}

/** Words apart within which two changed runs are kept as one: a copy call costs about as much as copying 256 bytes. */
const RUN_GAP_WORDS = 64

/** The [from, to) word ranges of `now` (from word `at`) that differ from `was`, nearby ones merged. */
function changedRuns(now: Uint32Array, at: number, was: Uint32Array): [number, number][] {
  const found: [number, number][] = []
  const n = was.length
  const here = now.subarray(at, at + n)
  let i = 0
  for (;;) {
    while (i < n && here[i] === was[i]) i++
    if (i >= n) return found
    const start = i
    let end = i + 1
    for (let j = end; j < n && j - end < RUN_GAP_WORDS; j++) if (here[j] !== was[j]) end = j + 1
    found.push([at + start, at + end])
    i = end
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length >>> 2)
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length >>> 2)
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false
  for (let i = x.length * 4; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * Just past the last byte the heap has written. dlmalloc keeps its state
 * (struct malloc_state) in static data; in it, `top` is the free chunk at the
 * end of the heap and `topsize` its size, and past the top chunk it writes
 * only a small fence (TOP_FOOT_SIZE, 40 bytes here). Above that, memory is as
 * the instance was made. The state is found by what it says, and it must be
 * found exactly once: fields at +12 (topsize), +16 (least_addr, the heap's
 * start) and +24 (top), with the top chunk's header agreeing on its size.
 */
export function heapEnd(memory: WebAssembly.Memory, heapStart: number, dataEnd: number): number {
  return endOfHeap(memory, allocatorState(memory, heapStart, dataEnd))
}

/** Where dlmalloc's state is (its address in static data, which never moves), found as heapEnd says. */
function allocatorState(memory: WebAssembly.Memory, heapStart: number, dataEnd: number): number {
  const view = new DataView(memory.buffer)
  const word = (address: number) => view.getUint32(address, true)
  const size = memory.buffer.byteLength
  const found: number[] = []
  for (let a = 0; a + 28 <= dataEnd; a += 4) {
    const topsize = word(a + 12)
    const least = word(a + 16)
    const top = word(a + 24)
    if (least < heapStart || least > heapStart + 64 || top < least || top % 8 !== 0 || top + topsize + FENCE > size) continue
    const head = word(top + 4)
    if ((head & ~7) === topsize && (head & 1) === 1) found.push(a)
  }
  if (found.length !== 1) throw new Error(`unexpected QuickJS memory layout: found ${found.length} candidates for the allocator's state`)
  return found[0]!
}

/** Just past the last byte the heap has written, as the allocator's state at `state` says now: its top chunk, and the fence after it. */
function endOfHeap(memory: WebAssembly.Memory, state: number): number {
  const view = new DataView(memory.buffer)
  return view.getUint32(state + 24, true) + view.getUint32(state + 12, true) + FENCE
}

/** Room for dlmalloc's fence after the top chunk (TOP_FOOT_SIZE, 40 bytes in this build), on a 16-byte boundary. */
const FENCE = 48
