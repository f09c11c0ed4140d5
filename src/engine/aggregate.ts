/**
 * Step three of a tournament: turn the results of a schedule's jobs into the
 * ranking, scored as in Axelrod-Python (tournament.py / result_set.py).
 * Self-play is shown in the payoff matrix but left out of the ranking, wins,
 * cooperation rating, state distribution and behaviour.
 *
 * Results may arrive in any order (queue consumers finish when they finish),
 * but they are folded in schedule order: sums of doubles depend on their
 * order, and fault records and kept matches are listed in schedule order, so
 * this is what makes the JSON byte-identical however the jobs were run.
 * A result that arrives early waits until the ones before it are in; in
 * schedule order nothing waits and no job result is kept longer than needed.
 */
import { BehaviourTally } from './behaviour'
import { countC, type MatchResult } from './match'
import type { JobResult } from './play-job'
import type { TournamentJob, TournamentSchedule } from './schedule'
import { median, sum } from './stats'
import {
  MAX_TOURNAMENT_FAULT_RECORDS,
  TOURNAMENT_RESULT_FORMAT,
  type FaultRecord,
  type PairRecord,
  type PlayerBehaviour,
  type PlayerFaults,
  type Standing,
  type StateDistribution,
  type TournamentResult,
} from './tournament-result'
import type { Fault } from './types'

export interface AggregateOptions {
  /** Keep every MatchResult in result.matches (default false: matches is null). */
  keepMatches?: boolean
}

function matrix(n: number): number[][] {
  const out: number[][] = []
  for (let i = 0; i < n; i++) out.push(new Array<number>(n).fill(0))
  return out
}

/** Collects job results in any order; result() gives the TournamentResult once all are in. */
export class TournamentAggregator {
  private readonly schedule: TournamentSchedule
  private readonly keepMatches: boolean
  private readonly n: number
  /** Results that arrived before an earlier job's, by index. */
  private readonly waiting = new Map<number, JobResult>()
  private readonly added = new Set<number>()
  /** The next job, in schedule order, to fold in. */
  private next = 0
  // perTurn[i][j][r]: i's score per turn against j in repetition r.
  private readonly perTurn: number[][][] = []
  private readonly coop: number[][]
  private readonly rounds: number[][]
  private readonly states: [number, number, number, number][][] = []
  private readonly wins: number[]
  private readonly tallies: BehaviourTally[]
  private readonly faultCounts: number[]
  private readonly faultRecords: FaultRecord[][]
  private readonly pairs: PairRecord[] = []
  private readonly kept: MatchResult[] = []
  private played = 0
  private reused = 0

  constructor(schedule: TournamentSchedule, options: AggregateOptions = {}) {
    this.schedule = schedule
    this.keepMatches = options.keepMatches === true
    const n = schedule.players.length
    this.n = n
    for (let i = 0; i < n; i++) {
      const row: number[][] = []
      for (let j = 0; j < n; j++) row.push(new Array<number>(schedule.repetitions).fill(0))
      this.perTurn.push(row)
      const srow: [number, number, number, number][] = []
      for (let j = 0; j < n; j++) srow.push([0, 0, 0, 0])
      this.states.push(srow)
    }
    this.coop = matrix(n)
    this.rounds = matrix(n)
    this.wins = new Array<number>(n).fill(0)
    this.tallies = schedule.players.map(() => new BehaviourTally())
    this.faultCounts = new Array<number>(n).fill(0)
    this.faultRecords = schedule.players.map(() => [])
  }

  /** How many of the schedule's jobs have no result yet. */
  get missing(): number {
    return this.schedule.jobs.length - this.added.size
  }

  /** Add one job's result (in any order; each job exactly once). */
  add(result: JobResult): void {
    const index = result?.index
    const job = Number.isInteger(index) ? this.schedule.jobs[index] : undefined
    if (!job) throw new RangeError(`job result ${String(index)} is not a job of this schedule`)
    if (this.added.has(index)) throw new RangeError(`job ${index} was added twice`)
    if (!matchesJob(result, job, this.schedule.repetitions)) {
      throw new RangeError(`job ${index}'s result does not match the schedule (players, seeds or repetitions differ)`)
    }
    this.added.add(index)
    this.waiting.set(index, result)
    for (let ready = this.waiting.get(this.next); ready; ready = this.waiting.get(this.next)) {
      this.waiting.delete(this.next)
      this.fold(ready)
      this.next++
    }
  }

