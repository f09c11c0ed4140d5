/**
 * A QuickJS WebAssembly instance for one player, with a memory of its own.
 *
 * QuickJS's own memory limit cannot be trusted in this build: without
 * malloc_usable_size it counts 8 bytes per allocation whatever its size, so
 * a strategy holding a few 1 MB strings grows the WebAssembly memory to its
 * 2 GB maximum (measured). Instead each player gets its own instance whose
 * linear memory is capped: an allocation past the cap fails inside QuickJS
 * as a clean "out of memory" for that player alone.
 *
 * A call during which growth hit the cap is a memory fault, whatever the
 * strategy did with the error (QuickJS may not even manage to create the
 * error object by then). emscripten first asks for 20% more than it needs,
 * so in effect a strategy is stopped when it needs to grow past ~5/6 of the
 * cap.
 *
 * Every attempt to grow the memory is counted. Whether an allocation fits in
 * a memory that has served other matches depends on what they left behind,
 * so the runner replays any match that tried to grow memory in a brand-new
 * instance, where the outcome is exact.
 */
import variant from '@jitl/quickjs-wasmfile-release-sync'
import { newQuickJSWASMModuleFromVariant, newVariant, type QuickJSWASMModule } from 'quickjs-emscripten-core'

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
  /** Attempts (successful or not) to grow the linear memory since the instance was made. */
  readonly growAttempts: number
  /** Attempts that failed because they would pass the cap. */
  readonly growFailures: number
}

/** Makes fresh instances from a compiled WebAssembly module. */
export type InstanceFactory = () => Promise<QuickJSInstance>

export function instanceFactory(
  wasmModule: () => WebAssembly.Module | Promise<WebAssembly.Module>,
  memoryCapBytes: number,
): InstanceFactory {
  const capPages = Math.max(INITIAL_MEMORY_BYTES, memoryCapBytes) / PAGE
  return async () => {
    const memory = new WebAssembly.Memory({ initial: INITIAL_MEMORY_BYTES / PAGE, maximum: capPages })
    let growAttempts = 0
    let growFailures = 0
    const grow = memory.grow.bind(memory)
    // emscripten's heap growth calls memory.grow(); an own property shadows the prototype's method.
    Object.defineProperty(memory, 'grow', {
      value: (pages: number) => {
        growAttempts++
        try {
          return grow(pages)
        } catch (error) {
          growFailures++
          throw error
        }
      },
    })
    const compiled = await wasmModule()
    let exports: WebAssembly.Exports | null = null
    // Instantiate ourselves (rather than through the `wasmModule` option) to reach the gas meter export.
    const instantiateWasm = async (imports: WebAssembly.Imports, onSuccess: (instance: WebAssembly.Instance) => void) => {
      const instance = await WebAssembly.instantiate(compiled, imports)
      exports = instance.exports
      onSuccess(instance)
      return instance.exports
    }
    const module = await newQuickJSWASMModuleFromVariant(
      newVariant(variant, { wasmMemory: memory, emscriptenModule: { instantiateWasm } as never }),
    )
    const gas = (exports as WebAssembly.Exports | null)?.arena_gas
    const depth = (exports as WebAssembly.Exports | null)?.arena_depth
    if (!(gas instanceof WebAssembly.Global) || !(depth instanceof WebAssembly.Global)) {
      throw new Error('the QuickJS module has no gas meter: run `npm run build:sandbox`')
    }
    return {
      module,
      memory,
      gas,
      depth,
      get growAttempts() {
        return growAttempts
      },
      get growFailures() {
        return growFailures
      },
    }
  }
}
