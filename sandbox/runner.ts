/**
 * The QuickJS match runner: plays a fully determined match (see
 * src/engine/runner.ts) with each player in its own QuickJS runtime, in its
 * own WebAssembly instance.
 *
 * Fast path: each player slot keeps a warm instance, runtime and locked-down
 * context across matches; only the strategy module is evaluated afresh.
 * Whatever a strategy can observe is then the same as in a brand-new
 * sandbox, except where limits bite: where a step budget or the memory cap
 * stops code can depend on what ran before. So a side that came near a step
 * or gas limit, faulted on one, or tried to grow its memory is played again
 * in a brand-new instance, and that result is the one returned. Every result is
 * what fresh sandboxes give, whatever ran before: any match can be replayed
 * alone.
 *
 * A runner plays one match at a time (its warm slots are not shareable):
 * make one runner per concurrent job.
 */
import { MAX_RECORDED_FAULTS, type MatchRunner, type MatchSetup, type PlayedSide } from '../src/engine/runner'
import type { Fault, FaultKind, StrategySource } from '../src/engine/types'
import { instanceFactory, type InstanceFactory, type QuickJSInstance } from './instance'
import { DEFAULT_LIMITS, type SandboxLimits } from './limits'
import { PlayerVM } from './player-vm'

export interface SandboxOptions {
  limits?: Partial<SandboxLimits>
  /** Keep warm instances between matches (default true). false plays every match in brand-new instances: slower, same results. */
  reuseContexts?: boolean
  /** Matches a warm context serves before it is replaced (each evaluated module stays in its memory). */
  matchesPerContext?: number
}

/** Supplies the compiled QuickJS WebAssembly module for this platform. */
export type WasmSource = () => WebAssembly.Module | Promise<WebAssembly.Module>

/** The sandbox itself failed (a trap in the WebAssembly instance) during a player's call. */
class SandboxCrash extends Error {
  constructor(
    readonly player: 0 | 1,
    readonly round: number,
    cause: unknown,
  ) {
    super(`sandbox crashed: ${cause instanceof Error ? cause.message : String(cause)}`)
  }
}

interface Slot {
  instance: QuickJSInstance
  vm: PlayerVM
}

const encoder = new TextEncoder()

export class SandboxRunner implements MatchRunner {
  readonly limits: SandboxLimits
  private readonly reuse: boolean
  private readonly matchesPerContext: number
  private readonly newInstance: InstanceFactory
  private warm: [Slot | null, Slot | null] = [null, null]
  /** Sides replayed in a brand-new instance because the warm run came near a limit. */
  coldReplays = 0
  /** Sides replayed after the sandbox itself crashed. */
  crashReplays = 0
  private busy = false

