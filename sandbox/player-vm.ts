/**
 * One player's QuickJS runtime. Each player of a match gets its own runtime
 * in its own WebAssembly instance (instance.ts), so memory, budgets and the
 * stack are per player: one player exhausting them cannot touch the other,
 * and there is nothing shared to reach through. The runtime holds one
 * locked-down context (prelude.ts); before every match the whole instance is
 * put back to the state it had right after that (snapshot.ts), so every
 * match starts exactly as in a brand-new sandbox, by construction, and only
 * the strategy's module is evaluated afresh. A module the transform takes
 * (module-factory.ts) is compiled once into a factory and the instance put
 * back to the state right after that instead (module-cache.ts): every match
 * then only calls the factory, which runs the module's code afresh.
 *
 * The per-round calls are made through the raw FFI (one QTS_Call whose
 * arguments the host writes into preallocated cells, its result read from
 * memory) because the handle-managing API costs several times more per
 * call, and a match is 2 x rounds calls (twice that with cheap talk). The
 * host does what it can of a round for the prelude: it adds up the scores,
 * tells the answers 'C' and 'D' by their QuickJS value (prelude.ts STEP),
 * reads whether the strategy drew randomness from memory (RANDOM_MARKS),
 * and allocates nothing (a round's result is a number).
 */
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime } from 'quickjs-emscripten-core'
import { makeRules } from '../src/engine/rules'
import type { Fault, OpponentInfo, Rules } from '../src/engine/types'
import { faults, type Budget, type Call } from './faults'
import { gamesFromRecord, type DeclaredGames } from './games'
import type { QuickJSInstance } from './instance'
import { MAX_CALL_DEPTH, matchAllowance, SLACK_GAS, STACK_GUARD_BYTES, type SandboxLimits } from './limits'
import { callWithAddresses, contextCounters, intrinsicAddresses } from './intrinsics'
import { checkLayout, decodeNumber, encodeNumber, isNumber, TAG_EXCEPTION, TAG_INT } from './jsvalue'
import { BEGIN_NUMBERS, INSTALLED, PRELUDE, SIGNALS, STEP, TYPES } from './prelude'
import { moduleCacheFor, type CompiledModule, type ModuleCache } from './module-cache'
import { moduleFactory } from './module-factory'
import { locateRandomFlag } from './random-flag'
import { scoreTable } from './round-scores'
import { Snapshot, type SnapshotDelta } from './snapshot'
import { locateView, VIEW_SLOT, type ViewLayout } from './view-layout'

/** Put before a module when QuickJS is asked whether it compiles it: the module is compiled and linked, then stops before any of its code runs. */
const UNREACHED = 'throw 0;'
/**
 * The share of the set-up budget a compiled module's set-up may use and
 * stand: above it the match loads the module itself instead. Measured, the
 * module's own top level takes at most about 1.15 times the factory's gas
 * (a loop over top-level lets, the widest gap), so below this share the
 * module would not have been stopped either.
 */
const SETUP_SHARE_COMPILED = 0.75

/** Gas for making a context (the lockdown walk): the meter's largest value. */
const LOCKDOWN_GAS = 0x7fffffff
/** Gas for the prelude's per-match trusted work (begin, install, takeFault): bounded too, as defence in depth. */
const TRUSTED_GAS = 20_000_000
/**
 * Gas a call may leave for the host's own small calls after it (freeing a
 * result that holds a number or a signal): with less left, the trusted gas
 * is put back first. (Writing the meter's global costs about as much as a
 * tenth of a round.)
 */
const HOST_RESERVE = 10_000
/**
 * Polls between two calls of the interrupt handler, where the budgets are
 * checked (QuickJS's own interval is 10,000). Code that does much work per
 * poll (a loop over a big object, a built-in call each iteration) must meet
 * the handler before it is SLACK_GAS past its budget, or the meter stops it
 * for good (cpu-budget) where a clean move-budget was meant: with 250, that
 * holds up to 4,000 gas a poll. Each call costs the host well under a
 * microsecond.
 */
const POLL_INTERVAL = 250

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

/** Where a player is: between matches, in module set-up, in a move, or stopped by the meter mid-call until the next match. */
type Phase = 'idle' | 'setup' | 'move' | 'trapped'

/** What a step ends in: the move (C or D, or a fault recorded in the VM), or a fault the host records. */
export type StepOutcome = { move: 0 | 1; faulted: boolean; drewRandom: boolean } | { fault: Fault; retired: boolean }

/** A fault the host records for a call, and whether it retires the strategy. */
export interface HostFault {
  fault: Fault
  retired: boolean
}

/** What an answer in memory is when it is no signal (prelude.ts STEP): one for judge(), or an exception (the call did not return). */
const JUDGE = -1
const EXCEPTION = -2
/** The QuickJS tags of the signals (JS_TAG_STRING, JS_TAG_SYMBOL), and an object's high word. */
const TAG_STRING = -7
const TAG_SYMBOL = -8
const OBJECT_HIGH_WORD = 0xffffffff
/** The argument cells (JSValues): step's and talk's code, scores, and speaking (talk) or shown (step). */
const CELL = Object.freeze({ CODE: 0, MINE: 1, THEIRS: 2, SPEAKING: 3, SHOWN: 4, COUNT: 5 })

/** How much of each budget a match used, as shares (1 = all of it). */
export interface BudgetUsage {
  setup: number
  move: number
  match: number
}

