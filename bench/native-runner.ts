/**
 * A MatchRunner that runs strategy sources natively in V8, with no sandbox:
 * the floor that `npm run bench` compares the QuickJS sandbox against.
 *
 * TRUSTED CODE ONLY. This exists for the built-in classics in the benchmark
 * (and the test that checks it against the sandbox). The strategy code runs
 * in the host process with full access to it: there are no step budgets, no
 * memory cap and no lockdown. Untrusted code only ever runs in sandbox/.
 *
 * Apart from the missing limits it behaves like sandbox/runner.ts +
 * sandbox/prelude.ts, so that for the classics both give byte-identical
 * results (test/bench-native.test.ts checks whole tournaments):
 *
 *  - fresh module state per match and per side: each source is compiled once
 *    into a factory (a `new Function` whose body is the module with its
 *    `export default` turned into a `return`), and the factory is called
 *    once per side per match;
 *  - the view is built like the prelude's begin()/step(): one mutable object
 *    per side and match with round, my, their (the same arrays, appended to
 *    each round), myScore, theirScore, rules (frozen), opponent (a
 *    deep-frozen JSON copy, or null) and random;
 *  - random is mulberry32 seeded with setup.seeds[side] (the same algorithm
 *    and call order as the prelude), and the module's `Math.random` is that
 *    same function: the factory receives its own `Math` (an object inheriting
 *    from the host's Math), the host's Math is never touched. The stream is
 *    created before the module is evaluated, so top-level draws count too;
 *  - faults: a throw from the move function is a 'throw' fault, anything but
 *    'C' / 'D' an 'invalid-move' fault (same messages as the prelude), and
 *    the move counts as D. A module that fails to load (throws, or has no
 *    default-exported function) is a 'setup' fault and plays D throughout.
 *
 * Known differences, irrelevant to the classics: no 'move-budget' /
 * 'match-budget' / 'memory' faults (a runaway strategy hangs the process),
 * V8's error messages are not QuickJS's, fault messages carry no
 * line/column, the host's globals are neither frozen nor hidden, and the
 * module is evaluated as a function body (sloppy ASI corner cases aside,
 * only `export default` is supported, and named `export function` / `const`
 * / `let` declarations, which stay in the module but are not read: no
 * other import/export), and there is no cheap talk (`announce` is never called).
 */
import { MAX_RECORDED_FAULTS, type MatchRunner, type MatchSetup, type PlayedSide } from '../src/engine/match-runner'
import type { Fault, OpponentInfo, Rules, StrategySource } from '../src/engine/types'
import { faults } from '../sandbox/faults'
import { ASYNC_FUNCTION, MAX_FIELD, SEPARATOR } from '../sandbox/prelude'

/** Evaluates the module once with the given Math; returns its default export. */
type ModuleFactory = (math: Math) => unknown

type Compiled = { factory: ModuleFactory; error: null } | { factory: null; error: Fault }


