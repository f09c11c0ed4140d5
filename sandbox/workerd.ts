/**
 * The sandbox for Cloudflare Workers (workerd). Workers cannot compile
 * WebAssembly at run time, so the metered module (scripts/meter-wasm.mjs,
 * generated at install) is imported as a compiled module by a relative path,
 * which both wrangler and the Workers vitest pool load (the package's own
 * `/wasm` export passes tests but wrangler's bundler has no loader for it).
 * getQuickJS() hangs on Workers.
 */
// @ts-expect-error: a .wasm import is a WebAssembly.Module under wrangler and the Workers vitest pool.
import wasmModule from './generated/quickjs-metered.wasm'
import { GroupSandboxRunner } from './group-runner'
import { SandboxRunner, type SandboxOptions } from './runner'

export function createWorkerdRunner(options: SandboxOptions = {}): SandboxRunner {
  return new SandboxRunner(() => wasmModule as WebAssembly.Module, options)
}

/** The commons' group runner (its limits start from COMMONS_LIMITS). */
export function createWorkerdGroupRunner(options: SandboxOptions = {}): GroupSandboxRunner {
  return new GroupSandboxRunner(() => wasmModule as WebAssembly.Module, options)
}
