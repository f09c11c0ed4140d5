/**
 * The sandbox in the browser: the same metered QuickJS build the platform
 * plays with (served as /assets/quickjs-metered.wasm), the same runners and
 * the same engine, so a match played here is the platform's match byte for
 * byte. Pages import this module dynamically: it is a chunk of its own,
 * and the WebAssembly is fetched on first use only.
 */
import { GroupSandboxRunner } from '../../../sandbox/group-runner'
import { SandboxRunner } from '../../../sandbox/runner'

export { playMatch, type MatchResult } from '../../../src/engine/match'
export { checkReplay, type ReplayCheck } from '../../../src/engine/replay-check'
export { playTournament } from '../../../src/engine/tournament'
export { playCommonsTournament } from '../../../src/engine/commons/tournament'
export { ALL_CLASSICS, CLASSICS, COMMONS_CLASSICS } from '../../../src/classics'

let compiled: Promise<WebAssembly.Module> | null = null

/** The metered QuickJS module, fetched and compiled once per page. */
export function quickJSWasm(): Promise<WebAssembly.Module> {
  compiled ??= fetch('/assets/quickjs-metered.wasm').then(async (res) => {
    if (!res.ok) throw new Error(`could not load the sandbox (${res.status} ${res.statusText})`)
    return WebAssembly.compile(await res.arrayBuffer())
  })
  compiled.catch(() => (compiled = null))
  return compiled
}

/** A dilemma runner; the wasm is compiled before it returns, so a broken load fails here. */
export async function browserRunner(): Promise<SandboxRunner> {
  await quickJSWasm()
  return new SandboxRunner(quickJSWasm)
}

/** The commons' group runner. */
export async function browserGroupRunner(): Promise<GroupSandboxRunner> {
  await quickJSWasm()
  return new GroupSandboxRunner(quickJSWasm)
}