/** Turn an ES module source (one `export default`, nothing else imported or exported) into a function body. */
export function moduleBody(module: string): string {
  // Named exports (announce for cheap talk) become plain declarations: this runner plays no cheap talk.
  const source = module.replace(/^([ \t]*)export\s+(?=(?:async\s+)?function\b|const\b|let\b)/gm, '$1')
  const defaults = source.match(/\bexport\s+default\b/g) ?? []
  if (defaults.length !== 1) throw new SyntaxError('the native runner needs exactly one `export default`')
  if (/^\s*(import\s|export\s+(?!default\b))/m.test(source)) {
    throw new SyntaxError('the native runner supports no import/export other than `export default`')
  }
  // A named function declaration stays a (hoisted) declaration, as in a module.
  const named = /\bexport\s+default\s+((?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)\s*\()/.exec(source)
  if (named) {
    const body = source.slice(0, named.index) + named[1] + source.slice(named.index + named[0].length)
    return `'use strict';\n${body}\n;return ${named[2]}\n`
  }
  const body = source.replace(/\bexport\s+default\s+/, '__arena_default = ')
  return `'use strict';\nlet __arena_default;\n${body}\n;return __arena_default\n`
}

/** mulberry32 exactly as in sandbox/prelude.ts (and src/engine/prng.ts), with usedRandom tracking. */
function randomStream(seed: number): { random: () => number; used: () => boolean } {
  let state = seed | 0
  let used = false
  const random = function random(): number {
    used = true
    state = (state + 0x6d2b79f5) | 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return { random, used: () => used }
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    Object.freeze(v)
    for (const key of Reflect.ownKeys(v)) deepFreeze((v as Record<PropertyKey, unknown>)[key])
  }
  return v
}

// The prelude's descriptions of thrown and returned values, as fields of a fault record: the
// wording is the sandbox's own (sandbox/faults.ts). V8 knows nothing of QuickJS's positions, so
// records carry none.
const field = (text: unknown) => {
  const s = String(text)
  return (s.length > MAX_FIELD ? s.slice(0, MAX_FIELD - 3) + '...' : s).split(SEPARATOR).join(' ')
}
function thrown(e: unknown): string {
  try {
    if (typeof e === 'object' && e !== null) {
      const o = e as { name?: unknown; message?: unknown }
      return field(o.name) + SEPARATOR + field(o.message)
    }
    if (typeof e === 'symbol') return 'symbol' + SEPARATOR
    return SEPARATOR + field(e)
  } catch {
    return 'undescribable' + SEPARATOR
  }
}
function returned(r: unknown, isAsync: boolean): string {
  if (r === null) return 'null' + SEPARATOR
  const t = typeof r
  if (t === 'object' && isAsync) return 'promise' + SEPARATOR
  if (t === 'string') return 'string' + SEPARATOR + (r as string).slice(0, 21).split(SEPARATOR).join(' ')
  if (t === 'object' || t === 'function' || t === 'symbol' || t === 'undefined') return t + SEPARATOR
  return t + SEPARATOR + field(r)
}
function fault(kind: string, round: number, what: string): Fault {
  return faults.fromRecord([kind, round, '', '', what].join(SEPARATOR), '')!
}

interface View {
  round: number
  my: string[]
  their: string[]
  myScore: number
  theirScore: number
  rules: Rules
  opponent: OpponentInfo | null
  random: () => number
}

/** One side of one match: the prelude's per-match state and step(). */
class NativePlayer {
  private move: ((view: View) => unknown) | null = null
  private isAsync = false
  private readonly stream: ReturnType<typeof randomStream>
  private readonly my: string[] = []
  private readonly their: string[] = []
  private round = 0
  private myScore = 0
  private theirScore = 0
  private readonly pay: number[]
  private readonly view: View
  /** Recorded faults (the first MAX_RECORDED_FAULTS) and the full count. */
  readonly faults: Fault[] = []
  faultCount = 0
  /** Set when the module could not be loaded: the side plays D throughout. */
  readonly setupFault: Fault | null = null

  constructor(compiled: Compiled, setup: MatchSetup, side: 0 | 1) {
    const { R, S, T, P } = setup.rules.payoffs
    this.pay = [R, R, S, T, T, S, P, P]
    this.stream = randomStream(setup.seeds[side] >>> 0)
    const opponent = setup.opponents[side]
    const rules = setup.rules
    this.view = {
      round: 0,
      my: this.my,
      their: this.their,
      myScore: 0,
      theirScore: 0,
      rules: Object.freeze({
        payoffs: Object.freeze({ R, S, T, P }),
        turns: rules.turns,
        continuation: rules.continuation,
        noise: rules.noise,
        referee: rules.referee === null ? null : Object.freeze({ ...rules.referee }),
        align: rules.align,
        cheapTalk: rules.cheapTalk,
      }),
      opponent: opponent === null ? null : deepFreeze(JSON.parse(JSON.stringify(opponent)) as OpponentInfo),
      random: this.stream.random,
    }
    if (compiled.factory === null) {
      this.setupFault = compiled.error
      return
    }
    let fn: unknown
    try {
      const math = Object.create(Math, { random: { value: this.stream.random } }) as Math
      fn = compiled.factory(math)
    } catch (e) {
      this.setupFault = fault('setup', -1, thrown(e))
      return
    }
    if (typeof fn !== 'function') {
      this.setupFault = faults.noDefaultExport()
      return
    }
    this.move = fn as (view: View) => unknown
    this.isAsync = ASYNC_FUNCTION.test(Function.prototype.toString.call(fn))
  }

  get usedRandom(): boolean {
    return this.stream.used()
  }

  private record(kind: string, what: string, round: number): void {
    this.faultCount++
    if (this.faults.length < MAX_RECORDED_FAULTS) this.faults.push(fault(kind, round, what))
  }

  /** The prelude's step(code): code is -1 in round 0, else (myLast << 1) | theirLast. Returns 0 (C) or 1 (D). */
  step(code: number): number {
    const move = this.move
    if (move === null) return 1
    const view = this.view
    try {
      if (code >= 0) {
        this.my[this.round] = code & 2 ? 'D' : 'C'
        this.their[this.round] = code & 1 ? 'D' : 'C'
        this.myScore += this.pay[code * 2]!
        this.theirScore += this.pay[code * 2 + 1]!
        this.round++
      }
      view.round = this.round
      view.my = this.my
      view.their = this.their
      view.myScore = this.myScore
      view.theirScore = this.theirScore
    } catch (e) {
      this.record('tampered', thrown(e), code >= 0 ? this.round + 1 : this.round)
      return 1
    }
    let r: unknown
    try {
      r = move(view)
    } catch (e) {
      this.record('throw', thrown(e), this.round)
      return 1
    }
    if (r === 'C') return 0
    if (r === 'D') return 1
    this.record('invalid-move', returned(r, this.isAsync), this.round)
    return 1
  }

  side(moves: string): PlayedSide {
    const all = this.setupFault ? [this.setupFault, ...this.faults] : this.faults
    return {
      moves,
      faults: all.slice(0, MAX_RECORDED_FAULTS),
      faultCount: this.faultCount + (this.setupFault ? 1 : 0),
      usedRandom: this.stream.used(),
    }
  }
}

export class NativeRunner implements MatchRunner {
  private readonly compiled = new Map<string, Compiled>()
  /** Matches played (for the benchmark's bookkeeping). */
  matchesPlayed = 0

  /** Compile a source into a module factory, once per distinct source. */
  private compile(source: string): Compiled {
    let c = this.compiled.get(source)
    if (c === undefined) {
      try {
        // eslint-disable-next-line no-new-func -- trusted classics only, see the header.
        c = { factory: new Function('Math', moduleBody(source)) as ModuleFactory, error: null }
      } catch (e) {
        c = { factory: null, error: fault('setup', -1, thrown(e)) }
      }
      this.compiled.set(source, c)
    }
    return c
  }

  async play(a: StrategySource, b: StrategySource, setup: MatchSetup): Promise<[PlayedSide, PlayedSide]> {
    return this.playSync(a, b, setup)
  }

  /** The same as play(), without the promise (for timing loops). */
  playSync(a: StrategySource, b: StrategySource, setup: MatchSetup): [PlayedSide, PlayedSide] {
    this.matchesPlayed++
    // Side A's module is evaluated before side B's, as in the sandbox.
    const pa = new NativePlayer(this.compile(a.source), setup, 0)
    const pb = new NativePlayer(this.compile(b.source), setup, 1)
    const rounds = setup.rounds
    const [flipA, flipB] = setup.flips
    let movesA = ''
    let movesB = ''
    let lastA = 0
    let lastB = 0
    for (let r = 0; r < rounds; r++) {
      const codeA = r === 0 ? -1 : (lastA << 1) | lastB
      const codeB = r === 0 ? -1 : (lastB << 1) | lastA
      let ma = pa.step(codeA)
      let mb = pb.step(codeB)
      if (flipA && flipA[r]) ma ^= 1
      if (flipB && flipB[r]) mb ^= 1
      movesA += ma ? 'D' : 'C'
      movesB += mb ? 'D' : 'C'
      lastA = ma
      lastB = mb
    }
    return [pa.side(movesA), pb.side(movesB)]
  }
}
