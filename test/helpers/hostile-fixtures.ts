/**
 * Hostile strategies for property tests and the worst-case bench: each is a
 * valid module that plays 'C'/'D' while attacking the sandbox in one way.
 * Every fixture is deterministic given its match seed (randomness only from
 * view.random / Math.random), so a match between two of them replays alone
 * identically in brand-new sandboxes, unless the sandbox leaks state between
 * matches or its limits depend on history.
 *
 * Order matters in a tournament (players are paired in list order and each
 * runner slot keeps a warm context): the leakers come first, each victim right
 * after the leaker that targets it, and the budget and memory fixtures (whose
 * sides are replayed in brand-new instances, wiping a slot) last.
 */
import type { StrategySource } from '../../src/engine/types'
import { strategy } from './sandbox'

/** Tit for Tat's move, as a source expression over `v`. */
const TFT = "(v.round === 0 ? 'C' : v.their[v.round - 1])"

export const HOSTILE_FIXTURES: StrategySource[] = [
  // Leaks a match counter through the prototype of Iterator.concat's iterators (a newer intrinsic the lockdown may miss).
  strategy(
    'leak-concat-counter',
    `let n = 0
try { const p = Object.getPrototypeOf(Iterator.concat([])); n = p.arenaMatches = (p.arenaMatches | 0) + 1 } catch (e) {}
export default function move(v) { return n > 1 ? 'D' : ${TFT} }`,
  ),
  // Patches next() of Iterator.concat's iterators so that later strategies in the same context see an empty history.
  strategy(
    'leak-concat-next',
    `try { Object.getPrototypeOf(Iterator.concat([])).next = function () { return { done: true, value: undefined } } } catch (e) {}
export default function move(v) { return ${TFT} }`,
  ),
  // Victim: a grudger that reads its history through Iterator.concat, so a patched next() changes its moves.
  // (It reads to the end: leaving a concat iterator early throws "not a function" in this QuickJS.)
  strategy(
    'victim-concat',
    `export default function move(v) {
  let d = 0
  for (const m of Iterator.concat(v.their, [])) if (m === 'D') d++
  return d > 0 ? 'D' : 'C'
}`,
  ),
  // Leaks counters through every intrinsic it can reach: Object/Array/iterator/generator prototypes, Symbol.for, globalThis.
  strategy(
    'leak-intrinsics',
    `let most = 0
const bump = (o) => { try { if (o && (typeof o === 'object' || typeof o === 'function')) { const k = Symbol.for('arena.leak'); o[k] = (o[k] | 0) + 1; most = Math.max(most, o[k]) } } catch (e) {} }
const makers = [() => globalThis, () => ({}), () => [], () => [][Symbol.iterator](), () => new Map().entries(), () => new Set().values(),
  () => ''[Symbol.iterator](), () => /a/g[Symbol.matchAll](''), () => [].values().map((x) => x), () => Iterator.from({ next() { return { done: true } } }),
  () => (function* () {})(), () => (async function* () {})(), () => Promise.resolve(), () => new Error('x'), () => Symbol.for('arena.leak'),
  () => (function () { return arguments })(), () => Iterator.zip && Iterator.zip([]), () => function () {}, () => async () => {}]
for (const make of makers) { try { for (let o = make(), d = 0; o != null && d < 6; o = Object.getPrototypeOf(o), d++) bump(o) } catch (e) {} }
try { globalThis.arenaLeak = (globalThis.arenaLeak | 0) + 1; most = Math.max(most, globalThis.arenaLeak) } catch (e) {}
export default function move(v) { return most > 1 ? 'D' : ${TFT} }`,
  ),
  // Victim: tit for two tats reading its history through for-of, spread, Array.from, entries() and a Map.
  strategy(
    'victim-iterators',
    `export default function move(v) {
  const seen = [...v.their].slice(-2)
  let d = 0
  for (const m of seen) if (m === 'D') d++
  for (const [, m] of Array.from(v.their.entries()).slice(-2)) if (m === 'D') d++
  for (const [, m] of new Map([[0, v.their[v.round - 1]]])) if (m === 'D') d++
  return d >= 5 ? 'D' : 'C'
}`,
  ),
  // Reads view.opponent (identities shared by the tournament, reputation and its own history) and the rules, and draws from both random streams.
  strategy(
    'opponent-random',
    `export default function move(v) {
  const rep = v.opponent && v.opponent.reputation ? v.opponent.reputation.rank : 0
  const met = v.opponent && v.opponent.history ? v.opponent.history.matches : 0
  const p = ((rep + met) % 3) / 4 + (v.round % 2 ? Math.random() : v.random()) / 2
  return p < 0.5 ? 'C' : 'D'
}`,
  ),
  // An async move function: every move returns a Promise (invalid move) and leaves a job queued.
  strategy('async-move', `export default async function move(v) { await null; return 'C' }`),
  // Throws a 4 MB message in round 1 of about a third of its matches (the message must be clipped before it is described).
  strategy('throws-4mb', `let s = 'x'\nfor (let i = 0; i < 22; i++) s += s\nexport default function move(v) { if (v.round === 1 && v.random() < 0.3) throw new Error(s); return ${TFT} }`),
  // Throws a forged out-of-memory error, to be mistaken for the memory-fault path.
  strategy('fake-oom', `export default function move(v) { if (v.round === 2) throw new InternalError('out of memory'); return ${TFT} }`),
  // Deep recursion every move: recurses until the stack overflows, catches it, and plays on the depth reached.
  strategy(
    'deep-recursion',
    `function depth(n) { try { return depth(n + 1) } catch (e) { return n } }
export default function move(v) { return depth(0) % 2 ? 'C' : ${TFT} }`,
  ),
  // Steady work near (but under) the move budget: a ~40,000-iteration loop every move.
  strategy(
    'busy-40k',
    `export default function move(v) { let x = 0; for (let i = 0; i < 40000; i++) x = (x + i * 7) % 1009; return x % 2 ? 'C' : ${TFT} }`,
  ),
  // Parses a big JSON text every move (work inside a built-in, counted by the gas meter).
  strategy(
    'json-parse',
    `const text = JSON.stringify(Array.from({ length: 1000 }, (_, i) => ({ i, s: 'v' + i })))
export default function move(v) { return JSON.parse(text).length === 1000 ? ${TFT} : 'D' }`,
  ),
  // An infinite loop in round 3 only: a move-budget fault, then normal play.
  strategy('loop-round-3', `export default function move(v) { if (v.round === 3) for (;;) {} return ${TFT} }`),
  // Heavy work inside built-ins: in round 2 of about a third of its matches, scans a 4 MB string in a loop until the gas meter stops it.
  strategy(
    'builtin-heavy',
    `export default function move(v) {
  if (v.round === 2 && v.random() < 0.3) { const s = 'x'.repeat(1 << 22); for (;;) s.indexOf('y') }
  return ${TFT}
}`,
  ),
  // Allocates ~20 MB at the top level in about a third of its matches (past the cap: a memory fault at set-up), else plays from a small hoard.
  strategy(
    'top-level-hog',
    `const hoard = []
let s = 'abcdefgh'
for (let i = 0; i < 15; i++) s += s
const n = Math.random() < 0.3 ? 80 : 4
for (let i = 0; i < n; i++) hoard.push(s.slice(i) + i)
export default function move(v) { return hoard[v.round % n].endsWith(String(v.round % 5)) ? 'D' : ${TFT} }`,
  ),
  // Memory bomb: in round 1 of about a third of its matches, runs out of memory, catches it, frees and allocates again.
  strategy(
    'oom-catcher',
    `let hoard = []
let s = 'x'
for (let i = 0; i < 16; i++) s += s
export default function move(v) {
  if (v.round !== 1 || v.random() >= 0.3) return ${TFT}
  for (let k = 0; k < 2; k++) { try { for (;;) hoard.push(s.slice(hoard.length)) } catch (e) { hoard = [] } }
  return 'C'
}`,
  ),
]

