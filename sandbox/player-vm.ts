/**
 * One player's QuickJS runtime. Each player of a match gets its own runtime
 * in its own WebAssembly instance (instance.ts), so memory, step budgets and
 * the stack are per player: one player exhausting them cannot touch the
 * other, and there is nothing shared to reach through. A runtime holds one
 * locked-down context (see prelude.ts) that serves a series of matches; the
 * module is evaluated afresh for each.
 *
 * The per-round call is made through the raw FFI (one QTS_Call with a
 * preallocated argument) because the handle-managing API costs several
 * times more per call, and a match is 2 x rounds calls.
 */
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten-core'
import type { Fault, FaultKind, OpponentInfo, Rules } from '../src/engine/types'
import { MAX_RECORDED_FAULTS } from '../src/engine/runner'
import { PRELUDE } from './prelude'
import type { QuickJSInstance } from './instance'
import { MAX_CALL_DEPTH, type SandboxLimits } from './limits'

/** Gas for making a context (the lockdown walk): the meter's initial value, 2^31 - 1. */
const UNMETERED = 0x7fffffff
/** Gas for the prelude's per-match work (begin, install, takeFault): bounded too, as defence in depth. */
const TRUSTED_GAS = 20_000_000

/**
 * QuickJS collects cyclic garbage when its allocation count passes a
 * threshold, which it resets after each collection. In a warm context the
 * threshold depends on what earlier matches left in memory, and collections
 * cost gas, so a strategy could see different budgets warm and fresh. So the
 * threshold is kept at its maximum (no collection while a strategy runs)
 * and a collection is forced between matches every GC_EVERY matches, under
 * trusted gas. Nothing in the sandbox can observe when a collection happens (no
 * WeakRef, no FinalizationRegistry).
 *
 * quickjs-emscripten has no API for it, so the field (malloc_gc_threshold in
 * JSRuntime) is found once by its initial value, 256 KiB, and written in the
 * instance's memory. A test checks that this is the field that moves.
 */
const INITIAL_GC_THRESHOLD = 256 * 1024
/** Matches between two forced collections in a warm context (when collections happen is invisible to strategies). */
const GC_EVERY = 50
const NEVER = 0xffffffff
let gcThresholdOffset: number | null = null

export function findGcThreshold(memory: WebAssembly.Memory, runtimePtr: number): number {
  if (gcThresholdOffset === null) {
    const view = new DataView(memory.buffer)
    const hits: number[] = []
    for (let off = 0; off < 512; off += 4) if (view.getUint32(runtimePtr + off, true) === INITIAL_GC_THRESHOLD) hits.push(off)
    if (hits.length !== 1) throw new Error(`cannot find QuickJS's collection threshold (found ${hits.length} candidates)`)
    gcThresholdOffset = hits[0]!
  }
  return runtimePtr + gcThresholdOffset
}

/** The pieces of quickjs-emscripten 0.32 used below that its typings mark protected. */
interface ContextInternals {
  ctx: { value: number }
  module: { _malloc(n: number): number; _free(p: number): void; HEAPU8: Uint8Array }
}
interface Ffi {
  QTS_Call(ctx: number, fn: number, self: number, argc: number, argv: number): number
  QTS_ResolveException(ctx: number, ptr: number): number
  QTS_GetFloat64(ctx: number, ptr: number): number
  QTS_NewFloat64(ctx: number, n: number): number
  QTS_FreeValuePointer(ctx: number, ptr: number): void
  QTS_GetUndefined(): number
  QTS_PromiseState(ctx: number, ptr: number): number
}

/** Intrinsics offered to strategies: no Date (no clock), no typed arrays (no shared memory tricks). */
const INTRINSICS = {
  BaseObjects: true,
  Eval: true,
  StringNormalize: true,
  RegExp: true,
  JSON: true,
  Proxy: true,
  MapSet: true,
  Promise: true,
} as const

type Phase = 'idle' | 'setup' | 'move'