/** The pieces of quickjs-emscripten 0.32 used below that its typings mark protected. */
interface ContextInternals {
  ctx: { value: number }
  module: { _malloc(n: number): number }
}
interface Ffi {
  QTS_Call(ctx: number, fn: number, self: number, argc: number, argv: number): number
  QTS_ResolveException(ctx: number, ptr: number): number
  QTS_NewFloat64(ctx: number, n: number): number
  QTS_GetNull(): number
  QTS_FreeValuePointer(ctx: number, ptr: number): void
  QTS_GetUndefined(): number
  QTS_GetFalse(): number
  QTS_PromiseState(ctx: number, ptr: number): number
}
type PreludeFns = {
  begin: QuickJSHandle
  install: QuickJSHandle
  step: QuickJSHandle
  talk: QuickJSHandle
  judge: QuickJSHandle
  threw: QuickJSHandle
  takeFault: QuickJSHandle
  describeSetup: QuickJSHandle
  readGames: QuickJSHandle
}

/** The rules a module is evaluated under when only its declared games are wanted (top-level code never sees them). */
const INSPECTION_RULES: Rules = makeRules()

/** A module evaluated for a match or an inspection: its namespace, or the set-up fault that stopped it. */
type Evaluated = { ns: QuickJSHandle } | { fault: Fault }

/** What a subclass adds to a player: an extended prelude (extendedPrelude), and what it makes in the context before the snapshot is taken (so that it is restored with the rest). */
export interface PlayerExtension {
  prelude: string
  prepare(vm: PlayerVM): void
}

export class PlayerVM {
  readonly runtime: QuickJSRuntime
  readonly context: QuickJSContext
  private readonly fns: PreludeFns
  private readonly ffi: Ffi
  private readonly ctxPtr: number
  private readonly stepPtr: number
  /** talk(), for a step with cheap talk and for an announcement. */
  private readonly talkStepPtr: number
  /** The step of the current match: stepPtr, or talkStepPtr with cheap talk. */
  private matchStepPtr: number
  private readonly judgePtr: number
  private readonly threwPtr: number
  private readonly undefPtr: number
  /** The argument cells (CELL), written before each call. */
  private readonly cells: number
  /** QuickJS argument lists (pointers to values): step's and talk's (pointing at the cells), and judge()'s two, the answer (or threw()'s error) and the speaking cell. */
  private readonly stepArgv: number
  private readonly talkArgv: number
  private readonly judgeArgv: number
  /** Where the view is, to show a round's numbers in it (view-layout.ts). */
  private readonly view: ViewLayout
  /** The low words of the signals' QuickJS values (their pointers), in SIGNALS order. */
  private readonly signals: Uint32Array
  /** Where the prelude's random-use flag is (a JSValue: its low word is 1 once the strategy has drawn). */
  private readonly randomFlag: number
  private readonly snapshot: Snapshot
  /** Strategies compiled into factories: the runner's, shared by its players, or this player's own. */
  private readonly modules: ModuleCache
  private readonly memory: WebAssembly.Memory
  /** Where QuickJS counts down the polls (calls and loop back-edges) left before it calls the interrupt handler. */
  private readonly pollCounter: number
  /** The instance's memory (it never grows, so one view serves its whole life). */
  private readonly words: DataView
  private readonly words32: Uint32Array
  /** The meter traps a call made with the stack pointer below this (a 'stack' fault). */
  private readonly stackFloor: number
  /** The functions an extended prelude returns after its own (an array), or null. */
  readonly extension: QuickJSHandle
  /** Handles a subclass keeps for the context's life, freed with it. */
  protected readonly held: QuickJSHandle[] = []

  private phase: Phase = 'idle'
  /** The budget the meter enforces in the current call, the gas it was given, and what the interrupt handler allows. */
  private budget: Budget = 'setup'
  private given = 0
  private soft = 0
  private softMatch = 0
  private setupUsed = 0
  private stoppedBy: Fault | null = null
  private importRefused = false
  private growAttempts: number
  private round = 0
  /** What the current call is, for the wording of its faults. */
  private calling: Call = 'move'
  /** Whether the loaded module exports announce (a function). */
  private speaks = false
  private source = ''
  private matchUsed = 0
  /** The set-up share (evaluate() writes it); the move and match shares are worked out when asked, from the gas below. */
  private usage: BudgetUsage = { setup: 0, move: 0, match: 0 }
  /** The most gas one call of the match used, and the match allowance of its last accounted call (0: none yet). */
  private mostUsed = 0
  private lastAllowance = 0
  /** This side's round payoffs (round-scores.ts) and the running scores the view shows. */
  private scores: number[] = []
  private myScore = 0
  private theirScore = 0
  /** The rounds the prelude has added to the history (the view's round). */
  private rounds = 0
  /** The fault the host recorded for the last call that returned NaN. */
  private hostFault: HostFault | null = null

