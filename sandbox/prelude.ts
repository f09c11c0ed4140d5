/**
 * The trusted code that runs inside each player's QuickJS context before any
 * strategy code. It is evaluated once per context and returns five functions
 * that only the host holds (nothing is left on globalThis):
 *
 *   begin(config, opponentJson)  start a match: fresh view, history, random stream
 *   install(fn)                  the strategy's default export for this match
 *   step(code)                   play one round; code = previous round's moves
 *   takeFault()                  "kind\x01round\x01message": the fault the last step recorded
 *   describeSetup(error)         "name: message\x01line:column" for a set-up error
 *
 * Lockdown: once this has run, every object reachable from globalThis, and
 * the intrinsics that are not (iterator and generator prototypes), is
 * frozen, code generation from strings is disabled and nothing that observes
 * the garbage collector or the outside world is left (the host refuses every
 * import, see player-vm.ts). That is what lets one
 * context serve many matches: a strategy cannot leave anything behind for the
 * next match (module-level state is new for every evaluation of the module).
 *
 * step(code): code is -1 in round 0, else (myLast << 1) | theirLast with
 * C = 0, D = 1, as actually played (after noise). It returns 0 (C), 1 (D),
 * 2 (a fault: the move counts as D and takeFault() describes it) or 3 (out
 * of memory: the host records it, since recording needs memory, and retires
 * the player), plus 4 once the strategy has drawn randomness. The host keeps
 * the count and the records as the match goes, so nothing is lost when a
 * strategy exhausts its memory and the VM can no longer answer.
 *
 * The random generator is mulberry32, the same algorithm as
 * src/engine/prng.ts (a test compares the two streams).
 */
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
  const InternalErr = InternalError
  const SetCtor = Set

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

  // Work inside C built-ins never reaches the interrupt handler; the gas meter
  // compiled into the module (scripts/meter-wasm.mjs) bounds it instead.

  // Deep-freeze everything reachable from the global object, and the
  // intrinsics that are not: the prototypes of generator and async
  // functions and of every kind of iterator. (A strategy that patched, say,
  // the array iterator's next() would otherwise change how every later
  // strategy in this context sees its history.)
  const hidden = []
  const hide = (make) => { try { const o = make(); if (o) hidden.push(o, getProto(o)) } catch (e) {} }
  hide(() => function* () {})
  hide(() => (function* () {})())
  hide(() => async function () {})
  hide(() => async function* () {})
  hide(() => (async function* () {})())
  hide(() => [][Symbol.iterator]())
  hide(() => new Map().entries())
  hide(() => new Set().values())
  hide(() => ''[Symbol.iterator]())
  hide(() => /a/g[Symbol.matchAll](''))
  hide(() => [].values().map((x) => x))
  hide(() => Iterator.from({ next() { return { done: true } } }))
  hide(() => (function () { return arguments })())
  const seen = new SetCtor()
  const todo = [g, ...hidden]
  while (todo.length > 0) {
    const o = todo.pop()
    if ((typeof o !== 'object' && typeof o !== 'function') || o === null || seen.has(o)) continue
    seen.add(o)
    freeze(o)
    for (const key of ownKeys(o)) {
      const d = getDesc(o, key)
      if (d === undefined) continue
      if ('value' in d) todo.push(d.value)
      else { todo.push(d.get); todo.push(d.set) }
    }
    todo.push(getProto(o))
  }

  // Per-match code uses index loops only: no iterator protocol, nothing a strategy could have reached.
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
  let my = []
  let their = []
  let round = 0
  let myScore = 0
  let theirScore = 0
  let view = null
  let lastFault = ''
  let pay = [0, 0, 0, 0, 0, 0, 0, 0]

  function clip(text) {
    const s = toStr(text).replace(/[\u0000-\u001f]+/g, ' ')
    return s.length > 200 ? s.slice(0, 197) + '...' : s
  }
  function record(kind, message, at) {
    try { lastFault = kind + '\u0001' + at + '\u0001' + clip(message) } catch (e) { lastFault = kind + '\u0001' + at + '\u0001?' }
  }
  // Describe a thrown value. Getters and proxies run here, inside the VM and
  // inside the move's step budget, never on the host.
  function describe(e) {
    try {
      if (typeof e === 'object' && e !== null) return toStr(e.name) + ': ' + toStr(e.message)
      return toStr(e)
    } catch (again) {
      return 'threw a value that cannot be described'
    }
  }
  function describeReturn(r) {
    const t = typeof r
    if (t === 'string') return 'returned the string "' + (r.length > 20 ? r.slice(0, 20) + '...' : r) + '" (expected "C" or "D")'
    if (t === 'object' || t === 'function') return 'returned ' + (r === null ? 'null' : 'an ' + t) + ' (expected "C" or "D")'
    if (t === 'symbol') return 'returned a symbol (expected "C" or "D")'
    return 'returned ' + toStr(r) + ' (expected "C" or "D")'
  }
  function isOutOfMemory(e) {
    try { return e instanceof InternalErr && e.message === 'out of memory' } catch (again) { return false }
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

  function install(fn) {
    move = fn
  }

  function step(code) {
    const r = play(code)
    return used ? r | 4 : r
  }

  function play(code) {
    try {
      if (code >= 0) {
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
      record('throw', 'the view was tampered with: ' + describe(e), code >= 0 ? round + 1 : round)
      return 2
    }
    let r
    try {
      r = move(view)
    } catch (e) {
      if (isOutOfMemory(e)) return 3
      record('throw', describe(e), round)
      return 2
    }
    if (r === 'C') return 0
    if (r === 'D') return 1
    record('invalid-move', describeReturn(r), round)
    return 2
  }

  // Describe a value thrown by module set-up: "name: message" and, when the
  // error has a position in the strategy's file, "line:column".
  function describeSetup(e) {
    let where = ''
    try {
      const stack = typeof e === 'object' && e !== null ? e.stack : undefined
      const m = typeof stack === 'string' ? /strategy\.js:(\d+):(\d+)/.exec(stack) : null
      if (m) where = m[1] + ':' + m[2]
    } catch (again) {}
    return clip(describe(e)) + '\u0001' + where
  }

  function takeFault() {
    return lastFault
  }

  return [begin, install, step, takeFault, describeSetup]
})()`