/** Result of loading a strategy for a match: null when it is ready to play. */
export type SetupFault = Fault | null

export class PlayerVM {
  readonly runtime: QuickJSRuntime
  private ctx: QuickJSContext | null = null
  private fns: { begin: QuickJSHandle; install: QuickJSHandle; step: QuickJSHandle; takeFault: QuickJSHandle; describeSetup: QuickJSHandle } | null = null
  private ffi: Ffi
  private ctxPtr = 0
  private stepPtr = 0
  private undefPtr = 0
  private argv = 0
  private codeArgs: number[] = []
  private heap: ContextInternals['module'] | null = null

  /** Matches played in the current context (contexts are recycled: each evaluation of a module stays in memory). */
  matchesInContext = 0
  private phase: Phase = 'idle'
  private phaseTicks = 0
  private matchTicks = 0
  /**
   * Set when a count came within one tick of a limit. Where exactly the
   * interrupt handler fires depends on the context's history (its poll
   * counter is not reset between matches), so such a match is replayed in a
   * fresh context, where it is exact.
   */
  nearLimit = false
  /** Set when the interrupt handler stopped the code; cleared at each call. */
  private interrupted: FaultKind | null = null
  /** Whether anything since the context was made could depend on history (an interrupt or a memory fault). */
  tainted = false
  /** Set when the gas meter trapped: the instance stopped mid-instruction and must not be touched again. */
  dead = false
  private importRefused = false
  private readonly gas: WebAssembly.Global
  private readonly depth: WebAssembly.Global
  private readonly memory: WebAssembly.Memory
  private readonly gcThreshold: number
  private matchGas = 0

  constructor(
    instance: QuickJSInstance,
    private readonly limits: SandboxLimits,
  ) {
    const module: QuickJSWASMModule = instance.module
    this.gas = instance.gas
    this.depth = instance.depth
    this.ffi = module.getFFI() as unknown as Ffi
    this.runtime = module.newRuntime()
    // Found before setMaxStackSize, which stores another 256 KiB value nearby.
    this.memory = instance.memory
    this.gcThreshold = findGcThreshold(instance.memory, (this.runtime as unknown as { rt: { value: number } }).rt.value)
    // No setMemoryLimit: this build counts 8 bytes per allocation whatever its size (see instance.ts);
    // memory is bounded by the player's own capped WebAssembly memory instead.
    this.runtime.setMaxStackSize(limits.stackBytes)
    this.runtime.setInterruptHandler(() => this.onInterrupt())
    // Refuse every import, including of a module evaluated earlier in this context (QuickJS looks a
    // name up among the context's modules before asking the loader; refusing to normalise stops that).
    // (The error cannot carry a message into the locked-down context, so the host remembers the refusal.)
    const refuse = () => {
      this.importRefused = true
      return { error: new Error('imports are not available') }
    }
    this.runtime.setModuleLoader(refuse, refuse)
    this.setGcThreshold(NEVER)
  }

  private setGcThreshold(value: number): void {
    new DataView(this.memory.buffer).setUint32(this.gcThreshold, value, true)
  }

  /** The collection threshold as QuickJS last set it (for tests). */
  get gcThresholdValue(): number {
    return new DataView(this.memory.buffer).getUint32(this.gcThreshold, true)
  }

  private onInterrupt(): boolean {
    this.phaseTicks++
    if (this.phase === 'setup') {
      if (this.phaseTicks >= this.limits.setupTicks - 1) this.nearLimit = true
      if (this.phaseTicks > this.limits.setupTicks) {
        this.interrupted = 'setup-budget'
        return true
      }
      return false
    }
    if (this.phase === 'move') {
      this.matchTicks++
      if (this.phaseTicks >= this.limits.moveTicks - 1 || this.matchTicks >= this.limits.matchTicks - 1) this.nearLimit = true
      if (this.matchTicks > this.limits.matchTicks) {
        this.interrupted = 'match-budget'
        return true
      }
      if (this.phaseTicks > this.limits.moveTicks) {
        this.interrupted = 'move-budget'
        return true
      }
    }
    return false
  }

