/**
 * Round-robin tournaments with repetitions, scored and ranked as in
 * Axelrod-Python (tournament.py / result_set.py). Every pair of players,
 * including each player against a copy of itself, plays `repetitions`
 * matches. Self-play is shown in the payoff matrix but left out of the
 * ranking, wins, cooperation rating, state distribution and behaviour.
 *
 * The result is plain JSON with a fixed key order and raw doubles, so the
 * same players, options and seed give byte-identical JSON.stringify output on
 * every runtime. docs/results.md describes every field.
 */
import { BehaviourTally, type Behaviour } from './behaviour'
import { buildResult, countC, prepareMatch, type MatchResult } from './match'
import { makeRules } from './rules'
import { median, sum } from './stats'
import { deriveSeed, normalizeSeed } from './prng'
import type { MatchRunner, PlayedSide } from './match-runner'
import type { Fault, FaultKind, OpponentInfo, Rules, StrategySource } from './types'

export const DEFAULT_REPETITIONS = 5
/** More repetitions than this are refused (each is a full round robin). */
export const MAX_REPETITIONS = 1000
/** How many fault records are kept per player in TournamentResult.faults (count has the full number). */
export const MAX_TOURNAMENT_FAULT_RECORDS = 5
export const TOURNAMENT_RESULT_FORMAT = 'dilemma-arena/tournament@1'

export interface TournamentOptions {
  /** Rules for every match (defaults from makeRules: Axelrod payoffs, 200 turns, no noise). */
  rules?: Partial<Rules>
  /** How many times each pairing is played; default 5. */
  repetitions?: number
  /** Run seed (a number, or text turned into one with normalizeSeed). */
  seed: number | string
  /**
   * Shared identities: player id → what its opponents see as `view.opponent`.
   * Omitted, null, or an id that is missing / mapped to null: anonymous (null).
   */
  opponents?: Readonly<Record<string, OpponentInfo | null>> | null
  /** Called after each match (played or reused) with (matches done, matches scheduled). */
  onProgress?: (done: number, total: number) => void
  /** Keep every MatchResult in result.matches (default false: matches is null). */
  keepMatches?: boolean
  /** Play a deterministic pairing once and reuse it for the other repetitions (default true). */
  reuseDeterministic?: boolean
}

export interface TournamentPlayer {
  id: string
  name: string
}

/** One line of the ranking. Scores are per turn, averaged over the opponents (self-play excluded). */
export interface Standing {
  /** 1 for the winner; positions are distinct (ties are ordered by id). */
  rank: number
  id: string
  name: string
  /** Median over repetitions of the normalised score (the ranking key). */
  medianScore: number
  /** Mean over repetitions of the normalised score. */
  meanScore: number
  /** Matches won (strictly higher total than the opponent), summed over repetitions. */
  wins: number
  /** C moves / rounds over all its matches except self-play. */
  cooperationRate: number
  /** Faults over all its matches, self-play included. */
  faults: number
}

/** All repetitions of one pairing; arrays have one entry per repetition. Index 0 is players[0]. */
export interface PairRecord {
  players: [string, string]
  seeds: number[]
  turns: number[]
  /** Total payoff of each side. */
  scores: [number, number][]
  /** Number of C moves of each side. */
  cooperations: [number, number][]
  /** Whether that repetition reused the first repetition's moves (deterministic pairing). */
  reused: boolean[]
}

/** Where a player's rounds ended up, from its own perspective (its move first), self-play excluded. */
export interface StateDistribution {
  id: string
  CC: number
  CD: number
  DC: number
  DD: number
}

export interface PlayerBehaviour extends Behaviour {
  id: string
}

/** A fault with the match it happened in; replay with playMatch(runner, players[0], players[1], { rules, seed }). */
export interface FaultRecord {
  /** The match's two player ids, as it was played (index 0 is player A). */
  match: [string, string]
  /** Which side of that match faulted. */
  side: 0 | 1
  repetition: number
  seed: number
  kind: FaultKind
  round: number
  message: string
}

export interface PlayerFaults {
  id: string
  /** All faults of this player, self-play included (both sides of a self-play match count). */
  count: number
  /** The first MAX_TOURNAMENT_FAULT_RECORDS of them, in schedule order. */
  records: FaultRecord[]
}

