/**
 * Strategies compiled once into a factory called every match
 * (sandbox/module-factory.ts, sandbox/module-cache.ts) behave exactly as
 * their modules evaluated afresh every match: the same moves, faults and
 * messages (with their lines and columns), the same names and live exports,
 * the same syntax errors; and module state cannot survive a match, in
 * either slot, warm or brand-new, in the dilemma and in the commons.
 *
 * Each behaviour is checked against a runner that evaluates every module
 * every match (compileModules: false), and each case asserts that the
 * transform took the module (else it would only compare the old path with
 * itself).
 */
import { parse, tokTypes, type Token } from 'acorn'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLASSICS, classicAsSource, COMMONS_CLASSICS } from '../src/classics'
import { playMatch, type MatchResult } from '../src/engine/match'
import { makeRules, type RulesInput } from '../src/engine/rules'
import type { Rules, StrategySource } from '../src/engine/types'
import type { GroupSandboxRunner } from '../sandbox/group-runner'
import { instanceFactory } from '../sandbox/instance'
import { DEFAULT_LIMITS } from '../sandbox/limits'
import { ModuleCache } from '../sandbox/module-cache'
import { MAX_TOP_LEVEL_NAMES, moduleFactory } from '../sandbox/module-factory'
import { createNodeGroupRunner, createNodeRunner, quickJSWasmForNode } from '../sandbox/node'
import { PlayerVM } from '../sandbox/player-vm'
import { STEP } from '../sandbox/prelude'
import type { SandboxRunner } from '../sandbox/runner'
import { SnapshotDelta } from '../sandbox/snapshot'
import { prepareSource } from '../sandbox/source'
import { commonsRules, groupSetup, source as commonsSource, toyGame } from './helpers/commons'
import { ALTERNATOR, strategy, TIT_FOR_TAT } from './helpers/sandbox'
import { HOSTILE_FIXTURES } from './helpers/hostile-fixtures'

/** The script, or a failure naming why the transform fell back. */
function script(source: string): string {
  const made = moduleFactory(prepareSource(source))
  if (!('script' in made)) throw new Error(`the transform fell back: ${made.fallback}`)
  return made.script
}

function fallback(source: string): string {
  const made = moduleFactory(prepareSource(source))
  if ('script' in made) throw new Error(`the transform took it:\n${made.script}`)
  return made.fallback
}

let compiled: SandboxRunner
let evaluated: SandboxRunner
let compiledFresh: SandboxRunner

beforeAll(async () => {
  compiled = await createNodeRunner()
  evaluated = await createNodeRunner({ compileModules: false })
  compiledFresh = await createNodeRunner({ reuseContexts: false })
})
afterAll(() => {
  compiled?.dispose()
  evaluated?.dispose()
  compiledFresh?.dispose()
})

const RULES: RulesInput = { turns: 6 }

/** Play `source` against `opponent` compiled and evaluated (and swapped): the results must be the same, byte for byte. */
async function same(source: string, opponent: StrategySource = TIT_FOR_TAT, rules: RulesInput = RULES): Promise<MatchResult> {
  script(source)
  const s = strategy('s', source)
  const a = await playMatch(compiled, s, opponent, { rules, seed: 7 })
  expect(a).toEqual(await playMatch(evaluated, s, opponent, { rules, seed: 7 }))
  expect(await playMatch(compiled, opponent, s, { rules, seed: 8 })).toEqual(await playMatch(evaluated, opponent, s, { rules, seed: 8 }))
  return a
}

/** A runner's cache of compiled modules. */
const cacheOf = (runner: SandboxRunner) => (runner as unknown as { modules: ModuleCache }).modules

/** The first fault's message of the strategy under test. */
const firstMessage = (r: MatchResult) => r.faults[0][0]?.message ?? ''

