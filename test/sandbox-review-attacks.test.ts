/**
 * Review of compile-once factories and cheaper moves: hostile strategies run
 * through the real runner. Each test asserts the SAFE behaviour, so it fails
 * while the attack works.
 */
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { playMatch, type MatchResult } from '../src/engine/match'
import type { StrategySource } from '../src/engine/types'
import { moduleFactory } from '../sandbox/module-factory'
import { createNodeRunner } from '../sandbox/node'
import { PlayerVM } from '../sandbox/player-vm'
import type { SandboxRunner } from '../sandbox/runner'
import { strategy, TIT_FOR_TAT } from './helpers/sandbox'

let compiled: SandboxRunner
let evaluated: SandboxRunner

beforeAll(async () => {
  compiled = await createNodeRunner()
  evaluated = await createNodeRunner({ compileModules: false })
})
afterAll(() => {
  compiled?.dispose()
  evaluated?.dispose()
})

/** Whether the transform took `source` (a script), fell back, or threw. */
function transformed(source: string): 'script' | 'fallback' | 'throws' {
  try {
    return 'script' in moduleFactory(source) ? 'script' : 'fallback'
  } catch {
    return 'throws'
  }
}

async function both(source: string, opponent: StrategySource = TIT_FOR_TAT): Promise<[MatchResult, MatchResult]> {
  const s = strategy('s', source)
  const a = await playMatch(compiled, s, opponent, { rules: { turns: 4 }, seed: 7 })
  const b = await playMatch(evaluated, s, opponent, { rules: { turns: 4 }, seed: 7 })
  return [a, b]
}

/** The number a strategy threw in its first move ("d=123"). */
const thrownNumber = (r: MatchResult) => Number(/d=(\d+)/.exec(r.faults[0][0]?.message ?? '')?.[1])

describe('the transform cannot make the host fail, nor depend on the host', () => {
  it('a long call or member chain at the top level plays as when evaluated, not as a sandbox crash', async () => {
    // Valid for QuickJS; acorn parses the chains in a loop, but scan()/containsFunction() recurse once per
    // link, and the RangeError escapes moduleFactory (only Unsupported is caught) and PlayerVM.compiled().
    const sources = [
      `// x\nconst f = () => f\nf${'()'.repeat(8000)}\nexport default (v) => 'C'`,
      `// x\nconst o = {}; o.b = o\no${'.b'.repeat(12000)}\nexport default (v) => 'C'`,
    ]
    for (const source of sources) {
      const [a, b] = await both(source)
      expect(a.faults[0].map((f) => f.kind)).not.toContain('crash')
      expect(a).toEqual(b)
    }
    expect(compiled.crashes).toBe(0)
  })

  it('gives the same answer whatever JavaScript stack the host has (Node and workerd differ)', () => {
    // A 4 KB module: taken with Node's default stack, a host crash with a smaller one.
    const probe = fileURLToPath(new URL('./helpers/review-transform-probe.ts', import.meta.url))
    const tsx = fileURLToPath(new URL('../node_modules/tsx/dist/esm/index.mjs', import.meta.url))
    const run = (flags: string[]) => execFileSync(process.execPath, [...flags, '--import', tsx, probe], { encoding: 'utf8' }).trim()
    expect(run(['--stack-size=600'])).toBe(run([]))
  }, 60_000)

  it('does no unmetered work quadratic in the source (acorn checks every let against every earlier one)', () => {
    const abc = 'abcdefghijklmnopqrstuvwxyz_$ABCDEFGHIJKLMNOPQRSTUVWXYZ'
    const names: string[] = []
    for (const a of abc) for (const b of abc) for (const c of abc) if (names.length < 15_900) names.push(a + b + c)
    const hostile = `// x\nlet ${names.join(',')}\nexport default () => 'C'`
    const benign = `// x\nvar ${names.join(',')}\nexport default () => 'C'`
    expect(hostile.length).toBeLessThan(64 * 1024)
    const time = (source: string) => {
      let best = Infinity
      for (let i = 0; i < 3; i++) {
        const t = performance.now()
        moduleFactory(source)
        best = Math.min(best, performance.now() - t)
      }
      return best
    }
    time(benign)
    // Today about 0.5 s of host CPU per distinct source (10 ms for the benign one), paid before any
    // budget is consulted, on the first match in each runner and on every match once the cache thrashes.
    expect(time(hostile)).toBeLessThan(5 * time(benign) + 20)
  }, 60_000)
})

describe('a compiled module behaves as the module', () => {
  it('is stopped by the set-up budget where the module is (top-level lets are locals in the factory, cheaper in gas)', async () => {
    const [a, b] = await both(`// x\nlet x = 0\nfor (let i = 0; i < 80000; i++) x += i\nexport default (v) => 'C'`)
    expect(b.faults[0][0]?.kind).toBe('setup-budget')
    expect(a).toEqual(b)
  })

  it('recurses at the top level within about ten calls of the module, whatever bindings the top level holds', async () => {
    // MAX_TOP_LEVEL_NAMES counts declarations, not catch parameters (nor class expression names):
    // each is a slot of the factory's frame on the stack.
    const withCatches = (n: number) => {
      const catches = Array.from({ length: n }, () => 'try {} catch ([a, b, c, d, e, f, g, h, i, j, k, l]) {}').join('\n')
      return `// x\n${catches}\nlet d = 0\nfunction r() { d++; r() }\ntry { r() } catch (e) {}\nexport default (v) => { throw new Error('d=' + d) }`
    }
    // Up to MAX_TOP_LEVEL_NAMES slots (catch parameters counted) the module is compiled; past it, evaluated.
    expect(transformed(withCatches(20))).toBe('script')
    expect(transformed(withCatches(100))).toBe('fallback')
    for (const n of [20, 100]) {
      const [a, b] = await both(withCatches(n))
      expect(Math.abs(thrownNumber(a) - thrownNumber(b))).toBeLessThanOrEqual(10)
    }
  })
})

describe('the cache', () => {
  it('compiles each strategy of a round robin at most once per runner (no thrash: every re-compile is unbudgeted host work)', async () => {
    // A 39 KB strategy with a table compiles to a delta of about 830 KB (the compilation's garbage
    // included): the 8 MiB cache holds 9, and a round robin of 12 recompiles on nearly every match,
    // 2-3 times slower than evaluating every module.
    const table = (k: number) => `// strategy ${k}\nconst table = [${Array.from({ length: 10000 }, (_, i) => (i * 7 + k) % 1000).join(',')}]\nexport default (v) => (table[v.round] % 2 ? 'C' : 'D')\n`
    const sources = Array.from({ length: 12 }, (_, k) => strategy(`t${k}`, table(k)))
    const runner = await createNodeRunner()
    const proto = PlayerVM.prototype as unknown as { compile: (...args: unknown[]) => unknown }
    const original = proto.compile
    let compiles = 0
    proto.compile = function (this: unknown, ...args: unknown[]) {
      compiles++
      return original.apply(this, args)
    }
    try {
      for (let i = 0; i < sources.length; i++) for (let j = i + 1; j < sources.length; j++) await playMatch(runner, sources[i]!, sources[j]!, { rules: { turns: 1 }, seed: 1 })
    } finally {
      proto.compile = original
      runner.dispose()
    }
    expect(compiles).toBeLessThanOrEqual(sources.length)
  }, 180_000)
})