  private noteFaults(who: number, faults: Fault[], count: number, result: MatchResult, side: 0 | 1, rep: number): void {
    this.faultCounts[who] = (this.faultCounts[who] as number) + count
    const records = this.faultRecords[who] as FaultRecord[]
    for (const f of faults) {
      if (records.length >= MAX_TOURNAMENT_FAULT_RECORDS) break
      records.push({
        match: [result.players[0], result.players[1]],
        side,
        repetition: rep,
        seed: result.seed,
        kind: f.kind,
        round: f.round,
        message: f.message,
      })
    }
  }

  private fold(jobResult: JobResult): void {
    const [i, j] = (this.schedule.jobs[jobResult.index] as TournamentJob).pair
    const pair: PairRecord = {
      players: [jobResult.players[0], jobResult.players[1]],
      seeds: [],
      turns: [],
      scores: [],
      cooperations: [],
      reused: [],
    }
    jobResult.matches.forEach((result, r) => {
      const wasReused = jobResult.reused[r] === true
      if (wasReused) this.reused++
      else this.played++
      const [ma, mb] = result.moves
      const [sa, sb] = result.scores
      const turns = result.turns
      const ca = countC(ma)
      const cb = countC(mb)
      pair.seeds.push(result.seed)
      pair.turns.push(turns)
      pair.scores.push([sa, sb])
      pair.cooperations.push([ca, cb])
      pair.reused.push(wasReused)

      const perTurnI = this.perTurn[i]!
      const perTurnJ = this.perTurn[j]!
      const coopI = this.coop[i]!
      const coopJ = this.coop[j]!
      const roundsI = this.rounds[i]!
      const roundsJ = this.rounds[j]!
      if (i === j) {
        perTurnI[i]![r] = (sa / turns + sb / turns) / 2
        coopI[i]! += ca + cb
        roundsI[i]! += 2 * turns
        this.noteFaults(i, result.faults[0], result.faultCounts[0], result, 0, r)
        this.noteFaults(i, result.faults[1], result.faultCounts[1], result, 1, r)
      } else {
        perTurnI[j]![r] = sa / turns
        perTurnJ[i]![r] = sb / turns
        coopI[j]! += ca
        coopJ[i]! += cb
        roundsI[j]! += turns
        roundsJ[i]! += turns
        if (sa > sb) this.wins[i]!++
        else if (sb > sa) this.wins[j]!++
        const sij = this.states[i]![j]!
        const sji = this.states[j]![i]!
        for (let t = 0; t < turns; t++) {
          const x = ma.charCodeAt(t) === 67 ? 0 : 2
          const y = mb.charCodeAt(t) === 67 ? 0 : 1
          sij[x + y]!++
          // From j's side the roles swap: j's move first.
          sji[(y << 1) + (x >> 1)]!++
        }
        this.tallies[i]!.add(ma, mb)
        this.tallies[j]!.add(mb, ma)
        this.noteFaults(i, result.faults[0], result.faultCounts[0], result, 0, r)
        this.noteFaults(j, result.faults[1], result.faultCounts[1], result, 1, r)
      }
      if (this.keepMatches) this.kept.push(result)
    })
    this.pairs.push(pair)
  }

