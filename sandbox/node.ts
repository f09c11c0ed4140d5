/**
 * The sandbox for Node (the `arena` command line, tests, benchmarks), for the
 * dilemma (SandboxRunner) and the commons (GroupSandboxRunner): the
 * metered WebAssembly module (scripts/meter-wasm.mjs) is read and compiled once.
 */
import { readFile } from 'node:fs/promises'
import { GroupSandboxRunner } from './group-runner'
import { SandboxRunner, type SandboxOptions } from './runner'

/** A compiled module, read and compiled on the first call; `started()` says whether that call has happened. */
export interface CompiledOnce {
  (): Promise<WebAssembly.Module>
  started(): boolean
}

/** Reads and compiles a module written by scripts/meter-wasm.mjs into sandbox/generated, once. */
function compiledOnce(file: string): CompiledOnce {
  let compiled: Promise<WebAssembly.Module> | null = null
  const get = () => {
    if (!compiled) {
      compiled = readFile(new URL(`./generated/${file}`, import.meta.url)).then(
        (bytes) => WebAssembly.compile(bytes),
        () => {
          throw new Error(`sandbox/generated/${file} is missing: run \`npm install\` (or \`npm run build:sandbox\`)`)
        },
      )
    }
    return compiled
  }
  return Object.assign(get, { started: () => compiled !== null })
}

export const quickJSWasmForNode = compiledOnce('quickjs-metered.wasm')

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

const unmeteredWasm = compiledOnce('quickjs-unmetered.wasm')

/**
 * FOR THE BENCH ONLY (bench/meter-overhead.ts): a runner on the build with
 * no gas, depth or stack checks compiled in, to show what the meter costs.
 * It enforces no budget on work inside C and no bound on native recursion:
 * a hostile strategy can hang it or overflow the host's stack. Nothing in
 * the platform or the command line may call it (a test checks that only the
 * bench does), and there is no option of createNodeRunner that reaches it.
 */
export async function createUnmeteredRunnerForBench(options: SandboxOptions = {}): Promise<SandboxRunner> {
  await unmeteredWasm()
  return new SandboxRunner(unmeteredWasm, options)
}
