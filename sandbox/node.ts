/**
 * The sandbox for Node (the `arena` command line, tests, benchmarks): the
 * WebAssembly file is read from the installed package and compiled once.
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { SandboxRunner, type SandboxOptions } from './runner'

let compiled: Promise<WebAssembly.Module> | null = null

export function quickJSWasmForNode(): Promise<WebAssembly.Module> {
  if (!compiled) {
    const path = createRequire(import.meta.url).resolve('@jitl/quickjs-wasmfile-release-sync/wasm')
    compiled = readFile(path).then((bytes) => WebAssembly.compile(bytes))
  }
  return compiled
}

export async function createNodeRunner(options: SandboxOptions = {}): Promise<SandboxRunner> {
  // Compile now, so that a broken install fails here with a clear error rather than mid-tournament.
  await quickJSWasmForNode()
  return new SandboxRunner(quickJSWasmForNode, options)
}
