/**
 * Untrusted code is hostile until proven otherwise. Each case plays a hostile
 * strategy against Tit for Tat and checks that: the hostile side ends with the
 * expected recorded fault (or is harmless), Tit for Tat is unaffected, the
 * result is identical when replayed in a warm sandbox and in fresh runtimes,
 * and the sandbox still plays a normal match exactly afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { playMatch, type MatchResult } from '../src/engine/match'
import { deriveSeed, mulberry32 } from '../src/engine/prng'
import type { FaultKind } from '../src/engine/types'
import { createNodeRunner } from '../sandbox/node'
import type { SandboxRunner } from '../sandbox/runner'
import { ALTERNATOR, COOPERATOR, TIT_FOR_TAT, strategy, titForTatAgainst } from './helpers/sandbox'

interface HostileCase {
  name: string
  source: string
  /** Expected first fault of the hostile player, or null when the code is harmless. */
  fault: { kind: FaultKind; round: number; message?: RegExp } | null
  /** Expected moves of the hostile player over 8 rounds, when they are known. */
  moves?: string
}

const LOOP = 'for (;;) {}'

const cases: HostileCase[] = [
  { name: 'infinite loop at top level', source: `${LOOP}\nexport default () => 'C'`, fault: { kind: 'setup-budget', round: -1 }, moves: 'DDDDDDDD' },
  { name: 'infinite loop inside a move', source: `export default (v) => { if (v.round === 3) ${LOOP} return 'C' }`, fault: { kind: 'move-budget', round: 3 }, moves: 'CCCDCCCC' },
  { name: 'infinite loop inside try/catch', source: `export default (v) => { try { ${LOOP} } catch (e) { return 'C' } finally { return 'C' } }`, fault: { kind: 'move-budget', round: 0 }, moves: 'DDDDDDDD' },
  { name: 'loop that swallows every error', source: `export default () => { for (;;) { try { ${LOOP} } catch (e) {} } }`, fault: { kind: 'move-budget', round: 0 }, moves: 'DDDDDDDD' },
  { name: 'memory bomb', source: `const hoard = []\nlet s = 'x'\nfor (let i = 0; i < 20; i++) s += s\nexport default () => { for (;;) hoard.push(s.slice(hoard.length)) }`, fault: { kind: 'memory', round: 0 }, moves: 'DDDDDDDD' },
  { name: 'memory bomb at top level', source: `const hoard = []\nlet s = 'y'\nfor (let i = 0; i < 20; i++) s += s\nfor (;;) hoard.push(s.slice(hoard.length))\nexport default () => 'C'`, fault: { kind: 'memory', round: -1 }, moves: 'DDDDDDDD' },
  { name: 'CPU-heavy built-ins in a loop', source: `export default () => { const big = new Array(100000).fill(1); for (;;) { big.indexOf(2); big.fill(0); big.join('').length } }`, fault: { kind: 'cpu-budget', round: 0 }, moves: 'DDDDDDDD' },
  { name: 'CPU-heavy string built-ins in a loop', source: `export default () => { const s = 'ab'.repeat(100000); for (;;) { s.indexOf('c'); s.split('').length; JSON.parse(JSON.stringify(s)) } }`, fault: { kind: 'cpu-budget', round: 0 }, moves: 'DDDDDDDD' },
  { name: 'memory bomb that catches out-of-memory and plays on', source: `const hoard = []\nlet s = 'z'\nfor (let i = 0; i < 18; i++) s += s\nexport default () => { for (;;) { try { for (;;) hoard.push(s.slice(hoard.length)) } catch (e) {} } }`, fault: { kind: 'memory', round: 0 }, moves: 'DDDDDDDD' },
  // Work inside C built-ins never reaches the interrupt handler: the gas meter compiled into the module stops it.
  { name: 'copying a big string in a loop', source: `let s = 'x'\nfor (let i = 0; i < 22; i++) s += s\nexport default (v) => { if (v.round === 0) for (;;) s.substring(1).length; return 'C' }`, fault: { kind: 'cpu-budget', round: 0 }, moves: 'DDDDDDDD' },
  { name: 'spreading a big array in a loop', source: `const a = new Array(1 << 18).fill(0)\nexport default () => { for (;;) [...a].length }`, fault: { kind: 'cpu-budget', round: 0 }, moves: 'DDDDDDDD' },
  { name: 'big-number arithmetic in a loop', source: `export default () => { const x = 3n ** 100000n; for (;;) x * x }`, fault: { kind: 'cpu-budget', round: 0 }, moves: 'DDDDDDDD' },
  { name: 'enumerating a big object in a loop', source: `const o = {}\nfor (let i = 0; i < 8000; i++) o['k' + i] = i\nexport default () => { for (;;) { for (const k in o) break } }`, fault: { kind: 'cpu-budget', round: 0 }, moves: 'DDDDDDDD' },
  { name: 'sorting a big array in a loop', source: `const a = []\nfor (let i = 0; i < 20000; i++) a.push(String(i * 7919 % 100003))\nexport default () => { for (;;) a.slice().sort() }`, fault: { kind: 'cpu-budget', round: 0 }, moves: 'DDDDDDDD' },
  { name: 'heavy built-ins at top level', source: `let s = 'y'\nfor (let i = 0; i < 22; i++) s += s\nfor (;;) s.substring(1).length\nexport default () => 'C'`, fault: { kind: 'cpu-budget', round: -1 }, moves: 'DDDDDDDD' },
  // Recursion inside C that QuickJS's own stack check misses: bounded by the call-depth meter, identically on every host.
  { name: 'parsing deeply nested JSON', source: `const text = '['.repeat(20000) + ']'.repeat(20000)\nexport default () => { try { JSON.parse(text) } catch (e) {} return 'C' }`, fault: { kind: 'stack', round: 0 }, moves: 'DDDDDDDD' },
  { name: 'joining a deeply nested array', source: `let a = []\nfor (let i = 0; i < 20000; i++) a = [a]\nexport default () => String(a).length > 0 ? 'C' : 'D'`, fault: { kind: 'stack', round: 0 }, moves: 'DDDDDDDD' },
  { name: 'flattening a deeply nested array', source: `let a = []\nfor (let i = 0; i < 20000; i++) a = [a]\nexport default () => a.flat(Infinity).length > 0 ? 'C' : 'D'`, fault: { kind: 'stack', round: 0 }, moves: 'DDDDDDDD' },
  // JSON.stringify checks for cycles along the whole path at every level: the meter stops that first.
  { name: 'stringifying a deeply nested array', source: `let a = []\nfor (let i = 0; i < 20000; i++) a = [a]\nexport default () => JSON.stringify(a).length > 0 ? 'C' : 'D'`, fault: { kind: 'cpu-budget', round: 0 }, moves: 'DDDDDDDD' },
  { name: 'deeply nested source', source: `const x = ${'('.repeat(5000)}1${')'.repeat(5000)}\nexport default () => 'C'`, fault: { kind: 'stack', round: -1 }, moves: 'DDDDDDDD' },
  { name: 'string doubling', source: `export default () => { let s = 'x'; for (;;) s += s }`, fault: { kind: 'throw', round: 0 } },
  { name: 'deep recursion', source: `function down(n) { return down(n + 1) + 1 }\nexport default (v) => { if (v.round === 2) down(0); return 'C' }`, fault: { kind: 'throw', round: 2, message: /stack overflow/ }, moves: 'CCDCCCCC' },
  { name: 'recursion that catches its own overflow', source: `function depth(n) { try { return depth(n + 1) } catch (e) { return n } }\nexport default () => (depth(0) % 2 ? 'C' : 'D')`, fault: null },
  { name: 'huge string returned', source: `let s = 'C'\nfor (let i = 0; i < 20; i++) s += s\nexport default () => s`, fault: { kind: 'invalid-move', round: 0, message: /string "CCCCCCCCCCCCCCCCCCCC\.\.\."/ }, moves: 'DDDDDDDD' },
  { name: 'object with a getter returned', source: `export default () => ({ get move() { for (;;) {} }, toString() { for (;;) {} } })`, fault: { kind: 'invalid-move', round: 0, message: /an object/ } },
  { name: 'Proxy returned', source: `const trap = () => { for (;;) {} }\nexport default () => new Proxy({}, { get: trap, getPrototypeOf: trap, ownKeys: trap, has: trap })`, fault: { kind: 'invalid-move', round: 0 } },
  { name: 'object with toString "C" returned', source: `export default () => ({ toString: () => 'C', valueOf: () => 'C' })`, fault: { kind: 'invalid-move', round: 0 } },
  { name: 'String object returned', source: `export default () => new String('C')`, fault: { kind: 'invalid-move', round: 0 } },
  { name: 'Symbol returned', source: `export default () => Symbol('C')`, fault: { kind: 'invalid-move', round: 0, message: /symbol/ } },
  { name: 'lower-case c returned', source: `export default () => 'c'`, fault: { kind: 'invalid-move', round: 0 } },
  { name: 'nothing returned', source: `export default () => {}`, fault: { kind: 'invalid-move', round: 0, message: /undefined/ } },
  { name: 'throws a number', source: `export default () => { throw 42 }`, fault: { kind: 'throw', round: 0, message: /^42$/ } },
  { name: 'throws an error whose message getter loops', source: `export default () => { throw { name: 'E', get message() { for (;;) {} } } }`, fault: { kind: 'move-budget', round: 0 } },
  { name: 'throws a Proxy', source: `export default () => { throw new Proxy({}, { get() { throw new Error('again') } }) }`, fault: { kind: 'throw', round: 0, message: /cannot be described/ } },
  { name: 'tampers with Object.prototype', source: `Object.prototype.move = 'C'\nexport default () => 'C'`, fault: { kind: 'setup', round: -1, message: /TypeError/ } },
  { name: 'tampers with Array.prototype in a move', source: `export default (v) => { Array.prototype.push = () => 0; return 'C' }`, fault: { kind: 'throw', round: 0, message: /TypeError/ } },
  { name: 'adds a global', source: `globalThis.shared = 1\nexport default () => 'C'`, fault: { kind: 'setup', round: -1, message: /TypeError/ } },
  { name: 'replaces Math.random', source: `Math.random = () => 0\nexport default () => 'C'`, fault: { kind: 'setup', round: -1 } },
  { name: 'reaches for host objects', source: `const host = [typeof process, typeof require, typeof fetch, typeof setTimeout, typeof console, typeof WebAssembly, typeof Date, typeof WeakRef, typeof FinalizationRegistry, typeof SharedArrayBuffer, typeof eval]\nexport default () => (host.every((t) => t === 'undefined') ? 'C' : 'D')`, fault: null, moves: 'CCCCCCCC' },
  { name: 'Function constructor to reach the global scope', source: `export default () => Function('return this')().process ? 'D' : 'C'`, fault: { kind: 'throw', round: 0, message: /code generation/ } },
  { name: 'constructor of a function', source: `export default () => (function () {}).constructor('return 1')() ? 'D' : 'C'`, fault: { kind: 'throw', round: 0, message: /code generation/ } },
  { name: 'async function constructor', source: `export default () => { const F = Object.getPrototypeOf(async function () {}).constructor; F('return 1'); return 'C' }`, fault: { kind: 'throw', round: 0, message: /code generation/ } },
  { name: 'dynamic import and promise jobs', source: `export default () => { import('fs').then(() => { for (;;) {} }); Promise.resolve().then(() => { for (;;) {} }); return 'C' }`, fault: null, moves: 'CCCCCCCC' },
  { name: 'uses Date for a seed', source: `export default () => (Date.now() % 2 ? 'C' : 'D')`, fault: { kind: 'throw', round: 0, message: /ReferenceError/ } },
  { name: 'top-level await', source: `await null\nexport default () => 'C'`, fault: { kind: 'setup', round: -1, message: /top-level await/ } },
  { name: 'no default export', source: `export const move = () => 'C'`, fault: { kind: 'setup', round: -1, message: /default-exported function/ } },
  { name: 'default export that is not a function', source: `export default 'C'`, fault: { kind: 'setup', round: -1, message: /default-exported function/ } },
  { name: 'syntax error', source: `export default function move(v) {\n  return v.round === 0 ? 'C' :\n}`, fault: { kind: 'setup', round: -1, message: /^line 3, column 1: SyntaxError/ } },
  { name: 'import of a module', source: `import fs from 'fs'\nexport default () => 'C'`, fault: { kind: 'setup', round: -1, message: /imports are not available/ } },
  { name: 'import of its own module name', source: `import * as earlier from 'strategy.js'\nexport default () => (earlier.default ? 'D' : 'C')`, fault: { kind: 'setup', round: -1, message: /imports are not available/ } },
  { name: 'source over the size limit', source: `// ${'x'.repeat(70 * 1024)}\nexport default () => 'C'`, fault: { kind: 'setup', round: -1, message: /limit/ } },
  // Honest fault kinds: what the strategy did, not what describing it cost.
  { name: 'throws a 4 MB message', source: `let s = 'm'\nfor (let i = 0; i < 22; i++) s += s\nexport default () => { throw new Error(s) }`, fault: { kind: 'throw', round: 0, message: /^line 3, column \d+: Error: mmmm+\.\.\.$/ }, moves: 'DDDDDDDD' },
  { name: 'throws a 4 MB string', source: `let s = 'm'\nfor (let i = 0; i < 22; i++) s += s\nexport default () => { throw s }`, fault: { kind: 'throw', round: 0, message: /^mmmm+\.\.\.$/ }, moves: 'DDDDDDDD' },
  { name: 'throws a 4 MB message at the top level', source: `let s = 'm'\nfor (let i = 0; i < 22; i++) s += s\nthrow new Error(s)\nexport default () => 'C'`, fault: { kind: 'setup', round: -1, message: /^line 3, column \d+: Error: mmmm+\.\.\.$/ }, moves: 'DDDDDDDD' },
  { name: 'throws its own out-of-memory error', source: `export default (v) => { if (v.round === 1) throw new InternalError('out of memory'); return 'C' }`, fault: { kind: 'throw', round: 1, message: /InternalError: out of memory/ }, moves: 'CDCCCCCC' },
  { name: 'asks for more memory than the cap at once and catches the error', source: `export default () => { try { 'x'.repeat(2 ** 29) } catch (e) {} return 'C' }`, fault: { kind: 'memory', round: 0 }, moves: 'DDDDDDDD' },
  // Kinder errors for newcomers.
  { name: 'an async move', source: `export default async function move(v) { return 'C' }`, fault: { kind: 'invalid-move', round: 0, message: /returned a Promise: moves must be synchronous/ }, moves: 'DDDDDDDD' },
  { name: 'CommonJS module.exports', source: `module.exports = function move(v) { return 'C' }`, fault: { kind: 'setup', round: -1, message: /^line 1, column \d+: ReferenceError: 'module' is not defined \(.*export default function move/ } },
  { name: 'require at the top level', source: `const fs = require('fs')\nexport default () => 'C'`, fault: { kind: 'setup', round: -1, message: /'require' is not defined \(there is no require/ } },
  { name: 'require inside a move', source: `export default () => require('fs') ? 'C' : 'D'`, fault: { kind: 'throw', round: 0, message: /^line 1, column \d+: ReferenceError: 'require' is not defined \(there is no require/ } },
  { name: 'TypeScript annotations', source: `export default function move(view: { round: number }): string {\n  return 'C'\n}`, fault: { kind: 'setup', round: -1, message: /^line 1, column \d+: SyntaxError: .*not TypeScript/ } },
  { name: 'an error thrown in a move names its line and column', source: `export default function move(v) {\n  if (v.round === 2) {\n    throw new RangeError('no')\n  }\n  return 'C'\n}`, fault: { kind: 'throw', round: 2, message: /^line 3, column 25: RangeError: no$/ }, moves: 'CCDCCCCC' },
  { name: 'old Mac line endings', source: `// one\r// two\rexport default function move(v) {\r  return v.round ? 'C' :\r}`, fault: { kind: 'setup', round: -1, message: /^line 5, column 1: SyntaxError/ } },
  { name: 'Windows line endings', source: `// one\r\n// two\r\nexport default (v) => { throw new Error('x') }`, fault: { kind: 'throw', round: 0, message: /^line 3, column \d+: Error: x$/ } },
  { name: 'a byte-order mark does not count towards the size limit', source: `\ufeff// ${'x'.repeat(64 * 1024 - 37)}\nexport default () => 'C'`, fault: null, moves: 'CCCCCCCC' },
  { name: 'control characters in a message', source: `export default () => { throw new Error('a\\u001b[31mred\\u0085\\u202eevil\\n') }`, fault: { kind: 'throw', round: 0, message: /^line 1, column \d+: Error: a\\u\{001B\}\[31mred\\u\{0085\}\\u\{202E\}evil $/ } },
  { name: 'a separator character in a set-up error', source: `throw new Error('a\\u0001b')\nexport default () => 'C'`, fault: { kind: 'setup', round: -1, message: /^line 1, column \d+: Error: a\\u\{0001\}b$|^line 1, column \d+: Error: a b$/ } },
  { name: 'a separator character in a move error', source: `export default () => { throw new Error('\\u0001\\u0001') }`, fault: { kind: 'throw', round: 0, message: /Error: / }, moves: 'DDDDDDDD' },
  // The hints for newcomers look at the line an error names, never scan the whole source.
  { name: 'a syntax error after 60,000 line breaks', source: `${'\n'.repeat(60000)})`, fault: { kind: 'setup', round: -1, message: /^line 60001, column 1: SyntaxError/ } },
  { name: 'a syntax error in a 60,000-character line', source: `)): a${' '.repeat(60000)}`, fault: { kind: 'setup', round: -1, message: /SyntaxError/ } },
  // A legal strategy that would cost the host seconds per match: stopped at the move's budget, in units an author knows.
  { name: 'parsing 200 KB of JSON every move', source: `let t = '{"a":[1,2,3],"b":"xyz"},'\nfor (let i = 0; i < 13; i++) t += t\nconst text = '[' + t.slice(0, -1) + ']'\nexport default () => (JSON.parse(text).length > 0 ? 'C' : 'D')`, fault: { kind: 'cpu-budget', round: 0, message: /ran far past the move's budget \(about [\d,]+ iterations of a simple loop\)/ }, moves: 'DDDDDDDD' },
  { name: 'a method named async is not an async move', source: `export default ({ async(v) { return { then: 1 } } }).async`, fault: { kind: 'invalid-move', round: 0, message: /returned an object/ } },
  { name: 'an async arrow move', source: `export default async (v) => 'C'`, fault: { kind: 'invalid-move', round: 0, message: /returned a Promise/ } },
  // A slow move in plain JavaScript is a clean move-budget fault, however much work each loop iteration does.
  { name: 'a loop that does much work per iteration', source: `const o = {}\nexport default (v) => { if (v.round === 1) for (let i = 0; ; i++) { o['k' + (i % 500)] = i; delete o['k' + ((i + 250) % 500)] } return 'C' }`, fault: { kind: 'move-budget', round: 1 }, moves: 'CDCCCCCC' },
  { name: 'a built-in call on the history in a loop', source: `export default (v) => { if (v.round === 5) for (;;) v.their.join('').indexOf('DDDDDDDDDDDD'); return 'C' }`, fault: { kind: 'move-budget', round: 5 }, moves: 'CCCCCDCC' },
  { name: 'a forged SyntaxError naming a far line, every move', source: `${'\n'.repeat(60000)}export default () => { throw { name: 'SyntaxError', message: 'x: number', stack: 'strategy.js:59999:1' } }`, fault: { kind: 'throw', round: 0, message: /^line 59999, column 1: SyntaxError: x: number$/ }, moves: 'DDDDDDDD' },
  { name: 'freezes its own history', source: `export default (v) => { Object.freeze(v.my); return 'C' }`, fault: { kind: 'throw', round: 1, message: /tampered/ } },
]

const RULES = { turns: 8 }

describe('hostile strategies', () => {
  let warm: SandboxRunner
  let cold: SandboxRunner
  let reference: MatchResult

  beforeAll(async () => {
    warm = await createNodeRunner()
    cold = await createNodeRunner({ reuseContexts: false })
    reference = await playMatch(cold, TIT_FOR_TAT, ALTERNATOR, { rules: RULES, seed: 99 })
  })
  afterAll(() => {
    warm.dispose()
    cold.dispose()
  })

  for (const c of cases) {
    it(c.name, async () => {
      const hostile = strategy('hostile', c.source)
      const first = await playMatch(warm, hostile, TIT_FOR_TAT, { rules: RULES, seed: 7 })
      if (process.env.DEBUG_HOSTILE) console.log(JSON.stringify(first))
      if (c.fault === null) {
        expect(first.faults[0]).toEqual([])
      } else {
        expect(first.faults[0][0]).toMatchObject({ kind: c.fault.kind, round: c.fault.round })
        if (c.fault.message) expect(first.faults[0][0]!.message).toMatch(c.fault.message)
        expect(first.faults[0][0]!.message.length).toBeLessThanOrEqual(300)
      }
      if (c.moves) expect(first.moves[0]).toBe(c.moves)
      // The other player is untouched: Tit for Tat answered exactly what it saw.
      expect(first.faults[1]).toEqual([])
      expect(first.moves[1]).toBe(titForTatAgainst(first.moves[0]))
      // Reproducible: again in the warm sandbox, and in fresh runtimes.
      const again = await playMatch(warm, hostile, TIT_FOR_TAT, { rules: RULES, seed: 7 })
      const fresh = await playMatch(cold, hostile, TIT_FOR_TAT, { rules: RULES, seed: 7 })
      expect(JSON.stringify(again)).toBe(JSON.stringify(first))
      expect(JSON.stringify(fresh)).toBe(JSON.stringify(first))
      // With the hostile strategy as player B too.
      const swapped = await playMatch(warm, TIT_FOR_TAT, hostile, { rules: RULES, seed: 7 })
      expect(swapped.moves[1]).toBe(first.moves[0])
      expect(swapped.faults[0]).toEqual([])
      // The platform is unharmed: a normal match afterwards is exact.
      const after = await playMatch(warm, TIT_FOR_TAT, ALTERNATOR, { rules: RULES, seed: 99 })
      expect(after).toEqual(reference)
    })
  }

  it('cannot carry state from one match to the next', async () => {
    const counter = strategy(
      'counter',
      `let calls = 0
      let bag
      try { bag = Symbol.for('arena.bag') } catch (e) {}
      export default () => { calls++; return calls > 3 ? 'D' : 'C' }`,
    )
    const prototypeSpy = strategy(
      'spy',
      `let seen = 'fresh'
      try { seen = Object.getOwnPropertyNames(Object.prototype).join() + Object.getOwnPropertyNames(globalThis).length } catch (e) {}
      try { Object.defineProperty(Array.prototype, 'mark', { value: 1 }) } catch (e) {}
      export default () => (seen.length % 2 ? 'C' : 'D')`,
    )
    const results: string[] = []
    for (let i = 0; i < 3; i++) {
      results.push(JSON.stringify(await playMatch(warm, counter, prototypeSpy, { rules: RULES, seed: 5 })))
    }
    expect(results[0]).toContain('CCCDDDDD')
    expect(new Set(results).size).toBe(1)
    expect(results[0]).toBe(JSON.stringify(await playMatch(cold, counter, prototypeSpy, { rules: RULES, seed: 5 })))
  })

  it('cannot keep state on an intrinsic nothing had reached yet, or patch it for a later strategy (Iterator.concat)', async () => {
    const leak = strategy(
      'leak',
      `let seen = 0
      try {
        const proto = Object.getPrototypeOf(Iterator.concat([]))
        seen = proto.count = (proto.count || 0) + 1
        proto.next = function () { return { done: false, value: 'D' } }
      } catch (e) {}
      export default () => (seen > 1 ? 'D' : 'C')`,
    )
    const reader = strategy('reader', "export default (v) => { let d = 0; for (const m of Iterator.concat(v.their)) if (m === 'D') d++; return d > 0 ? 'D' : 'C' }")
    const results: string[] = []
    for (let i = 0; i < 3; i++) results.push(JSON.stringify(await playMatch(warm, leak, reader, { rules: RULES, seed: 5 })))
    expect(new Set(results).size).toBe(1)
    expect(results[0]).toBe(JSON.stringify(await playMatch(cold, leak, reader, { rules: RULES, seed: 5 })))
    expect(JSON.parse(results[0]!).moves).toEqual(['CCCCCCCC', 'CCCCCCCC'])
    // An innocent strategy after it reads its history as it really is.
    const after = await playMatch(warm, reader, ALTERNATOR, { rules: RULES, seed: 5 })
    expect(after).toEqual(await playMatch(cold, reader, ALTERNATOR, { rules: RULES, seed: 5 }))
    expect(after.moves[0]).toBe('CCDDDDDD')
  })

  it('states budgets in loop iterations: a 40,000-iteration loop every move is retired by the match budget', async () => {
    const busy = strategy('busy', "export default () => { let x = 0; for (let i = 0; i < 40000; i++) x += i; return 'C' }")
    const result = await playMatch(warm, busy, TIT_FOR_TAT, { rules: { turns: 200 }, seed: 1 })
    expect(result.faults[0]).toHaveLength(1)
    expect(result.faults[0][0]).toMatchObject({ kind: 'match-budget' })
    expect(result.faults[0][0]!.message).toMatch(/about 300,000 iterations of a simple loop per 200 rounds/)
    expect(result.faults[0][0]!.message).not.toMatch(/gas/)
    const round = result.faults[0][0]!.round
    expect(round).toBeGreaterThan(3)
    expect(round).toBeLessThan(12)
    expect(result).toEqual(await playMatch(cold, busy, TIT_FOR_TAT, { rules: { turns: 200 }, seed: 1 }))
  })

  it('retires a strategy that scans its whole history every move before a long match costs the host too much, and says what to do', async () => {
    const scanner = strategy('scanner', "export default (v) => (v.their.filter((m) => m === 'D').length > v.round / 2 ? 'D' : 'C')")
    const result = await playMatch(warm, scanner, TIT_FOR_TAT, { rules: { turns: 5000 }, seed: 1 })
    expect(result.faults[0]).toHaveLength(1)
    expect(result.faults[0][0]).toMatchObject({ kind: 'match-budget' })
    expect(result.faults[0][0]!.message).toMatch(/keep running counts instead of scanning the whole history/)
    // The budget grows with the rounds played: it ran far past round 200, and stopped well before the end.
    expect(result.faults[0][0]!.round).toBeGreaterThan(800)
    expect(result.faults[0][0]!.round).toBeLessThan(2000)
    // The same strategy keeping a running count plays all 5,000 rounds.
    const counter = strategy('counter', "let d = 0\nexport default (v) => { if (v.round > 0 && v.their[v.round - 1] === 'D') d++; return d > v.round / 2 ? 'D' : 'C' }")
    expect((await playMatch(warm, counter, TIT_FOR_TAT, { rules: { turns: 5000 }, seed: 1 })).faults[0]).toEqual([])
  })

  it('cannot read or reuse the module of an earlier match', async () => {
    const secret = strategy('secret', "// SECRET 42\nexport let plays = 0\nexport default () => { plays++; return 'C' }")
    const thief = strategy('thief', "import * as first from 'strategy.js'\nconst s = String(first.default) + first.plays\nexport default () => { throw new Error('stolen: ' + s) }")
    await playMatch(warm, secret, TIT_FOR_TAT, { rules: RULES, seed: 1 })
    const stolen = await playMatch(warm, thief, TIT_FOR_TAT, { rules: RULES, seed: 1 })
    expect(JSON.stringify(stolen)).not.toContain('SECRET')
    expect(stolen.faults[0][0]).toMatchObject({ kind: 'setup', round: -1 })
    expect(stolen).toEqual(await playMatch(cold, thief, TIT_FOR_TAT, { rules: RULES, seed: 1 }))
  })

  it('cannot change how later strategies see their history (hidden intrinsics are frozen too)', async () => {
    const saboteur = strategy(
      'saboteur',
      `let patched = 0
      for (const make of [() => [][Symbol.iterator](), () => new Map().entries(), () => new Set().values(), () => ''[Symbol.iterator](), () => (function* () {})(), () => [].values().map((x) => x)]) {
        try { const p = Object.getPrototypeOf(make()); p.next = () => ({ done: false, value: 'D' }); patched++ } catch (e) {}
        try { const p = Object.getPrototypeOf(Object.getPrototypeOf(make())); p.next = () => ({ done: false, value: 'D' }); patched++ } catch (e) {}
      }
      try { Object.getPrototypeOf(function* () {}).prototype.next = () => ({ done: true }); patched++ } catch (e) {}
      export default () => (patched > 0 ? 'D' : 'C')`,
    )
    const victim = strategy('victim', "export default (v) => { let d = 0; for (const m of v.their) if (m === 'D') d++; for (const [k] of new Map([[1, 2]])) d += k - 1; return d > 0 ? 'D' : 'C' }")
    const before = await playMatch(warm, victim, COOPERATOR, { rules: RULES, seed: 3 })
    const sabotage = await playMatch(warm, saboteur, COOPERATOR, { rules: RULES, seed: 3 })
    const after = await playMatch(warm, victim, COOPERATOR, { rules: RULES, seed: 3 })
    expect(sabotage.moves[0]).toBe('CCCCCCCC')
    expect(before.moves[0]).toBe('CCCCCCCC')
    expect(after).toEqual(before)
  })

  it('gets the same gas warm and fresh whatever an earlier match left in memory (no collection during a match)', async () => {
    const tight = await createNodeRunner()
    const fresh = await createNodeRunner({ reuseContexts: false })
    const hoarder = strategy('hoarder', "const keep = 'ab,'.repeat(120000).split(',')\nexport default () => 'C'")
    const churner = strategy('churner', "const big = Array(300000).fill(0)\nexport default () => { for (let i = 0; i < 18000; i++) { const o = {}; o.self = o } return 'C' }")
    await playMatch(tight, hoarder, TIT_FOR_TAT, { rules: RULES, seed: 3 })
    const warmResult = await playMatch(tight, churner, TIT_FOR_TAT, { rules: RULES, seed: 3 })
    const freshResult = await playMatch(fresh, churner, TIT_FOR_TAT, { rules: RULES, seed: 3 })
    expect(warmResult).toEqual(freshResult)
    tight.dispose()
    fresh.dispose()
  })

  it('exhausting the match budget retires the strategy for the rest of the match', async () => {
    // About 600,000 gas a move against a 2.5M-gas match budget: stopped in the fourth move.
    const tight = await createNodeRunner({ limits: { moveGas: 1_000_000, matchGas: 2_500_000 } })
    const slow = strategy('slow', `export default () => { let x = 0; for (let i = 0; i < 15000; i++) x += i; return 'C' }`)
    const result = await playMatch(tight, slow, TIT_FOR_TAT, { rules: RULES, seed: 1 })
    expect(result.faults[0]).toHaveLength(1)
    expect(result.faults[0][0]!.kind).toBe('match-budget')
    const round = result.faults[0][0]!.round
    expect(round).toBeGreaterThan(0)
    expect(result.moves[0]).toBe('C'.repeat(round) + 'D'.repeat(8 - round))
    expect(result.moves[1]).toBe(titForTatAgainst(result.moves[0]))
    const replay = await playMatch(tight, slow, TIT_FOR_TAT, { rules: RULES, seed: 1 })
    expect(replay).toEqual(result)
    tight.dispose()
  })

  it('refuses to play two matches at once on one runner', async () => {
    const first = playMatch(warm, TIT_FOR_TAT, ALTERNATOR, { rules: RULES, seed: 1 })
    await expect(playMatch(warm, TIT_FOR_TAT, ALTERNATOR, { rules: RULES, seed: 1 })).rejects.toThrow(/one match at a time/)
    expect((await first).moves[0]).toBe('CCDCDCDC')
  })

  it('Math.random and view.random are one deterministic stream per match', async () => {
    const sampler = strategy('sampler', `export default (v) => ((v.round % 2 ? Math.random() : v.random()) < 0.5 ? 'C' : 'D')`)
    const a = await playMatch(warm, sampler, sampler, { rules: { turns: 64 }, seed: 11 })
    const b = await playMatch(cold, sampler, sampler, { rules: { turns: 64 }, seed: 11 })
    const c = await playMatch(warm, sampler, sampler, { rules: { turns: 64 }, seed: 12 })
    expect(a).toEqual(b)
    expect(a.usedRandom).toEqual([true, true])
    // The stream is mulberry32 seeded from the match seed, the same algorithm as the engine's.
    const next = mulberry32(deriveSeed(11, 'A'))
    let expected = ''
    for (let r = 0; r < 64; r++) expected += next() < 0.5 ? 'C' : 'D'
    expect(a.moves[0]).toBe(expected)
    expect(a.moves[0]).not.toBe(a.moves[1])
    expect(c.moves).not.toEqual(a.moves)
  })
})
