/**
 * The QuickJS group runner: plays a fully determined commons group (see
 * src/engine/commons/types.ts) with each seat in its own QuickJS runtime, in
 * its own WebAssembly instance (commons-vm.ts), as the match runner
 * (runner.ts) plays the dilemma. The engine resolves every round
 * (`resolve`); the runner only asks the seats.
 *
 * Each round, every seat is asked for its request with the view of the
 * rounds before (with cheap talk, first for its announcement, then for its
 * request with everyone's announcements in view). A fault plays the
 * greediest request (rules.maxRequest), as a fault plays D in the dilemma,
 * and a fault that retires the seat (a budget, the memory, the stack) plays
 * it for the rest of the group.
 *
 * Memory: a seat's instance has COMMONS_LIMITS.memoryBytes (4 MiB, 1 MiB of
 * it stack), so a group of 16 holds 64 MiB of WebAssembly memory and fits a
 * Worker's 128 MB with the dilemma runner's 32 MiB beside it.
 *
 * Each seat slot keeps a warm instance, put back before every group to the
 * state it had when made (snapshot.ts): a warm group is a brand-new sandbox
 * by construction, and any group replays alone with the same result. A
 * runner plays one group at a time: make one per concurrent job.
 */
import type { GroupRunner, GroupSetup, PlayedSeat, ResolveRound, RoundOutcome } from '../src/engine/commons/types'
import { MAX_RECORDED_FAULTS } from '../src/engine/match-runner'
import type { Fault, StrategySource } from '../src/engine/types'
import { MAX_SEATS } from './commons-prelude'
import { CommonsVM, GroupStart, RoundWords, type SeatOutcome } from './commons-vm'
import { faults } from './faults'
import { instanceFactory, type InstanceFactory } from './instance'
import { COMMONS_LIMITS, type SandboxLimits } from './limits'
import { moduleCacheFor, type ModuleCache } from './module-cache'
import type { BudgetUsage } from './player-vm'
import type { SandboxOptions, WasmSource } from './runner'
import { prepareSource, sourceBytes } from './source'

export class GroupSandboxRunner implements GroupRunner {
  readonly limits: SandboxLimits
  private readonly reuse: boolean
  private readonly newInstance: InstanceFactory
  /** Strategies compiled for this runner's seats, warm or brand-new alike (module-cache.ts). */
  private readonly modules: ModuleCache
  private warm: (CommonsVM | null)[] = []
  /** How much of each budget each seat used in the last group. */
  lastUsage: BudgetUsage[] | null = null
  /** Seats the sandbox itself failed on (a 'crash' fault; their instance is replaced). */
  crashes = 0
  private busy = false

  /** Options as for the match runner; the limits start from COMMONS_LIMITS. */
  constructor(wasm: WasmSource, options: SandboxOptions = {}) {
    this.limits = { ...COMMONS_LIMITS, ...options.limits }
    this.reuse = options.reuseContexts ?? true
    this.newInstance = instanceFactory(wasm, this.limits.memoryBytes, this.limits.wasmStackBytes, options.commitMemory ?? true)
    this.modules = moduleCacheFor(this.limits.memoryBytes, options.compileModules ?? true)
  }

  /** Bytes of WebAssembly memory the warm seats hold (each its own instance). */
  get memoryBytes(): number {
    return this.warm.reduce((sum, vm) => sum + (vm ? vm.memoryBytes : 0), 0)
  }

  async playGroup(sources: readonly StrategySource[], setup: GroupSetup, resolve: ResolveRound): Promise<PlayedSeat[]> {
    checkGroup(sources, setup)
    if (this.busy) throw new Error('a GroupSandboxRunner plays one group at a time: make one runner per concurrent job')
    this.busy = true
    try {
      const vms: CommonsVM[] = []
      try {
        for (let s = 0; s < sources.length; s++) vms.push(await this.vm(s))
        return this.playWith(vms, sources, setup, resolve)
      } finally {
        this.lastUsage = vms.map((vm) => vm.lastUsage)
        if (!this.reuse) vms.forEach((vm) => dispose(vm))
      }
    } finally {
      this.busy = false
    }
  }

