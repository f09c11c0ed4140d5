/**
 * The trusted code that runs inside each player's QuickJS context before any
 * strategy code. It is evaluated once per context and returns functions that
 * only the host holds (nothing is left on globalThis):
 *
 *   lockdown(...roots)             freeze everything reachable from globalThis and from roots
 *   begin(config, opponentJson, ...numbers)  start a match: the view's rules and opponent, the random stream (see BEGIN_NUMBERS)
 *   install(namespace)             take the module's default export and announce export (see INSTALLED)
 *   step(code, mine, theirs, shown)  play one round (see STEP below)
 *   talk(code, mine, theirs, speaking)  the same with cheap talk, or (speaking = 1) ask for
 *                                  this round's announcement (see STEP)
 *   judge(answer, speaking)        tell what an answer that is not plainly 'C' or 'D' is (see STEP)
 *   threw(error)                   record what the strategy threw from step or talk (see STEP)
 *   takeFault()                    the fault the last step, talk or judge recorded (see FAULT_FIELDS)
 *   describeSetup(error)           the same record for a value thrown by module set-up
 *   readGames(namespace)           the module's `games` export as data (see MAX_GAMES_READ)
 *   signals                        not a function: the values the host tells answers by (SIGNALS)
 *   markRandom(value)              set the flag that says the strategy drew randomness (see RANDOM_MARKS)
 *   viewLayout                     not a function: the view, and two objects of its shape (see VIEW_FIELDS)
 *   extension                      null; in an extended prelude (extendedPrelude), the
 *                                  functions of the part spliced in (commons-prelude.ts)
 *
 * Lockdown: the host passes every prototype in QuickJS's own table of class
 * prototypes and every intrinsic the context keeps (player-vm.ts reads them
 * from the context in memory), so intrinsics that nothing has reached yet
 * are frozen too, whatever the QuickJS release adds. Code generation from
 * strings is disabled and nothing that observes the garbage collector is
 * left; the host refuses every import. Nothing a strategy can reach can be
 * changed, and the host puts the whole instance back to this state before
 * every match (snapshot.ts).
 *
 * Values a strategy returns or throws may be hostile (getters, proxies), so
 * they are described here, inside the VM and inside the move's budget, as
 * data: the wording of every fault message is the host's (faults.ts).
 *
 * Scores: the host adds up each round's payoffs for this player and its
 * opponent, computed by the engine's own roundPayoffs (round-scores.ts), in
 * the order the result's score adds them, and hands every step the totals
 * as numbers (never as text): view.myScore is exactly what the result says.
 *
 * The random generator is mulberry32, the same algorithm as
 * src/engine/prng.ts (a test compares the two streams).
 */

/**
 * What step(code, mine, theirs) and talk(code, mine, theirs, speaking) take
 * and return.
 *
 * A code is history + HISTORY_CODES x (3 x mine + theirs), where mine and
 * theirs are this round's announcements (ANNOUNCED: always NONE without
 * cheap talk). The history part is what happened in the last round:
 * NO_HISTORY when there is no round to add (round 0, or talk(code) speaking
 * already added it this round), else historyCode(): the moves as actually
 * played (after noise, C = 0, D = 1) and whether the referee fined each
 * player's defection. Speaking, talk takes a history part alone. `mine` and
 * `theirs` are the scores the view shows (the host's running totals).
 *
 * They return the strategy's answer as it is, or the FAULT signal when a
 * fault was recorded (takeFault() says why); what the strategy throws goes
 * through them to the host, which hands it to threw(error), inside the
 * same budget, to be recorded (that returns FAULT; only the meter's
 * interrupt and exhausted memory are not the strategy's throws, and the
 * host knows those apart). Telling 'C' and 'D' from
 * anything else costs the host one look at the answer's QuickJS value:
 * the literals 'C' and 'D' are the very strings of SIGNALS (QuickJS interns
 * them), and FAULT is a symbol only the prelude holds, so no strategy can
 * forge it. Any other answer (a string made otherwise, a number, an object,
 * a strategy's own symbol) goes to judge(answer, speaking), inside the same
 * budget, which says MOVE_C, MOVE_D, or FAULTED after recording it as an
 * invalid move. The host's result is MOVE_C, MOVE_D or FAULTED (a move then
 * counts as D, an announcement as none), plus DREW_RANDOM once the strategy
 * has drawn randomness in this match (the host reads that flag: RANDOM_MARKS).
 */
export const STEP = Object.freeze({ NO_HISTORY: 16, HISTORY_CODES: 17, MOVE_C: 0, MOVE_D: 1, FAULTED: 2, DREW_RANDOM: 4 })

