/**
 * The built-in example of shared identities, Reputation Tit For Tat, played
 * through the engine and the QuickJS sandbox: anonymous it is Tit for Tat;
 * with identities its first move follows its own history with the opponent,
 * else the opponent's reputation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { classicAsSource, findClassic } from '../src/classics'
import { playMatch } from '../src/engine/match'
import { DEFAULT_REPUTATION, opponentView } from '../src/engine/opponent-view'
import { playTournament } from '../src/engine/tournament'
import type { TournamentResult } from '../src/engine/tournament-result'
import type { OpponentHistory, OpponentInfo, OpponentReputation, StrategySource } from '../src/engine/types'
import type { SandboxRunner } from '../sandbox/runner'
import { createNodeRunner } from '../sandbox/node'

let runner: SandboxRunner

beforeAll(async () => {
  runner = await createNodeRunner()
})

afterAll(() => {
  runner?.dispose()
})

const ID = 'reputation-tit-for-tat'
const classic = (id: string): StrategySource => classicAsSource(findClassic(id)!)
const RTFT = classic(ID)

function info(id: string, reputation: Partial<OpponentReputation> | unknown): OpponentInfo {
  return { id, name: findClassic(id)?.name ?? id, reputation }
}

const reputation = (cooperationRate: number): OpponentReputation => ({ ...DEFAULT_REPUTATION, cooperationRate, matches: 40 })

function history(their: string, theirCooperation: number): OpponentHistory {
  return {
    matches: 3,
    myCooperation: 0.5,
    theirCooperation,
    lastMoves: { my: [...'C'.repeat(their.length)] as ('C' | 'D')[], their: [...their] as ('C' | 'D')[] },
  }
}

/** RTFT's moves against `opponent` in a tournament result. */
function movesAgainst(result: TournamentResult, opponent: string): string {
  const m = result.matches!.find((x) => x.players.includes(ID) && x.players.includes(opponent) && x.players[0] !== x.players[1])!
  return m.moves[m.players[0] === ID ? 0 : 1]
}

describe('Reputation Tit For Tat', () => {
  it('is Tit for Tat when anonymous, move for move', async () => {
    const opponents = ['defector', 'alternator', 'suspicious-tit-for-tat', 'random', 'grudger'].map(classic)
    const rules = { turns: 40, noise: 0.05 }
    for (const opponent of opponents) {
      const mine = await playMatch(runner, RTFT, opponent, { rules, seed: 3 })
      const tft = await playMatch(runner, classic('tit-for-tat'), opponent, { rules, seed: 3 })
      expect(mine.moves, opponent.id).toEqual(tft.moves)
      expect(mine.faultCounts).toEqual([0, 0])
    }
  })

  it('opens with D against a defector with a bad reputation only when identities are shared', async () => {
    const players = [RTFT, classic('defector'), classic('cooperator')]
    const options = { rules: { turns: 10 }, repetitions: 1, seed: 1, keepMatches: true }
    const anonymous = await playTournament(runner, players, options)
    const opponents = {
      [ID]: info(ID, DEFAULT_REPUTATION),
      defector: info('defector', reputation(0.02)),
      cooperator: info('cooperator', reputation(1)),
    }
    const shared = await playTournament(runner, players, { ...options, opponents })

    expect(movesAgainst(anonymous, 'defector')).toBe('CDDDDDDDDD')
    expect(movesAgainst(shared, 'defector')).toBe('DDDDDDDDDD')
    // The good reputation changes nothing against the cooperator.
    expect(movesAgainst(anonymous, 'cooperator')).toBe('CCCCCCCCCC')
    expect(movesAgainst(shared, 'cooperator')).toBe('CCCCCCCCCC')
    const score = (r: TournamentResult) => r.standings.find((s) => s.id === ID)!.meanScore
    expect(score(shared)).toBeGreaterThan(score(anonymous))
  })

  it('trusts its own history with the opponent over the opponent’s reputation', async () => {
    const players = [RTFT, classic('defector'), classic('cooperator')]
    const opponents = {
      [ID]: info(ID, DEFAULT_REPUTATION),
      defector: info('defector', reputation(0.02)),
      cooperator: info('cooperator', reputation(1)),
    }
    const histories = {
      // The defector cooperated with it at the end of their last match: it opens with C despite the reputation.
      [ID]: { defector: history('DDCC', 0.5), cooperator: history('CCCD', 0.9) },
    }
    const result = await playTournament(runner, players, {
      rules: { turns: 6 },
      repetitions: 1,
      seed: 1,
      keepMatches: true,
      opponents,
      histories,
    })
    expect(movesAgainst(result, 'defector')).toBe('CDDDDD')
    // The cooperator defected last in their latest match: it opens with D despite the good reputation.
    expect(movesAgainst(result, 'cooperator')).toBe('DCCCCC')
  })

  it('judges its own history by the opponent’s overall cooperation too', async () => {
    const cooperator = info('cooperator', reputation(1))
    const play = (h: OpponentHistory) =>
      playMatch(runner, RTFT, classic('cooperator'), { rules: { turns: 3 }, seed: 1, opponents: [opponentView(cooperator, h), null] })
    expect((await play(history('CC', 0.2))).moves[0]).toBe('DCC')
    expect((await play(history('CC', 0.4))).moves[0]).toBe('CCC')
    // Never met (the empty history): the reputation decides.
    const stranger = await playMatch(runner, RTFT, classic('cooperator'), {
      rules: { turns: 3 },
      seed: 1,
      opponents: [opponentView(info('cooperator', reputation(0.3))), null],
    })
    expect(stranger.moves[0]).toBe('DCC')
  })

  it('carries a bad ending into self-play when it has a history with itself', async () => {
    const self = info(ID, DEFAULT_REPUTATION)
    const bad = await playMatch(runner, RTFT, RTFT, {
      rules: { turns: 4 },
      seed: 1,
      opponents: [opponentView(self, history('D', 0.9)), opponentView(self, history('D', 0.9))],
    })
    expect(bad.moves).toEqual(['DDDD', 'DDDD'])
    const fresh = await playMatch(runner, RTFT, RTFT, { rules: { turns: 4 }, seed: 1, opponents: [opponentView(self), opponentView(self)] })
    expect(fresh.moves).toEqual(['CCCC', 'CCCC'])
  })

  it('takes reputations and histories of any shape without faulting, as Tit for Tat', async () => {
    for (const [rep, h] of [
      [null, undefined],
      [{ rank: 1 }, 'none'],
      [{ cooperationRate: 'low' }, { matches: 2, lastMoves: null, theirCooperation: 7 }],
      [{ cooperationRate: -1 }, { matches: 'many' }],
    ] as const) {
      const r = await playMatch(runner, RTFT, classic('defector'), {
        rules: { turns: 3 },
        seed: 1,
        opponents: [{ id: 'defector', name: 'Defector', reputation: rep, history: h }, null],
      })
      expect(r.moves[0], JSON.stringify([rep, h])).toBe('CDD')
      expect(r.faultCounts).toEqual([0, 0])
    }
  })
})