describe('the transform', () => {
  it('keeps every token of the module at its line and column', () => {
    const sources = [
      ...CLASSICS.map((c) => c.source),
      "export default () => 'C'",
      "export default function move(v) { return 'C' }\nexport const games = ['dilemma']",
      "  export   default   (v) => 'C' // trailing\nexport let x = 1, { y, z: [w] } = { y: 2, z: [3] }",
      "// first line\nexport default class {\n  static x = 1\n}\nlet a = 1\nexport { a as b, a as 'c d' }",
      "/* a 😀 comment */\nexport /* 😀 */ default /* é */ async function () {}\nconst s = 'é😀'; export { s }",
    ]
    for (const source of sources) {
      const wrapper = script(source)
      const at = positions(wrapper, 'script')
      // The export keywords and export lists are overwritten; every other token stays where it was.
      const lists = (parse(source, { ecmaVersion: 'latest', sourceType: 'module' }).body as { type: string; start: number; end: number; declaration?: unknown }[])
        .filter((n) => n.type === 'ExportNamedDeclaration' && !n.declaration)
        .map((n) => [n.start, n.end] as const)
      for (const [where, [text, start]] of positions(source, 'module')) {
        if (text === 'export' || text === 'default' || lists.some(([a, b]) => start >= a && start < b)) continue
        expect(at.get(where)?.[0], `${where} "${text}" in ${JSON.stringify(source.slice(0, 60))}`).toBe(text)
      }
    }
  })

  it('puts its opening where five spaces or a first line without code were, and introduces no name the module uses', () => {
    expect(script("export default () => 'C'").startsWith("()=>{        $=() => 'C'\n")).toBe(true)
    expect(script("// hi\nexport default () => 'C'").startsWith('()=>{// hi\n')).toBe(true)
    expect(script("\nexport default () => 'C'").startsWith('()=>{\n')).toBe(true)
    const busy = script("// $ and $0 are taken\nconst $ = 1, $0 = 2\nexport default () => $ + $0 ? 'C' : 'D'")
    expect(busy).toContain('$1=() =>')
    // Even written with escapes, the module's identifiers are its names.
    expect(script("// x\nconst \\u0024 = 1\nexport default () => 'C'")).toContain('$0=() =>')
  })

  it('falls back for what only a module can hold, what a script reads otherwise, and what it cannot do without moving code', () => {
    const cases: [string, RegExp][] = [
      ["import x from 'y'\nexport default () => 'C'", /import/],
      ["// x\nexport default () => import('y')", /import/],
      ["// x\nexport { a } from 'y'", /another module/],
      ["// x\nexport * from 'y'", /another module/],
      ["// x\nexport * as ns from 'y'", /another module/],
      ["// x\nconst u = import.meta\nexport default () => 'C'", /import\.meta/],
      ["// x\nawait 1\nexport default () => 'C'", /top-level await/],
      ["// x\nfor await (const a of []) {}\nexport default () => 'C'", /top-level await/],
      ["// x\nconst t = this\nexport default () => 'C'", /this/],
      ["// x\nconst f = () => this\nexport default () => 'C'", /this/],
      ["// x\nclass A { [this] = 1 }\nexport default () => 'C'", /this/],
      ["// x\nconst a = () => arguments\nexport default () => 'C'", /arguments/],
      ["// x\nlet a = 1, b = 2\nexport const c = a <!--b\nexport default () => 'C'", /HTML/],
      ["const a = 1\nexport default () => 'C'", /line 1/],
      [";export default () => 'C'", /line 1/],
      ["// x\nexport default function () {} let y = 1", /same line/],
      ["// x\nexport default class {}; let y = 1", /same line/],
      ["// x\nexport default\n() => 'C'", /no room/],
      ["#!/usr/bin/env node\nexport default () => 'C'", /acorn/],
      ["// x\nexport default () => 'C' // \u2028", /line separator/],
      ['export default (v) => {\n  return v.round === 0 ? "C" :\n}', /acorn/],
      [`// x\nvar ${Array.from({ length: MAX_TOP_LEVEL_NAMES + 1 }, (_, i) => `v${i}`).join(', ')}\nexport default () => 'C'`, /top-level declarations/],
      [`// x\n{ var ${Array.from({ length: MAX_TOP_LEVEL_NAMES + 1 }, (_, i) => `v${i}`).join(', ')} }\nexport default () => 'C'`, /top-level declarations/],
    ]
    for (const [source, reason] of cases) expect(fallback(source), source).toMatch(reason)
    // Inside functions, these are the function's own.
    script("// x\nfunction f() { return [this, arguments] }\nconst g = async () => { await 1; for await (const a of []) {} }\nclass A { x = this; m() { return arguments } static { this.y = 1 } }\nexport default () => 'C'")
    // A property named arguments is no reference to it; i-->0 is no comment.
    script("// x\nconst o = { arguments: 1 }; o.arguments; let i = 3; while (i-->0) {}\nexport default () => 'C'")
  })
})

