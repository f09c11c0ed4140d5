/**
 * `npm run bench` section (f): commons groups of 16 seats, 200 rounds, and
 * what they cost per player-round next to a dilemma match, all measured in
 * the same run.
 *
 * Two groups. In the first, each strategy reads a field or two of its view
 * and does a few operations, as Tit for Tat and Alternator do in the match
 * of (a): it compares what the sandbox costs per player-round in each game
 * (asking 16 seats and feeding every seat the others' requests, against
 * asking 2). The second is the commons' usual mix, with six strategies
 * that read every other seat's last request each round (matching the
 * others' mean, conditional cooperation, a grim trigger): fifteen times the
 * reading a dilemma strategy does. `resolve` stands in for the engine's
 * game, whose arithmetic, once a round for all seats, barely adds to either.
 */
import { instanceFactory } from '../sandbox/instance'
import { DEFAULT_LIMITS } from '../sandbox/limits'
import { quickJSWasmForNode } from '../sandbox/node'
import { PlayerVM, type StepOutcome } from '../sandbox/player-vm'
import { STEP } from '../sandbox/prelude'
import type { CommonsRules, GroupSetup, ResolveRound } from '../src/engine/commons/types'
import { makeRules } from '../src/engine/rules'
import type { StrategySource } from '../src/engine/types'

const seat = (id: string, source: string): StrategySource => ({ id, name: id, source })

/** Reads every other seat's last request: their mean, or null in round 0. */
const OTHERS_MEAN = `function othersMean(v) {
  const last = v.round - 1
  if (last < 0) return null
  let t = 0
  for (const o of v.others) t += o.requests[last]
  return t / v.others.length
}`

const SIMPLE: StrategySource[] = [
  seat('restrained', 'export default (v) => v.sustainableShare'),
  seat('greedy', 'export default (v) => v.rules.maxRequest'),
  seat('stock-fraction', 'export default (v) => Math.min(v.rules.maxRequest, v.stock / (4 * v.players))'),
  seat('regrowth-share', 'export default (v) => Math.min(v.rules.maxRequest, (v.rules.regrowth * v.stock * (1 - v.stock / v.rules.maxStock)) / v.players)'),
  seat('random', 'export default (v) => v.random() * v.rules.maxRequest'),
  seat('alternating', 'export default (v) => (v.round % 2 === 0 ? v.sustainableShare : v.rules.maxRequest)'),
  seat('last-receipt', 'export default (v) => (v.round === 0 ? v.sustainableShare : Math.min(v.rules.maxRequest, v.my.receipts[v.round - 1] + 1))'),
  seat('score-share', 'export default (v) => Math.min(v.rules.maxRequest, v.sustainableShare + v.myScore / 1000)'),
]

const READERS: StrategySource[] = [
  seat('match-mean', `${OTHERS_MEAN}\nexport default (v) => { const m = othersMean(v); return m === null ? v.sustainableShare : Math.min(v.rules.maxRequest, m) }`),
  seat('conditional', `${OTHERS_MEAN}\nexport default (v) => { const m = othersMean(v); return m === null || m <= v.sustainableShare ? v.sustainableShare : v.rules.maxRequest }`),
  seat('grim', `let grim = false\n${OTHERS_MEAN}\nexport default (v) => { const m = othersMean(v); if (m !== null && m > v.sustainableShare * 1.5) grim = true; return grim ? v.rules.maxRequest : v.sustainableShare }`),
]

/** The two groups of 16 seats: the simple strategies twice over; the usual mix, six of its seats readers. */
export const COMMONS_BENCH_GROUPS: { name: string; seats: StrategySource[] }[] = [
  { name: 'simple', seats: [...SIMPLE, ...SIMPLE] },
  { name: 'mixed', seats: [...SIMPLE.slice(0, 5), ...READERS, ...SIMPLE.slice(0, 5), ...READERS] },
]