  /** Make a fresh locked-down context (the previous one, if any, is disposed). */
  freshContext(): void {
    this.disposeContext()
    this.tainted = false
    this.gas.value = UNMETERED
    const ctx = this.runtime.newContext({ intrinsics: INTRINSICS })
    this.ctx = ctx
    const internals = ctx as unknown as ContextInternals
    this.ctxPtr = internals.ctx.value
    this.heap = internals.module
    this.phase = 'idle'
    const result = ctx.evalCode(PRELUDE, 'arena-prelude.js', { type: 'global', strict: true })
    if (result.error) {
      const message = JSON.stringify(ctx.dump(result.error))
      result.error.dispose()
      throw new Error(`sandbox prelude failed: ${message}`)
    }
    const arr = result.value
    this.fns = {
      begin: ctx.getProp(arr, 0),
      install: ctx.getProp(arr, 1),
      step: ctx.getProp(arr, 2),
      takeFault: ctx.getProp(arr, 3),
      describeSetup: ctx.getProp(arr, 4),
    }
    arr.dispose()
    this.stepPtr = (this.fns.step as unknown as { value: number }).value
    this.undefPtr = this.ffi.QTS_GetUndefined()
    // One argv slot per possible argument, written once: a step then only picks its slot.
    this.codeArgs = [-1, 0, 1, 2, 3].map((n) => this.ffi.QTS_NewFloat64(this.ctxPtr, n))
    this.argv = this.heap._malloc(4 * this.codeArgs.length)
    const bytes = this.heap.HEAPU8
    this.codeArgs.forEach((ptr, k) => {
      for (let b = 0; b < 4; b++) bytes[this.argv + 4 * k + b] = (ptr >>> (8 * b)) & 0xff
    })
    this.matchesInContext = 0
  }

  get hasContext(): boolean {
    return this.ctx !== null
  }

  /**
   * Start a match and evaluate the strategy's module. Returns a set-up fault
   * (round -1) when the strategy cannot play; it then plays D throughout.
   */
  load(source: string, rules: Rules, seed: number, opponent: OpponentInfo | null): SetupFault {
    const ctx = this.ctx!
    const fns = this.fns!
    this.matchesInContext++
    this.matchTicks = 0
    this.nearLimit = false
    this.matchGas = 0
    this.gas.value = TRUSTED_GAS
    const config = [seed >>> 0, rules.turns, rules.continuation, rules.noise, rules.payoffs.R, rules.payoffs.S, rules.payoffs.T, rules.payoffs.P]
      .map((x) => (x === null ? 'null' : String(x)))
      .join('|')
    const args = [ctx.newString(config), ctx.newString(opponent === null ? '' : JSON.stringify(opponent))]
    // Every GC_EVERY matches, collect between matches: begin() allocates objects, which makes QuickJS
    // collect when the threshold is 0. A collection walks everything the context holds, so not every match.
    const collect = this.matchesInContext % GC_EVERY === 0
    if (collect) this.setGcThreshold(0)
    const began = ctx.callFunction(fns.begin, ctx.undefined, ...args)
    if (collect) this.setGcThreshold(NEVER)
    args.forEach((h) => h.dispose())
    if (began.error) {
      began.error.dispose()
      throw new Error('sandbox prelude failed to start a match')
    }
    began.value.dispose()

    this.phase = 'setup'
    this.phaseTicks = 0
    this.interrupted = null
    this.importRefused = false
    this.gas.value = this.limits.setupGas
    let evaluated: ReturnType<QuickJSContext['evalCode']>
    try {
      evaluated = ctx.evalCode(source, 'strategy.js', { type: 'module' })
    } catch (error) {
      this.phase = 'idle'
      return this.gasFault(error, -1)
    }
    if (this.limits.setupGas - this.gas.value > this.limits.setupGas / 2) this.nearLimit = true
    try {
      if (evaluated.error || this.interrupted) return this.interrupted ? this.setupBudgetFault() : this.setupFaultFrom(evaluated.error!)
      const ns = evaluated.value
      if (this.ffi.QTS_PromiseState(this.ctxPtr, (ns as unknown as { value: number }).value) >= 0) {
        return { kind: 'setup', round: -1, message: 'top-level await is not supported: the module must finish loading synchronously' }
      }
      const fn = ctx.getProp(ns, 'default')
      try {
        if (ctx.typeof(fn) !== 'function') {
          return { kind: 'setup', round: -1, message: 'the module has no default-exported function (write `export default function move(view) { ... }`)' }
        }
        const installed = ctx.callFunction(fns.install, ctx.undefined, fn)
        if (installed.error) {
          installed.error.dispose()
          throw new Error('sandbox prelude failed to install a strategy')
        }
        installed.value.dispose()
      } finally {
        fn.dispose()
      }
      return null
    } finally {
      this.phase = 'idle'
      if (!this.dead) {
        this.gas.value = TRUSTED_GAS
        if (evaluated.error) evaluated.error.dispose()
        else evaluated.value.dispose()
      }
    }
  }