  constructor(wasm: WasmSource, options: SandboxOptions = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits }
    this.reuse = options.reuseContexts ?? true
    this.matchesPerContext = options.matchesPerContext ?? 250
    this.newInstance = instanceFactory(wasm, this.limits.memoryBytes)
  }

  async play(a: StrategySource, b: StrategySource, setup: MatchSetup): Promise<[PlayedSide, PlayedSide]> {
    if (this.busy) throw new Error('a SandboxRunner plays one match at a time: make one runner per concurrent job')
    this.busy = true
    try {
      return await this.playOnce(a, b, setup)
    } finally {
      this.busy = false
    }
  }

  private async playOnce(a: StrategySource, b: StrategySource, setup: MatchSetup): Promise<[PlayedSide, PlayedSide]> {
    const fresh = [!this.reuse, !this.reuse]
    const crashes: SandboxCrash[] = []
    for (;;) {
      const slots = [await this.slot(0, fresh[0]!), await this.slot(1, fresh[1]!)] as const
      const grows = [slots[0].instance.growAttempts, slots[1].instance.growAttempts]
      let sides: [PlayedSide, PlayedSide]
      try {
        sides = this.playWith(slots, a, b, setup, crashes)
      } catch (error) {
        if (!(error instanceof SandboxCrash) || crashes.length >= 4) {
          for (const i of [0, 1] as const) this.release(i, slots[i], true)
          throw error
        }
        // That instance is unusable: replay the match with the crashed player retired from
        // the round it crashed, everyone in brand-new instances.
        crashes.push(error)
        this.crashReplays++
        fresh[0] = fresh[1] = true
        for (const i of [0, 1] as const) this.release(i, slots[i], true)
        continue
      }
      let again = false
      for (const i of [0, 1] as const) {
        const { vm, instance } = slots[i]
        const sensitive = vm.tainted || vm.nearLimit || instance.growAttempts !== grows[i]
        this.release(i, slots[i], sensitive || vm.hasPendingJobs || fresh[i]!)
        if (sensitive && !fresh[i]) {
          fresh[i] = true
          again = true
          this.coldReplays++
        }
      }
      if (!again) return sides
    }
  }

  /** A warm slot (made on first use), or a brand-new one. */
  private async slot(i: 0 | 1, fresh: boolean): Promise<Slot> {
    if (!fresh && this.warm[i]) {
      const slot = this.warm[i]!
      if (!slot.vm.hasContext || slot.vm.matchesInContext >= this.matchesPerContext) slot.vm.freshContext()
      return slot
    }
    const instance = await this.newInstance()
    const vm = new PlayerVM(instance, this.limits)
    vm.freshContext()
    const slot = { instance, vm }
    if (!fresh) this.warm[i] = slot
    return slot
  }

  /** After a match: keep a warm slot, or dispose of it (a slot that was fresh or touched a limit). */
  private release(i: 0 | 1, slot: Slot, discard: boolean): void {
    if (!discard && this.warm[i] === slot) return
    if (this.warm[i] === slot) this.warm[i] = null
    try {
      slot.vm.dispose()
    } catch {
      // Known upstream aborts on dispose; the instance is dropped whole anyway.
    }
  }

  private playWith(
    slots: readonly [Slot, Slot],
    a: StrategySource,
    b: StrategySource,
    setup: MatchSetup,
    crashes: SandboxCrash[],
  ): [PlayedSide, PlayedSide] {
    const vms = [slots[0].vm, slots[1].vm] as const
    const sources = [a, b]
    const hostFaults: Fault[][] = [[], []]
    const retired = [false, false]
    // Faults the VM reported (counted, and the first ones itemised) and whether randomness was drawn,
    // kept here as the match goes: a player that runs out of memory may not be able to answer later.
    const vmFaults: Fault[][] = [[], []]
    const vmFaultCount = [0, 0]
    const usedRandom = [false, false]
    const crashRound = [Infinity, Infinity]
    for (const c of crashes) crashRound[c.player] = Math.min(crashRound[c.player]!, c.round)

    for (const i of [0, 1] as const) {
      const source = sources[i]!.source
      const bytes = encoder.encode(source).length
      let fault: Fault | null = null
      if (crashRound[i]! < 0) {
        fault = { kind: 'crash', round: -1, message: 'the sandbox failed while loading this strategy' }
      } else if (bytes > this.limits.sourceBytes) {
        fault = { kind: 'setup', round: -1, message: `the source is ${bytes} bytes; the limit is ${this.limits.sourceBytes}` }
      } else {
        const failures = slots[i].instance.growFailures
        try {
          fault = vms[i].load(source, setup.rules, setup.seeds[i], setup.opponents[i])
        } catch (error) {
          throw new SandboxCrash(i, -1, error)
        }
        if (slots[i].instance.growFailures !== failures) fault = vms[i].memoryFault(-1)
      }
      if (fault) {
        hostFaults[i]!.push(fault)
        retired[i] = true
      }
    }

    const rounds = setup.rounds
    const [flipA, flipB] = setup.flips
    const moves: [string[], string[]] = [new Array<string>(rounds), new Array<string>(rounds)]
    let lastA = 0
    let lastB = 0
    const memoryExhausted = (i: 0 | 1, round: number): number => {
      hostFaults[i]!.push(vms[i].memoryFault(round))
      retired[i] = true
      // Free what the strategy hoarded at once: nothing more is asked of it in this match.
      vms[i].disposeContext()
      return 1
    }
    const playOne = (i: 0 | 1, code: number, round: number): number => {
      if (retired[i]) return 1
      if (round >= crashRound[i]!) {
        hostFaults[i]!.push({ kind: 'crash', round, message: 'the sandbox failed while running this strategy' })
        retired[i] = true
        return 1
      }
      let res: number | FaultKind
      const failures = slots[i].instance.growFailures
      try {
        res = vms[i].step(code)
      } catch (error) {
        throw new SandboxCrash(i, round, error)
      }
      // Growth hit the cap during this move: a memory fault, whatever the VM made of it.
      if (slots[i].instance.growFailures !== failures) return memoryExhausted(i, round)
      if (typeof res === 'number') {
        if (res & 4) usedRandom[i] = true
        if ((res & 3) !== 2) return res & 1
        // A fault the VM recorded: fetch the first few, and count it.
        if (vmFaults[i]!.length + hostFaults[i]!.length < MAX_RECORDED_FAULTS) {
          const fault = vms[i].takeFault()
          if (slots[i].instance.growFailures !== failures) return memoryExhausted(i, round)
          if (fault) vmFaults[i]!.push(fault)
        }
        vmFaultCount[i]!++
        return 1
      }
      if (res === 'memory') return memoryExhausted(i, round)
      if (res === 'cpu-budget' || res === 'stack') {
        hostFaults[i]!.push({ kind: res, round, message: res === 'stack' ? vms[i].stackMessage : vms[i].cpuMessage })
        retired[i] = true
        return 1
      }
      hostFaults[i]!.push({ kind: res, round, message: budgetMessage(res, this.limits) })
      if (res !== 'move-budget') retired[i] = true
      return 1
    }
    for (let r = 0; r < rounds; r++) {
      const codeA = r === 0 ? -1 : (lastA << 1) | lastB
      const codeB = r === 0 ? -1 : (lastB << 1) | lastA
      let ma = playOne(0, codeA, r)
      let mb = playOne(1, codeB, r)
      if (flipA && flipA[r]) ma ^= 1
      if (flipB && flipB[r]) mb ^= 1
      moves[0][r] = ma ? 'D' : 'C'
      moves[1][r] = mb ? 'D' : 'C'
      lastA = ma
      lastB = mb
    }

    const sides = [0, 1].map((i) => {
      const all = [...hostFaults[i]!, ...vmFaults[i]!].sort((x, y) => x.round - y.round)
      const side: PlayedSide = {
        moves: moves[i as 0 | 1].join(''),
        faults: all.slice(0, MAX_RECORDED_FAULTS),
        faultCount: hostFaults[i]!.length + vmFaultCount[i]!,
        usedRandom: usedRandom[i]!,
      }
      return side
    }) as [PlayedSide, PlayedSide]
    return sides
  }

  /** Release the warm instances. */
  dispose(): void {
    for (const i of [0, 1] as const) {
      const slot = this.warm[i]
      if (slot) this.release(i, slot, true)
    }
  }
}

function budgetMessage(kind: FaultKind, limits: SandboxLimits): string {
  switch (kind) {
    case 'move-budget':
      return `the move used more than its step budget (${limits.moveTicks} ticks); it counts as D`
    case 'match-budget':
      return `the match used more than its step budget (${limits.matchTicks} ticks); D for the rest of the match`
    default:
      return kind
  }
}
