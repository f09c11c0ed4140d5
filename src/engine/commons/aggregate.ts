/**
 * Step three of a commons tournament: turn the results of a schedule's
 * groups into the `dilemma-arena/commons@1` result (docs/results.md):
 * standings by mean payoff per round, the stock over time, the groups'
 * welfare as a share of the sustainable optimum, the final stock,
 * cooperation and faults.
 *
 * Results may arrive in any order, but they are folded in schedule order
 * (sums of doubles depend on their order), so the JSON is byte-identical
 * however the groups were played; as in aggregate.ts, a result that arrives
 * early waits until the ones before it are in.
 */
import { MAX_TOURNAMENT_FAULT_RECORDS, type TournamentPlayer } from '../tournament-result'
import type { FaultKind } from '../types'
import type { GroupResult } from './play-group'
import { isRestrained, sustainableShare } from './rules'
import type { CommonsJob, CommonsLayout, CommonsSchedule } from './schedule'
import type { CommonsRules } from './types'

export const COMMONS_RESULT_FORMAT = 'dilemma-arena/commons@1'

/** One line of the ranking. */
export interface CommonsStanding {
  /** 1 for the best; positions are distinct (ties are ordered by id). */
  rank: number
  id: string
  name: string
  /** Mean over its groups of its payoff per round (score / rounds): the ranking key. */
  meanPayoff: number
  /** Groups it played. */
  groups: number
  /** Share of its requests at or below the sustainable share. */
  cooperation: number
  /** Rounds in which the referee fined it. */
  fined: number
  /** Its faults over all its groups. */
  faults: number
}

/** One group, summed up. */
export interface CommonsGroupSummary {
  index: number
  players: string[]
  seed: number
  rounds: number
  scores: number[]
  /** Total received / (rounds × the sustainable total): 1 is what restraint earns for ever. */
  welfare: number
  finalStock: number
  /** Share of its requests at or below the sustainable share. */
  cooperation: number
}

/** A fault with the group it happened in; playGroup(runner, schedule.jobs[group], sources) replays it. */
export interface CommonsFaultRecord {
  group: number
  seat: number
  seed: number
  kind: FaultKind
  round: number
  message: string
}

export interface CommonsPlayerFaults {
  id: string
  count: number
  /** The first MAX_TOURNAMENT_FAULT_RECORDS of them, in schedule order. */
  records: CommonsFaultRecord[]
}

export interface CommonsResult {
  format: typeof COMMONS_RESULT_FORMAT
  /** The run seed actually used (normalised). */
  seed: number
  rules: CommonsRules
  /** Players per group. */
  group: number
  repetitions: number
  layout: CommonsLayout
  /** The restrained request for this group size. */
  sustainableShare: number
  /** Players in the order given; faults use this order. */
  players: TournamentPlayer[]
  /** Best first. */
  standings: CommonsStanding[]
  /** Mean over the groups of their welfare. */
  welfare: number
  /** Mean over the groups of their final stock. */
  finalStock: number
  /** Share of the groups whose stock ended at 0 (collapsed, for good). */
  collapsed: number
  /** Share of all requests at or below the sustainable share. */
  cooperation: number
  stock: {
    /** mean[t]: the mean stock at the start of round t over the groups that lasted t rounds or more (t = rounds is the end). */
    mean: number[]
    /** groups[k]: schedule.jobs[k]'s stock, GroupResult.stock. */
    groups: number[][]
  }
  /** Every group in schedule order. */
  groups: CommonsGroupSummary[]
  faults: CommonsPlayerFaults[]
}

function sum(values: readonly number[]): number {
  let total = 0
  for (const x of values) total += x
  return total
}

/** Whether a group result is the one the schedule asked for: a result stored for another run or version is refused. */
function matchesJob(result: GroupResult, job: CommonsJob): boolean {
  const n = job.players.length
  if (result.seed !== job.seed || !Array.isArray(result.players) || result.players.length !== n) return false
  if (!result.players.every((id, i) => id === job.players[i])) return false
  const rounds = result.rounds
  return (
    Number.isInteger(rounds) &&
    result.stock?.length === rounds + 1 &&
    [result.requests, result.receipts].every((rows) => rows?.length === n && rows.every((row) => row?.length === rounds))
  )
}

/** Collects group results in any order; result() gives the CommonsResult once all are in. */
export class CommonsAggregator {
  private readonly waiting = new Map<number, GroupResult>()
  private readonly added = new Set<number>()
  private next = 0
  private readonly share: number
  private readonly position: Map<string, number>
  private readonly perRound: number[][]
  private readonly restrained: number[]
  private readonly requests: number[]
  private readonly fined: number[]
  private readonly faultCounts: number[]
  private readonly faultRecords: CommonsFaultRecord[][]
  private readonly summaries: CommonsGroupSummary[] = []
  private readonly curves: number[][] = []

  constructor(private readonly schedule: CommonsSchedule) {
    const n = schedule.players.length
    this.share = sustainableShare(schedule.rules, schedule.group)
    this.position = new Map(schedule.players.map((p, i) => [p.id, i]))
    this.perRound = schedule.players.map(() => [])
    this.restrained = new Array<number>(n).fill(0)
    this.requests = new Array<number>(n).fill(0)
    this.fined = new Array<number>(n).fill(0)
    this.faultCounts = new Array<number>(n).fill(0)
    this.faultRecords = schedule.players.map(() => [])
  }

