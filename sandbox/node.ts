/**
 * The sandbox for Node (the `arena` command line, tests, benchmarks), for the
 * dilemma (SandboxRunner) and the commons (GroupSandboxRunner): the
 * metered WebAssembly module (scripts/meter-wasm.mjs) is read and compiled once.
 */
import { readFile } from 'node:fs/promises'
import { GroupSandboxRunner } from './group-runner'
import { SandboxRunner, type SandboxOptions } from './runner'

let compiled: Promise<WebAssembly.Module> | null = null

export function quickJSWasmForNode(): Promise<WebAssembly.Module> {
  if (!compiled) {
    const path = new URL('./generated/quickjs-metered.wasm', import.meta.url)
    compiled = readFile(path).then(
      (bytes) => WebAssembly.compile(bytes),
      () => {
        throw new Error('sandbox/generated/quickjs-metered.wasm is missing: run `npm install` (or `npm run build:sandbox`)')
      },
    )
  }
  return compiled
}

export async function createNodeRunner(options: SandboxOptions = {}): Promise<SandboxRunner> {
  // Compile now, so that a broken install fails here with a clear error rather than mid-tournament.
  await quickJSWasmForNode()
  return new SandboxRunner(quickJSWasmForNode, options)
}

/** The commons' group runner (its limits start from COMMONS_LIMITS). */
export async function createNodeGroupRunner(options: SandboxOptions = {}): Promise<GroupSandboxRunner> {
  await quickJSWasmForNode()
  return new GroupSandboxRunner(quickJSWasmForNode, options)
}