  /** The warm seat of slot s (made on first use), or a brand-new one. */
  private async vm(s: number): Promise<CommonsVM> {
    const warm = this.reuse ? this.warm[s] : null
    if (warm) return warm
    const instance = await this.newInstance()
    let vm: CommonsVM
    try {
      vm = new CommonsVM(instance, this.limits, this.modules)
    } catch (error) {
      instance.release()
      throw error
    }
    if (this.reuse) this.warm[s] = vm
    return vm
  }

  /** The sandbox failed on a seat (not a budget or the memory: a fault of the host's): replace its instance. */
  private crashed(vm: CommonsVM, round: number): Fault {
    this.crashes++
    const s = this.warm.indexOf(vm)
    if (s >= 0) this.warm[s] = null
    dispose(vm)
    return faults.crash(round)
  }

  private playWith(vms: readonly CommonsVM[], sources: readonly StrategySource[], setup: GroupSetup, resolve: ResolveRound): PlayedSeat[] {
    const n = sources.length
    const { rules, rounds } = setup
    const greediest = rules.maxRequest
    // Faults are kept here as the group goes (the first ones itemised, all counted): a seat that runs
    // out of memory may not be able to answer later.
    const recorded: Fault[][] = sources.map(() => [])
    const counts: number[] = sources.map(() => 0)
    const retired: boolean[] = sources.map(() => false)
    const usedRandom: boolean[] = sources.map(() => false)
    const note = (s: number, fault: Fault | null) => {
      counts[s]!++
      if (fault && recorded[s]!.length < MAX_RECORDED_FAULTS) recorded[s]!.push(faults.forCommons(fault))
    }

    const start = new GroupStart(n, rules, setup.stock, setup.sustainableShare)
    for (let s = 0; s < n; s++) {
      const source = prepareSource(sources[s]!.source)
      const bytes = sourceBytes(source)
      let fault: Fault | null
      if (bytes > this.limits.sourceBytes) fault = faults.sourceTooBig(bytes, this.limits)
      else {
        try {
          fault = vms[s]!.loadSeat(source, start, s, setup.seeds[s]!, setup.identities[s] ?? null)
        } catch {
          fault = this.crashed(vms[s]!, -1)
        }
      }
      if (fault) {
        note(s, fault)
        retired[s] = true
      }
    }

    /** What seat s answered (outcome, or the error the sandbox threw): the amount it gave, or null for none or a fault (recorded here). */
    const settle = (s: number, round: number, outcome: SeatOutcome | null): number | null => {
      const vm = vms[s]!
      if (outcome === null) {
        note(s, this.crashed(vm, round))
        retired[s] = true
        return null
      }
      if ('fault' in outcome) {
        note(s, outcome.fault)
        retired[s] = outcome.retired
        return null
      }
      if (outcome.drewRandom) usedRandom[s] = true
      if (!outcome.faulted) return outcome.amount
      if (recorded[s]!.length >= MAX_RECORDED_FAULTS) {
        note(s, null)
        return null
      }
      let taken
      try {
        taken = vm.takeFault(round)
      } catch {
        note(s, this.crashed(vm, round))
        retired[s] = true
        return null
      }
      note(s, taken.fault)
      retired[s] = taken.retired
      return null
    }
    // Each seat's call, and what the sandbox throws (a crash) caught.
    const open = (s: number, round: number, last: RoundWords | null): number | null => {
      let outcome: SeatOutcome | null
      try {
        outcome = vms[s]!.open(round, s, last)
      } catch {
        outcome = null
      }
      return settle(s, round, outcome)
    }
    const talk = (s: number, round: number, heard: RoundWords): number | null => {
      let outcome: SeatOutcome | null
      try {
        outcome = vms[s]!.talk(round, s, heard)
      } catch {
        outcome = null
      }
      return settle(s, round, outcome)
    }

    const requests: number[][] = sources.map(() => new Array<number>(rounds))
    const announcements: (number | null)[][] | null = rules.cheapTalk ? sources.map(() => new Array<number | null>(rounds)) : null
    const words = new RoundWords(n)
    let fed = false
    const made = new Array<number>(n)
    const heard = new Array<number | null>(n)
    for (let r = 0; r < rounds; r++) {
      const last = fed ? words : null
      if (announcements) {
        for (let s = 0; s < n; s++) heard[s] = retired[s] ? null : open(s, r, last)
        words.setHeard(heard)
        for (let s = 0; s < n; s++) {
          announcements[s]![r] = heard[s]!
          made[s] = retired[s] ? greediest : (talk(s, r, words) ?? greediest)
        }
      } else {
        for (let s = 0; s < n; s++) made[s] = retired[s] ? greediest : (open(s, r, last) ?? greediest)
      }
      for (let s = 0; s < n; s++) requests[s]![r] = made[s]!
      const outcome = resolve(r, made.slice())
      checkOutcome(outcome, n, r)
      words.setOutcome(outcome.requests, outcome.receipts, outcome.stock)
      fed = true
    }

    return sources.map((_, s) => ({
      requests: requests[s]!,
      ...(announcements ? { announcements: announcements[s]! } : {}),
      faults: recorded[s]!,
      faultCount: counts[s]!,
      usedRandom: usedRandom[s]!,
    }))
  }

