/**
 * What one run adds to the reputation store: for each strategy, counts of
 * how it behaved (the same definitions as `behaviour.ts`) and its faults;
 * for each ordered pair of distinct strategies, one side's record against the
 * other. Counts, never rates, so the store can add one run to the next and
 * the rates over all runs come out exact.
 *
 * Self-play says nothing about how a strategy treats others, and a match the
 * platform could not play says nothing at all: both are left out.
 */
import { BehaviourTally, type BehaviourCounts } from './behaviour'
import type { JobResult } from './play-job'

export interface StrategyRecord extends BehaviourCounts {
  strategyId: string
  faults: number
}

export interface PairRecord {
  strategyId: string
  opponentId: string
  matches: number
  turns: number
  myCooperations: number
  theirCooperations: number
  myScore: number
  theirScore: number
  wins: number
  losses: number
  /** The last rounds (at most `LAST_MOVES`) of the last match between them in this run. */
  lastMy: string
  lastTheir: string
}

/** How many final rounds of the latest match a head-to-head record keeps. */
export const LAST_MOVES = 10

export interface RunRecords {
  /** In the order the strategies first appear in the results. */
  strategies: StrategyRecord[]
  pairs: PairRecord[]
}

function countCooperations(moves: string): number {
  let n = 0
  for (let i = 0; i < moves.length; i++) if (moves.charCodeAt(i) === 67 /* C */) n++
  return n
}

/**
 * The records of a run from its job results (any order: they are sorted by
 * job index first, so the last match of a pair is the same whatever order
 * the queue delivered them in). `skip` holds job indices to leave out.
 */
export function runRecords(results: readonly JobResult[], skip: ReadonlySet<number> = new Set()): RunRecords {
  const tallies = new Map<string, { tally: BehaviourTally; faults: number }>()
  const pairs = new Map<string, PairRecord>()
  const sideOf = (id: string) => {
    let t = tallies.get(id)
    if (!t) tallies.set(id, (t = { tally: new BehaviourTally(), faults: 0 }))
    return t
  }
  const pairOf = (a: string, b: string) => {
    const key = `${a}\u0000${b}`
    let p = pairs.get(key)
    if (!p) {
      p = { strategyId: a, opponentId: b, matches: 0, turns: 0, myCooperations: 0, theirCooperations: 0, myScore: 0, theirScore: 0, wins: 0, losses: 0, lastMy: '', lastTheir: '' }
      pairs.set(key, p)
    }
    return p
  }
  const ordered = [...results].sort((x, y) => x.index - y.index)
  for (const job of ordered) {
    const [a, b] = job.players
    if (a === b || skip.has(job.index)) continue
    for (const m of job.matches) {
      for (const side of [0, 1] as const) {
        const me = side === 0 ? a : b
        const them = side === 0 ? b : a
        const my = m.moves[side]
        const their = m.moves[1 - side]!
        const s = sideOf(me)
        s.tally.add(my, their)
        s.faults += m.faultCounts[side]
        const p = pairOf(me, them)
        p.matches++
        p.turns += my.length
        p.myCooperations += countCooperations(my)
        p.theirCooperations += countCooperations(their)
        p.myScore += m.scores[side]
        p.theirScore += m.scores[1 - side]!
        if (m.scores[side] > m.scores[1 - side]!) p.wins++
        else if (m.scores[side] < m.scores[1 - side]!) p.losses++
        p.lastMy = my.slice(-LAST_MOVES)
        p.lastTheir = their.slice(-LAST_MOVES)
      }
    }
  }
  return {
    strategies: [...tallies].map(([strategyId, t]) => ({ strategyId, ...t.tally.counts(), faults: t.faults })),
    pairs: [...pairs.values()],
  }
}