  constructor(
    protected readonly instance: QuickJSInstance,
    protected readonly limits: SandboxLimits,
    extension?: PlayerExtension,
    modules?: ModuleCache,
  ) {
    const module = instance.module
    this.memory = instance.memory
    this.words = new DataView(instance.memory.buffer)
    this.words32 = new Uint32Array(instance.memory.buffer)
    this.ffi = module.getFFI() as unknown as Ffi
    this.undefPtr = this.ffi.QTS_GetUndefined()
    this.growAttempts = instance.growAttempts
    this.stackFloor = (instance.stack.value as number) - instance.stackBytes + STACK_GUARD_BYTES
    instance.gas.value = LOCKDOWN_GAS
    this.runtime = module.newRuntime()
    // No setMemoryLimit: this build counts 8 bytes per allocation whatever its size (see instance.ts);
    // memory is bounded by the player's own capped WebAssembly memory instead.
    this.runtime.setMaxStackSize(limits.stackBytes)
    this.runtime.setInterruptHandler(() => this.onInterrupt())
    // Refuse every import, including of a module evaluated earlier (QuickJS looks a name up among the
    // context's modules before asking the loader; refusing to normalise stops that). The error cannot
    // carry a message into the locked-down context, so the host remembers the refusal.
    const refuse = () => {
      this.importRefused = true
      return { error: new Error('imports are not available') }
    }
    this.runtime.setModuleLoader(refuse, refuse)

    const ctx = this.runtime.newContext({ intrinsics: INTRINSICS })
    this.context = ctx
    const internals = ctx as unknown as ContextInternals
    this.ctxPtr = internals.ctx.value
    const result = ctx.evalCode(extension?.prelude ?? PRELUDE, 'arena-prelude.js', { type: 'global', strict: true })
    if (result.error) {
      const message = JSON.stringify(ctx.dump(result.error))
      result.error.dispose()
      throw new Error(`sandbox prelude failed: ${message}`)
    }
    const arr = result.value
    const [lockdown, begin, install, step, talk, judge, threw, takeFault, describeSetup, readGames, signals, markRandom, viewLayout, more] = Array.from({ length: 14 }, (_, i) =>
      ctx.getProp(arr, i),
    )
    arr.dispose()
    this.fns = {
      begin: begin!,
      install: install!,
      step: step!,
      talk: talk!,
      judge: judge!,
      threw: threw!,
      takeFault: takeFault!,
      describeSetup: describeSetup!,
      readGames: readGames!,
    }
    this.extension = more!
    const locked = this.callWithIntrinsics(lockdown!)
    lockdown!.dispose()
    if (locked.error) {
      locked.error.dispose()
      throw new Error('sandbox lockdown failed')
    }
    locked.value.dispose()

    const pointer = (h: QuickJSHandle) => (h as unknown as { value: number }).value
    this.stepPtr = pointer(this.fns.step)
    this.talkStepPtr = pointer(this.fns.talk)
    this.matchStepPtr = this.stepPtr
    this.judgePtr = pointer(this.fns.judge)
    this.threwPtr = pointer(this.fns.threw)
    this.cells = internals.module._malloc(8 * CELL.COUNT)
    this.stepArgv = internals.module._malloc(4 * 10)
    if (this.cells === 0 || this.stepArgv === 0 || this.cells % 8 !== 0) throw new Error('sandbox could not allocate the argument cells')
    this.talkArgv = this.stepArgv + 4 * 4
    this.judgeArgv = this.talkArgv + 4 * 4
    const cell = (k: number) => this.cells + 8 * k
    for (let k = 0; k < CELL.COUNT; k++) encodeNumber(0, this.words32, cell(k) >>> 2)
    const lists: [number, number[]][] = [
      [this.stepArgv, [CELL.CODE, CELL.MINE, CELL.THEIRS, CELL.SHOWN]],
      [this.talkArgv, [CELL.CODE, CELL.MINE, CELL.THEIRS, CELL.SPEAKING]],
      [this.judgeArgv, [CELL.CODE, CELL.SPEAKING]],
    ]
    for (const [argv, cells] of lists) cells.forEach((k, i) => (this.words32[(argv >>> 2) + i] = cell(k)))
    this.signals = readSignals(ctx, signals!, this.words32)
    signals!.dispose()
    // (judge()'s answer word is free until a call needs it.)
    this.randomFlag = locateRandomFlag(this.ffi, this.ctxPtr, this.words32, pointer(markRandom!), cell(CELL.CODE), this.judgeArgv, instance)
    markRandom!.dispose()
    this.view = locateView(ctx, viewLayout!, this.words32, instance)
    // Held for the player's life: it keeps the view's twin, and so the view's first shape shared.
    this.held.push(viewLayout!)
    const counters = contextCounters(this.memory, this.ctxPtr, instance.stack.value as number)
    // QuickJS seeds its own random state from the clock for the Math.random the prelude replaces, so
    // nothing reads it: zeroed, every new instance is byte-identical.
    new DataView(this.memory.buffer).setBigUint64(counters.randomState, 0n, true)
    this.pollCounter = counters.interruptCounter
    // Results are read from memory as QuickJS boxes them (jsvalue.ts): checked here, once.
    checkLayout(this.ffi, this.ctxPtr, this.words32)
    extension?.prepare(this)
    // Everything above stays allocated for the instance's life: it is part of the state restored before every match.
    this.snapshot = new Snapshot(instance)
    this.modules = modules?.admits(this.snapshot) ? modules : moduleCacheFor(instance.memory.buffer.byteLength, modules?.compiles)
  }

  /** Bytes restored before every match. */
  get snapshotBytes(): number {
    return this.snapshot.size
  }

  /** Call a function of this context with every intrinsic it holds as arguments (the lockdown, and tests that audit it). */
  callWithIntrinsics(fn: QuickJSHandle): ReturnType<QuickJSContext['callFunction']> {
    return callWithAddresses(this.context, fn, intrinsicAddresses(this.memory, this.ctxPtr, this.instance.stack.value as number))
  }

  /** How much of each budget the last match used. */
  get lastUsage(): BudgetUsage {
    // (Division is monotonic: the largest share is the largest use over the budget, exactly.)
    return {
      setup: this.usage.setup,
      move: this.mostUsed / this.limits.moveGas,
      match: this.lastAllowance === 0 ? 0 : this.matchUsed / this.lastAllowance,
    }
  }

  private onInterrupt(): boolean {
    if (this.phase !== 'setup' && this.phase !== 'move') return false
    const used = this.spent()
    if (this.phase === 'setup') {
      if (used > this.soft) this.stoppedBy = faults.setupBudget(this.limits)
    } else if (this.matchUsed + used > this.softMatch) {
      this.stoppedBy = this.worded(faults.matchBudget(this.limits, this.round))
    } else if (used > this.limits.moveGas) {
      this.stoppedBy = this.worded(faults.moveBudget(this.limits, this.round))
    }
    if (this.stoppedBy !== null) return true
    this.pollSoon()
    return false
  }

  /** Give the meter `soft` gas for the coming call, plus the slack that work inside built-ins may overrun it by. */
  private meter(budget: Budget, soft: number): void {
    this.budget = budget
    this.soft = Math.max(0, soft)
    this.given = this.soft + SLACK_GAS
    this.instance.gas.value = this.given
    this.stoppedBy = null
    this.pollSoon()
  }