  /** Release the warm instances (their memories go to the next runner: never while a group is being played). */
  dispose(): void {
    if (this.busy) throw new Error('a GroupSandboxRunner cannot be disposed of while it plays a group: await the group first')
    for (const vm of this.warm) if (vm) dispose(vm)
    this.warm = []
  }
}

/** A group the runner can play, or an error saying what is wrong (the engine's bug, never a strategy's). */
function checkGroup(sources: readonly StrategySource[], setup: GroupSetup): void {
  const n = sources.length
  if (!Number.isInteger(n) || n < 2 || n > MAX_SEATS) throw new RangeError(`a commons group has 2 to ${MAX_SEATS} players, not ${n}`)
  if (setup.seeds.length !== n) throw new RangeError(`the group has ${n} players but ${setup.seeds.length} seeds`)
  if (setup.identities.length !== n) throw new RangeError(`the group has ${n} players but ${setup.identities.length} identity lists`)
  for (const [s, ids] of setup.identities.entries()) {
    if (ids !== null && ids.length !== n - 1) throw new RangeError(`seat ${s} sees ${ids.length} identities, not one for each of the ${n - 1} others`)
  }
  if (!Number.isInteger(setup.rounds) || setup.rounds < 0) throw new RangeError(`a group plays a whole number of rounds, not ${setup.rounds}`)
  const max = setup.rules.maxRequest
  if (!(Number.isFinite(max) && max >= 0)) throw new RangeError(`rules.maxRequest must be a finite number from 0, not ${max}`)
  for (const [name, x] of [['stock', setup.stock], ['sustainableShare', setup.sustainableShare]] as const) {
    if (!Number.isFinite(x)) throw new RangeError(`the group's ${name} must be a finite number, not ${x}`)
  }
}

/** resolve() must give a number for every seat and the stock: they go into every view. */
function checkOutcome(outcome: RoundOutcome, n: number, round: number): void {
  const numbers = (xs: readonly number[]) => Array.isArray(xs) && xs.length === n && xs.every((x) => Number.isFinite(x))
  if (!numbers(outcome.requests) || !numbers(outcome.receipts) || !Number.isFinite(outcome.stock)) {
    throw new RangeError(`resolve(${round}) must return ${n} finite requests and receipts and a finite stock`)
  }
}

function dispose(vm: CommonsVM): void {
  try {
    vm.dispose()
  } catch {
    // Known upstream aborts on dispose; the instance is dropped whole anyway.
  }
}
