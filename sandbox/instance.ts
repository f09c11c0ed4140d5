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
 */
import variant from '@jitl/quickjs-wasmfile-release-sync'
import { newQuickJSWASMModuleFromVariant, newVariant, type QuickJSWASMModule } from 'quickjs-emscripten-core'
import { releaseMemory, takeMemory } from './memory-pool'

const PAGE = 65536
/** The module declares a 16 MiB initial memory; an imported memory cannot be smaller. */
export const INITIAL_MEMORY_BYTES = 16 * 1024 * 1024

export interface QuickJSInstance {
  module: QuickJSWASMModule
  memory: WebAssembly.Memory
  /** The gas meter compiled into the module (scripts/meter-wasm.mjs): the instance traps when it drops below 1. */
  gas: WebAssembly.Global
  /** Current call depth inside the module (the meter traps past MAX_CALL_DEPTH). */
  depth: WebAssembly.Global
  /** The module's stack pointer, put back after a trap. */
  stack: WebAssembly.Global
  /** Attempts to grow the memory past its cap since the instance was made (each one a memory fault). */
  readonly growAttempts: number
  /** Hand the memory on to a later instance: call only once nothing will run in this one again. */
  release(): void
}

/** Makes fresh instances from a compiled WebAssembly module. */
export type InstanceFactory = () => Promise<QuickJSInstance>

export function instanceFactory(
  wasmModule: () => WebAssembly.Module | Promise<WebAssembly.Module>,
  memoryCapBytes: number,
): InstanceFactory {
  const pages = Math.ceil(Math.max(INITIAL_MEMORY_BYTES, memoryCapBytes) / PAGE)
  return async () => {
    const memory = takeMemory(pages)
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