  /** Have QuickJS call the interrupt handler again after POLL_INTERVAL polls (it has just reset its own count). */
  private pollSoon(): void {
    this.words.setInt32(this.pollCounter, POLL_INTERVAL, true)
  }

  /** Gas used by the call just made. */
  private spent(): number {
    return this.given - (this.instance.gas.value as number)
  }

  /** A fault of the current call, worded for what the call was (a move or an announcement). */
  private worded(fault: Fault): Fault {
    return this.calling === 'announce' && fault.round >= 0 ? faults.inAnnounce(fault, this.limits) : fault
  }

  /** Did the memory or the meter stop the instance? Then it must not be called again until restored. */
  private trapFault(error: unknown, round: number): Fault {
    this.phase = 'trapped'
    if (this.instance.growAttempts !== this.growAttempts) return this.worded(faults.memory(this.limits, round))
    if ((this.instance.depth.value as number) >= MAX_CALL_DEPTH || (this.instance.stack.value as number) < this.stackFloor) return this.worded(faults.stack(round))
    if ((this.instance.gas.value as number) < 1) return this.worded(faults.cpuBudget(this.limits, this.budget, round))
    throw error
  }

  /** A memory fault if the call just made tried to grow the memory past its cap. */
  private memoryFault(round: number): Fault | null {
    if (this.instance.growAttempts === this.growAttempts) return null
    this.phase = 'trapped'
    return this.worded(faults.memory(this.limits, round))
  }

  /** Put the instance back to the state it had when made (done before every match), or with `delta` to a compiled strategy's. */
  reset(delta?: SnapshotDelta): void {
    this.snapshot.restore(delta)
    this.growAttempts = this.instance.growAttempts
    this.phase = 'idle'
    this.instance.gas.value = TRUSTED_GAS
    this.mostUsed = 0
    this.lastAllowance = 0
  }

  /**
   * Start a match and evaluate the strategy's module. `side` is 0 for
   * player A, 1 for player B (whose payoffs the view shows as its own).
   * Returns a set-up fault (round -1) when the strategy cannot play; it then
   * plays D throughout.
   */
  load(source: string, rules: Rules, seed: number, opponent: OpponentInfo | null, side: 0 | 1 = 0): Fault | null {
    const evaluated = this.evaluate(source, () => this.begin(rules, seed, opponent, side))
    this.matchStepPtr = rules.cheapTalk ? this.talkStepPtr : this.stepPtr
    if ('fault' in evaluated) return evaluated.fault
    const installed = this.install(this.fns.install, evaluated.ns)
    if ('fault' in installed) return installed.fault
    const fault = installFault(installed.code)
    if (fault) return fault
    this.speaks = installed.code === INSTALLED.WITH_ANNOUNCE
    return null
  }

  /**
   * Call a prelude function that installs a strategy from its module's
   * namespace (`ns`, given back here): the trusted gas, and the traps and
   * memory checked as for any call into the VM (the call reads exports and
   * runs none of the strategy's code, but the strategy may have left its
   * memory nearly full). Returns what the function returned (a number), or
   * the set-up fault that stopped it.
   */
  protected install(fn: QuickJSHandle, ns: QuickJSHandle): { code: number } | { fault: Fault } {
    const ctx = this.context
    this.instance.gas.value = TRUSTED_GAS
    let installed
    try {
      installed = ctx.callFunction(fn, ctx.undefined, ns)
    } catch (error) {
      return { fault: this.trapFault(error, -1) }
    } finally {
      // (A trapped instance is put back whole before it is called again: its handles go with it.)
      if (this.phase !== 'trapped') ns.dispose()
    }
    const memory = this.memoryFault(-1)
    if (memory) return { fault: memory }
    if (installed.error) {
      installed.error.dispose()
      throw new Error('sandbox prelude failed to install a strategy')
    }
    const code = ctx.getNumber(installed.value)
    installed.value.dispose()
    return { code }
  }

  /** Call a prelude function with string arguments, under the trusted gas; it must not fail. */
  protected trusted(fn: QuickJSHandle, strings: readonly string[], what: string): void {
    const ctx = this.context
    this.instance.gas.value = TRUSTED_GAS
    const args = strings.map((text) => ctx.newString(text))
    const result = ctx.callFunction(fn, ctx.undefined, ...args)
    args.forEach((h) => h.dispose())
    if (result.error) {
      result.error.dispose()
      throw new Error(`sandbox prelude failed to ${what}`)
    }
    result.value.dispose()
  }

  /** Whether the module loaded for this match exports announce (with cheap talk the runner then asks it every round). */
  get announces(): boolean {
    return this.speaks
  }

  /**
   * The games a module declares (`export const games`), or why that cannot
   * be told: it does not load, or its declaration is not a list of known
   * games. Everything is read inside the VM, in one call under what is left
   * of the set-up budget (whether the export is there, and its value, which
   * may be a proxy or have getters).
   */
  declaredGames(source: string): DeclaredGames {
    this.matchStepPtr = this.stepPtr
    const evaluated = this.evaluate(source, () => this.begin(INSPECTION_RULES, 0, null, 0))
    if ('fault' in evaluated) return { error: `the module does not load: ${evaluated.fault.message}` }
    const ctx = this.context
    const ns = evaluated.ns
    try {
      this.phase = 'setup'
      this.meter('setup', this.limits.setupGas - this.setupUsed)
      let read
      try {
        read = ctx.callFunction(this.fns.readGames, ctx.undefined, ns)
      } catch (thrown) {
        return { error: `reading the \`games\` export: ${this.trapFault(thrown, -1).message}` }
      }
      this.phase = 'idle'
      this.instance.gas.value = TRUSTED_GAS
      const memory = this.memoryFault(-1)
      if (memory) return { error: `reading the \`games\` export: ${memory.message}` }
      if (this.stoppedBy) {
        if (read.error) read.error.dispose()
        else read.value.dispose()
        return { error: `reading the \`games\` export: ${this.stoppedBy.message}` }
      }
      if (read.error) {
        read.error.dispose()
        throw new Error('sandbox prelude failed to read a games export')
      }
      const record = ctx.getString(read.value)
      read.value.dispose()
      return gamesFromRecord(record)
    } finally {
      if ((this.phase as Phase) !== 'trapped') ns.dispose()
    }
  }

