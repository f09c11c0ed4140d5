/**
 * A GroupRunner in plain JavaScript, for engine tests: a player's source is
 * either the name of a NATIVE_COMMONS function below or a strategy module
 * (a commons classic), evaluated natively outside the sandbox, afresh for
 * every group (module state starts anew, as in the sandbox). It builds the
 * view of the contract in src/engine/commons/types.ts and applies the same
 * fault rule: anything but a number from 0 to maxRequest, or a throw, plays
 * maxRequest.
 */
import { MAX_RECORDED_FAULTS } from '../../src/engine/match-runner'
import { mulberry32 } from '../../src/engine/prng'
import type { Fault, FaultKind, StrategySource } from '../../src/engine/types'
import type { CommonsRules, GroupRunner, GroupSetup, PlayedSeat, ResolveRound } from '../../src/engine/commons/types'

export interface CommonsView {
  game: 'commons'
  round: number
  stock: number
  capacity: number
  players: number
  seat: number
  sustainableShare: number
  my: { requests: number[]; receipts: number[] }
  others: { seat: number; requests: number[]; identity: unknown }[]
  myScore: number
  rules: CommonsRules
  announcements: { my: number | null; others: (number | null)[] } | null
  random: () => number
}

type Move = (view: CommonsView) => unknown
interface Module {
  move: Move
  announce?: Move
}

/** Small strategies by name, for tests of the engine rather than of the classics. */
export const NATIVE_COMMONS: Record<string, Move> = {
  restrained: (v) => v.sustainableShare,
  greedy: (v) => v.rules.maxRequest,
  zero: () => 0,
  coin: (v) => (v.random() < 0.5 ? v.sustainableShare : v.rules.maxRequest),
  // Throws in rounds 2 and 3 (a fault: plays maxRequest).
  flaky: (v) => {
    if (v.round === 2 || v.round === 3) throw new Error(`boom ${v.round}`)
    return v.sustainableShare
  },
  // Returns something that is not a request in round 1.
  word: (v) => (v.round === 1 ? 'lots' : v.sustainableShare),
}

/**
 * Evaluate a module source natively: `export default` becomes the move,
 * `export function announce` the announcement, other exports plain
 * declarations (`export const games = [...]`).
 */
export function loadCommonsModule(source: string): Module {
  const body = [
    "'use strict';",
    'let __default;',
    source.replace(/export\s+default\s+/, '__default = ').replace(/export\s+(const|let|function)\s+/g, '$1 '),
    ';return { move: __default, announce: typeof announce === "function" ? announce : undefined }',
  ].join('\n')
  const mod = new Function(body)() as Module
  if (typeof mod.move !== 'function') throw new Error('no default-exported function')
  return mod
}

function load(source: string): Module {
  const native = NATIVE_COMMONS[source]
  return native ? { move: native } : loadCommonsModule(source)
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner)
    Object.freeze(value)
  }
  return value
}

export class ScriptedGroupRunner implements GroupRunner {
  calls = 0
  setups: GroupSetup[] = []
  /** Every view each seat was shown, when `keepViews` is set (seat → views in round order). */
  views: CommonsView[][] = []

  constructor(private readonly keepViews = false) {}

  async playGroup(sources: readonly StrategySource[], setup: GroupSetup, resolve: ResolveRound): Promise<PlayedSeat[]> {
    this.calls++
    this.setups.push(setup)
    const n = sources.length
    const { rules } = setup
    const faults: Fault[][] = sources.map(() => [])
    const faultCounts = new Array<number>(n).fill(0)
    const fault = (k: number, kind: FaultKind, round: number, message: string) => {
      faultCounts[k]!++
      if (faults[k]!.length < MAX_RECORDED_FAULTS) faults[k]!.push({ kind, round, message })
    }
    const modules: (Module | null)[] = sources.map((s, k) => {
      try {
        return load(s.source)
      } catch (e) {
        fault(k, 'setup', -1, (e as Error).message)
        return null
      }
    })
    const used = new Array<boolean>(n).fill(false)
    const streams = setup.seeds.map((seed, k) => {
      const next = mulberry32(seed)
      return () => {
        used[k] = true
        return next()
      }
    })
    const asked: number[][] = sources.map(() => [])
    const granted: number[][] = sources.map(() => [])
    const receipts: number[][] = sources.map(() => [])
    const scores = new Array<number>(n).fill(0)
    const announced: (number | null)[][] = sources.map(() => [])
    this.views = sources.map(() => [])
    let stock = setup.stock
    const view = (k: number, round: number, announcements: CommonsView['announcements']): CommonsView =>
      deepFreeze({
        game: 'commons',
        round,
        stock,
        capacity: rules.capacity,
        players: n,
        seat: k,
        sustainableShare: setup.sustainableShare,
        my: { requests: [...granted[k]!], receipts: [...receipts[k]!] },
        others: sources.flatMap((_, j) => (j === k ? [] : [{ seat: j, requests: [...granted[j]!], identity: setup.identities[k]?.[j < k ? j : j - 1] ?? null }])),
        myScore: scores[k]!,
        rules,
        announcements,
        random: streams[k]!,
      })
    for (let r = 0; r < setup.rounds; r++) {
      const thisRound: (number | null)[] = new Array<number | null>(n).fill(null)
      if (rules.cheapTalk) {
        for (let k = 0; k < n; k++) {
          const announce = modules[k]?.announce
          if (!announce) continue
          try {
            const a = announce(view(k, r, null))
            thisRound[k] = typeof a === 'number' && Number.isFinite(a) ? a : null
          } catch {
            thisRound[k] = null
          }
        }
        for (let k = 0; k < n; k++) announced[k]!.push(thisRound[k]!)
      }
      const requests: number[] = []
      for (let k = 0; k < n; k++) {
        const mod = modules[k]
        let request = rules.maxRequest
        if (mod) {
          const talk = rules.cheapTalk ? { my: thisRound[k]!, others: thisRound.filter((_, j) => j !== k) } : null
          const v = view(k, r, talk)
          if (this.keepViews) this.views[k]!.push(v)
          try {
            const x = mod.move(v)
            if (typeof x === 'number' && x >= 0 && x <= rules.maxRequest) request = x
            else fault(k, 'invalid-move', r, `returned ${JSON.stringify(x)} (expected a number from 0 to ${rules.maxRequest})`)
          } catch (e) {
            fault(k, 'throw', r, (e as Error).message)
          }
        }
        requests.push(request)
        asked[k]!.push(request)
      }
      const outcome = resolve(r, requests)
      for (let k = 0; k < n; k++) {
        granted[k]!.push(outcome.requests[k]!)
        receipts[k]!.push(outcome.receipts[k]!)
        scores[k]! += outcome.receipts[k]!
      }
      stock = outcome.stock
    }
    return sources.map((_, k) => ({
      requests: asked[k]!,
      ...(rules.cheapTalk ? { announcements: announced[k]! } : {}),
      faults: faults[k]!,
      faultCount: faultCounts[k]!,
      usedRandom: used[k]!,
    }))
  }
}

/** A player whose source names a NATIVE_COMMONS strategy (the id by default). */
export const C = (id: string, source = id): StrategySource => ({ id, name: id.toUpperCase(), source })