export interface TournamentResult {
  format: typeof TOURNAMENT_RESULT_FORMAT
  /** The run seed actually used (normalised). */
  seed: number
  rules: Rules
  repetitions: number
  /** Players in the order given; every matrix and per-player array uses this order. */
  players: TournamentPlayer[]
  /** Matches in the schedule: n(n+1)/2 pairings × repetitions. */
  scheduledMatches: number
  /** Matches the runner actually played. */
  playedMatches: number
  /** Matches that reused a deterministic pairing's first repetition (scheduled = played + reused). */
  reusedMatches: number
  /** Best first. */
  standings: Standing[]
  /** normalisedScores[i][r]: player i's mean per-turn score against the other players in repetition r. */
  normalisedScores: number[][]
  /** payoffMatrix[i][j]: mean over repetitions of i's per-turn score against j (diagonal: self-play, mean of both sides). */
  payoffMatrix: number[][]
  /** cooperationMatrix[i][j]: i's C moves / rounds against j over all repetitions (diagonal: both sides of self-play). */
  cooperationMatrix: number[][]
  /** Every pairing i ≤ j in schedule order: (0,0), (0,1), ..., (0,n-1), (1,1), ... */
  pairs: PairRecord[]
  stateDistribution: StateDistribution[]
  behaviour: PlayerBehaviour[]
  faults: PlayerFaults[]
  /** Every MatchResult in schedule order when keepMatches is set, else null. */
  matches: MatchResult[] | null
}

/** The seed of one tournament match; playMatch(runner, a, b, { rules, seed }) re-plays it alone. */
export function tournamentMatchSeed(runSeed: number, idA: string, idB: string, repetition: number): number {
  return deriveSeed(runSeed, 'match', idA, idB, repetition)
}

function checkSide(side: PlayedSide, rounds: number, who: string): void {
  if (typeof side?.moves !== 'string' || side.moves.length !== rounds || !/^[CD]*$/.test(side.moves)) {
    throw new Error(`runner returned invalid moves for ${who}: expected ${rounds} characters C or D`)
  }
}

/**
 * Only a clean pairing is reused: a fault may depend on randomness drawn
 * before it (a strategy that throws at set-up on a coin flip), and a crash is
 * a failure of the executor, not of the strategy.
 */
function isClean(side: PlayedSide): boolean {
  return side.faultCount === 0
}

function copySide(side: PlayedSide): PlayedSide {
  return {
    moves: side.moves,
    faults: side.faults.map((f) => ({ kind: f.kind, round: f.round, message: f.message })),
    faultCount: side.faultCount,
    usedRandom: side.usedRandom,
  }
}

function matrix(n: number): number[][] {
  const out: number[][] = []
  for (let i = 0; i < n; i++) out.push(new Array<number>(n).fill(0))
  return out
}