  /**
   * Put the instance back, start a match or group with `begin` (a trusted
   * call of the prelude), then evaluate the strategy's module under the
   * set-up budget. Returns its namespace (the caller disposes of it), or the
   * set-up fault (round -1) that stopped it.
   *
   * A compiled strategy (module-cache.ts) is put back as compiled and its
   * factory called instead; the set-up budget is charged the gas QuickJS
   * took to compile the module, measured once, as if it had compiled it
   * again, so that usage and where the budget stops code stay about what
   * they were.
   */
  protected evaluate(source: string, begin: () => void): Evaluated {
    const compiled = this.compiled(source)
    try {
      const made = this.instantiate(source, compiled, begin)
      // Near a limit, the factory and the module can part: its top-level bindings are locals, a little
      // cheaper in gas and on QuickJS's stack. So a set-up that faulted, or used most of its budget, is
      // played again as the module itself, from the same restored start: where a module stops, and
      // how, stays what it always was. (A namespace made above lives in the memory just put back.)
      if (compiled && ('fault' in made || this.setupUsed > SETUP_SHARE_COMPILED * this.limits.setupGas)) return this.instantiate(source, null, begin)
      return made
    } catch (error) {
      // The sandbox failed (not a budget or the memory): compile afresh next time.
      if (compiled) this.modules.forget(source)
      throw error
    }
  }

  private instantiate(source: string, compiled: CompiledModule | null, begin: () => void): Evaluated {
    this.reset(compiled?.delta)
    this.round = 0
    this.calling = 'move'
    this.speaks = false
    this.matchUsed = 0
    this.source = source
    this.usage = { setup: 0, move: 0, match: 0 }
    this.importRefused = false
    const ctx = this.context
    this.instance.gas.value = TRUSTED_GAS
    begin()

    this.phase = 'setup'
    const compileGas = compiled?.compileGas ?? 0
    this.meter('setup', this.limits.setupGas - compileGas)
    let evaluated: ReturnType<QuickJSContext['evalCode']>
    try {
      evaluated = compiled ? callWithAddresses(ctx, compiled.factory, []) : ctx.evalCode(source, 'strategy.js', { type: 'module' })
    } catch (error) {
      return { fault: this.trapFault(error, -1) }
    }
    this.setupUsed = compileGas + this.spent()
    this.usage.setup = this.setupUsed / this.limits.setupGas
    this.phase = 'idle'
    this.instance.gas.value = TRUSTED_GAS
    let keep = false
    try {
      const memory = this.memoryFault(-1)
      if (memory) return { fault: memory }
      if (this.stoppedBy) return { fault: this.stoppedBy }
      if (evaluated.error) return { fault: this.setupFault(evaluated.error) }
      if (this.ffi.QTS_PromiseState(this.ctxPtr, (evaluated.value as unknown as { value: number }).value) >= 0) return { fault: faults.topLevelAwait() }
      keep = true
      return { ns: evaluated.value }
    } finally {
      // (setupFault and memoryFault may have set the phase.)
      if (!keep && (this.phase as Phase) !== 'trapped') {
        if (evaluated.error) evaluated.error.dispose()
        else evaluated.value.dispose()
      }
    }
  }

  /**
   * The compiled form of `source`, from the cache or compiled now; null when
   * it is evaluated every match (the transform does not take it, or
   * compiling it failed or took the whole set-up budget: then evaluating it
   * stops where it always did).
   */
  private compiled(source: string): CompiledModule | null {
    if (!this.modules.compiles) return null
    let cached = this.modules.get(source)
    if (cached === undefined) {
      const made = moduleFactory(source)
      cached = this.modules.set(source, ('script' in made && this.compile(source, made.script)) || 'evaluate')
    }
    return cached === 'evaluate' ? null : cached
  }

  /**
   * Compile a strategy's factory (`script`, made from `source`) in a freshly
   * restored instance and capture the memory right after. Making the
   * factory runs none of the strategy's code. First QuickJS compiles the
   * module as written (then stops it before any of its code runs): one it
   * rejects is evaluated every match, failing in QuickJS's own words,
   * whatever the transform's parser took; and the gas that took, what
   * evaluating the module spends before its code runs, is what every match
   * is charged (one that takes the whole set-up budget is evaluated every
   * match, to stop where it always did). Null if anything fails or is
   * stopped: the next match's restore puts the instance back either way.
   */
  private compile(source: string, script: string): CompiledModule | null {
    const checked = this.trial(`${UNREACHED}${source}`, 'module')
    if (!checked || checked.gas >= this.limits.setupGas || !checked.result.error || this.context.typeof(checked.result.error) !== 'number') return null
    // Room wiped past the snapshot (snapshot.ts wipeAbove): enough for most, else again with the room it took.
    let room = 4 * script.length + 65536
    let made = this.trial(script, 'global', room)
    if (made && this.snapshot.grown() > room) {
      room = this.snapshot.grown()
      made = this.trial(script, 'global', room)
    }
    if (!made || this.snapshot.grown() > room || made.result.error || this.context.typeof(made.result.value) !== 'function') return null
    // (Handles made here are never disposed: the memory they live in is what every match restores.)
    const compiled = { delta: this.snapshot.delta(), factory: (made.result.value as unknown as { value: number }).value, compileGas: checked.gas }
    // QuickJS's own reading of the factory must span the whole script: the module's code all inside it.
    return this.sourceText(made.result.value) === script ? compiled : null
  }