describe('a compiled module behaves as the module evaluated afresh', () => {
  const cases: [string, string, RulesInput?][] = [
    ['a named default function', "export default function move(v) { return v.round % 2 ? 'C' : 'D' }"],
    ['a default arrow on line 1', "export default (v) => (v.round < 2 ? 'C' : 'D')"],
    ['a default function in parentheses', "// x\nexport default (function (v) { return 'C' })"],
    // The default's name, seen in its own stack frame: "at default (strategy.js:...)".
    ['an anonymous default function, named default', "// x\nexport default function (v) { throw new Error(new Error('where').stack) }"],
    ['an anonymous default arrow, named default', "export default (v) => { throw new Error(new Error('where').stack) }"],
    ['an anonymous async default function', "// x\nexport default async function (v) { return 'C' }"],
    ['an anonymous default generator', "// x\nexport default function* (v) { return 'C' }"],
    ['an async default arrow', "export default async (v) => 'C'"],
    ['a default expression QuickJS names', "// x\nexport default 0 || function (v) { throw new Error(new Error('where').stack) }"],
    ['a default expression it does not name', "// x\nexport default [function (v) { throw new Error(new Error('where').stack) }][0]"],
    ['a default sequence', "// x\nexport default (0, (v) => { throw new Error(new Error('where').stack) })"],
    // A class is named before its static code runs.
    ['an anonymous default class', "// x\nexport default class {\n  static { throw new Error('named ' + this.name) }\n}"],
    ['an anonymous default class expression', "// x\nexport default (class { static n = this.name; static { throw new Error('named ' + this.n) } })"],
    ['a default class, called without new', "// x\nexport default class Mover {}"],
    ['a default value that is no function', '// x\nexport default 42'],
    ['a live default binding', "export default function move(v) { return 'C' }\nmove = (v) => 'D'"],
    ['a default through a list', "// x\nlet m = (v) => 'C'\nexport { m as default }\nm = (v) => 'D'"],
    ['a default with a string name', "// x\nconst m = (v) => 'D'\nexport { m as 'default' }"],
    ['named declarations and patterns', "export const a = 1, { b, c: [d] } = { b: 2, c: [3] }\nexport let e = a + b + d\nexport var f\nexport function g() { return e }\nexport class H {}\nexport default () => (g() === 6 && typeof H === 'function' ? 'C' : 'D')"],
    ['an announce export', "export function announce(v) { return 'D' }\nexport default (v) => v.announcements.their ?? 'C'", { turns: 6, cheapTalk: true }],
    ['an announce that is no function', "export const announce = 1\nexport default (v) => 'C'"],
    ['top-level code and hoisting', "export default (v) => f(v)\nfunction f(v) { return t ? 'C' : 'D' }\nlet t = typeof f === 'function'\nvar w = 1"],
    ['a use strict directive', "// x\n'use strict'\nexport default (v) => 'C'"],
    ['a temporal dead zone at the top level', "// x\nexport default (v) => 'C'\nx\nlet x = 1"],
    ['a throw at the top level on line 1', "export const x = (() => { throw new RangeError('top') })()\nexport default (v) => 'C'"],
    ['a throw at the top level further down', "// x\nexport default (v) => 'C'\n\n    null.f()"],
    ['a throw in a move on line 1', "export default (v) => { if (v.round === 2) throw new TypeError('m'); return 'C' }"],
    ['a throw in a move further down', "// x\nexport default function move(v) {\n  if (v.round === 3) {\n      undefined.x\n  }\n  return 'C'\n}"],
    ['a stack taken at the top level, thrown in a move', "// x\nlet where = ''\ntry { null.x } catch (e) { where = e.stack }\n;(function f() { try { null.y } catch (e) { where += e.stack } })()\nexport default (v) => { throw new Error(where) }"],
    ['a stack on line 1 after the opening', "export default (v) => { throw new Error(new Error('w').stack + v.round) }"],
    ['recursion that overflows in a move', "// x\nconst r = (n) => r(n + 1)\nexport default (v) => { try { r(0) } catch (e) { return 'D' } return 'C' }"],
    ['function source text', "export default function move(v) { throw new Error(String(move) + String(A) + String(h)) }\nexport class A { m() {} }\nconst h = async (x) => x"],
    ['class source text, default', "// x\nexport default class { static { throw new Error(String(this)) } }"],
    ['declarations QuickJS checks', "// x\nvar a; var a\n{ function g() {} }\nfunction g() { return 1 }\ntry {} catch (e) { var e }\nlet z = 1; { let z = 2; { var w = z } }\nswitch (1) { case 1: let q = 1 }\nclass C { static #p = 1; static m() { return #p in C } }\nx: for (;;) { break x }\nexport default (v) => (g() === 1 && w === 2 && C.m() ? 'C' : 'D')"],
    ['a name the transform would use', "// x\nexport let $ = 1, $0 = 2\nexport default (v) => ($ + $0 === 3 ? 'C' : 'D')"],
    ['a CommonJS module', "// x\nmodule.exports = function move(v) { return 'C' }"],
    ['no default export', "// x\nexport const games = ['dilemma']"],
    ['randomness at the top level and in moves', "// x\nconst first = Math.random()\nexport default (v) => (v.random() < first ? 'C' : 'D')", { turns: 20 }],
    ['a module that fills its memory at the top level', "// x\nconst keep = []\nlet s = 'x'\nfor (let i = 0; i < 22; i++) s += s\nfor (let i = 0; i < 40; i++) keep.push(s.slice(i))\nexport default () => 'C'"],
    ['a module that runs forever at the top level', "// x\nfor (;;) {}\nexport default () => 'C'"],
    ['a module that works past its set-up budget inside a built-in', "// x\nlet s = 'ab'\nfor (let i = 0; i < 21; i++) s += s\nfor (let i = 0; i < 100; i++) s.split('').reverse()\nexport default () => 'C'"],
    ['a module whose move runs forever', "// x\nexport default (v) => { for (;;) {} }"],
  ]
  for (const [name, source, rules] of cases) {
    it(name, async () => {
      await same(source, TIT_FOR_TAT, rules)
    })
  }

  it('names anonymous default functions and classes "default", as a module does', async () => {
    expect(firstMessage(await same("// x\nexport default function (v) { throw new Error(new Error('where').stack) }"))).toMatch(/at default \(strategy\.js:2:/)
    expect(firstMessage(await same("export default (v) => { throw new Error(new Error('where').stack) }"))).toMatch(/at default \(strategy\.js:1:/)
    expect(firstMessage(await same("// x\nexport default class {\n  static { throw new Error('named ' + this.name) }\n}"))).toMatch(/line 3, column \d+: Error: named default$/)
  })

  it('reports errors at their line and column, on line 1 and below', async () => {
    expect(firstMessage(await same("export const x = (() => { throw new RangeError('top') })()\nexport default (v) => 'C'"))).toBe('line 1, column 47: RangeError: top')
    expect(firstMessage(await same("// x\nexport default (v) => 'C'\n\n    null.f()"))).toMatch(/^line 4, column \d+: TypeError/)
    expect(firstMessage(await same("export default (v) => { if (v.round === 2) throw new TypeError('m'); return 'C' }"))).toBe('line 1, column 63: TypeError: m')
    expect(firstMessage(await same("// x\nexport default function move(v) {\n  if (v.round === 3) {\n      undefined.x\n  }\n  return 'C'\n}"))).toMatch(/^line 4, column 16: TypeError/)
  })

  it('leaves a module QuickJS rejects where the transform\'s parser does not as QuickJS rejects it', async () => {
    const source = "// x\n{ using x = null }\nexport default () => 'C'"
    script(source)
    expect(firstMessage(await same(source))).toMatch(/^line 2, column \d+: SyntaxError/)
    expect(cacheOf(compiled).get(prepareSource(source))).toBe('evaluate')
  })

  it('leaves syntax errors word for word QuickJS\'s own', async () => {
    for (const source of ['export default (v) => {\n  return v.round === 0 ? "C" :\n}', "export default function move(view: { round: number }): string {\n  return 'C'\n}", "// x\nexport default () => 'C'\nlet let = 1", "function f() {}\nfunction f() {}\nexport default () => 'C'"]) {
      fallback(source)
      const a = await playMatch(compiled, strategy('s', source), TIT_FOR_TAT, { rules: RULES, seed: 7 })
      expect(a.faults[0][0]?.message).toMatch(/SyntaxError/)
      expect(a).toEqual(await playMatch(evaluated, strategy('s', source), TIT_FOR_TAT, { rules: RULES, seed: 7 }))
    }
  })

  it('declares the same games, read live', async () => {
    for (const source of ["export let games = 1\ngames = ['dilemma', 'commons']\nexport default () => 'C'", "// x\nexport const games = ['nope']\nexport default () => 'C'", "export default () => 'C'", "// x\nexport { g as games }\nconst g = { get length() { for (;;) {} } }\nexport default () => 'C'"]) {
      script(source)
      expect(await compiled.declaredGames(source)).toEqual(await evaluated.declaredGames(source))
    }
    expect(await compiled.declaredGames("export let games = 1\ngames = ['dilemma', 'commons']\nexport default () => 'C'")).toEqual({ games: ['dilemma', 'commons'] })
  })

  it('uses about the set-up budget the module used, charged the compilation every match', async () => {
    for (const c of CLASSICS) {
      const s = classicAsSource(c)
      await playMatch(compiled, s, s, { rules: { turns: 1 }, seed: 1 })
      const mine = compiled.lastUsage![0].setup
      await playMatch(evaluated, s, s, { rules: { turns: 1 }, seed: 1 })
      const theirs = evaluated.lastUsage![0].setup
      expect(mine).toBeGreaterThan(theirs * 0.9)
      expect(mine).toBeLessThan(theirs * 1.25)
    }
  })

  it('evaluates a module whose compilation alone takes more than the set-up budget every match, as before', async () => {
    const setupGas = 2_000
    const small = await createNodeRunner({ limits: { setupGas } })
    const old = await createNodeRunner({ limits: { setupGas }, compileModules: false })
    try {
      const big = `// x\nconst data = [${Array.from({ length: 250 }, (_, i) => `[${i}, '${i}', { k: ${i} }]`).join(',\n')}]\nexport default () => 'C'`
      script(big)
      // (Sources are at most MAX_FACTORY_SOURCE characters, whose compilation stays within the meter's
      // slack, so this budget is set below it rather than the module made to outrun it.)
      const a = await playMatch(small, strategy('big', big), TIT_FOR_TAT, { rules: RULES, seed: 3 })
      expect(a).toEqual(await playMatch(old, strategy('big', big), TIT_FOR_TAT, { rules: RULES, seed: 3 }))
      expect(cacheOf(small).get(big)).toBe('evaluate')
      // Within the budget, the same module is compiled, and charged its compilation every match.
      await playMatch(compiled, strategy('big', big), TIT_FOR_TAT, { rules: RULES, seed: 3 })
      const entry = cacheOf(compiled).get(big)
      expect(entry).not.toBe('evaluate')
      expect(compiled.lastUsage![0].setup).toBeGreaterThan((entry as { compileGas: number }).compileGas / DEFAULT_LIMITS.setupGas)
      expect((entry as { compileGas: number }).compileGas).toBeGreaterThan(setupGas)
    } finally {
      small.dispose()
      old.dispose()
    }
  })
})

describe('module state cannot survive a match', () => {
  /**
   * Counts matches everywhere it can keep a count: module variables, a
   * closure, a frozen object's map, globalThis, intrinsic prototypes, a
   * symbol registry entry. Plays C in a round only if every count says this
   * is the first match and no earlier round of it, D otherwise.
   */
  const COUNTER = `// Counts matches wherever it can.
let matches = 0
const inClosure = (() => { let n = 0; return () => n++ })()
const box = Object.freeze({ seen: new Map(), list: [] })
const attempts = []
const bump = (o, k) => { try { const was = o[k] | 0; o[k] = was + 1; attempts.push(was) } catch (e) { attempts.push(0) } }
bump(globalThis, 'arenaMatches')
bump(Array.prototype, 'arenaMatches')
bump(Object.prototype, 'arenaMatches')
bump(Function.prototype, 'arenaMatches')
bump(Object.getPrototypeOf(function* () {}), 'arenaMatches')
try { Object.defineProperty(globalThis, 'arenaDefined', { value: 1 }); attempts.push(1) } catch (e) { attempts.push(0) }
const key = Symbol.for('arena.matches')
bump(Math, key)
const before = matches++ + inClosure() + box.seen.size + box.list.length + attempts.reduce((a, b) => a + b, 0)
box.seen.set(before, true)
box.list.push(1)
export default function move(v) {
  const fresh = before === 0 && matches === 1 && box.seen.size === 1 && v.round === box.list.length - 1
  box.list.push(v.round)
  return fresh ? 'C' : 'D'
}
export const games = ['dilemma']
`

  it('in either slot, warm or brand-new, compiled or not', async () => {
    script(COUNTER)
    const counter = strategy('counter', COUNTER)
    for (const runner of [compiled, compiledFresh, evaluated]) {
      for (let m = 0; m < 4; m++) {
        const r = await playMatch(runner, counter, counter, { rules: { turns: 5 }, seed: m })
        expect(r.moves).toEqual(['CCCCC', 'CCCCC'])
        expect(r.faults).toEqual([[], []])
        // Inspections evaluate the module too: they leave nothing behind either.
        expect(await runner.declaredGames(COUNTER)).toEqual({ games: ['dilemma'] })
        const s = await playMatch(runner, counter, ALTERNATOR, { rules: { turns: 5 }, seed: m })
        expect(s.moves[0]).toBe('CCCCC')
      }
    }
  })

  it('in a commons seat', async () => {
    const source = COUNTER.replace("export const games = ['dilemma']", "export const games = ['commons']").replace("return fresh ? 'C' : 'D'", 'return fresh ? 1 : 2')
    script(source)
    for (const runner of [await createNodeGroupRunner(), await createNodeGroupRunner({ reuseContexts: false }), await createNodeGroupRunner({ compileModules: false })]) {
      try {
        for (let g = 0; g < 3; g++) {
          const setup = groupSetup(3, { rounds: 4 })
          const seats = await runner.playGroup([commonsSource('a', source), commonsSource('b', source), commonsSource('c', source)], setup, toyGame(setup).resolve)
          expect(seats.map((s) => s.requests)).toEqual([[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]])
        }
      } finally {
        runner.dispose()
      }
    }
  })
})

describe('every built-in', () => {
  const opponents = ['tit-for-tat', 'alternator', 'random', 'grudger'].map((id) => classicAsSource(CLASSICS.find((c) => c.id === id)!))

  it('is compiled', () => {
    for (const c of [...CLASSICS, ...COMMONS_CLASSICS]) script(c.source)
  })

  it('plays byte for byte as when evaluated every match, with noise and with cheap talk', async () => {
    for (const rules of [{ turns: 60, noise: 0.05 }, { turns: 30, cheapTalk: true, referee: { fine: 1, detection: 0.5, fines: 'shared' as const } }]) {
      const mine: MatchResult[] = []
      const theirs: MatchResult[] = []
      for (const c of CLASSICS) {
        for (const [k, o] of opponents.entries()) {
          mine.push(await playMatch(compiled, classicAsSource(c), o, { rules, seed: k + 1 }))
          theirs.push(await playMatch(evaluated, classicAsSource(c), o, { rules, seed: k + 1 }))
        }
      }
      expect(JSON.stringify(mine)).toBe(JSON.stringify(theirs))
    }
  }, 60_000)

  it('plays the commons classics byte for byte as when evaluated every group', async () => {
    const mine = await createNodeGroupRunner()
    const theirs = await createNodeGroupRunner({ compileModules: false })
    try {
      const rules = commonsRules({ turns: 12 })
      const sources = COMMONS_CLASSICS.slice(0, 8).map((c) => commonsSource(c.id, c.source))
      const setup = groupSetup(sources.length, { rules, rounds: 12 })
      const a = await mine.playGroup(sources, setup, toyGame(setup).resolve)
      expect(JSON.stringify(a)).toBe(JSON.stringify(await theirs.playGroup(sources, setup, toyGame(setup).resolve)))
    } finally {
      mine.dispose()
      theirs.dispose()
    }
  })

  it('and every hostile fixture, plays as when evaluated every match', async () => {
    for (const h of HOSTILE_FIXTURES) {
      const a = await playMatch(compiled, h, TIT_FOR_TAT, { rules: { turns: 10 }, seed: 5 })
      expect(a, h.id).toEqual(await playMatch(evaluated, h, TIT_FOR_TAT, { rules: { turns: 10 }, seed: 5 }))
    }
  }, 60_000)
})

describe('a compiled strategy after a fault', () => {
  it('plays on after set-up stopped by the meter mid-call in some matches and not others', async () => {
    // Top-level randomness is the match's: some matches run past the set-up budget inside one built-in call.
    const source = "// x\nif (Math.random() < 0.5) { let s = 'ab'; for (let i = 0; i < 22; i++) s += s; for (;;) s.split('').reverse() }\nexport default (v) => 'C'"
    script(source)
    const s = strategy('sometimes', source)
    const kinds: string[] = []
    for (let seed = 0; seed < 8; seed++) {
      const r = await playMatch(compiled, s, TIT_FOR_TAT, { rules: { turns: 3 }, seed })
      expect(r).toEqual(await playMatch(evaluated, s, TIT_FOR_TAT, { rules: { turns: 3 }, seed }))
      kinds.push(r.faults[0][0]?.kind ?? 'none')
    }
    expect(kinds).toContain('none')
    expect(kinds.some((k) => k !== 'none')).toBe(true)
  })

  it('is compiled afresh after the sandbox itself failed while loading it', async () => {
    const vm = new PlayerVM(await instanceFactory(quickJSWasmForNode, DEFAULT_LIMITS.memoryBytes)(), DEFAULT_LIMITS)
    try {
      const source = "// x\nexport default (v) => 'C'"
      const cache = (vm as unknown as { modules: ModuleCache }).modules
      expect(vm.load(source, makeRules({ turns: 3 }), 1, null)).toBeNull()
      expect(cache.get(source)).not.toBe('evaluate')
      // A host error (here a caller's bad rules) while the compiled strategy loads: its entry is dropped.
      const bad = { ...makeRules({ turns: 3 }), referee: { fine: 1, detection: 1, fines: 'nowhere' } } as unknown as Rules
      expect(() => vm.load(source, bad, 1, null)).toThrow(/unknown referee fines/)
      expect(cache.get(source)).toBeUndefined()
      expect(vm.load(source, makeRules({ turns: 3 }), 1, null)).toBeNull()
      expect(vm.step(STEP.NO_HISTORY, 0)).toMatchObject({ move: 0, faulted: false })
    } finally {
      vm.dispose()
    }
  })
})

describe('the cache', () => {
  it('is bounded in bytes, least recently used first out, and keeps whatever would not fit as evaluated', () => {
    const delta = (bytes: number) => new SnapshotDelta([0], [new Uint8Array(bytes)])
    const cache = new ModuleCache(40_000)
    const entry = (bytes: number) => ({ delta: delta(bytes), factory: 8, compileGas: 1 })
    cache.set('a', entry(9000))
    cache.set('b', entry(9000))
    cache.set('c', entry(9000))
    cache.get('a')
    cache.set('d', entry(9000))
    cache.set('e', entry(9000))
    expect(cache.get('b')).toBeUndefined()
    expect(cache.get('a')).not.toBeUndefined()
    expect(cache.bytes).toBeLessThanOrEqual(40_000)
    expect(cache.set('huge', entry(20_000))).toBe('evaluate')
  })

  it('holds what compiling wrote and nothing else: the same bytes whatever the instance ran before', async () => {
    // A built-in whose compilation takes the heap past the snapshot's end, where the hoarder wrote.
    const grows = classicAsSource(CLASSICS.find((c) => c.id === 'best-response')!)
    const hoarder = strategy('hoarder', "// x\nconst keep = []\nlet s = 'x'\nfor (let i = 0; i < 20; i++) s += s\nfor (let i = 0; i < 8; i++) keep.push(s.slice(i) + i)\nexport default () => 'C'")
    const used = await createNodeRunner()
    const clean = await createNodeRunner()
    try {
      await playMatch(used, hoarder, hoarder, { rules: { turns: 3 }, seed: 1 })
      await playMatch(used, grows, grows, { rules: { turns: 3 }, seed: 1 })
      await playMatch(clean, grows, grows, { rules: { turns: 3 }, seed: 1 })
      const [a, b] = [cacheOf(used), cacheOf(clean)].map((c) => c.get(prepareSource(grows.source)) as { delta: SnapshotDelta; factory: number; compileGas: number })
      expect(a!.delta.offsets).toEqual(b!.delta.offsets)
      expect(a!.delta.runs).toEqual(b!.delta.runs)
      expect([a!.factory, a!.compileGas]).toEqual([b!.factory, b!.compileGas])
    } finally {
      used.dispose()
      clean.dispose()
    }
  })

  it('is shared by a runner\'s players: each built-in is compiled once and holds a few kilobytes', async () => {
    const runner = await createNodeRunner()
    try {
      for (const c of CLASSICS) await playMatch(runner, classicAsSource(c), classicAsSource(c), { rules: { turns: 1 }, seed: 1 })
      const cache = cacheOf(runner)
      expect(cache.size).toBe(CLASSICS.length)
      expect(cache.bytes / CLASSICS.length).toBeLessThan(40_000)
      expect(cache.bytes).toBeLessThan(DEFAULT_LIMITS.memoryBytes / 2)
    } finally {
      runner.dispose()
    }
  })
})

/** Each token's text and offset by `line:column`, lines counted at \n and columns in code points, as QuickJS counts them. */
function positions(text: string, sourceType: 'script' | 'module'): Map<string, [string, number]> {
  const tokens: Token[] = []
  parse(text, { ecmaVersion: 'latest', sourceType, onToken: tokens })
  const out = new Map<string, [string, number]>()
  for (const t of tokens) {
    if (t.type === tokTypes.eof) continue
    const before = text.slice(0, t.start)
    const line = before.split('\n').length
    const column = [...before.slice(before.lastIndexOf('\n') + 1)].length
    out.set(`${line}:${column}`, [text.slice(t.start, t.end), t.start])
  }
  return out
}
