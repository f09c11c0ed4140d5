/**
 * The QuickJS match runner: plays a fully determined match (see
 * src/engine/match-runner.ts) with each player in its own QuickJS runtime, in its
 * own WebAssembly instance.
 *
 * Each player slot keeps a warm instance, whose memory is put back before
 * every match to the state it had when its context was made (snapshot.ts):
 * a warm match is a brand-new sandbox by construction, including where
 * budgets and the memory cap stop code, so nothing is ever played twice and
 * any match can be replayed alone with the same result.
 *
 * With cheap talk, each round both players announce first (each in its own
 * instance, A then B), then both move, seeing both announcements.
 *
 * A runner plays one match at a time (its warm slots are not shareable):
 * make one runner per concurrent job.
 */
import { MAX_RECORDED_FAULTS, type MatchRunner, type MatchSetup, type PlayedSide } from '../src/engine/match-runner'
import type { Fault, StrategySource } from '../src/engine/types'
import { faults } from './faults'
import type { DeclaredGames } from './games'
import { instanceFactory, type InstanceFactory } from './instance'
import { DEFAULT_LIMITS, type SandboxLimits } from './limits'
import { moduleCacheFor, type ModuleCache } from './module-cache'
import { PlayerVM, type BudgetUsage } from './player-vm'
import { ANNOUNCED, historyCode, STEP, stepCode } from './prelude'
import { fineMasks } from './round-scores'
import { prepareSource, sourceBytes } from './source'

export interface SandboxOptions {
  limits?: Partial<SandboxLimits>
  /** Keep warm instances between matches (default true). false plays every match in brand-new instances: slower, same results. */
  reuseContexts?: boolean
  /** Compile each strategy's module once into a factory called every match (default true; module-cache.ts). false evaluates every module afresh every match: slower, same results. */
  compileModules?: boolean
  /**
   * Commit a brand-new player memory in full before its instance starts
   * (default true; memory-pool.ts), so that no match pays for the pages
   * another strategy's memory needs. false suits a process that plays a few
   * matches and exits: faster to start, same results.
   */
  commitMemory?: boolean
}

/** Supplies the compiled QuickJS WebAssembly module for this platform. */
export type WasmSource = () => WebAssembly.Module | Promise<WebAssembly.Module>

export class SandboxRunner implements MatchRunner {
  readonly limits: SandboxLimits
  private readonly reuse: boolean
  private readonly newInstance: InstanceFactory
  /** Strategies compiled for this runner's players, warm or brand-new alike (module-cache.ts). */
  private readonly modules: ModuleCache
  private warm: [PlayerVM | null, PlayerVM | null] = [null, null]
  /** How much of each budget each side used in the last match (what `arena check` reports). */
  lastUsage: [BudgetUsage, BudgetUsage] | null = null
  /** Players the sandbox itself failed on (a 'crash' fault; their instance is replaced). */
  crashes = 0
  private busy = false
  /** Sources as QuickJS is given them and their sizes, by source text (a tournament plays each many times). */
  private readonly prepared = new Map<string, { source: string; bytes: number }>()