  get stackMessage(): string {
    return 'recursion inside a built-in went too deep (deeply nested JSON or data); D for the rest of the match'
  }

  get cpuMessage(): string {
    return `the move used more than its CPU budget (${this.limits.moveGas} gas a move, ${this.limits.matchGas} a match); D for the rest of the match`
  }

  /**
   * The gas meter traps with `unreachable`; anything else thrown from inside
   * the instance is a crash for the runner to handle.
   */
  private gasFault(error: unknown, round: number): Fault {
    // Whatever it was, the instance stopped mid-instruction: never touch it again.
    this.dead = true
    this.tainted = true
    if (this.depth.value >= MAX_CALL_DEPTH) {
      return round < 0
        ? { kind: 'stack', round, message: 'module set-up nested calls too deeply (deeply nested source, or recursion inside a built-in)' }
        : { kind: 'stack', round, message: this.stackMessage }
    }
    if (!(this.gas.value < 1)) throw error
    return round < 0
      ? { kind: 'cpu-budget', round, message: `module set-up used more than its CPU budget (${this.limits.setupGas} gas)` }
      : { kind: 'cpu-budget', round, message: this.cpuMessage }
  }

  /** Describe a set-up error; runs (still under the set-up budget) inside the VM because the value may be hostile. */
  private setupFaultFrom(error: QuickJSHandle): Fault {
    if (this.interrupted) return this.setupBudgetFault()
    if (this.importRefused) {
      return { kind: 'setup', round: -1, message: 'imports are not available in the arena: a strategy is one self-contained module' }
    }
    const ctx = this.ctx!
    let described
    try {
      described = ctx.callFunction(this.fns!.describeSetup, ctx.undefined, error)
    } catch (thrown) {
      if (this.gas.value < 1 || this.depth.value >= MAX_CALL_DEPTH) return this.gasFault(thrown, -1)
      return this.setupMemoryFault()
    }
    if (described.error) {
      described.error.dispose()
      if (this.interrupted) return this.setupBudgetFault()
      return this.setupMemoryFault()
    }
    const [text = '', where = ''] = ctx.getString(described.value).split('\u0001')
    described.value.dispose()
    const [line, column] = where.split(':')
    const message = line && column ? `line ${line}, column ${column}: ${text}` : text
    if (/^InternalError: out of memory/.test(text)) return this.setupMemoryFault()
    return { kind: 'setup', round: -1, message }
  }

  /** One fixed message: how far set-up got before memory ran out is not part of the result. */
  private setupMemoryFault(): Fault {
    return this.memoryFault(-1)
  }

  /** A memory fault at set-up (round -1) or in a move. */
  memoryFault(round: number): Fault {
    this.tainted = true
    const message =
      round < 0
        ? `module set-up ran out of memory (limit ${this.limits.memoryBytes} bytes)`
        : `out of memory (limit ${this.limits.memoryBytes} bytes); D for the rest of the match`
    return { kind: 'memory', round, message }
  }