/** The values in the prelude's `signals`, in order: the strings 'C' and 'D', and the FAULT symbol. */
export const SIGNALS = Object.freeze({ C: 0, D: 1, FAULT: 2, COUNT: 3 })

/**
 * The two numbers the host has markRandom() set the random-use flag to, one
 * after the other, when it makes a player: the one place in the heap that
 * holds each in turn is where the flag lives (a closure variable: QuickJS
 * never moves it), and the host reads the flag there after every call.
 * markRandom(false) then puts it back.
 */
export const RANDOM_MARKS = Object.freeze([0.7181958310117461, 0.25193774398119373] as const)

/** An announcement in a step code: none (not exported, invalid, faulted, retired), C or D. */
export const ANNOUNCED = Object.freeze({ NONE: 0, C: 1, D: 2 })

/** The history part of a step code: the last round's moves (C = 0, D = 1) and whether each was fined (0 or 1). */
export function historyCode(myLast: number, theirLast: number, myFined: number, theirFined: number): number {
  return (myFined << 3) | (theirFined << 2) | (myLast << 1) | theirLast
}

/** A step code: a history part (historyCode or NO_HISTORY) and this round's announcements (ANNOUNCED). */
export function stepCode(history: number, mine: number, theirs: number): number {
  return history + STEP.HISTORY_CODES * (3 * mine + theirs)
}

/**
 * The view's fields, in the order the prelude makes them, and what each
 * holds when a match starts (begin() then sets rules and opponent). The
 * view is one object for the context's life, put back by the snapshot;
 * so are its history arrays, and a twin of the same shape keeps that shape
 * shared, so the view has it only while its fields are these plain data
 * properties (view-layout.ts). While it has it, and round, my, their,
 * myScore and theirScore hold numbers and the history arrays, the host
 * writes a round's numbers into their cells itself, exactly what the
 * prelude's assignments would do, and passes step() shown = 1; otherwise
 * shown = 0 and the prelude shows them.
 */
export const VIEW_FIELDS = ['game', 'round', 'my', 'their', 'myScore', 'theirScore', 'rules', 'opponent', 'announcements', 'random'] as const
const VIEW_INITIAL: Record<(typeof VIEW_FIELDS)[number], string> = {
  game: "'dilemma'",
  round: '0',
  my: 'my',
  their: 'their',
  myScore: '0',
  theirScore: '0',
  rules: 'null',
  opponent: 'null',
  announcements: 'null',
  random: 'random',
}

/** begin()'s arguments after the config text and the opponent's JSON: the rules' numbers, in this order (0 where the rule is null). */
export const BEGIN_NUMBERS = ['turns', 'continuation', 'noise', 'R', 'S', 'T', 'P', 'fine', 'detection', 'align'] as const

/**
 * What install(namespace) returns: the strategy is installed, with or
 * without announce; or it has no default-exported function; or its announce
 * export is not a function: BAD_ANNOUNCE + the index of its type in TYPES.
 */
export const INSTALLED = Object.freeze({ MOVE_ONLY: 0, WITH_ANNOUNCE: 1, NO_DEFAULT: 2, BAD_ANNOUNCE: 3 })
export const TYPES = ['null', 'object', 'string', 'number', 'boolean', 'symbol', 'bigint'] as const

/** takeFault() and describeSetup() join these fields with SEPARATOR. */
export const FAULT_FIELDS = ['kind', 'round', 'line', 'column', 'what', 'detail'] as const
export const SEPARATOR = '\u0001'

/** The source text of an async function, arrow or method (not of a method that is merely named async). */
export const ASYNC_FUNCTION = /^async(?:\s+function\b|\s*\*|\s+[A-Za-z_$][\w$]*\s*(?:=>|\()|\s*\([^)]*\)\s*=>)/

/** Longest text the VM hands out for one field: the host shortens it further for display. */
export const MAX_FIELD = 240

/**
 * readGames(namespace) answers with fields joined by SEPARATOR, the first
 * one saying what it found: 'absent' when the module exports no `games`
 * (an export whose value is undefined is declared all the same, and is not
 * an array); 'list' then each entry, shortened like any field
 * (the host judges the names); 'not-array' then the value's type; 'length'
 * then the length it read (or its type, when that is not a number), when
 * that is not a whole number from 1 to MAX_GAMES_READ; 'entry' then the
 * index and type of an entry that is not a string; 'throw' then what
 * reading threw (as a fault's "what", "detail").
 */