  /**
   * Evaluate trusted-made code in a freshly restored instance (with `wipe`
   * bytes wiped past the snapshot), metered as set-up: what it gave and the
   * gas it took, or null if the meter or the memory stopped it.
   */
  private trial(code: string, type: 'module' | 'global', wipe = 0): { result: ReturnType<QuickJSContext['evalCode']>; gas: number } | null {
    this.reset()
    this.snapshot.wipeAbove(wipe)
    const given = this.limits.setupGas + SLACK_GAS
    this.instance.gas.value = given
    let result: ReturnType<QuickJSContext['evalCode']>
    try {
      result = this.context.evalCode(code, 'strategy.js', type === 'module' ? { type } : { type, strict: true })
    } catch (error) {
      // (Rethrows what is no trap of the meter or the memory.)
      this.trapFault(error, -1)
      return null
    }
    const gas = given - (this.instance.gas.value as number)
    this.instance.gas.value = TRUSTED_GAS
    return this.instance.growAttempts === this.growAttempts ? { result, gas } : null
  }

  /** A function's source text, as Function.prototype.toString gives it (under the trusted gas; the function is the host's own). */
  private sourceText(fn: QuickJSHandle): string | null {
    const ctx = this.context
    const toString = ctx.getProp(fn, 'toString')
    const text = ctx.callFunction(toString, fn)
    toString.dispose()
    if (text.error) {
      text.error.dispose()
      return null
    }
    const value = ctx.typeof(text.value) === 'string' ? ctx.getString(text.value) : null
    text.value.dispose()
    return value
  }

  /**
   * The prelude's begin(): the rules travel as numbers (exact, never through
   * text) next to a short config text (prelude.ts BEGIN_NUMBERS). The host
   * keeps this side's table of round payoffs (round-scores.ts) for the
   * scores each step shows.
   */
  private begin(rules: Rules, seed: number, opponent: OpponentInfo | null, side: 0 | 1): void {
    const ref = rules.referee
    if (ref !== null && ref.fines !== 'destroyed' && ref.fines !== 'shared') throw new Error(`unknown referee fines "${String(ref.fines)}"`)
    const config = [seed >>> 0, rules.turns === null ? '-' : 'n', rules.continuation === null ? '-' : 'n', ref === null ? '-' : ref.fines, rules.cheapTalk ? 'talk' : '-'].join('|')
    const { R, S, T, P } = rules.payoffs
    const byName: Record<(typeof BEGIN_NUMBERS)[number], number> = {
      turns: rules.turns ?? 0,
      continuation: rules.continuation ?? 0,
      noise: rules.noise,
      R,
      S,
      T,
      P,
      fine: ref?.fine ?? 0,
      detection: ref?.detection ?? 0,
      align: rules.align,
    }
    const numbers = BEGIN_NUMBERS.map((name) => byName[name])
    this.scores = scoreTable(rules, side)
    this.myScore = 0
    this.theirScore = 0
    this.rounds = 0
    const ctx = this.context
    const texts = [ctx.newString(config), ctx.newString(opponent === null ? '' : JSON.stringify(opponent))]
    const pointers = numbers.map((n) => this.ffi.QTS_NewFloat64(this.ctxPtr, n))
    try {
      const began = callWithAddresses(ctx, this.fns.begin, [...texts.map((h) => (h as unknown as { value: number }).value), ...pointers])
      if (began.error) {
        began.error.dispose()
        throw new Error('sandbox prelude failed to start a match')
      }
      began.value.dispose()
    } finally {
      for (const p of pointers) this.ffi.QTS_FreeValuePointer(this.ctxPtr, p)
      for (const h of texts) h.dispose()
    }
  }

  /** Describe a set-up error; runs (under the set-up budget) inside the VM because the value may be hostile. */
  private setupFault(error: QuickJSHandle): Fault {
    if (this.importRefused) return faults.importRefused()
    const ctx = this.context
    this.phase = 'setup'
    this.meter('setup', this.limits.setupGas - this.setupUsed)
    let described
    try {
      described = ctx.callFunction(this.fns.describeSetup, ctx.undefined, error)
    } catch (thrown) {
      return this.trapFault(thrown, -1)
    }
    this.phase = 'idle'
    this.instance.gas.value = TRUSTED_GAS
    const memory = this.memoryFault(-1)
    if (memory) return memory
    if (this.stoppedBy) return this.stoppedBy
    if (described.error) {
      described.error.dispose()
      throw new Error('sandbox prelude failed to describe a set-up error')
    }
    const record = ctx.getString(described.value)
    described.value.dispose()
    return faults.fromRecord(record, this.source) ?? faults.undescribable(-1)
  }

  /**
   * Play round `round`: `code` is a step code (prelude.ts STEP: the last
   * round as actually played and fined, and with cheap talk this round's
   * announcements).
   */
  step(code: number, round: number): StepOutcome {
    return this.outcome(this.stepResult(code, round))
  }

  /**
   * With cheap talk, ask for round `round`'s announcement before its step:
   * `history` is the history part of a step code (the step that follows
   * then passes NO_HISTORY). The outcome's move is the announcement (0 = C,
   * 1 = D); its faults are worded as announce's. Only for a module that
   * announces (`announces`).
   */
  announce(history: number, round: number): StepOutcome {
    return this.outcome(this.announceResult(history, round))
  }

  /** step() as a number: MOVE_C or MOVE_D, plus FAULTED and DREW_RANDOM (prelude.ts STEP); NaN for a fault the host records (takeHostFault()). */
  stepResult(code: number, round: number): number {
    this.calling = 'move'
    this.tell(code, 0)
    const fn = this.matchStepPtr
    if (fn === this.talkStepPtr) return this.call(fn, 4, this.talkArgv, round, true)
    this.words32[(this.cells >>> 2) + 2 * CELL.SHOWN] = this.show()
    return this.call(fn, 4, this.stepArgv, round, true)
  }

