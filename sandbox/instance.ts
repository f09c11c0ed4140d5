/**
 * A QuickJS WebAssembly instance for one player, with a memory of its own.
 *
 * QuickJS's own memory limit cannot be trusted in this build: without
 * malloc_usable_size it counts 8 bytes per allocation whatever its size, so
 * a strategy holding a few 1 MB strings grows the WebAssembly memory to its
 * 2 GB maximum (measured). Instead each player gets its own instance whose
 * linear memory is capped.
 *
 * The memory starts at its cap and never grows, so whether an allocation
 * fits depends only on the heap, never on how the memory happened to grow
 * before. Any attempt to grow it means the strategy needed more than the
 * cap: the attempt sets the gas to 0, so the instance traps at the next
 * metered point and the strategy cannot go on allocating (catching "out of
 * memory" again and again costs the host nothing more). The host then
 * records a memory fault, whatever the strategy did with the error.
 *
 * The module's own stack (5 MiB, between the static data and the heap; see
 * snapshot.ts) may be made smaller, to give many players small memories
 * (the commons seats 16 in one Worker): its top, where the heap begins, is
 * moved down before any code runs. Two words say where it is: the stack
 * pointer, and the allocator's first break (`sbrk`'s, in static data, found
 * as the one word there holding the old top). The compiled-in meter traps
 * any call made too near the stack's low end (scripts/meter-wasm.mjs), so no
 * stack, however small, can overflow into the static data.
 */
import variant from '@jitl/quickjs-wasmfile-release-sync'
import { newQuickJSWASMModuleFromVariant, newVariant, type QuickJSWASMModule } from 'quickjs-emscripten-core'
import { releaseMemory, takeMemory } from './memory-pool'
import { STACK_BYTES } from './snapshot'

const PAGE = 65536
/**
 * Room a memory needs besides the stack: the static data (under 0.1 MiB) and
 * QuickJS's own heap with the arena's prelude (about 0.2 MiB), with a margin.
 */
export const MIN_HEAP_BYTES = 1024 * 1024
/** The smallest stack the sandbox accepts: QuickJS's 256 KiB stack check for JavaScript, and as much again for C. */
export const MIN_STACK_BYTES = 512 * 1024

export interface QuickJSInstance {
  module: QuickJSWASMModule
  memory: WebAssembly.Memory
  /** The gas meter compiled into the module (scripts/meter-wasm.mjs): the instance traps when it drops below 1. */
  gas: WebAssembly.Global
  /** Current call depth inside the module (the meter traps past MAX_CALL_DEPTH). */
  depth: WebAssembly.Global
  /** The module's stack pointer, put back after a trap. */
  stack: WebAssembly.Global
  /** The size of the module's stack, whose top is where the stack pointer starts and the heap begins. */
  stackBytes: number
  /** Attempts to grow the memory past its cap since the instance was made (each one a memory fault). */
  readonly growAttempts: number
  /** Hand the memory on to a later instance: call only once nothing will run in this one again. */
  release(): void
}

/** Makes fresh instances from a compiled WebAssembly module. */
export type InstanceFactory = () => Promise<QuickJSInstance>

/**
 * Instances with a memory of `memoryCapBytes` (whole pages) and a stack of
 * `stackBytes` (the module's 5 MiB by default); `commitMemory` as for
 * takeMemory (memory-pool.ts).
 */
export function instanceFactory(
  wasmModule: () => WebAssembly.Module | Promise<WebAssembly.Module>,
  memoryCapBytes: number,
  stackBytes: number = STACK_BYTES,
  commitMemory = true,
): InstanceFactory {
  if (!Number.isInteger(stackBytes) || stackBytes % 16 !== 0 || stackBytes < MIN_STACK_BYTES || stackBytes > STACK_BYTES) {
    throw new RangeError(`the sandbox's stack must be a multiple of 16 bytes from ${MIN_STACK_BYTES} to ${STACK_BYTES}`)
  }
  if (!(memoryCapBytes >= stackBytes + MIN_HEAP_BYTES)) {
    throw new RangeError(`a player's memory must be at least its stack and ${MIN_HEAP_BYTES / 2 ** 20} MiB (${stackBytes + MIN_HEAP_BYTES} bytes)`)
  }
  const pages = Math.ceil(memoryCapBytes / PAGE)
  return async () => {
    const memory = takeMemory(pages, commitMemory)
    let growAttempts = 0
    let released = false
    let gas: WebAssembly.Global | null = null
    // emscripten's heap growth calls memory.grow(); an own property shadows the prototype's method.
    // (Configurable: a pooled memory gets the next instance's.)
    Object.defineProperty(memory, 'grow', {
      configurable: true,
      value: () => {
        growAttempts++
        if (gas) gas.value = 0
        throw new RangeError('the memory is at its cap')
      },
    })
    const compiled = await wasmModule()
    let exports: WebAssembly.Exports | null = null
    // Instantiate ourselves (rather than through the `wasmModule` option) to reach the meter's exports.
    const instantiateWasm = async (imports: WebAssembly.Imports, onSuccess: (instance: WebAssembly.Instance) => void) => {
      const instance = await WebAssembly.instantiate(compiled, imports)
      exports = instance.exports
      // Before the module's own start-up code (onSuccess runs it) has used the stack or the heap.
      if (stackBytes !== STACK_BYTES) moveStackTop(instance.exports.arena_stack, memory, stackBytes)
      onSuccess(instance)
      return instance.exports
    }
    const module = await newQuickJSWASMModuleFromVariant(
      newVariant(variant, { wasmMemory: memory, emscriptenModule: { instantiateWasm } as never }),
    )
    const found = exports as WebAssembly.Exports | null
    const globals = [found?.arena_gas, found?.arena_depth, found?.arena_stack]
    if (!globals.every((g) => g instanceof WebAssembly.Global)) {
      throw new Error('the QuickJS module has no gas meter: run `npm run build:sandbox`')
    }
    const [gasGlobal, depth, stack] = globals as WebAssembly.Global[]
    gas = gasGlobal!
    return {
      module,
      memory,
      gas: gasGlobal!,
      depth: depth!,
      stack: stack!,
      stackBytes,
      get growAttempts() {
        return growAttempts
      },
      release: () => {
        // Once only: a memory handed on twice would be shared by two instances.
        if (released) return
        released = true
        releaseMemory(memory)
      },
    }
  }
}

/**
 * Make the module's stack `stackBytes` long, keeping its low end: its top,
 * and so the start of the heap, move down. Only a brand-new instance, before
 * its start-up code runs.
 */
function moveStackTop(stack: WebAssembly.ExportValue | undefined, memory: WebAssembly.Memory, stackBytes: number): void {
  if (!(stack instanceof WebAssembly.Global)) throw new Error('the QuickJS module has no gas meter: run `npm run build:sandbox`')
  const top = stack.value as number
  const low = top - STACK_BYTES
  if (low <= 0 || low % 16 !== 0) throw new Error('unexpected QuickJS memory layout: the stack does not fit above the static data')
  // The allocator's first break is the old top: the one word of the static data that holds it.
  const words = new Uint32Array(memory.buffer, 0, low / 4)
  const found: number[] = []
  for (let i = 0; i < words.length; i++) if (words[i] === top) found.push(i)
  if (found.length !== 1) throw new Error(`unexpected QuickJS memory layout: found ${found.length} candidates for the start of the heap`)
  const newTop = low + stackBytes
  words[found[0]!] = newTop
  stack.value = newTop
}