export const COMMONS_BENCH_SEAT_COUNT = 16
if (COMMONS_BENCH_GROUPS.some((g) => g.seats.length !== COMMONS_BENCH_SEAT_COUNT)) throw new Error('every bench group has 16 seats')

export const COMMONS_BENCH_RULES: CommonsRules = {
  capacity: 160,
  maxStock: 2000,
  initialStock: 1600,
  regrowth: 0.3,
  collapseBelow: 20,
  maxRequest: 20,
  turns: 200,
  continuation: null,
  referee: null,
  quota: null,
  align: 0,
  cheapTalk: false,
}

export function commonsBenchSetup(seed: number): GroupSetup {
  const n = COMMONS_BENCH_SEAT_COUNT
  return {
    rules: COMMONS_BENCH_RULES,
    rounds: 200,
    stock: COMMONS_BENCH_RULES.initialStock,
    sustainableShare: 7.5,
    seeds: Array.from({ length: n }, (_, s) => (seed * 7919 + s * 104729) >>> 0),
    identities: Array.from({ length: n }, () => null),
  }
}

/** A stand-in for the engine's game: each seat receives its request while the stock lasts, which regrows logistically. */
export function standInResolve(setup: GroupSetup): ResolveRound {
  let stock = setup.stock
  const { regrowth, maxStock } = setup.rules
  return (_round, requests) => {
    const total = requests.reduce((a, b) => a + b, 0)
    const served = total > 0 ? Math.min(1, stock / total) : 0
    const receipts = requests.map((x) => x * served)
    stock = Math.max(0, stock - total * served)
    stock += regrowth * stock * (1 - stock / maxStock)
    return { requests: [...requests], receipts, fined: requests.map(() => false), stock }
  }
}

/**
 * The match of (a) eight times over, at the level of the players' sandboxes
 * (no engine), either one match after the other, or round by round across
 * the eight: 16 players taking turns as a group's seats do, each in its own
 * instance. The difference is what taking turns itself costs (each call
 * then finds less of its instance's memory in the processor's caches),
 * apart from anything the commons adds.
 */
export class EightMatches {
  private constructor(private readonly vms: PlayerVM[]) {}

  static async make(pairs: number): Promise<EightMatches> {
    const factory = instanceFactory(quickJSWasmForNode, DEFAULT_LIMITS.memoryBytes, DEFAULT_LIMITS.wasmStackBytes)
    const vms: PlayerVM[] = []
    for (let i = 0; i < 2 * pairs; i++) vms.push(new PlayerVM(await factory(), DEFAULT_LIMITS))
    return new EightMatches(vms)
  }

  /** Play `a` against `b` in every pair, `rounds` rounds: one match after the other, or one round of every match at a time. */
  play(a: StrategySource, b: StrategySource, rounds: number, seed: number, interleaved: boolean): void {
    const rules = makeRules({ turns: rounds })
    const { vms } = this
    vms.forEach((vm, i) => {
      if (vm.load(i % 2 === 0 ? a.source : b.source, rules, seed + i, null)) throw new Error(`${i % 2 === 0 ? a.id : b.id} cannot play`)
    })
    const last = vms.map(() => 0)
    const round = (i: number, r: number) => {
      const codeA = r === 0 ? STEP.NO_HISTORY : (last[i]! << 1) | last[i + 1]!
      const codeB = r === 0 ? STEP.NO_HISTORY : (last[i + 1]! << 1) | last[i]!
      last[i] = move(vms[i]!.step(codeA, r))
      last[i + 1] = move(vms[i + 1]!.step(codeB, r))
    }
    if (interleaved) {
      for (let r = 0; r < rounds; r++) for (let i = 0; i < vms.length; i += 2) round(i, r)
    } else {
      for (let i = 0; i < vms.length; i += 2) for (let r = 0; r < rounds; r++) round(i, r)
    }
  }

  dispose(): void {
    for (const vm of this.vms) vm.dispose()
  }
}

function move(outcome: StepOutcome): number {
  if ('fault' in outcome || outcome.faulted) throw new Error('the bench’s matches fault')
  return outcome.move
}