  /** announce() as a number, as stepResult() says. */
  announceResult(history: number, round: number): number {
    this.calling = 'announce'
    this.tell(history, 1)
    return this.call(this.talkStepPtr, 4, this.talkArgv, round, true)
  }

  /** The fault the host recorded for the last call that returned NaN (once). */
  takeHostFault(): HostFault {
    const fault = this.hostFault
    if (fault === null) throw new Error('no call has returned a fault the host records')
    this.hostFault = null
    return fault
  }

  /** Write the cells step and talk read: the code, the scores after its history part, and whether it asks for an announcement. */
  private tell(code: number, speaking: 0 | 1): void {
    const h = code % STEP.HISTORY_CODES
    if (h !== STEP.NO_HISTORY) {
      this.myScore += this.scores[2 * h]!
      this.theirScore += this.scores[2 * h + 1]!
      this.rounds++
    }
    const words = this.words32
    const at = this.cells >>> 2
    words[at + 2 * CELL.CODE] = code
    words[at + 2 * CELL.CODE + 1] = TAG_INT
    encodeNumber(this.myScore, words, at + 2 * CELL.MINE)
    encodeNumber(this.theirScore, words, at + 2 * CELL.THEIRS)
    words[at + 2 * CELL.SPEAKING] = speaking
    words[at + 2 * CELL.SPEAKING + 1] = TAG_INT
  }

  /**
   * Show the round and the scores in the view when it and its history
   * arrays are as the prelude made them, as its assignments would
   * (prelude.ts VIEW_FIELDS; view-layout.ts): 1 when shown, else 0, for
   * the prelude to.
   */
  private show(): 0 | 1 {
    const words = this.words32
    const v = this.view
    if (words[v.shapeAt >>> 2] !== v.shape || words[v.myShapeAt >>> 2] !== v.arrayShape || words[v.theirShapeAt >>> 2] !== v.arrayShape) return 0
    const props = words[v.propsAt >>> 2]! >>> 2
    const round = props + 2 * VIEW_SLOT.round
    const mine = props + 2 * VIEW_SLOT.myScore
    const theirs = props + 2 * VIEW_SLOT.theirScore
    const my = props + 2 * VIEW_SLOT.my
    const their = props + 2 * VIEW_SLOT.their
    if (!isNumber(words[round + 1]!) || !isNumber(words[mine + 1]!) || !isNumber(words[theirs + 1]!)) return 0
    if (words[my] !== v.my || words[my + 1] !== OBJECT_HIGH_WORD || words[their] !== v.their || words[their + 1] !== OBJECT_HIGH_WORD) return 0
    encodeNumber(this.rounds, words, round)
    encodeNumber(this.myScore, words, mine)
    encodeNumber(this.theirScore, words, theirs)
    return 1
  }

  private outcome(result: number): StepOutcome {
    if (Number.isNaN(result)) return this.takeHostFault()
    const faulted = (result & STEP.FAULTED) !== 0
    return { move: faulted ? 1 : ((result & STEP.MOVE_D) as 0 | 1), faulted, drewRandom: (result & STEP.DREW_RANDOM) !== 0 }
  }

  /** NaN, having kept `fault` for takeHostFault(). */
  private failed(fault: Fault, retired: boolean): number {
    this.hostFault = { fault, retired }
    return NaN
  }

  /**
   * Call the prelude function at `fn` (a JSValue pointer) with the `argc`
   * JSValue pointers at `argv`, metered as a move of round `round` (with the
   * move's budget and within the match's): one raw FFI call (the
   * handle-managing API costs several times more per call). Its faults are
   * worded for the current call (a move unless announce() made it).
   *
   * Returns the number the prelude returned; with `answers`, the prelude
   * returned a strategy's answer (prelude.ts STEP), and the result is the
   * host's: MOVE_C or MOVE_D, plus FAULTED and DREW_RANDOM. NaN when the
   * host records a fault (takeHostFault()).
   */
  protected call(fn: number, argc: number, argv: number, round: number, answers: boolean): number {
    this.round = round
    const allowance = matchAllowance(this.limits, round)
    if (this.matchUsed >= allowance) return this.failed(this.worded(faults.matchBudget(this.limits, round)), true)
    this.softMatch = allowance
    const remaining = allowance - this.matchUsed
    this.meter(remaining < this.limits.moveGas ? 'match' : 'move', Math.min(this.limits.moveGas, remaining))
    this.phase = 'move'
    const ffi = this.ffi
    let ptr = 0
    let answer = JUDGE
    let left = 0
    let grown = false
    try {
      ptr = ffi.QTS_Call(this.ctxPtr, fn, this.undefPtr, argc, argv)
      if (answers && ptr !== 0) {
        answer = this.signalled(ptr)
        // Within the move's budget, as if the prelude did it itself: recording what the strategy threw
        // (the meter's interrupt is not its throw; exhausted memory has zeroed the gas, and traps here),
        // judging an answer, and letting either go, which may be the last reference to what it built.
        if (answer === EXCEPTION && this.stoppedBy === null) {
          const error = ffi.QTS_ResolveException(this.ctxPtr, ptr)
          ffi.QTS_FreeValuePointer(this.ctxPtr, ptr)
          // (0: the glue could not allocate the error's cell.)
          ptr = error === 0 ? 0 : this.pass(this.threwPtr, error)
          answer = ptr === 0 ? JUDGE : this.signalled(ptr)
        }
        if (answer === JUDGE && ptr !== 0) ptr = this.pass(this.judgePtr, ptr)
      }
    } catch (error) {
      return this.failed(this.trapFault(error, round), true)
    } finally {
      if (this.phase === 'move') this.phase = 'idle'
      left = this.instance.gas.value as number
      // An attempt to grow the memory zeroes the gas, and nothing adds to it: only a call left with none can
      // have made one. (That call's use is then unknown, and the strategy is retired anyway.)
      grown = left < 1 && this.instance.growAttempts !== this.growAttempts
      if (!grown) {
        const used = this.given - left
        this.matchUsed += used
        if (used > this.mostUsed) this.mostUsed = used
        this.lastAllowance = allowance
      }
    }
    if (left < HOST_RESERVE) this.instance.gas.value = TRUSTED_GAS
    if (grown) {
      this.phase = 'trapped'
      return this.failed(this.worded(faults.memory(this.limits, round)), true)
    }
    // The glue returns 0 only when it could not even allocate the result.
    if (ptr === 0) return this.failed(this.worded(faults.memory(this.limits, round)), true)
    if ((this.words32[(ptr >>> 2) + 1]! | 0) === TAG_EXCEPTION) {
      this.instance.gas.value = TRUSTED_GAS
      ffi.QTS_FreeValuePointer(this.ctxPtr, ffi.QTS_ResolveException(this.ctxPtr, ptr))
      ffi.QTS_FreeValuePointer(this.ctxPtr, ptr)
      // All that is left is the meter's interrupt or exhausted memory (the strategy's throws went to threw(),
      // or to the commons prelude's try/catch).
      if (this.stoppedBy) return this.failed(this.stoppedBy, this.stoppedBy.kind !== 'move-budget')
      return this.failed(this.worded(faults.memory(this.limits, round)), true)
    }
    const value = answers && answer !== JUDGE ? answer : decodeNumber(this.words32, ptr >>> 2)
    ffi.QTS_FreeValuePointer(this.ctxPtr, ptr)
    // A built-in that calls back into strategy code (Array.from, a Set subclass's add...) can turn the
    // interrupt into an ordinary, catchable error: the budget was exhausted all the same.
    if (this.stoppedBy) return this.failed(this.stoppedBy, this.stoppedBy.kind !== 'move-budget')
    if (!answers) return value
    return this.words32[this.randomFlag >>> 2] === 0 ? value : value | STEP.DREW_RANDOM
  }