/** Play a round-robin tournament (self-play included) and rank it as Axelrod-Python does. */
export async function playTournament(
  runner: MatchRunner,
  players: readonly StrategySource[],
  options: TournamentOptions,
): Promise<TournamentResult> {
  if (!Array.isArray(players) || players.length < 2) {
    throw new RangeError('a tournament needs at least 2 players')
  }
  const seen = new Set<string>()
  for (const p of players) {
    if (typeof p?.id !== 'string' || p.id === '') throw new RangeError('every player needs a non-empty string id')
    if (seen.has(p.id)) throw new RangeError(`player ids must be unique: "${p.id}" appears more than once`)
    seen.add(p.id)
  }
  const repetitions = options.repetitions ?? DEFAULT_REPETITIONS
  if (!Number.isInteger(repetitions) || repetitions < 1 || repetitions > MAX_REPETITIONS) {
    throw new RangeError(`repetitions must be a whole number from 1 to ${MAX_REPETITIONS}`)
  }
  const rules = makeRules(options.rules)
  const runSeed = normalizeSeed(options.seed)
  const keepMatches = options.keepMatches === true
  const reuse = options.reuseDeterministic !== false
  const identities = options.opponents ?? null
  const infoOf = (id: string): OpponentInfo | null =>
    identities !== null && Object.prototype.hasOwnProperty.call(identities, id) ? (identities[id] ?? null) : null

  const n = players.length
  const total = ((n * (n + 1)) / 2) * repetitions

  // Accumulators. perTurn[i][j][r]: i's score per turn against j in repetition r.
  const perTurn: number[][][] = []
  for (let i = 0; i < n; i++) {
    const row: number[][] = []
    for (let j = 0; j < n; j++) row.push(new Array<number>(repetitions).fill(0))
    perTurn.push(row)
  }
  const coop = matrix(n)
  const rounds = matrix(n)
  const states: [number, number, number, number][][] = []
  for (let i = 0; i < n; i++) {
    const row: [number, number, number, number][] = []
    for (let j = 0; j < n; j++) row.push([0, 0, 0, 0])
    states.push(row)
  }
  const wins = new Array<number>(n).fill(0)
  const tallies = players.map(() => new BehaviourTally())
  const faultCounts = new Array<number>(n).fill(0)
  const faultRecords: FaultRecord[][] = players.map(() => [])
  const pairs: PairRecord[] = []
  const kept: MatchResult[] = []
  let done = 0
  let played = 0
  let reused = 0

  const noteFaults = (who: number, faults: Fault[], count: number, result: MatchResult, side: 0 | 1, rep: number) => {
    faultCounts[who] = (faultCounts[who] as number) + count
    const records = faultRecords[who] as FaultRecord[]
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

  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const a = players[i] as StrategySource
      const b = players[j] as StrategySource
      const opponents: [OpponentInfo | null, OpponentInfo | null] = [infoOf(b.id), infoOf(a.id)]
      const pair: PairRecord = {
        players: [a.id, b.id],
        seeds: [],
        turns: [],
        scores: [],
        cooperations: [],
        reused: [],
      }
      let template: [PlayedSide, PlayedSide] | null = null
      for (let r = 0; r < repetitions; r++) {
        const seed = tournamentMatchSeed(runSeed, a.id, b.id, r)
        const setup = prepareMatch(rules, seed, opponents)
        let sides: [PlayedSide, PlayedSide]
        let wasReused = false
        if (template !== null) {
          sides = [copySide(template[0]), copySide(template[1])]
          wasReused = true
          reused++
        } else {
          sides = await runner.play(a, b, setup)
          played++
          checkSide(sides[0], setup.rounds, a.id)
          checkSide(sides[1], setup.rounds, b.id)
          if (
            reuse &&
            rules.turns !== null &&
            rules.noise === 0 &&
            !sides[0].usedRandom &&
            !sides[1].usedRandom &&
            isClean(sides[0]) &&
            isClean(sides[1])
          ) {
            template = [copySide(sides[0]), copySide(sides[1])]
          }
        }
        const result = buildResult(a, b, setup, seed, sides)
        const [ma, mb] = result.moves
        const [sa, sb] = result.scores
        const turns = result.turns
        const ca = countC(ma)
        const cb = countC(mb)
        pair.seeds.push(seed)
        pair.turns.push(turns)
        pair.scores.push([sa, sb])
        pair.cooperations.push([ca, cb])
        pair.reused.push(wasReused)

        const perTurnI = perTurn[i]!
        const perTurnJ = perTurn[j]!
        const coopI = coop[i]!
        const coopJ = coop[j]!
        const roundsI = rounds[i]!
        const roundsJ = rounds[j]!
        if (i === j) {
          perTurnI[i]![r] = (sa / turns + sb / turns) / 2
          coopI[i]! += ca + cb
          roundsI[i]! += 2 * turns
          noteFaults(i, result.faults[0], result.faultCounts[0], result, 0, r)
          noteFaults(i, result.faults[1], result.faultCounts[1], result, 1, r)
        } else {
          perTurnI[j]![r] = sa / turns
          perTurnJ[i]![r] = sb / turns
          coopI[j]! += ca
          coopJ[i]! += cb
          roundsI[j]! += turns
          roundsJ[i]! += turns
          if (sa > sb) wins[i]!++
          else if (sb > sa) wins[j]!++
          const sij = states[i]![j]!
          const sji = states[j]![i]!
          for (let t = 0; t < turns; t++) {
            const x = ma.charCodeAt(t) === 67 ? 0 : 2
            const y = mb.charCodeAt(t) === 67 ? 0 : 1
            sij[x + y]!++
            // From j's side the roles swap: j's move first.
            sji[(y << 1) + (x >> 1)]!++
          }
          tallies[i]!.add(ma, mb)
          tallies[j]!.add(mb, ma)
          noteFaults(i, result.faults[0], result.faultCounts[0], result, 0, r)
          noteFaults(j, result.faults[1], result.faultCounts[1], result, 1, r)
        }
        if (keepMatches) kept.push(result)
        done++
        options.onProgress?.(done, total)
      }
      pairs.push(pair)
    }
  }

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

  const unranked = players.map((p, i) => {
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
      wins: wins[i] as number,
      cooperationRate: c / t,
      faults: faultCounts[i] as number,
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

  const stateDistribution: StateDistribution[] = players.map((p, i) => {
    const acc = [0, 0, 0, 0]
    for (let j = 0; j < n; j++) {
      if (j === i) continue
      const s = (states[i] as [number, number, number, number][])[j] as [number, number, number, number]
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

  const behaviour: PlayerBehaviour[] = players.map((p, i) => ({ id: p.id, ...(tallies[i] as BehaviourTally).result() }))
  const faults: PlayerFaults[] = players.map((p, i) => ({
    id: p.id,
    count: faultCounts[i] as number,
    records: faultRecords[i] as FaultRecord[],
  }))

  return {
    format: TOURNAMENT_RESULT_FORMAT,
    seed: runSeed,
    rules,
    repetitions,
    players: players.map((p) => ({ id: p.id, name: p.name })),
    scheduledMatches: total,
    playedMatches: played,
    reusedMatches: reused,
    standings,
    normalisedScores,
    payoffMatrix,
    cooperationMatrix,
    pairs,
    stateDistribution,
    behaviour,
    faults,
    matches: keepMatches ? kept : null,
  }
}
