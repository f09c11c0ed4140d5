/**
 * The sandbox for Cloudflare Workers (workerd). The WebAssembly module must
 * be imported as a compiled module: the package's `/wasm` export works under
 * vitest but `wrangler deploy` has no loader for it, so the file is imported
 * by a relative path (see the facts note). getQuickJS() hangs on Workers.
 */
// @ts-expect-error: a .wasm import is a WebAssembly.Module under wrangler and the Workers vitest pool.
import wasmModule from '../node_modules/@jitl/quickjs-wasmfile-release-sync/dist/emscripten-module.wasm'
import { SandboxRunner, type SandboxOptions } from './runner'

export function createWorkerdRunner(options: SandboxOptions = {}): SandboxRunner {
  return new SandboxRunner(() => wasmModule as WebAssembly.Module, options)
}
