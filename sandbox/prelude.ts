/**
 * The trusted code that runs inside each player's QuickJS context before any
 * strategy code. It is evaluated once per context and returns functions that
 * only the host holds (nothing is left on globalThis):
 *
 *   lockdown(...roots)           freeze everything reachable from globalThis and from roots
 *   begin(config, opponentJson)  start a match: fresh view, history, random stream
 *   install(fn)                  the strategy's default export for this match
 *   step(code)                   play one round (see STEP below)
 *   takeFault()                  the fault the last step recorded (see FAULT_FIELDS)
 *   describeSetup(error)         the same record for a value thrown by module set-up
 *   extension                    null; in an extended prelude (extendedPrelude), the
 *                                functions of the part spliced in (commons-prelude.ts)
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
 * The random generator is mulberry32, the same algorithm as
 * src/engine/prng.ts (a test compares the two streams).
 */

/**
 * What step(code) takes and returns. `code` is NO_HISTORY in round 0, else
 * (myLast << 1) | theirLast with C = 0 and D = 1, as actually played (after
 * noise). The result is MOVE_C, MOVE_D or FAULTED (the move counts as D and
 * takeFault() says why), plus DREW_RANDOM once the strategy has drawn
 * randomness in this match.
 */
export const STEP = Object.freeze({ NO_HISTORY: -1, MOVE_C: 0, MOVE_D: 1, FAULTED: 2, DREW_RANDOM: 4 })

/** takeFault() and describeSetup() join these fields with SEPARATOR. */
export const FAULT_FIELDS = ['kind', 'round', 'line', 'column', 'what', 'detail'] as const
export const SEPARATOR = '\u0001'

/** The source text of an async function, arrow or method (not of a method that is merely named async). */
export const ASYNC_FUNCTION = /^async(?:\s+function\b|\s*\*|\s+[A-Za-z_$][\w$]*\s*(?:=>|\()|\s*\([^)]*\)\s*=>)/

/** Longest text the VM hands out for one field: the host shortens it further for display. */
export const MAX_FIELD = 240

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
  const imul = Math.imul
  const parse = JSON.parse
  const toStr = String
  const fnSource = Function.prototype.toString
  const SetCtor = Set
  const SEP = '${SEPARATOR}'
  const MAX = ${MAX_FIELD}

  // Nothing that can observe garbage collection, share memory or evaluate strings.
  for (const name of ['WeakRef', 'FinalizationRegistry', 'SharedArrayBuffer', 'Atomics', 'eval']) delete g[name]
  const deny = function Function() { throw new TypeError('code generation from strings is disabled in the arena') }
  deny.prototype = getProto(function () {})
  define(g, 'Function', { value: deny, writable: false, enumerable: false, configurable: false })
  for (const f of [function () {}, function* () {}, async function () {}, async function* () {}]) {
    define(getProto(f), 'constructor', { value: deny, writable: false, enumerable: false, configurable: false })
  }

  // The match's random stream: view.random and Math.random are this function.
  let state = 0
  let used = false
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

  // Per-match state.
  let move = null
  let moveIsAsync = false
  let my = []
  let their = []
  let round = 0
  let myScore = 0
  let theirScore = 0
  let view = null
  let lastFault = ''
  let pay = [0, 0, 0, 0, 0, 0, 0, 0]

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
  function returned(r) {
    try {
      if (r === null) return 'null' + SEP
      const t = typeof r
      if (t === 'object' && moveIsAsync) return 'promise' + SEP
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

  function begin(config, opponentJson) {
    const c = config.split('|')
    state = +c[0] | 0
    used = false
    const num = (x) => (x === 'null' ? null : +x)
    const R = +c[4], S = +c[5], T = +c[6], P = +c[7]
    pay = [R, R, S, T, T, S, P, P]
    my = []
    their = []
    round = 0
    myScore = 0
    theirScore = 0
    lastFault = ''
    move = null
    moveIsAsync = false
    view = {
      round: 0,
      my,
      their,
      myScore: 0,
      theirScore: 0,
      rules: freeze({ payoffs: freeze({ R, S, T, P }), turns: num(c[1]), continuation: num(c[2]), noise: +c[3] }),
      opponent: opponentJson === '' ? null : deepFreeze(parse(opponentJson)),
      random,
    }
  }

  const ASYNC = ${ASYNC_FUNCTION}
  // An async move returns a promise. Telling so from the function, by its source text, runs none
  // of the strategy's code (asking a returned value whether it is a promise could run a proxy's traps).
  function install(fn) {
    move = fn
    try { moveIsAsync = ASYNC.test(fnSource.call(fn)) } catch (e) { moveIsAsync = false }
  }

  function step(code) {
    const r = play(code)
    return used ? r | ${STEP.DREW_RANDOM} : r
  }

  function play(code) {
    try {
      if (code !== ${STEP.NO_HISTORY}) {
        my[round] = code & 2 ? 'D' : 'C'
        their[round] = code & 1 ? 'D' : 'C'
        myScore += pay[code * 2]
        theirScore += pay[code * 2 + 1]
        round++
      }
      view.round = round
      view.my = my
      view.their = their
      view.myScore = myScore
      view.theirScore = theirScore
    } catch (e) {
      record('tampered', code !== ${STEP.NO_HISTORY} ? round + 1 : round, SEP, thrown(e))
      return ${STEP.FAULTED}
    }
    let r
    try {
      r = move(view)
    } catch (e) {
      record('throw', round, position(e), thrown(e))
      return ${STEP.FAULTED}
    }
    if (r === 'C') return ${STEP.MOVE_C}
    if (r === 'D') return ${STEP.MOVE_D}
    record('invalid-move', round, SEP, returned(r))
    return ${STEP.FAULTED}
  }

  function describeSetup(e) {
    return 'setup' + SEP + '-1' + SEP + position(e) + SEP + thrown(e)
  }

  function takeFault() {
    return lastFault
  }
${EXTENSION}
  return [lockdown, begin, install, step, takeFault, describeSetup, extension]
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