  /** Call the prelude function at `fn` with the value at `ptr` (and the speaking cell), and let that value go: what it returned. */
  private pass(fn: number, ptr: number): number {
    this.words32[this.judgeArgv >>> 2] = ptr
    const result = this.ffi.QTS_Call(this.ctxPtr, fn, this.undefPtr, 2, this.judgeArgv)
    this.ffi.QTS_FreeValuePointer(this.ctxPtr, ptr)
    return result
  }

  /** The answer at `ptr` as the host's result when it is a signal (prelude.ts STEP), else JUDGE (or EXCEPTION). */
  private signalled(ptr: number): number {
    const words = this.words32
    const lo = words[ptr >>> 2]!
    const tag = words[(ptr >>> 2) + 1]! | 0
    const signals = this.signals
    if (tag === TAG_STRING) {
      if (lo === signals[SIGNALS.C]) return STEP.MOVE_C
      if (lo === signals[SIGNALS.D]) return STEP.MOVE_D
    } else if (tag === TAG_SYMBOL) {
      if (lo === signals[SIGNALS.FAULT]) return STEP.FAULTED
    } else if (tag === TAG_EXCEPTION) {
      return EXCEPTION
    }
    return JUDGE
  }

  /**
   * The fault the last step or announce recorded (after it returned
   * faulted). Fetching it can still run out of memory: then that is the
   * fault, and it retires the strategy.
   */
  takeFault(round: number): { fault: Fault; retired: boolean } {
    const ctx = this.context
    this.instance.gas.value = TRUSTED_GAS
    let res
    try {
      res = ctx.callFunction(this.fns.takeFault, ctx.undefined)
    } catch (error) {
      return { fault: this.trapFault(error, round), retired: true }
    }
    const memory = this.memoryFault(round)
    if (memory) return { fault: memory, retired: true }
    if (res.error) {
      res.error.dispose()
      throw new Error('sandbox prelude failed to report a fault')
    }
    const record = ctx.getString(res.value)
    res.value.dispose()
    return { fault: this.worded(faults.fromRecord(record, this.source, this.calling) ?? faults.undescribable(round)), retired: false }
  }

  dispose(): void {
    try {
      // Back to the state the handles below belong to: a trapped instance stopped mid-call, and a
      // compiled strategy's memory holds its factory, which nothing the context frees refers to.
      this.reset()
      this.instance.gas.value = LOCKDOWN_GAS
      for (const h of [...Object.values(this.fns), this.extension, ...this.held]) h.dispose()
      this.context.dispose()
      this.runtime.dispose()
    } finally {
      this.instance.release()
    }
  }
}

/** The low words of the prelude's signals (SIGNALS), checked to be what they are said to be. */
function readSignals(ctx: QuickJSContext, signals: QuickJSHandle, words: Uint32Array): Uint32Array {
  const out = new Uint32Array(SIGNALS.COUNT)
  const tags = [TAG_STRING, TAG_STRING, TAG_SYMBOL]
  for (let i = 0; i < SIGNALS.COUNT; i++) {
    const h = ctx.getProp(signals, i)
    const at = (h as unknown as { value: number }).value >>> 2
    const tag = words[at + 1]! | 0
    out[i] = words[at]!
    h.dispose()
    if (tag !== tags[i]) throw new Error('unexpected QuickJS value layout: a signal of the prelude is not a string or symbol')
  }
  return out
}

/** The set-up fault an install() code means, or null when the strategy is installed (both games). */
export function installFault(code: number): Fault | null {
  if (code === INSTALLED.NO_DEFAULT) return faults.noDefaultExport()
  if (code >= INSTALLED.BAD_ANNOUNCE) return faults.announceNotFunction(TYPES[code - INSTALLED.BAD_ANNOUNCE] ?? 'value')
  return null
}
