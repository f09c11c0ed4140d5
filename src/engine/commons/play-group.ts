/**
 * Step two of a commons tournament: play one scheduled group with a runner.
 * The result is plain JSON, so a queue consumer can store it and the
 * aggregate can be computed anywhere, later, from results in any order. It
 * depends only on the job and the sources: the engine scores the requests
 * the runner reports again from the start, so what the result says never
 * depends on how the runner used the rounds' outcomes.
 */
import { MAX_RECORDED_FAULTS } from '../match-runner'
import { sourceOf } from '../play-job'
import type { Fault, StrategySource } from '../types'
import { GroupReferee, prepareGroup, type PreparedGroup } from './game'
import type { CommonsJob } from './schedule'
import type { CommonsRules, GroupRunner, PlayedSeat } from './types'

/** One group's result; every per-seat array is in seat order. */
export interface GroupResult {
  /** The job's index in the schedule (0 for a group played alone). */
  index: number
  /** The ids in seat order. */
  players: string[]
  /** The group seed: playGroup with the same job gives the same result. */
  seed: number
  rules: CommonsRules
  /** Rounds played (drawn from the seed with a continuation probability). */
  rounds: number
  /** The restrained request for this group size (view.sustainableShare). */
  sustainableShare: number
  /** requests[seat][round]: what each seat asked for, after the quota (a fault's round: maxRequest, cut to the quota). */
  requests: number[][]
  /** receipts[seat][round]: what it received, mechanisms applied. */
  receipts: number[][]
  /** stock[r]: the stock at the start of round r; stock[rounds] is the final stock. */
  stock: number[]
  /** fined[seat]: the rounds in which the referee caught and fined its defection. */
  fined: number[][]
  /** With cheap talk, announcements[seat][round]: the amount announced, or null for none; else null. */
  announcements: (number | null)[][] | null
  /** The first MAX_RECORDED_FAULTS faults of each seat: { kind, round, message }, round -1 for module set-up. */
  faults: Fault[][]
  faultCounts: number[]
  /** Whether each seat drew from its random stream. */
  usedRandom: boolean[]
  /** Total received by each seat (the sum of its receipts). */
  scores: number[]
}

function checkSeat(seat: PlayedSeat, rounds: number, maxRequest: number, who: string): void {
  const ok =
    Array.isArray(seat?.requests) &&
    seat.requests.length === rounds &&
    seat.requests.every((r) => typeof r === 'number' && r >= 0 && r <= maxRequest)
  if (!ok) throw new Error(`runner returned invalid requests for ${who}: expected ${rounds} numbers from 0 to ${maxRequest}`)
  if (seat.announcements !== undefined) {
    const valid =
      Array.isArray(seat.announcements) &&
      seat.announcements.length === rounds &&
      seat.announcements.every((a) => a === null || (typeof a === 'number' && Number.isFinite(a)))
    if (!valid) throw new Error(`runner returned invalid announcements for ${who}: expected ${rounds} numbers or nulls`)
  }
}

/** Score what a runner played: replays the requests through the rules from the group's first round. */
export function buildGroupResult(job: CommonsJob, prepared: PreparedGroup, seats: readonly PlayedSeat[]): GroupResult {
  const n = job.players.length
  const { rules, rounds } = prepared.setup
  const referee = new GroupReferee(prepared, n)
  const stock = [prepared.setup.stock]
  for (let r = 0; r < rounds; r++) {
    referee.resolve(r, seats.map((s) => s.requests[r] as number))
    stock.push(referee.currentStock)
  }
  const outcomes = referee.outcomes
  const perSeat = <T>(f: (seat: number) => T): T[] => job.players.map((_, i) => f(i))
  const receipts = perSeat((i) => outcomes.map((o) => o.receipts[i] as number))
  return {
    index: job.index,
    players: [...job.players],
    seed: job.seed,
    rules,
    rounds,
    sustainableShare: prepared.setup.sustainableShare,
    requests: perSeat((i) => outcomes.map((o) => o.requests[i] as number)),
    receipts,
    stock,
    fined: perSeat((i) => outcomes.flatMap((o, r) => (o.fined[i] ? [r] : []))),
    announcements: rules.cheapTalk ? seats.map((s) => (s.announcements ? [...s.announcements] : new Array<null>(rounds).fill(null))) : null,
    faults: seats.map((s) => s.faults.slice(0, MAX_RECORDED_FAULTS).map((f) => ({ kind: f.kind, round: f.round, message: f.message }))),
    faultCounts: seats.map((s) => s.faultCount),
    usedRandom: seats.map((s) => s.usedRandom === true),
    scores: receipts.map((row) => {
      let total = 0
      for (const x of row) total += x
      return total
    }),
  }
}

/** Play one group; `sources` must include every seated player (by id). */
export async function playGroup(runner: GroupRunner, job: CommonsJob, sources: readonly StrategySource[]): Promise<GroupResult> {
  const seated = job.players.map((id) => sourceOf(sources, id))
  const n = seated.length
  const prepared = prepareGroup(job.rules, n, job.seed, job.identities)
  const live = new GroupReferee(prepared, n)
  const seats = await runner.playGroup(seated, prepared.setup, live.resolve)
  if (!Array.isArray(seats) || seats.length !== n) throw new Error(`runner returned ${Array.isArray(seats) ? seats.length : 'no'} seats for a group of ${n}`)
  seats.forEach((seat, i) => checkSeat(seat, prepared.setup.rounds, job.rules.maxRequest, job.players[i]!))
  return buildGroupResult(job, prepared, seats)
}

/** Play a batch of groups one after another; any split of a schedule into batches gives the same results. */
export async function playGroups(runner: GroupRunner, jobs: readonly CommonsJob[], sources: readonly StrategySource[]): Promise<GroupResult[]> {
  const results: GroupResult[] = []
  for (const job of jobs) results.push(await playGroup(runner, job, sources))
  return results
}
