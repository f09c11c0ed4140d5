/**
 * Strategies that cost the host as much CPU as a match allows, for
 * `npm run bench` section (e). Each repeats one expensive piece of work
 * (`unit`): at the top level as often as fits in the set-up budget
 * (`setupRepeats`, about 85% of it), then in every move as often as fits in
 * a move's budget (`moveRepeats`, about 90% of it; null: without end, until
 * the budget stops the move), so that it plays on until the match's budget
 * retires it, having used all of it.
 * Together they cover the kinds of work with the most host time per gas
 * found: built-ins over big data (join, JSON, indexOf), big-number maths,
 * regular-expression backtracking, sort comparators and locale comparison,
 * errors with stack traces, exceptions from recursion, a plain loop, and
 * the memory-fault path.
 *
 * setupRepeats are calibrated against DEFAULT_LIMITS (sandbox/limits.ts) and
 * the meter (scripts/meter-wasm.mjs); the bench prints the share of each
 * budget every strategy used, so a miscalibration shows: a set-up share far
 * below 85% understates the worst case, a set-up fault means too many.
 */
import type { StrategySource } from '../src/engine/types'

interface Worst {
  id: string
  /** Data the unit works on, made once at the top level. */
  prep: string
  /** One piece of expensive work. */
  unit: string
  setupRepeats: number
  moveRepeats: number | null
}

const WORST: Worst[] = [
  { id: 'join-burner', prep: "const a = new Array(10000).fill('ab')\nlet n = 0", unit: "n += a.join(',').length", setupRepeats: 11, moveRepeats: 7 },
  { id: 'json-parse-burner', prep: "const text = JSON.stringify(Array.from({ length: 300 }, (_, i) => ({ i, s: 'v' + i })))\nlet n = 0", unit: 'n += JSON.parse(text).length', setupRepeats: 13, moveRepeats: 10 },
  { id: 'tick-burner', prep: 'let x = 0', unit: 'x++', setupRepeats: 75000, moveRepeats: null },
  { id: 'recursion-burner', prep: 'function d(n) { try { return d(n + 1) } catch (e) { return n } }\nlet n = 0', unit: 'n += d(0)', setupRepeats: 3, moveRepeats: 2 },
  { id: 'bigint-tostring', prep: 'const x = 7n ** 5000n\nlet n = 0', unit: 'n += x.toString().length', setupRepeats: 3, moveRepeats: 2 },
  { id: 'bigint-divide', prep: 'const x = 7n ** 20000n\nlet n = 0n', unit: 'n += x / 1000000007n', setupRepeats: 300, moveRepeats: 280 },
  { id: 'regex-backtracking', prep: "const s = 'ab'.repeat(9) + '!'\nlet n = 0", unit: 'n += /^(a|b|ab)*$/.test(s) ? 1 : 0', setupRepeats: 45, moveRepeats: 28 },
  { id: 'sort-comparator', prep: 'const a = Array.from({ length: 500 }, (_, i) => (i * 7919) % 500)\nlet n = 0', unit: 'n += a.slice().sort((p, q) => q - p)[0]', setupRepeats: 13, moveRepeats: 9 },
  { id: 'locale-compare', prep: "const a = Array.from({ length: 300 }, (_, i) => 'k' + ((i * 7919) % 300))\nlet n = 0", unit: 'n += a.slice().sort((p, q) => p.localeCompare(q)).length', setupRepeats: 5, moveRepeats: 3 },
  { id: 'error-stacks', prep: "function f(k) { return k === 0 ? new Error('x') : f(k - 1) }\nlet n = 0", unit: 'n += f(100).stack.length', setupRepeats: 42, moveRepeats: 27 },
  { id: 'object-assign', prep: "const src = {}\nfor (let i = 0; i < 2000; i++) src['k' + i] = i\nlet n = 0", unit: 'n += Object.keys(Object.assign({}, src)).length', setupRepeats: 7, moveRepeats: 5 },
  // One call inside a built-in longer than a move's budget: the meter stops it mid-call, at the first move.
  { id: 'indexof-4mb', prep: "let s = 'x'\nfor (let i = 0; i < 22; i++) s += s\nlet n = 0", unit: "n += s.indexOf('y')", setupRepeats: 0, moveRepeats: null },
]

const worstSource = (w: Worst): string =>
  `${w.prep}
for (let i = 0; i < ${w.setupRepeats}; i++) ${w.unit}
export default function move(v) { ${w.moveRepeats === null ? `for (;;) ${w.unit}` : `for (let i = 0; i < ${w.moveRepeats}; i++) ${w.unit}\n  return 'C'`} }`

export const WORST_CASE: StrategySource[] = [
  ...WORST.map((w) => ({ id: w.id, name: w.id, source: worstSource(w) })),
  // The memory-fault path: fills the memory, catches "out of memory", frees everything and allocates again.
  {
    id: 'oom-catcher',
    name: 'oom-catcher',
    source: `let s = 'x'
for (let i = 0; i < 16; i++) s += s
let hoard = []
export default function move(v) { for (;;) { try { for (;;) hoard.push(s.slice(hoard.length)) } catch (e) { hoard = [] } } }`,
  },
  // A 4 MB error message every move: the sandbox must describe it for the cost of a short one.
  {
    id: 'throws-4mb',
    name: 'throws-4mb',
    source: `let s = 'x'
for (let i = 0; i < 22; i++) s += s
export default function move(v) { throw new Error(s) }`,
  },
]