  constructor(wasm: WasmSource, options: SandboxOptions = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits }
    this.reuse = options.reuseContexts ?? true
    this.newInstance = instanceFactory(wasm, this.limits.memoryBytes, this.limits.wasmStackBytes, options.commitMemory ?? true)
    this.modules = moduleCacheFor(this.limits.memoryBytes, options.compileModules ?? true)
  }

  async play(a: StrategySource, b: StrategySource, setup: MatchSetup): Promise<[PlayedSide, PlayedSide]> {
    if (this.busy) throw new Error('a SandboxRunner plays one match at a time: make one runner per concurrent job')
    this.busy = true
    try {
      const vms = [await this.vm(0), await this.vm(1)] as const
      try {
        return this.playWith(vms, [a, b], setup)
      } finally {
        this.lastUsage = [vms[0].lastUsage, vms[1].lastUsage]
        if (!this.reuse) vms.forEach((vm) => dispose(vm))
      }
    } finally {
      this.busy = false
    }
  }

  /**
   * The games a strategy module declares (`export const games`; the dilemma
   * alone without it), or why that cannot be told. Its module is evaluated
   * in the sandbox as for a match, so the answer is the sandbox's.
   */
  async declaredGames(source: string): Promise<DeclaredGames> {
    if (this.busy) throw new Error('a SandboxRunner plays one match at a time: make one runner per concurrent job')
    this.busy = true
    try {
      const vm = await this.vm(0)
      try {
        const prepared = prepareSource(source)
        const bytes = sourceBytes(prepared)
        if (bytes > this.limits.sourceBytes) return { error: `the module does not load: ${faults.sourceTooBig(bytes, this.limits).message}` }
        try {
          return vm.declaredGames(prepared)
        } catch {
          return { error: `the module does not load: ${this.crashed(vm, -1).message}` }
        }
      } finally {
        if (!this.reuse) dispose(vm)
      }
    } finally {
      this.busy = false
    }
  }

  private prepare(text: string): { source: string; bytes: number } {
    let prepared = this.prepared.get(text)
    if (prepared === undefined) {
      if (this.prepared.size >= PREPARED_SOURCES) this.prepared.clear()
      const source = prepareSource(text)
      prepared = { source, bytes: sourceBytes(source) }
      this.prepared.set(text, prepared)
    }
    return prepared
  }

  /** The warm player of slot i (made on first use), or a brand-new one. */
  private async vm(i: 0 | 1): Promise<PlayerVM> {
    const warm = this.reuse ? this.warm[i] : null
    if (warm) return warm
    const instance = await this.newInstance()
    let vm: PlayerVM
    try {
      vm = new PlayerVM(instance, this.limits, undefined, this.modules)
    } catch (error) {
      instance.release()
      throw error
    }
    if (this.reuse) this.warm[i] = vm
    return vm
  }

  /** The sandbox failed on a player (not a budget or the memory: a fault of the host's): replace its instance. */
  private crashed(vm: PlayerVM, round: number): Fault {
    this.crashes++
    const i = this.warm.indexOf(vm)
    if (i >= 0) this.warm[i] = null
    dispose(vm)
    return faults.crash(round)
  }

  private playWith(vms: readonly [PlayerVM, PlayerVM], sources: readonly [StrategySource, StrategySource], setup: MatchSetup): [PlayedSide, PlayedSide] {
    // A caller's mistake, not a strategy's fault (rules from makeRules never have it).
    const referee = setup.rules.referee
    if (referee !== null && referee.fines !== 'destroyed' && referee.fines !== 'shared') throw new Error(`unknown referee fines "${String(referee.fines)}"`)
    // Faults are kept here as the match goes (the first ones itemised, all counted): a player that
    // runs out of memory may not be able to answer later.
    const recorded: Fault[][] = [[], []]
    const counts = [0, 0]
    const retired = [false, false]
    const usedRandom = [false, false]
    const note = (i: 0 | 1, fault: Fault | null) => {
      counts[i]!++
      if (fault && recorded[i]!.length < MAX_RECORDED_FAULTS) recorded[i]!.push(fault)
    }

    for (const i of [0, 1] as const) {
      const { source, bytes } = this.prepare(sources[i].source)
      let fault: Fault | null
      if (bytes > this.limits.sourceBytes) fault = faults.sourceTooBig(bytes, this.limits)
      else {
        try {
          fault = vms[i].load(source, setup.rules, setup.seeds[i], setup.opponents[i], i)
        } catch {
          fault = this.crashed(vms[i], -1)
        }
      }
      if (fault) {
        note(i, fault)
        retired[i] = true
      }
    }

    /** The sandbox failed on a player's instance: it is replaced, and the player plays D from then on. */
    const crash = (i: 0 | 1, what: 'step' | 'announce', round: number): null => {
      const fault = this.crashed(vms[i], round)
      note(i, what === 'step' ? fault : faults.inAnnounce(fault, this.limits))
      retired[i] = true
      return null
    }
    /** One call (a move, or with cheap talk an announcement): 0 or 1, or null when it faulted (a move then counts as D). */
    const call = (i: 0 | 1, what: 'step' | 'announce', code: number, round: number): 0 | 1 | null => {
      const vm = vms[i]
      let result
      try {
        result = what === 'step' ? vm.stepResult(code, round) : vm.announceResult(code, round)
      } catch {
        return crash(i, what, round)
      }
      if (Number.isNaN(result)) {
        const host = vm.takeHostFault()
        note(i, host.fault)
        retired[i] = host.retired
        return null
      }
      if (result & STEP.DREW_RANDOM) usedRandom[i] = true
      if (!(result & STEP.FAULTED)) return (result & STEP.MOVE_D) as 0 | 1
      if (recorded[i]!.length >= MAX_RECORDED_FAULTS) {
        note(i, null)
        return null
      }
      let taken
      try {
        taken = vm.takeFault(round)
      } catch {
        return crash(i, what, round)
      }
      note(i, taken.fault)
      retired[i] = taken.retired
      return null
    }
    /** A move: 0 or 1 (D when retired or faulted). */
    const step = (i: 0 | 1, code: number, round: number): number => {
      if (retired[i]) return STEP.MOVE_D
      const move = call(i, 'step', code, round)
      return move === null ? STEP.MOVE_D : move
    }
    /**
     * With cheap talk: the player's announcement (ANNOUNCED), and whether its
     * instance was called. A called instance has added the last round itself
     * (the prelude does that first, in a few steps that allocate nothing, so
     * only a fault that retires the player can stop it before), and its step
     * then gets NO_HISTORY.
     */
    const announceOne = (i: 0 | 1, history: number, round: number): [number, boolean] => {
      if (retired[i] || !vms[i].announces) return [ANNOUNCED.NONE, false]
      const said = call(i, 'announce', history, round)
      return [said === null ? ANNOUNCED.NONE : said === 0 ? ANNOUNCED.C : ANNOUNCED.D, true]
    }

    const rounds = setup.rounds
    const [flipA, flipB] = setup.flips
    const [finesA, finesB] = fineMasks(setup)
    const talk = setup.rules.cheapTalk
    // One character code a round (C or D; with cheap talk -, C or D): written out as text once.
    const moves = [new Uint8Array(rounds), new Uint8Array(rounds)] as const
    const said = [new Uint8Array(talk ? rounds : 0), new Uint8Array(talk ? rounds : 0)] as const
    let lastA = 0
    let lastB = 0
    let finedA = 0
    let finedB = 0
    for (let r = 0; r < rounds; r++) {
      let codeA = r === 0 ? STEP.NO_HISTORY : historyCode(lastA, lastB, finedA, finedB)
      let codeB = r === 0 ? STEP.NO_HISTORY : historyCode(lastB, lastA, finedB, finedA)
      if (talk) {
        const [sayA, calledA] = announceOne(0, codeA, r)
        const [sayB, calledB] = announceOne(1, codeB, r)
        codeA = stepCode(calledA ? STEP.NO_HISTORY : codeA, sayA, sayB)
        codeB = stepCode(calledB ? STEP.NO_HISTORY : codeB, sayB, sayA)
        said[0][r] = SAID[sayA]!
        said[1][r] = SAID[sayB]!
      }
      let ma = step(0, codeA, r)
      let mb = step(1, codeB, r)
      if (flipA && flipA[r]) ma ^= 1
      if (flipB && flipB[r]) mb ^= 1
      moves[0][r] = ma ? CHAR_D : CHAR_C
      moves[1][r] = mb ? CHAR_D : CHAR_C
      lastA = ma
      lastB = mb
      finedA = finesA !== null && ma ? finesA[r]! : 0
      finedB = finesB !== null && mb ? finesB[r]! : 0
    }

    return [0, 1].map((i) => ({
      moves: ascii.decode(moves[i as 0 | 1]),
      faults: recorded[i]!,
      faultCount: counts[i]!,
      usedRandom: usedRandom[i]!,
      ...(talk ? { announcements: ascii.decode(said[i as 0 | 1]) } : {}),
    })) as [PlayedSide, PlayedSide]
  }

  /** Release the warm instances (their memories go to the next runner: never while a match is being played). */
  dispose(): void {
    if (this.busy) throw new Error('a SandboxRunner cannot be disposed of while it plays a match: await the match first')
    for (const vm of this.warm) if (vm) dispose(vm)
    this.warm = [null, null]
  }
}

/** How many prepared sources a runner keeps (more than a tournament's players; then it starts again). */
const PREPARED_SOURCES = 256

/** A move's and an announcement's (ANNOUNCED) character codes, as PlayedSide.moves and .announcements write them. */
const CHAR_C = 67
const CHAR_D = 68
const SAID = [45, CHAR_C, CHAR_D] as const
const ascii = new TextDecoder()

function dispose(vm: PlayerVM): void {
  try {
    vm.dispose()
  } catch {
    // Known upstream aborts on dispose; the instance is dropped whole anyway.
  }
}
