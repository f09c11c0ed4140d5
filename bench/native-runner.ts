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
 *    exports turned into a returned object), and the factory is called once
 *    per side per match;
 *  - the view is built like the prelude's begin()/step()/announce(): one
 *    mutable object per side and match with game, round, my, their (the
 *    same arrays, appended to each round), myScore, theirScore (running
 *    totals of the same round payoffs, sandbox/round-scores.ts), rules
 *    (frozen), opponent (a deep-frozen JSON copy, or null), announcements
 *    (with cheap talk) and random;
 *  - cheap talk: both sides announce (A then B), then both move, as in the
 *    sandbox; a fault in announce is worded as the sandbox words it;
 *  - random is mulberry32 seeded with setup.seeds[side] (the same algorithm
 *    and call order as the prelude), and the module's `Math.random` is that
 *    same function: the factory receives its own `Math` (an object inheriting
 *    from the host's Math), the host's Math is never touched. The stream is
 *    created before the module is evaluated, so top-level draws count too;
 *  - faults: a throw from the move function is a 'throw' fault, anything but
 *    'C' / 'D' an 'invalid-move' fault (same messages as the prelude), and
 *    the move counts as D. A module that fails to load (throws, has no
 *    default-exported function, or an announce export that is not a
 *    function) is a 'setup' fault and plays D throughout.
 *
 * Known differences, irrelevant to the classics: no 'move-budget' /
 * 'match-budget' / 'memory' faults (a runaway strategy hangs the process),
 * V8's error messages are not QuickJS's, fault messages carry no
 * line/column, the host's globals are neither frozen nor hidden, and the
 * module is evaluated as a function body (sloppy ASI corner cases aside,
 * only `export default` and `export function|const|let NAME` are supported:
 * no other import/export).
 */
import { MAX_RECORDED_FAULTS, type MatchRunner, type MatchSetup, type PlayedSide } from '../src/engine/match-runner'
import type { Fault, OpponentInfo, Rules, StrategySource } from '../src/engine/types'
import { faults } from '../sandbox/faults'
import { ANNOUNCED, ASYNC_FUNCTION, historyCode, MAX_FIELD, SEPARATOR, STEP, stepCode } from '../sandbox/prelude'
import { fineMasks, scoreTable } from '../sandbox/round-scores'
import { DEFAULT_LIMITS } from '../sandbox/limits'

/** What a module exports, as the native runner supports it. */
interface Exports {
  default: unknown
  [name: string]: unknown
}

/** Evaluates the module once with the given Math; returns its exports. */
type ModuleFactory = (math: Math) => Exports

type Compiled = { factory: ModuleFactory; error: null } | { factory: null; error: Fault }


const NAMED_EXPORT = /^export\s+(?:(function\s*\*?\s*)|(const|let)\s+)([A-Za-z_$][\w$]*)/gm

/**
 * Turn an ES module source (one `export default`, and named exports written
 * `export function NAME` or `export const|let NAME`, nothing imported) into a
 * function body that returns its exports.
 */
export function moduleBody(source: string): string {
  const defaults = source.match(/\bexport\s+default\b/g) ?? []
  if (defaults.length !== 1) throw new SyntaxError('the native runner needs exactly one `export default`')
  const names: string[] = []
  const unnamed = source.replace(NAMED_EXPORT, (_, fn: string | undefined, decl: string | undefined, name: string) => {
    names.push(name)
    return fn !== undefined ? `${fn}${name}` : `${decl} ${name}`
  })
  if (/^\s*(import\s|export\s+(?!default\b))/m.test(unnamed)) {
    throw new SyntaxError('the native runner supports no import/export other than `export default` and `export function|const|let NAME`')
  }
  const named = names.map((n) => `, ${JSON.stringify(n)}: ${n}`).join('')
  // A named function declaration stays a (hoisted) declaration, as in a module.
  const fn = /\bexport\s+default\s+((?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)\s*\()/.exec(unnamed)
  if (fn) {
    const body = unnamed.slice(0, fn.index) + fn[1] + unnamed.slice(fn.index + fn[0].length)
    return `'use strict';\n${body}\n;return { default: ${fn[2]}${named} }\n`
  }
  const body = unnamed.replace(/\bexport\s+default\s+/, '__arena_default = ')
  return `'use strict';\nlet __arena_default;\n${body}\n;return { default: __arena_default${named} }\n`
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

type Said = 'C' | 'D' | null

interface View {
  game: 'dilemma'
  round: number
  my: string[]
  their: string[]
  myScore: number
  theirScore: number
  rules: Rules
  opponent: OpponentInfo | null
  announcements: { my: Said; their: Said; history: { my: Said[]; their: Said[] } } | null
  random: () => number
}

/** An announcement in a step code (ANNOUNCED) as the view shows it. */
const HEARD: Said[] = [null, 'C', 'D']

/** One side of one match: the prelude's per-match state, step() and announce(). */
class NativePlayer {
  private move: ((view: View) => unknown) | null = null
  private isAsync = false
  private speak: ((view: View) => unknown) | null = null
  private speakIsAsync = false
  private readonly stream: ReturnType<typeof randomStream>
  private readonly talk: boolean
  private readonly my: string[] = []
  private readonly their: string[] = []
  private readonly saidMy: Said[] = []
  private readonly saidTheir: Said[] = []
  private nowMy: Said = null
  private nowTheir: Said = null
  private round = 0
  private myScore = 0
  private theirScore = 0
  private readonly scores: number[]
  private readonly view: View
  /** Recorded faults (the first MAX_RECORDED_FAULTS) and the full count. */
  readonly faults: Fault[] = []
  faultCount = 0
  /** Set when the module could not be loaded: the side plays D throughout. */
  readonly setupFault: Fault | null = null

  constructor(compiled: Compiled, setup: MatchSetup, side: 0 | 1) {
    const rules = setup.rules
    const { R, S, T, P } = rules.payoffs
    this.scores = scoreTable(rules, side)
    this.talk = rules.cheapTalk
    this.stream = randomStream(setup.seeds[side] >>> 0)
    const opponent = setup.opponents[side]
    this.view = {
      game: 'dilemma',
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
        referee: rules.referee === null ? null : Object.freeze({ fine: rules.referee.fine, detection: rules.referee.detection, fines: rules.referee.fines }),
        align: rules.align,
        cheapTalk: rules.cheapTalk,
      }),
      opponent: opponent === null ? null : deepFreeze(JSON.parse(JSON.stringify(opponent)) as OpponentInfo),
      announcements: null,
      random: this.stream.random,
    }
    if (compiled.factory === null) {
      this.setupFault = compiled.error
      return
    }
    let exports: Exports
    try {
      const math = Object.create(Math, { random: { value: this.stream.random } }) as Math
      exports = compiled.factory(math)
    } catch (e) {
      this.setupFault = fault('setup', -1, thrown(e))
      return
    }
    const fn = exports.default
    if (typeof fn !== 'function') {
      this.setupFault = faults.noDefaultExport()
      return
    }
    const speak = exports.announce
    if (speak !== undefined && typeof speak !== 'function') {
      this.setupFault = faults.announceNotFunction(speak === null ? 'null' : typeof speak)
      return
    }
    this.move = fn as (view: View) => unknown
    this.isAsync = ASYNC_FUNCTION.test(Function.prototype.toString.call(fn))
    if (typeof speak === 'function') {
      this.speak = speak as (view: View) => unknown
      this.speakIsAsync = ASYNC_FUNCTION.test(Function.prototype.toString.call(speak))
    }
  }

  get usedRandom(): boolean {
    return this.stream.used()
  }

  /** Whether it is asked for announcements (cheap talk, a loaded module that exports announce). */
  get announces(): boolean {
    return this.move !== null && this.speak !== null
  }

  private record(kind: string, what: string, round: number, call: 'move' | 'announce'): void {
    this.faultCount++
    if (this.faults.length >= MAX_RECORDED_FAULTS) return
    const f = faults.fromRecord([kind, round, '', '', what].join(SEPARATOR), '', call)!
    this.faults.push(call === 'announce' ? faults.inAnnounce(f, DEFAULT_LIMITS) : f)
  }

  /** The prelude's advance(): add the last round (history part h) to the player's own state. */
  private advance(h: number): number {
    if (h === STEP.NO_HISTORY) return -1
    const r = this.round
    this.round = r + 1
    this.myScore += this.scores[h * 2]!
    this.theirScore += this.scores[h * 2 + 1]!
    return r
  }

  /** The prelude's show(). */
  private show(r: number, h: number, saidMine: Said, saidTheirs: Said): void {
    const view = this.view
    if (r >= 0) {
      this.my[r] = h & 2 ? 'D' : 'C'
      this.their[r] = h & 1 ? 'D' : 'C'
      if (this.talk) {
        this.saidMy[r] = saidMine
        this.saidTheir[r] = saidTheirs
      }
    }
    view.round = this.round
    view.my = this.my
    view.their = this.their
    view.myScore = this.myScore
    view.theirScore = this.theirScore
    if (this.talk) view.announcements = { my: this.nowMy, their: this.nowTheir, history: { my: this.saidMy, their: this.saidTheir } }
  }

  /** The prelude's step(code) (a step code, sandbox/prelude.ts STEP). Returns 0 (C) or 1 (D). */
  step(code: number): number {
    const move = this.move
    if (move === null) return 1
    const h = this.talk ? code % STEP.HISTORY_CODES : code
    const r = this.advance(h)
    const saidMine = this.nowMy
    const saidTheirs = this.nowTheir
    if (this.talk) {
      const a = (code - h) / STEP.HISTORY_CODES
      this.nowMy = HEARD[(a / 3) | 0]!
      this.nowTheir = HEARD[a % 3]!
    }
    try {
      this.show(r, h, saidMine, saidTheirs)
    } catch (e) {
      this.record('tampered', thrown(e), this.round, 'move')
      return 1
    }
    let m: unknown
    try {
      m = move(this.view)
    } catch (e) {
      this.record('throw', thrown(e), this.round, 'move')
      return 1
    }
    if (m === 'C') return 0
    if (m === 'D') return 1
    this.record('invalid-move', returned(m, this.isAsync), this.round, 'move')
    return 1
  }

  /** The prelude's announce(history): ANNOUNCED.C, ANNOUNCED.D, or ANNOUNCED.NONE when it faulted. */
  announce(h: number): number {
    const speak = this.speak!
    const r = this.advance(h)
    const saidMine = this.nowMy
    const saidTheirs = this.nowTheir
    this.nowMy = null
    this.nowTheir = null
    try {
      this.show(r, h, saidMine, saidTheirs)
    } catch (e) {
      this.record('tampered', thrown(e), this.round, 'announce')
      return ANNOUNCED.NONE
    }
    let a: unknown
    try {
      a = speak(this.view)
    } catch (e) {
      this.record('throw', thrown(e), this.round, 'announce')
      return ANNOUNCED.NONE
    }
    if (a === 'C') return ANNOUNCED.C
    if (a === 'D') return ANNOUNCED.D
    this.record('invalid-move', returned(a, this.speakIsAsync), this.round, 'announce')
    return ANNOUNCED.NONE
  }

  side(moves: string, announcements: string | undefined): PlayedSide {
    const all = this.setupFault ? [this.setupFault, ...this.faults] : this.faults
    return {
      moves,
      faults: all.slice(0, MAX_RECORDED_FAULTS),
      faultCount: this.faultCount + (this.setupFault ? 1 : 0),
      usedRandom: this.stream.used(),
      ...(announcements === undefined ? {} : { announcements }),
    }
  }
}

/** An announcement (ANNOUNCED) as PlayedSide.announcements writes it. */
const SAID = ['-', 'C', 'D'] as const

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
    const [finesA, finesB] = fineMasks(setup)
    const talk = setup.rules.cheapTalk
    let movesA = ''
    let movesB = ''
    let saidA = ''
    let saidB = ''
    let lastA = 0
    let lastB = 0
    let finedA = 0
    let finedB = 0
    for (let r = 0; r < rounds; r++) {
      let codeA = r === 0 ? STEP.NO_HISTORY : historyCode(lastA, lastB, finedA, finedB)
      let codeB = r === 0 ? STEP.NO_HISTORY : historyCode(lastB, lastA, finedB, finedA)
      if (talk) {
        const sayA = pa.announces ? pa.announce(codeA) : ANNOUNCED.NONE
        const sayB = pb.announces ? pb.announce(codeB) : ANNOUNCED.NONE
        codeA = stepCode(pa.announces ? STEP.NO_HISTORY : codeA, sayA, sayB)
        codeB = stepCode(pb.announces ? STEP.NO_HISTORY : codeB, sayB, sayA)
        saidA += SAID[sayA]
        saidB += SAID[sayB]
      }
      let ma = pa.step(codeA)
      let mb = pb.step(codeB)
      if (flipA && flipA[r]) ma ^= 1
      if (flipB && flipB[r]) mb ^= 1
      movesA += ma ? 'D' : 'C'
      movesB += mb ? 'D' : 'C'
      lastA = ma
      lastB = mb
      finedA = finesA !== null && ma ? finesA[r]! : 0
      finedB = finesB !== null && mb ? finesB[r]! : 0
    }
    return [pa.side(movesA, talk ? saidA : undefined), pb.side(movesB, talk ? saidB : undefined)]
  }
}
