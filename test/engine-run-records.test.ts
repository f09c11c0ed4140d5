/** What a run adds to the reputation store, from its job results. */
import { describe, expect, it } from 'vitest'
import { behaviourOf } from '../src/engine/behaviour'
import type { MatchResult } from '../src/engine/match'
import type { JobResult } from '../src/engine/play-job'
import { runRecords } from '../src/engine/run-records'

function match(a: string, b: string, scores: [number, number], faults: [number, number] = [0, 0]): MatchResult {
  return { players: ['p', 'q'], seed: 1, rules: { payoffs: { R: 3, S: 0, T: 5, P: 1 }, turns: a.length, continuation: null, noise: 0, referee: null, align: 0, cheapTalk: false }, turns: a.length, moves: [a, b], flips: [[], []], scores, fined: [[], []], announcements: null, faults: [[], []], faultCounts: faults, usedRandom: [false, false] }
}

function job(index: number, players: [string, string], matches: MatchResult[]): JobResult {
  return { index, players, matches, reused: matches.map(() => false) }
}

describe('runRecords', () => {
  const results = [
    // Delivered out of order on purpose: the later job's last match is the one kept.
    job(2, ['tft', 'alld'], [match('CDDDDDDDDDDD', 'DDDDDDDDDDDD', [11, 16], [0, 2])]),
    job(0, ['tft', 'tft'], [match('CCC', 'CCC', [9, 9])]),
    job(1, ['tft', 'alld'], [match('CD', 'DD', [1, 6]), match('CDD', 'DDD', [2, 7])]),
    job(3, ['alld', 'cc'], [match('DD', 'CC', [10, 0])]),
  ]

  it('sums each strategy’s behaviour counts and faults, leaving out self-play', () => {
    const { strategies } = runRecords(results)
    const tft = strategies.find((s) => s.strategyId === 'tft')!
    const expected = behaviourOf([
      { my: 'CD', their: 'DD' },
      { my: 'CDD', their: 'DDD' },
      { my: 'CDDDDDDDDDDD', their: 'DDDDDDDDDDDD' },
    ])
    expect(tft.matches).toBe(expected.matches)
    expect(tft.rounds).toBe(expected.rounds)
    expect(tft.cooperations / tft.rounds).toBe(expected.cooperationRate)
    expect(tft.retaliations / tft.retaliationOpportunities).toBe(expected.retaliationRate)
    expect(tft.niceMatches).toBe(3)
    expect(tft.faults).toBe(0)
    const alld = strategies.find((s) => s.strategyId === 'alld')!
    expect(alld.matches).toBe(4)
    expect(alld.faults).toBe(2)
    expect(alld.cooperations).toBe(0)
  })

  it('keeps both sides of each pair, and the last rounds of the latest match by job order', () => {
    const { pairs } = runRecords(results)
    const mine = pairs.find((p) => p.strategyId === 'tft' && p.opponentId === 'alld')!
    expect(mine).toEqual({
      strategyId: 'tft',
      opponentId: 'alld',
      matches: 3,
      turns: 17,
      myCooperations: 3,
      theirCooperations: 0,
      myScore: 14,
      theirScore: 29,
      wins: 0,
      losses: 3,
      lastMy: 'DDDDDDDDDD',
      lastTheir: 'DDDDDDDDDD',
    })
    const theirs = pairs.find((p) => p.strategyId === 'alld' && p.opponentId === 'tft')!
    expect([theirs.wins, theirs.losses, theirs.myCooperations, theirs.theirCooperations]).toEqual([3, 0, 0, 3])
    expect(pairs.some((p) => p.strategyId === p.opponentId)).toBe(false)
  })

  it('leaves out skipped jobs (matches lost to infrastructure errors)', () => {
    const { strategies, pairs } = runRecords(results, new Set([2, 3]))
    expect(strategies.find((s) => s.strategyId === 'tft')!.matches).toBe(2)
    expect(strategies.find((s) => s.strategyId === 'cc')).toBeUndefined()
    expect(pairs.find((p) => p.strategyId === 'tft')!.lastMy).toBe('CDD')
  })
})
