/**
 * One round of the commons, and everything random about a group, derived
 * from its seed alone. docs/games.md gives the formulas; in short, in this
 * order:
 *
 * 1. Quota: a request above q is cut to q.
 * 2. Congestion: demand D = Σ requests; served H = D up to the capacity C,
 *    C × (C / D) beyond it ("429s everywhere"), and never more than the
 *    stock. Each seat receives H × r / D.
 * 3. The stock loses min(stock, D): wasted demand still draws the resource.
 *    Left below collapseBelow, it is 0 for good; otherwise it regrows:
 *    left + g × left × (1 − left / maxStock).
 * 4. Referee: a request above the sustainable share is a defection, caught
 *    with probability p (drawn from the group seed) and fined f: the fine is
 *    destroyed, or shared equally among the other seats.
 * 5. Aligned rewards a: (1 − a) × own + a × the group's mean.
 *
 * Pure arithmetic in a fixed order (no Math.pow or the like), so a round
 * gives the same doubles in Node and in workerd.
 */
import { drawLength } from '../match'
import { deriveSeed, mulberry32 } from '../prng'
import { isRestrained, sustainableShare } from './rules'
import type { CommonsRules, GroupSetup, ResolveRound, RoundOutcome } from './types'
import type { OpponentInfo } from '../types'

/** What is left after harvesting `taken` from `stock`, collapsed below collapseBelow, then regrown. */
export function nextStock(rules: CommonsRules, stock: number, taken: number): number {
  const left = stock - taken
  if (left < rules.collapseBelow) return 0
  const grown = left + rules.regrowth * left * (1 - left / rules.maxStock)
  // Mathematically at most maxStock (regrowth ≤ 1); never let rounding carry it past.
  return grown > rules.maxStock ? rules.maxStock : grown
}

/**
 * One round: requests as made in, what each seat receives out. `fines[i]`
 * weighs seat i's fine if its request is a defection: 1 (caught) or 0 (not)
 * in play, the detection probability for the expected payoffs of the
 * commons' 2×2 (matrix.ts).
 */
export function settleRound(
  rules: CommonsRules,
  share: number,
  stock: number,
  asked: readonly number[],
  fines: readonly number[],
): RoundOutcome {
  const n = asked.length
  const q = rules.quota
  const requests = asked.map((r) => (q !== null && r > q ? q : r))
  let demand = 0
  for (const r of requests) demand += r
  const c = rules.capacity
  let served = demand <= c ? demand : c * (c / demand)
  if (served > stock) served = stock
  const receipts = requests.map((r) => (demand > 0 ? (served * r) / demand : 0))
  const fined = new Array<boolean>(n).fill(false)
  const ref = rules.referee
  if (ref !== null && ref.fine !== 0) {
    for (let i = 0; i < n; i++) {
      const weight = fines[i] as number
      if (weight === 0 || isRestrained(requests[i] as number, share)) continue
      const fine = ref.fine * weight
      fined[i] = true
      receipts[i] = (receipts[i] as number) - fine
      if (ref.fines === 'shared') {
        const part = fine / (n - 1)
        for (let j = 0; j < n; j++) if (j !== i) receipts[j] = (receipts[j] as number) + part
      }
    }
  }
  const a = rules.align
  if (a !== 0) {
    let total = 0
    for (const x of receipts) total += x
    const mean = total / n
    for (let i = 0; i < n; i++) receipts[i] = (1 - a) * (receipts[i] as number) + a * mean
  }
  return { requests, receipts, fined, stock: nextStock(rules, stock, demand < stock ? demand : stock) }
}

/** Whether the referee needs random draws (a detection probability strictly between 0 and 1). */
export function commonsRefereeDraws(rules: CommonsRules): boolean {
  const r = rules.referee
  return r !== null && r.fine !== 0 && r.detection > 0 && r.detection < 1
}

/**
 * Per round, per seat: 1 when a defection would be caught. Drawn from the
 * group seed for every round and seat whatever is played (round by round,
 * seat by seat), so the draws never depend on the requests; null when the
 * referee never or always catches (no draws).
 */
export function drawCommonsDetections(rules: CommonsRules, groupSeed: number, rounds: number, n: number): Uint8Array | null {
  if (!commonsRefereeDraws(rules)) return null
  const p = rules.referee!.detection
  const next = mulberry32(deriveSeed(groupSeed, 'referee'))
  const mask = new Uint8Array(rounds * n)
  for (let k = 0; k < mask.length; k++) mask[k] = next() < p ? 1 : 0
  return mask
}

/** A fully determined group and the referee's draws, which only the engine sees. */
export interface PreparedGroup {
  setup: GroupSetup
  detections: Uint8Array | null
}

/** Everything random about a group of n seats, from its seed alone. */
export function prepareGroup(
  rules: CommonsRules,
  n: number,
  groupSeed: number,
  identities: readonly ((OpponentInfo | null)[] | null)[] | null = null,
): PreparedGroup {
  const rounds = drawLength(rules, groupSeed)
  const seeds: number[] = []
  for (let k = 0; k < n; k++) seeds.push(deriveSeed(groupSeed, 'seat', k))
  return {
    setup: {
      rules,
      rounds,
      stock: rules.initialStock,
      sustainableShare: sustainableShare(rules, n),
      seeds,
      identities: identities === null ? new Array<null>(n).fill(null) : identities.map((x) => x),
    },
    detections: drawCommonsDetections(rules, groupSeed, rounds, n),
  }
}

/** The referee's weight for each seat in round r: 1 when a defection is caught, else 0. */
function fineWeights(rules: CommonsRules, detections: Uint8Array | null, r: number, n: number): number[] {
  const ref = rules.referee
  const weights = new Array<number>(n).fill(0)
  if (ref === null || ref.fine === 0 || ref.detection === 0) return weights
  for (let i = 0; i < n; i++) weights[i] = detections === null ? 1 : (detections[r * n + i] as number)
  return weights
}

/** Resolves the rounds of one group in order; `outcomes` keeps what each gave. */
export class GroupReferee {
  readonly outcomes: RoundOutcome[] = []
  private stock: number

  constructor(
    private readonly prepared: PreparedGroup,
    private readonly n: number,
  ) {
    this.stock = prepared.setup.stock
  }

  /** The stock at the start of the next round to play. */
  get currentStock(): number {
    return this.stock
  }

  /** The ResolveRound a runner is given: rounds in order, each with one valid request per seat. */
  readonly resolve: ResolveRound = (round, asked) => {
    const { rules, rounds, sustainableShare: share } = this.prepared.setup
    if (round !== this.outcomes.length || round >= rounds) {
      throw new RangeError(`round ${round} was resolved out of order (expected round ${this.outcomes.length} of ${rounds})`)
    }
    if (!Array.isArray(asked) || asked.length !== this.n) throw new RangeError(`round ${round} needs ${this.n} requests`)
    const requests: number[] = []
    for (let i = 0; i < this.n; i++) {
      const r = asked[i]
      if (typeof r !== 'number' || !(r >= 0 && r <= rules.maxRequest)) {
        throw new RangeError(`seat ${i}'s request in round ${round} is not a number from 0 to ${rules.maxRequest}`)
      }
      requests.push(r)
    }
    const outcome = settleRound(rules, share, this.stock, requests, fineWeights(rules, this.prepared.detections, round, this.n))
    this.stock = outcome.stock
    this.outcomes.push(outcome)
    return outcome
  }
}