  /** The tournament's result; throws while job results are missing. */
  result(): TournamentResult {
    const { schedule, n } = this
    const repetitions = schedule.repetitions
    if (this.missing > 0) {
      throw new RangeError(
        `${this.missing} of ${schedule.jobs.length} job results are missing (the first is job ${this.next})`,
      )
    }
    const perTurn = this.perTurn
    const coop = this.coop
    const rounds = this.rounds

    // Normalised scores: per player and repetition, the mean over the other players of the per-turn score.
    const normalisedScores: number[][] = []
    for (let i = 0; i < n; i++) {
      const row: number[] = []
      for (let r = 0; r < repetitions; r++) {
        let s = 0
        for (let j = 0; j < n; j++) if (j !== i) s += (perTurn[i] as number[][])[j]![r] as number
        row.push(s / (n - 1))
      }
      normalisedScores.push(row)
    }

    const payoffMatrix: number[][] = []
    const cooperationMatrix: number[][] = []
    for (let i = 0; i < n; i++) {
      const prow: number[] = []
      const crow: number[] = []
      for (let j = 0; j < n; j++) {
        prow.push(sum((perTurn[i] as number[][])[j] as number[]) / repetitions)
        crow.push(((coop[i] as number[])[j] as number) / ((rounds[i] as number[])[j] as number))
      }
      payoffMatrix.push(prow)
      cooperationMatrix.push(crow)
    }

    const unranked = schedule.players.map((p, i) => {
      let c = 0
      let t = 0
      for (let j = 0; j < n; j++) {
        if (j === i) continue
        c += (coop[i] as number[])[j] as number
        t += (rounds[i] as number[])[j] as number
      }
      const scores = normalisedScores[i] as number[]
      return {
        id: p.id,
        name: p.name,
        medianScore: median(scores),
        meanScore: sum(scores) / repetitions,
        wins: this.wins[i] as number,
        cooperationRate: c / t,
        faults: this.faultCounts[i] as number,
      }
    })
    const order = unranked
      .map((_, i) => i)
      .sort((x, y) => {
        const a = unranked[x]!
        const b = unranked[y]!
        if (a.medianScore !== b.medianScore) return b.medianScore - a.medianScore
        return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
      })
    const standings: Standing[] = order.map((i, k) => {
      const u = unranked[i]!
      return {
        rank: k + 1,
        id: u.id,
        name: u.name,
        medianScore: u.medianScore,
        meanScore: u.meanScore,
        wins: u.wins,
        cooperationRate: u.cooperationRate,
        faults: u.faults,
      }
    })

    const stateDistribution: StateDistribution[] = schedule.players.map((p, i) => {
      const acc = [0, 0, 0, 0]
      for (let j = 0; j < n; j++) {
        if (j === i) continue
        const s = (this.states[i] as [number, number, number, number][])[j] as [number, number, number, number]
        const tot = s[0] + s[1] + s[2] + s[3]
        for (let k = 0; k < 4; k++) acc[k]! += (s[k] as number) / tot
      }
      return {
        id: p.id,
        CC: (acc[0] as number) / (n - 1),
        CD: (acc[1] as number) / (n - 1),
        DC: (acc[2] as number) / (n - 1),
        DD: (acc[3] as number) / (n - 1),
      }
    })

    const behaviour: PlayerBehaviour[] = schedule.players.map((p, i) => ({
      id: p.id,
      ...(this.tallies[i] as BehaviourTally).result(),
    }))
    const faults: PlayerFaults[] = schedule.players.map((p, i) => ({
      id: p.id,
      count: this.faultCounts[i] as number,
      records: this.faultRecords[i] as FaultRecord[],
    }))

    return {
      format: TOURNAMENT_RESULT_FORMAT,
      seed: schedule.seed,
      rules: schedule.rules,
      repetitions,
      players: schedule.players.map((p) => ({ id: p.id, name: p.name })),
      scheduledMatches: schedule.jobs.length * repetitions,
      playedMatches: this.played,
      reusedMatches: this.reused,
      standings,
      normalisedScores,
      payoffMatrix,
      cooperationMatrix,
      pairs: this.pairs,
      stateDistribution,
      behaviour,
      faults,
      matches: this.keepMatches ? this.kept : null,
    }
  }
}

/** Whether a job result is the one the schedule asked for: a result stored for another run or version is refused. */
function matchesJob(result: JobResult, job: TournamentJob, repetitions: number): boolean {
  if (result.players?.[0] !== job.players[0] || result.players[1] !== job.players[1]) return false
  if (!Array.isArray(result.matches) || result.matches.length !== repetitions) return false
  if (!Array.isArray(result.reused) || result.reused.length !== repetitions) return false
  return result.matches.every(
    (m, r) => m?.seed === job.seeds[r] && m.players?.[0] === job.players[0] && m.players[1] === job.players[1],
  )
}

/** The TournamentResult of a schedule from all its job results, in any order. */
export function aggregateTournament(
  schedule: TournamentSchedule,
  results: Iterable<JobResult>,
  options: AggregateOptions = {},
): TournamentResult {
  const aggregator = new TournamentAggregator(schedule, options)
  for (const r of results) aggregator.add(r)
  return aggregator.result()
}