  /** How many of the schedule's groups have no result yet. */
  get missing(): number {
    return this.schedule.jobs.length - this.added.size
  }

  /** Add one group's result (in any order; each group exactly once). */
  add(result: GroupResult): void {
    const index = result?.index
    const job = Number.isInteger(index) ? this.schedule.jobs[index] : undefined
    if (!job) throw new RangeError(`group result ${String(index)} is not a group of this schedule`)
    if (this.added.has(index)) throw new RangeError(`group ${index} was added twice`)
    if (!matchesJob(result, job)) throw new RangeError(`group ${index}'s result does not match the schedule (players, seed or rounds differ)`)
    this.added.add(index)
    this.waiting.set(index, result)
    for (let ready = this.waiting.get(this.next); ready; ready = this.waiting.get(this.next)) {
      this.waiting.delete(this.next)
      this.fold(ready)
      this.next++
    }
  }

  private fold(result: GroupResult): void {
    const share = this.share
    const rounds = result.rounds
    let groupRestrained = 0
    result.players.forEach((id, seat) => {
      const p = this.position.get(id)!
      this.perRound[p]!.push(rounds > 0 ? (result.scores[seat] as number) / rounds : 0)
      let restrained = 0
      for (const r of result.requests[seat]!) if (isRestrained(r, share)) restrained++
      groupRestrained += restrained
      this.restrained[p]! += restrained
      this.requests[p]! += rounds
      this.fined[p]! += result.fined[seat]?.length ?? 0
      this.faultCounts[p]! += result.faultCounts[seat] as number
      const records = this.faultRecords[p]!
      for (const f of result.faults[seat] ?? []) {
        if (records.length >= MAX_TOURNAMENT_FAULT_RECORDS) break
        records.push({ group: result.index, seat, seed: result.seed, kind: f.kind, round: f.round, message: f.message })
      }
    })
    const n = result.players.length
    const received = sum(result.scores)
    this.summaries.push({
      index: result.index,
      players: [...result.players],
      seed: result.seed,
      rounds,
      scores: [...result.scores],
      welfare: received / (rounds * n * share),
      finalStock: result.stock[rounds] as number,
      cooperation: groupRestrained / (rounds * n),
    })
    this.curves.push([...result.stock])
  }

  /** The tournament's result; throws while group results are missing. */
  result(): CommonsResult {
    const { schedule } = this
    if (this.missing > 0) {
      throw new RangeError(`${this.missing} of ${schedule.jobs.length} group results are missing (the first is group ${this.next})`)
    }
    const unranked = schedule.players.map((p, i) => {
      const perRound = this.perRound[i]!
      return {
        id: p.id,
        name: p.name,
        meanPayoff: perRound.length > 0 ? sum(perRound) / perRound.length : 0,
        groups: perRound.length,
        cooperation: this.requests[i]! > 0 ? this.restrained[i]! / this.requests[i]! : 0,
        fined: this.fined[i]!,
        faults: this.faultCounts[i]!,
      }
    })
    const order = unranked
      .map((_, i) => i)
      .sort((x, y) => {
        const a = unranked[x]!
        const b = unranked[y]!
        if (a.meanPayoff !== b.meanPayoff) return b.meanPayoff - a.meanPayoff
        return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
      })
    const standings: CommonsStanding[] = order.map((i, k) => ({ rank: k + 1, ...unranked[i]! }))

    const longest = Math.max(...this.curves.map((c) => c.length))
    const mean: number[] = []
    for (let t = 0; t < longest; t++) {
      let total = 0
      let count = 0
      for (const curve of this.curves) {
        if (t >= curve.length) continue
        total += curve[t]!
        count++
      }
      mean.push(total / count)
    }
    const groups = this.summaries
    const requests = sum(this.requests)
    return {
      format: COMMONS_RESULT_FORMAT,
      seed: schedule.seed,
      rules: schedule.rules,
      group: schedule.group,
      repetitions: schedule.repetitions,
      layout: schedule.layout,
      sustainableShare: this.share,
      players: schedule.players.map((p) => ({ id: p.id, name: p.name })),
      standings,
      welfare: sum(groups.map((g) => g.welfare)) / groups.length,
      finalStock: sum(groups.map((g) => g.finalStock)) / groups.length,
      collapsed: groups.filter((g) => g.finalStock === 0).length / groups.length,
      cooperation: requests > 0 ? sum(this.restrained) / requests : 0,
      stock: { mean, groups: this.curves },
      groups,
      faults: schedule.players.map((p, i) => ({ id: p.id, count: this.faultCounts[i]!, records: this.faultRecords[i]! })),
    }
  }
}

/** The CommonsResult of a schedule from all its group results, in any order. */
export function aggregateCommons(schedule: CommonsSchedule, results: Iterable<GroupResult>): CommonsResult {
  const aggregator = new CommonsAggregator(schedule)
  for (const r of results) aggregator.add(r)
  return aggregator.result()
}