  private setupBudgetFault(): Fault {
    this.tainted = true
    return { kind: 'setup-budget', round: -1, message: `module set-up used more than its step budget (${this.limits.setupTicks} ticks)` }
  }

  /**
   * Play one round. `code` is -1 in round 0, else (myLast << 1) | theirLast.
   * Returns 0 (C), 1 (D), 2 (a fault: see takeFault), plus 4 once the
   * strategy has drawn randomness; or a FaultKind the host must record.
   */
  step(code: number): number | FaultKind {
    this.phase = 'move'
    this.phaseTicks = 0
    this.interrupted = null
    const ffi = this.ffi
    const given = Math.min(this.limits.moveGas, this.limits.matchGas - this.matchGas)
    this.gas.value = given
    let ptr: number
    try {
      ptr = ffi.QTS_Call(this.ctxPtr, this.stepPtr, this.undefPtr, 1, this.argv + 4 * (code + 1))
    } catch (error) {
      this.phase = 'idle'
      return this.gasFault(error, 0).kind
    }
    this.phase = 'idle'
    const used = given - this.gas.value
    this.matchGas += used
    this.gas.value = TRUSTED_GAS
    // Gas use can differ a little with what the context ran before (garbage collection): near a limit, replay fresh.
    if (used > this.limits.moveGas / 2 || this.matchGas > this.limits.matchGas / 2) this.nearLimit = true
    if (ptr === 0) {
      // The glue could not even allocate the result: memory is exhausted.
      this.tainted = true
      return 'memory'
    }
    const error = ffi.QTS_ResolveException(this.ctxPtr, ptr)
    if (error) {
      ffi.QTS_FreeValuePointer(this.ctxPtr, error)
      ffi.QTS_FreeValuePointer(this.ctxPtr, ptr)
      this.tainted = true
      // Only the interrupt handler and exhausted memory can escape the prelude's try/catch.
      return this.interrupted ?? 'memory'
    }
    const result = ffi.QTS_GetFloat64(this.ctxPtr, ptr)
    ffi.QTS_FreeValuePointer(this.ctxPtr, ptr)
    // A built-in that calls back into strategy code (Array.from, a Set subclass's add...) can turn
    // the interrupt into an ordinary, catchable error: the budget was exhausted all the same.
    if (this.interrupted) {
      this.tainted = true
      return this.interrupted
    }
    if ((result & 3) === 3) {
      this.tainted = true
      return 'memory'
    }
    return result
  }

  /** The fault the last step recorded (after it returned 2), or null if the VM can no longer say. */
  takeFault(): Fault | null {
    const ctx = this.ctx
    if (this.dead) return null
    try {
      const res = ctx!.callFunction(this.fns!.takeFault, ctx!.undefined)
      if (res.error) {
        res.error.dispose()
        return null
      }
      const [kind, round, message] = ctx!.getString(res.value).split('\u0001')
      res.value.dispose()
      return { kind: kind as FaultKind, round: Number(round), message: message ?? '' }
    } catch {
      return null
    }
  }

  disposeContext(): void {
    if (!this.ctx) return
    if (this.dead) {
      // Never call into an instance that trapped: drop the references, the instance goes with them.
      this.ctx = null
      this.fns = null
      return
    }
    const ffi = this.ffi
    for (const p of this.codeArgs) ffi.QTS_FreeValuePointer(this.ctxPtr, p)
    this.codeArgs = []
    if (this.argv) this.heap!._free(this.argv)
    this.argv = 0
    if (this.fns) for (const h of Object.values(this.fns)) h.dispose()
    this.fns = null
    this.ctx.dispose()
    this.ctx = null
  }

  /** Whether promise jobs are queued (never run: they would keep the context alive). */
  get hasPendingJobs(): boolean {
    return this.runtime.hasPendingJob()
  }

  dispose(): void {
    this.disposeContext()
    if (!this.dead) this.runtime.dispose()
  }
}
