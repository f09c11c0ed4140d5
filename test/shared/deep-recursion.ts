/**
 * Recursion as deep as the sandbox allows, through the built-ins that recurse
 * in C and through the interpreter, for tests run both in Node and inside
 * workerd: each must end in the same fault on both hosts, never in a
 * 'crash' (the host's own stack overflowing first, at a depth that differs
 * between hosts). The call-depth cap compiled into the module
 * (MAX_DEPTH in scripts/meter-wasm.mjs) must stop the C recursion well before
 * either host's stack runs out, and must not stop JavaScript recursion before
 * QuickJS's own stack check does.
 */
import { playMatch } from '../../src/engine/match'
import type { MatchRunner } from '../../src/engine/match-runner'
import type { FaultKind, StrategySource } from '../../src/engine/types'

interface DeepCase {
  source: StrategySource
  /** The fault expected in the first move (or set-up, for the nested source). */
  kind: FaultKind
}

const deep = (id: string, source: string, kind: FaultKind): DeepCase => ({ source: { id, name: id, source }, kind })
const NESTED = 'let a = []\nfor (let i = 0; i < 20000; i++) a = [a]\n'

export const DEEP_RECURSION: DeepCase[] = [
  deep('json-parse', "const text = '['.repeat(20000) + ']'.repeat(20000)\nexport default () => (JSON.parse(text) ? 'C' : 'D')", 'stack'),
  deep('flat', `${NESTED}export default () => (a.flat(Infinity).length > 0 ? 'C' : 'D')`, 'stack'),
  deep('join', `${NESTED}export default () => (String(a).length > 0 ? 'C' : 'D')`, 'stack'),
  deep('nested-source', `const x = ${'('.repeat(6000)}1${')'.repeat(6000)}\nexport default () => 'C'`, 'stack'),
  // JavaScript recursion, directly and through callbacks and getters: QuickJS's own check throws first.
  deep('plain', "function d(k) { return d(k + 1) + 1 }\nexport default () => d(0)", 'throw'),
  deep('map', "function d(k) { return [k].map(() => d(k + 1))[0] }\nexport default () => d(0)", 'throw'),
  deep('getter', "const o = { get x() { return this.x } }\nexport default () => o.x", 'throw'),
  deep('sort', "function d(k) { [2, 1].sort((p, q) => d(k + 1)) }\nexport default () => d(0)", 'throw'),
  deep('apply', "function d(k) { return d.apply(null, [k + 1]) }\nexport default () => d(0)", 'throw'),
]

/** Each case's first fault of the recursing player, as `id: kind`. */
export async function deepRecursionFaults(runner: MatchRunner): Promise<string[]> {
  const other: StrategySource = { id: 'c', name: 'c', source: "export default () => 'C'" }
  const out: string[] = []
  for (const c of DEEP_RECURSION) {
    const result = await playMatch(runner, c.source, other, { rules: { turns: 2 }, seed: 1 })
    out.push(`${c.source.id}: ${result.faults[0][0]?.kind ?? 'none'}`)
  }
  return out
}