export const MAX_GAMES_READ = 8

/** Where extendedPrelude splices a part into the prelude's closure. */
const EXTENSION = '  const extension = null'

export const PRELUDE = String.raw`(function () {
  'use strict'
  const g = globalThis
  const freeze = Object.freeze
  const getProto = Object.getPrototypeOf
  const ownKeys = Reflect.ownKeys
  const getDesc = Object.getOwnPropertyDescriptor
  const define = Object.defineProperty
  const isArray = Array.isArray
  const imul = Math.imul
  const parse = JSON.parse
  const toStr = String
  const fnSource = Function.prototype.toString
  const SetCtor = Set
  const SEP = '${SEPARATOR}'
  const MAX = ${MAX_FIELD}
  const NO_HISTORY = ${STEP.NO_HISTORY}
  const HISTORY_CODES = ${STEP.HISTORY_CODES}
  const FAULTED = ${STEP.FAULTED}
  // What step and talk return when they recorded a fault: no strategy can reach it (see STEP).
  const FAULT = Symbol()
  const signals = freeze(['C', 'D', FAULT])
  // An announcement in a step code, as the view shows it.
  const HEARD = [null, 'C', 'D']
  const TYPES = ${JSON.stringify(TYPES)}

  // Nothing that can observe garbage collection, share memory or evaluate strings.
  for (const name of ['WeakRef', 'FinalizationRegistry', 'SharedArrayBuffer', 'Atomics', 'eval']) delete g[name]
  const deny = function Function() { throw new TypeError('code generation from strings is disabled in the arena') }
  deny.prototype = getProto(function () {})
  define(g, 'Function', { value: deny, writable: false, enumerable: false, configurable: false })
  for (const f of [function () {}, function* () {}, async function () {}, async function* () {}]) {
    define(getProto(f), 'constructor', { value: deny, writable: false, enumerable: false, configurable: false })
  }

  // The match's random stream: view.random and Math.random are this function.
  // (var, as the per-match state below: closure reads of a var skip let's check for an uninitialised binding.)
  var state = 0
  var used = false
  const random = function random() {
    used = true
    state = (state + 0x6d2b79f5) | 0
    let t = state
    t = imul(t ^ (t >>> 15), t | 1)
    t ^= t + imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  define(Math, 'random', { value: random, writable: false, enumerable: false, configurable: false })

  // Deep-freeze everything reachable from the global object and from the roots.
  function lockdown(...roots) {
    const seen = new SetCtor()
    const pending = [g, ...roots]
    while (pending.length > 0) {
      const o = pending.pop()
      if ((typeof o !== 'object' && typeof o !== 'function') || o === null || seen.has(o)) continue
      seen.add(o)
      freeze(o)
      for (const key of ownKeys(o)) {
        const d = getDesc(o, key)
        if (d === undefined) continue
        if ('value' in d) pending.push(d.value)
        else { pending.push(d.get); pending.push(d.set) }
      }
      pending.push(getProto(o))
    }
  }

  // Per-match code uses index loops only: no iterator protocol, nothing a strategy could reach.
  function deepFreeze(v) {
    if (typeof v === 'object' && v !== null) {
      freeze(v)
      const keys = ownKeys(v)
      for (let i = 0; i < keys.length; i++) deepFreeze(v[keys[i]])
    }
    return v
  }

  // Per-match state. These variables are the truth (a strategy cannot reach them); the view shows them.
  var move = null
  var moveIsAsync = false
  var speak = null
  var speakIsAsync = false
  var saidMy = []
  var saidTheir = []
  var nowMy = null
  var nowTheir = null
  var round = 0
  var lastFault = ''

  // The view and its history arrays, made once with the context: the snapshot puts them back, as they
  // are here, before every match. A twin of the view's shape that only this closure holds keeps that
  // shape shared, so that nothing a strategy does to the view can leave it with that shape but other
  // properties (QuickJS changes a shared shape by copying it): while the view has it, its fields are
  // the plain data properties made here, and the host may show a round's numbers in them itself
  // (see VIEW_FIELDS). The third is the host's, to learn the layout from; the host holds the array.
  var my = []
  var their = []
  const newView = () => ({ ${VIEW_FIELDS.map((f) => `${f}: ${VIEW_INITIAL[f]}`).join(', ')} })
  var view = newView()
  const viewLayout = [view, newView(), newView()]

  // Shorten before anything else touches the text (a 6 MB message costs no more than a short one),
  // and never let it carry the separator.
  function field(text) {
    const s = toStr(text)
    return (s.length > MAX ? s.slice(0, MAX - 3) + '...' : s).split(SEP).join(' ')
  }
  // Where in strategy.js a thrown value comes from: the first frame of the strategy's own code.
  function position(e) {
    try {
      const stack = typeof e === 'object' && e !== null ? e.stack : undefined
      if (typeof stack !== 'string') return SEP
      const m = /strategy\.js:(\d+):(\d+)/.exec(stack.length > 4000 ? stack.slice(0, 4000) : stack)
      return m ? m[1] + SEP + m[2] : SEP
    } catch (again) {
      return SEP
    }
  }
  // A thrown value as "what", "detail": its name and message, or its text.
  function thrown(e) {
    try {
      if (typeof e === 'object' && e !== null) return field(e.name) + SEP + field(e.message)
      if (typeof e === 'symbol') return 'symbol' + SEP
      return SEP + field(e)
    } catch (again) {
      return 'undescribable' + SEP
    }
  }
  // A returned value that is not a move, as "what", "detail": its type and a preview.
  function returned(r, isAsync) {
    try {
      if (r === null) return 'null' + SEP
      const t = typeof r
      if (t === 'object' && isAsync) return 'promise' + SEP
      if (t === 'string') return 'string' + SEP + (r.length > 21 ? r.slice(0, 21) : r).split(SEP).join(' ')
      if (t === 'object' || t === 'function' || t === 'symbol' || t === 'undefined') return t + SEP
      return t + SEP + field(r)
    } catch (again) {
      return 'undescribable' + SEP
    }
  }
  function record(kind, at, where, what) {
    lastFault = kind + SEP + at + SEP + where + SEP + what
  }

  // config: seed | turns ('-' for null) | continuation ('-' for null) | the referee's fines ('-' for none) | 'talk' or '-'.
  function begin(config, opponentJson, ...numbers) {
    const c = config.split('|')
    state = +c[0] | 0
    used = false
    const n = (i) => numbers[i]
    const R = n(3), S = n(4), T = n(5), P = n(6)
    saidMy = []
    saidTheir = []
    nowMy = null
    nowTheir = null
    round = 0
    lastFault = ''
    move = null
    moveIsAsync = false
    speak = null
    speakIsAsync = false
    view.rules = freeze({
      payoffs: freeze({ R, S, T, P }),
      turns: c[1] === '-' ? null : n(0),
      continuation: c[2] === '-' ? null : n(1),
      noise: n(2),
      referee: c[3] === '-' ? null : freeze({ fine: n(7), detection: n(8), fines: c[3] }),
      align: n(9),
      cheapTalk: c[4] === 'talk',
    })
    view.opponent = opponentJson === '' ? null : deepFreeze(parse(opponentJson))
  }

  const ASYNC = ${ASYNC_FUNCTION}
  // An async function returns a promise. Telling so from the function, by its source text, runs none
  // of the strategy's code (asking a returned value whether it is a promise could run a proxy's traps).
  function isAsync(fn) {
    try { return ASYNC.test(fnSource.call(fn)) } catch (e) { return false }
  }
  // The module's namespace holds plain bindings: reading its exports runs none of the strategy's code.
  // Returns INSTALLED, or what is wrong (the type of a non-function announce as an index in TYPES).
  function install(ns) {
    let fn, said
    try {
      fn = ns.default
      said = ns.announce
    } catch (e) {
      // (Only a binding still uninitialised could throw, and a module that loaded has none.)
      return ${INSTALLED.NO_DEFAULT}
    }
    if (typeof fn !== 'function') return ${INSTALLED.NO_DEFAULT}
    const t = said === null ? 'null' : typeof said
    if (t !== 'undefined' && t !== 'function') return ${INSTALLED.BAD_ANNOUNCE} + TYPES.indexOf(t)
    move = fn
    moveIsAsync = isAsync(fn)
    if (t === 'function') {
      speak = said
      speakIsAsync = isAsync(said)
      return ${INSTALLED.WITH_ANNOUNCE}
    }
    return ${INSTALLED.MOVE_ONLY}
  }

  // One round's move. Before the call, the last round (the code, see STEP) is added to the prelude's
  // own state, which nothing a strategy does can change, and then shown in the view with the scores the
  // host hands in, unless the host has shown them itself (shown = 1: see VIEW_FIELDS). A strategy may
  // have tampered with the view or its arrays (frozen them, defined setters): showing then throws, or
  // runs its setters under its budget. Without cheap talk this is all a round costs (its gas counts
  // toward the strategy's budgets), so cheap talk has a function of its own: talk(). The answer goes
  // back as it is (see STEP), and so does a throw: the host hands it to threw() (a try here costs every
  // round).
  function step(code, mine, theirs, shown) {
    try {
      if (code !== NO_HISTORY) {
        const r = round
        round = r + 1
        my[r] = code & 2 ? 'D' : 'C'
        their[r] = code & 1 ? 'D' : 'C'
      }
      if (shown === 0) {
        view.round = round
        view.my = my
        view.their = their
        view.myScore = mine
        view.theirScore = theirs
      }
    } catch (e) {
      record('tampered', round, SEP, thrown(e))
      return FAULT
    }
    return move(view)
  }

  // step() with cheap talk, or (speaking = 1, for a strategy that exports announce, before the step in
  // each round) the announcement: the announcements of the round added go to the history, and this
  // round's (from the code; none while speaking, whose code is a history part alone) are shown with it.
  function talk(code, mine, theirs, speaking) {
    const h = code % HISTORY_CODES
    let r = -1
    if (h !== NO_HISTORY) {
      r = round
      round = r + 1
    }
    const saidMine = nowMy
    const saidTheirs = nowTheir
    const a = (code - h) / HISTORY_CODES
    nowMy = HEARD[(a / 3) | 0]
    nowTheir = HEARD[a % 3]
    try {
      if (r >= 0) {
        my[r] = h & 2 ? 'D' : 'C'
        their[r] = h & 1 ? 'D' : 'C'
        saidMy[r] = saidMine
        saidTheir[r] = saidTheirs
      }
      view.round = round
      view.my = my
      view.their = their
      view.myScore = mine
      view.theirScore = theirs
      view.announcements = { my: nowMy, their: nowTheir, history: { my: saidMy, their: saidTheir } }
    } catch (e) {
      record('tampered', round, SEP, thrown(e))
      return FAULT
    }
    return speaking ? speak(view) : move(view)
  }

  // What the strategy threw from the step or talk just called (the host passes it on; see STEP).
  function threw(e) {
    record('throw', round, position(e), thrown(e))
    return FAULT
  }

  // An answer step or talk returned that is not plainly one of the signals (see STEP): it may be hostile,
  // and nothing here runs its code (no conversion, no property read).
  function judge(m, speaking) {
    if (m === 'C') return ${STEP.MOVE_C}
    if (m === 'D') return ${STEP.MOVE_D}
    record('invalid-move', round, SEP, returned(m, speaking ? speakIsAsync : moveIsAsync))
    return FAULTED
  }

  function markRandom(value) {
    used = value
  }

  // The games a module says it plays, read once (a proxy's traps or a getter run here, under the
  // set-up budget) into plain strings for the host to judge. Whether the module exports games at all
  // is asked of its namespace (plain bindings: that runs none of the strategy's code), not told from
  // the value, so "export let games" is a declaration that is not an array rather than none.
  function readGames(ns) {
    try {
      if (!('games' in ns)) return 'absent'
      const v = ns.games
      if (!isArray(v)) return 'not-array' + SEP + (v === null ? 'null' : typeof v)
      const n = v.length
      if (typeof n !== 'number') return 'length' + SEP + (n === null ? 'null' : typeof n)
      if (!(n >= 1 && n <= ${MAX_GAMES_READ}) || n !== (n | 0)) return 'length' + SEP + field(n)
      let out = 'list'
      for (let i = 0; i < n; i++) {
        const name = v[i]
        if (typeof name !== 'string') return 'entry' + SEP + i + SEP + (name === null ? 'null' : typeof name)
        out += SEP + field(name)
      }
      return out
    } catch (e) {
      return 'throw' + SEP + thrown(e)
    }
  }

  function describeSetup(e) {
    return 'setup' + SEP + '-1' + SEP + position(e) + SEP + thrown(e)
  }

  function takeFault() {
    return lastFault
  }
${EXTENSION}
  return [lockdown, begin, install, step, talk, judge, threw, takeFault, describeSetup, readGames, signals, markRandom, viewLayout, extension]
})()`

/**
 * The prelude with `part` spliced into its closure (so that it shares the
 * prelude's random stream, fault records and installed move): code that
 * defines `extension`, an array of functions the prelude returns after its
 * own. The commons' seats run it (commons-prelude.ts); the dilemma's players
 * run the prelude alone, and restore none of the commons' code.
 */
export function extendedPrelude(part: string): string {
  const at = PRELUDE.lastIndexOf(EXTENSION)
  return PRELUDE.slice(0, at) + part + PRELUDE.slice(at + EXTENSION.length)
}