/**
 * Fixtures for cheap talk (announce): each plays Tit for Tat, or what the
 * other side announced, while its announce attacks in one way. Budget and
 * memory fixtures last, as above.
 */
export const ANNOUNCE_FIXTURES: StrategySource[] = [
  // Tries to keep a count across matches through intrinsics, from announce.
  strategy(
    'announce-leak',
    `let n = 0
export function announce(v) {
  try { Array.prototype.arenaTalk = (Array.prototype.arenaTalk | 0) + 1 } catch (e) {}
  try { n = Object.getPrototypeOf(v.announcements.history.my).arenaTalk | 0 } catch (e) {}
  return n > 0 ? 'D' : 'C'
}
export default function move(v) { return ${TFT} }`,
  ),
  // Announces a random move, then plays what the other side announced (D when it announced nothing).
  strategy(
    'announce-random-listener',
    `export function announce(v) { return v.random() < 0.5 ? 'C' : 'D' }
export default function move(v) { return v.announcements !== null && v.announcements.their === 'C' ? 'C' : 'D' }`,
  ),
  // Lies: announces C and plays Tit for Tat; in round 2 it returns a Proxy instead.
  strategy(
    'announce-proxy',
    `export function announce(v) { return v.round === 2 ? new Proxy({}, { get() { for (;;) {} } }) : 'C' }
export default function move(v) { return ${TFT} }`,
  ),
  // An infinite loop in announce in round 3 only: a move-budget fault (no announcement), then normal play.
  strategy('announce-loop-round-3', `export function announce(v) { if (v.round === 3) for (;;) {} return ${TFT} }
export default function move(v) { return ${TFT} }`),
  // Memory bomb in announce: in round 1 of about a third of its matches (retired from then on).
  strategy(
    'announce-oom',
    `const hoard = []
let s = 'x'
for (let i = 0; i < 16; i++) s += s
export function announce(v) { if (v.round === 1 && v.random() < 0.3) for (;;) hoard.push(s.slice(hoard.length)); return 'C' }
export default function move(v) { return ${TFT} }`,
  ),
]
