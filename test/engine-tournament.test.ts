import { describe, expect, it } from 'vitest'
import { ecology } from '../src/engine/ecology'
import { playMatch } from '../src/engine/match'
import type { MatchRunner } from '../src/engine/match-runner'
import { EMPTY_HISTORY } from '../src/engine/opponent-view'
import { deriveSeed } from '../src/engine/prng'
import { tournamentMatchSeed } from '../src/engine/schedule'
import { playTournament } from '../src/engine/tournament'
import { MAX_TOURNAMENT_FAULT_RECORDS, type TournamentResult } from '../src/engine/tournament-result'
import type { Fault, OpponentInfo } from '../src/engine/types'
import { S, ScriptedRunner } from './helpers/scripted-runner'

/** Deep equality with numbers compared to 12 decimal places (means of equal doubles can be off by an ulp). */
function expectClose(received: unknown, expected: unknown, path = '$'): void {
  if (typeof expected === 'number') {
    expect(typeof received, path).toBe('number')
    expect(received as number, path).toBeCloseTo(expected, 12)
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(received), path).toBe(true)
    expect((received as unknown[]).length, path).toBe(expected.length)
    expected.forEach((e, i) => expectClose((received as unknown[])[i], e, `${path}[${i}]`))
  } else if (expected !== null && typeof expected === 'object') {
    expect(Object.keys(received as object), path).toEqual(Object.keys(expected))
    for (const [k, e] of Object.entries(expected)) expectClose((received as Record<string, unknown>)[k], e, `${path}.${k}`)
  } else {
    expect(received, path).toBe(expected)
  }
}


describe('playTournament: TFT, Defector, Cooperator, 10 turns (hand-computed)', () => {
  const players = [S('tft'), S('alld'), S('allc')]
  const run = () => playTournament(new ScriptedRunner(), players, { rules: { turns: 10 }, repetitions: 3, seed: 42 })

  it('ranks by median normalised score, self-play excluded', async () => {
    const r = await run()
    // Per turn: TFT v D 9/10, D v TFT 14/10, D v C 5, C v D 0, the rest 3 (self-play: TFT 3, D 1, C 3).
    // Normalised: TFT (0.9 + 3) / 2 = 1.95, D (1.4 + 5) / 2 = 3.2, C (3 + 0) / 2 = 1.5.
    expect(r.standings.map((s) => [s.rank, s.id, s.name])).toEqual([
      [1, 'alld', 'ALLD'],
      [2, 'tft', 'TFT'],
      [3, 'allc', 'ALLC'],
    ])
    expect(r.standings.map((s) => s.medianScore)).toEqual([3.2, 1.95, 1.5])
    expectClose(
      r.standings.map((s) => s.meanScore),
      [3.2, 1.95, 1.5],
    )
    expect(r.normalisedScores).toEqual([
      [1.95, 1.95, 1.95],
      [3.2, 3.2, 3.2],
      [1.5, 1.5, 1.5],
    ])
    // D beats TFT (14 > 9) and C (50 > 0) in each of 3 repetitions; TFT v C is a draw; self-play never counts.
    expect(r.standings.map((s) => s.wins)).toEqual([6, 0, 0])
    // TFT: 1 C of 10 against D, 10 of 10 against C.
    expect(r.standings.map((s) => s.cooperationRate)).toEqual([0, 11 / 20, 1])
    expect(r.standings.map((s) => s.faults)).toEqual([0, 0, 0])
  })

  it('payoff and cooperation matrices, diagonal included', async () => {
    const r = await run()
    expect(r.players).toEqual([
      { id: 'tft', name: 'TFT' },
      { id: 'alld', name: 'ALLD' },
      { id: 'allc', name: 'ALLC' },
    ])
    expectClose(r.payoffMatrix, [
      [3, 0.9, 3],
      [1.4, 1, 5],
      [3, 0, 3],
    ])
    expect(r.cooperationMatrix).toEqual([
      [1, 0.1, 1],
      [0, 0, 0],
      [1, 1, 1],
    ])
  })

  it('pairs in schedule order with per-repetition totals and seeds', async () => {
    const r = await run()
    expect(r.pairs.map((p) => p.players)).toEqual([
      ['tft', 'tft'],
      ['tft', 'alld'],
      ['tft', 'allc'],
      ['alld', 'alld'],
      ['alld', 'allc'],
      ['allc', 'allc'],
    ])
    const tftD = r.pairs[1]!
    expect(tftD.scores).toEqual([
      [9, 14],
      [9, 14],
      [9, 14],
    ])
    expect(tftD.turns).toEqual([10, 10, 10])
    expect(tftD.cooperations).toEqual([
      [1, 0],
      [1, 0],
      [1, 0],
    ])
    expect(tftD.seeds).toEqual([0, 1, 2].map((rep) => deriveSeed(42, 'match', 'tft', 'alld', rep)))
    expect(tftD.seeds[1]).toBe(tournamentMatchSeed(42, 'tft', 'alld', 1))
    expect(new Set(tftD.seeds).size).toBe(3)
    expect(r.pairs[4]!.scores[0]).toEqual([50, 0])
  })

  it('state distribution from each player’s perspective, behaviour, faults', async () => {
    const r = await run()
    // TFT: v D {CD .1, DD .9}, v C {CC 1} → mean. D: v TFT {DC .1, DD .9}, v C {DC 1}. C: v TFT CC, v D CD.
    expect(r.stateDistribution).toEqual([
      { id: 'tft', CC: 0.5, CD: 0.05, DC: 0, DD: 0.45 },
      { id: 'alld', CC: 0, CD: 0, DC: 0.55, DD: 0.45 },
      { id: 'allc', CC: 0.5, CD: 0.5, DC: 0, DD: 0 },
    ])
    const [tft, alld, allc] = r.behaviour
    expect(tft).toMatchObject({ id: 'tft', matches: 6, rounds: 60, nice: true, retaliating: true, retaliationRate: 1 })
    expect(tft!.retaliationOpportunities).toBe(27) // 9 per match against D
    expect(alld).toMatchObject({ id: 'alld', nice: false, niceRate: 0, cooperationRate: 0 })
    expect(allc).toMatchObject({ id: 'allc', nice: true, retaliating: false, retaliationRate: 0, cooperationRate: 1 })
    expect(r.faults).toEqual([
      { id: 'tft', count: 0, records: [] },
      { id: 'alld', count: 0, records: [] },
      { id: 'allc', count: 0, records: [] },
    ])
    expect(r.matches).toBeNull()
  })

  it('deterministic pairings are played once and reused', async () => {
    const runner = new ScriptedRunner()
    const r = await playTournament(runner, players, { rules: { turns: 10 }, repetitions: 3, seed: 42 })
    expect(r.scheduledMatches).toBe(18)
    expect(r.playedMatches).toBe(6)
    expect(r.reusedMatches).toBe(12)
    expect(runner.calls).toBe(6)
    expect(r.pairs.every((p) => p.reused.join() === 'false,true,true')).toBe(true)

    const slowRunner = new ScriptedRunner()
    const slow = await playTournament(slowRunner, players, {
      rules: { turns: 10 },
      repetitions: 3,
      seed: 42,
      reuseDeterministic: false,
    })
    expect(slowRunner.calls).toBe(18)
    expect(slow.playedMatches).toBe(18)
    expect(slow.reusedMatches).toBe(0)
    // Apart from the bookkeeping, reuse changes nothing.
    const strip = (x: TournamentResult) => ({
      ...x,
      playedMatches: 0,
      reusedMatches: 0,
      pairs: x.pairs.map((p) => ({ ...p, reused: [] })),
    })
    expect(JSON.stringify(strip(slow))).toBe(JSON.stringify(strip(r)))
  })
})

describe('playTournament: randomness, noise, re-play', () => {
  it('pairings where a player drew randomness are not reused; the others are', async () => {
    const runner = new ScriptedRunner()
    const r = await playTournament(runner, [S('coin'), S('alld'), S('allc')], {
      rules: { turns: 20 },
      repetitions: 4,
      seed: 7,
    })
    // coin-coin, coin-alld, coin-allc: 4 each; alld-alld, alld-allc, allc-allc: 1 each.
    expect(r.playedMatches).toBe(15)
    expect(r.reusedMatches).toBe(9)
    expect(runner.calls).toBe(15)
    expect(r.scheduledMatches).toBe(24)
  })

  it('noise turns reuse off', async () => {
    const runner = new ScriptedRunner()
    const r = await playTournament(runner, [S('tft'), S('allc')], {
      rules: { turns: 30, noise: 0.1 },
      repetitions: 3,
      seed: 'noisy',
    })
    expect(r.reusedMatches).toBe(0)
    expect(r.playedMatches).toBe(9)
    expect(r.seed).toBe(deriveSeed('noisy'))
  })

  it('any single match re-played alone with playMatch gives identical moves', async () => {
    const players = [S('coin'), S('tft'), S('grudger')]
    const rules = { turns: 25, noise: 0.05 }
    const r = await playTournament(new ScriptedRunner(), players, { rules, repetitions: 3, seed: 99, keepMatches: true })
    expect(r.matches).toHaveLength(18)
    const byId = Object.fromEntries(players.map((p) => [p.id, p]))
    for (const m of r.matches!) {
      const again = await playMatch(new ScriptedRunner(), byId[m.players[0]]!, byId[m.players[1]]!, {
        rules,
        seed: m.seed,
      })
      expect(again).toEqual(m)
    }
    // The pair records and the kept matches agree, and noise actually flipped something.
    expect(r.matches!.map((m) => m.seed)).toEqual(r.pairs.flatMap((p) => p.seeds))
    expect(r.matches!.some((m) => m.flips[0].length + m.flips[1].length > 0)).toBe(true)
  })

  it('uncertain length (continuation): lengths vary, nothing reused, re-play matches', async () => {
    const players = [S('tft'), S('alld')]
    const rules = { continuation: 0.9 }
    const r = await playTournament(new ScriptedRunner(), players, { rules, repetitions: 5, seed: 3, keepMatches: true })
    expect(r.reusedMatches).toBe(0)
    expect(new Set(r.pairs.flatMap((p) => p.turns)).size).toBeGreaterThan(1)
    const m = r.matches![7]!
    const again = await playMatch(new ScriptedRunner(), S(m.players[0]), S(m.players[1]), { rules, seed: m.seed })
    expect(again).toEqual(m)
  })

  it('the median of an even number of repetitions is the mean of the middle two', async () => {
    const r = await playTournament(new ScriptedRunner(), [S('coin'), S('allc'), S('alld')], {
      rules: { turns: 15 },
      repetitions: 4,
      seed: 11,
    })
    // Rebuild coin's normalised scores from the raw pair totals.
    const coinVsAllc = r.pairs.find((p) => p.players.join() === 'coin,allc')!
    const coinVsAlld = r.pairs.find((p) => p.players.join() === 'coin,alld')!
    const perRep = [0, 1, 2, 3].map((k) => (coinVsAllc.scores[k]![0] / 15 + coinVsAlld.scores[k]![0] / 15) / 2)
    expect(r.normalisedScores[0]).toEqual(perRep)
    expect(new Set(perRep).size).toBeGreaterThan(1)
    const sorted = [...perRep].sort((a, b) => a - b)
    const coin = r.standings.find((s) => s.id === 'coin')!
    expect(coin.medianScore).toBe((sorted[1]! + sorted[2]!) / 2)
    expect(coin.meanScore).toBe((perRep[0]! + perRep[1]! + perRep[2]! + perRep[3]!) / 4)
  })

  it('JSON is stable: two runs stringify identically, another seed differs', async () => {
    const players = [S('coin'), S('tft'), S('grudger'), S('flaky')]
    const options = { rules: { turns: 20, noise: 0.02 }, repetitions: 3, seed: 1234 }
    const a = JSON.stringify(await playTournament(new ScriptedRunner(), players, options))
    const b = JSON.stringify(await playTournament(new ScriptedRunner(), players, options))
    expect(a).toBe(b)
    const c = JSON.stringify(await playTournament(new ScriptedRunner(), players, { ...options, seed: 1235 }))
    expect(c).not.toBe(a)
    // Round-trips through JSON unchanged (no undefined, Maps, NaN).
    expect(JSON.stringify(JSON.parse(a))).toBe(a)
    const parsed = JSON.parse(a) as TournamentResult
    for (const m of [parsed.payoffMatrix, parsed.cooperationMatrix, parsed.normalisedScores]) {
      expect(m.flat().every((v) => typeof v === 'number' && Number.isFinite(v))).toBe(true)
    }
    expect(Object.keys(JSON.parse(a))).toEqual([
      'format',
      'seed',
      'rules',
      'repetitions',
      'players',
      'scheduledMatches',
      'playedMatches',
      'reusedMatches',
      'standings',
      'normalisedScores',
      'payoffMatrix',
      'cooperationMatrix',
      'pairs',
      'stateDistribution',
      'behaviour',
      'faults',
      'matches',
    ])
  })
})

describe('playTournament: options and bookkeeping', () => {
  it('calls onProgress after every match with the full total', async () => {
    const calls: [number, number][] = []
    await playTournament(new ScriptedRunner(), [S('tft'), S('alld'), S('coin')], {
      rules: { turns: 5 },
      repetitions: 2,
      seed: 1,
      onProgress: (done, total) => calls.push([done, total]),
    })
    expect(calls).toEqual(Array.from({ length: 12 }, (_, i) => [i + 1, 12]))
  })

  it('self-play is played and shown but never ranked or won', async () => {
    const runner = new ScriptedRunner()
    const r = await playTournament(runner, [S('alld'), S('allc')], { rules: { turns: 4 }, repetitions: 1, seed: 5 })
    expect(runner.setups).toHaveLength(3)
    expect(r.payoffMatrix).toEqual([
      [1, 5],
      [0, 3],
    ])
    // Only the cross match counts: alld 5/turn, allc 0/turn.
    expect(r.standings.map((s) => [s.id, s.medianScore, s.wins])).toEqual([
      ['alld', 5, 1],
      ['allc', 0, 0],
    ])
  })

  it('ties in median score are broken by id', async () => {
    const r = await playTournament(new ScriptedRunner(), [S('zed', 'allc'), S('abe', 'allc'), S('mid', 'allc')], {
      rules: { turns: 3 },
      repetitions: 2,
      seed: 0,
    })
    expect(r.standings.map((s) => [s.rank, s.id, s.medianScore, s.wins])).toEqual([
      [1, 'abe', 3, 0],
      [2, 'mid', 3, 0],
      [3, 'zed', 3, 0],
    ])
  })

  it('counts faults per player and keeps the first few with their match', async () => {
    const r = await playTournament(new ScriptedRunner(), [S('flaky'), S('tft')], {
      rules: { turns: 6 },
      repetitions: 3,
      seed: 8,
    })
    // flaky throws twice per side per match: self-play 3 × 2 sides × 2, against tft 3 × 2.
    const flaky = r.faults[0]!
    expect(flaky.count).toBe(18)
    expect(r.standings.find((s) => s.id === 'flaky')!.faults).toBe(18)
    expect(flaky.records).toHaveLength(MAX_TOURNAMENT_FAULT_RECORDS)
    expect(flaky.records[0]).toEqual({
      match: ['flaky', 'flaky'],
      side: 0,
      repetition: 0,
      seed: tournamentMatchSeed(8, 'flaky', 'flaky', 0),
      kind: 'throw',
      round: 2,
      message: 'boom 2',
    })
    expect(flaky.records.map((f) => [f.side, f.repetition, f.round])).toEqual([
      [0, 0, 2],
      [0, 0, 3],
      [1, 0, 2],
      [1, 0, 3],
      [0, 1, 2],
    ])
    expect(r.faults[1]).toEqual({ id: 'tft', count: 0, records: [] })
    // A faulting move is played as D: tft sees it and retaliates.
    expect(r.behaviour[1]!.retaliationOpportunities).toBeGreaterThan(0)
  })

  it('passes shared identities as view.opponent when given, anonymous otherwise', async () => {
    const players = [S('spy'), S('alld'), S('allc')]
    const anon = await playTournament(new ScriptedRunner(), players, { rules: { turns: 4 }, repetitions: 1, seed: 2 })
    expect(anon.pairs[1]!.cooperations[0]).toEqual([4, 0]) // spy cooperates against an unknown defector

    const runner = new ScriptedRunner()
    const opponents: Record<string, OpponentInfo | null> = {
      spy: { id: 'spy', name: 'Spy', reputation: null },
      alld: { id: 'alld', name: 'Always Defect', reputation: { wins: 3 } },
      allc: null,
    }
    const known = await playTournament(runner, players, { rules: { turns: 4 }, repetitions: 1, seed: 2, opponents })
    expect(known.pairs[1]!.cooperations[0]).toEqual([0, 0])
    const spyVsAlld = runner.setups.find((s) => s.opponents[0]?.id === 'alld')!
    expect(spyVsAlld.opponents).toEqual([{ ...opponents.alld, history: EMPTY_HISTORY }, { ...opponents.spy, history: EMPTY_HISTORY }])
    const spyVsAllc = runner.setups[2]!
    expect(spyVsAllc.opponents).toEqual([null, { ...opponents.spy, history: EMPTY_HISTORY }])
  })

  it('rejects duplicate ids, too few players and bad repetitions', async () => {
    const runner = new ScriptedRunner()
    await expect(playTournament(runner, [S('a', 'allc'), S('a', 'alld')], { seed: 1 })).rejects.toThrow(
      /unique: "a" appears more than once/,
    )
    await expect(playTournament(runner, [S('allc')], { seed: 1 })).rejects.toThrow(/at least 2 players/)
    await expect(playTournament(runner, [S('allc'), S('alld')], { seed: 1, repetitions: 0 })).rejects.toThrow(
      /repetitions/,
    )
    await expect(playTournament(runner, [S('allc'), S('alld')], { seed: 1, rules: { turns: 0 } })).rejects.toThrow(
      /turns/,
    )
    expect(runner.calls).toBe(0)
  })

  it('a match where the sandbox crashed is never reused', async () => {
    let calls = 0
    const crashing: MatchRunner = {
      play: async (_a, _b, setup) => {
        calls++
        const moves = 'D'.repeat(setup.rounds)
        const crash: Fault = { kind: 'crash', round: 0, message: 'the sandbox failed' }
        return [
          { moves, faults: [crash], faultCount: 1, usedRandom: false },
          { moves, faults: [], faultCount: 0, usedRandom: false },
        ]
      },
    }
    const r = await playTournament(crashing, [S('allc'), S('alld')], { seed: 1, rules: { turns: 3 }, repetitions: 2 })
    expect(calls).toBe(6)
    expect(r.reusedMatches).toBe(0)
    // Side 0 crashes in every match: allc is side 0 in allc-allc and allc-alld (2 repetitions each).
    expect(r.faults.map((f) => f.count)).toEqual([4, 2])
  })

  it('rejects a runner that returns the wrong number of moves', async () => {
    const broken: MatchRunner = {
      play: async () => [
        { moves: 'CC', faults: [], faultCount: 0, usedRandom: false },
        { moves: 'CCC', faults: [], faultCount: 0, usedRandom: false },
      ],
    }
    await expect(playTournament(broken, [S('allc'), S('alld')], { seed: 1, rules: { turns: 3 } })).rejects.toThrow(
      /invalid moves for allc/,
    )
  })

  it('default repetitions is 5 and default rules are 200 turns of 3,0,5,1', async () => {
    const r = await playTournament(new ScriptedRunner(), [S('tft'), S('alld')], { seed: 1 })
    expect(r.repetitions).toBe(5)
    expect(r.rules).toEqual({ payoffs: { R: 3, S: 0, T: 5, P: 1 }, turns: 200, continuation: null, noise: 0, referee: null, align: 0, cheapTalk: false })
    expect(r.payoffMatrix[0]![1]).toBeCloseTo(199 / 200, 12)
  })
})

describe('ecology on a tournament payoff matrix (Axelrod)', () => {
  it('Defector grows at first, then Tit for Tat takes over', async () => {
    const r = await playTournament(new ScriptedRunner(), [S('allc'), S('alld'), S('tft')], {
      rules: { turns: 200 },
      repetitions: 1,
      seed: 1,
    })
    // Hand-computed per-turn payoffs over 200 turns: TFT v D scores 199/200, D v TFT (5 + 199)/200.
    expect(r.payoffMatrix).toEqual([
      [3, 0, 3],
      [5, 1, 1.02],
      [3, 0.995, 3],
    ])
    const eco = ecology(r.payoffMatrix, { generations: 1000 })
    const share = (g: number, i: number) => eco.shares[g]![i]!
    // Generation 1 by hand: fitness C = 6/3, D = 7.02/3, TFT = 6.995/3; mean = (6 + 7.02 + 6.995)/9.
    const mean = (6 + 7.02 + 6.995) / 9
    expect(share(1, 0)).toBeCloseTo(((1 / 3) * 2) / mean, 12)
    expect(share(1, 1)).toBeCloseTo(((1 / 3) * 2.34) / mean, 12)
    expect(share(1, 2)).toBeCloseTo(((1 / 3) * (6.995 / 3)) / mean, 12)
    // Defector grows for two generations (exploiting the cooperators) ...
    expect(share(1, 1)).toBeGreaterThan(1 / 3)
    expect(share(2, 1)).toBeGreaterThan(share(1, 1))
    expect(share(3, 1)).toBeLessThan(share(2, 1))
    // ... then dies out, Tit for Tat dominates, and the cooperators left are protected by it.
    const last = eco.shares[eco.generations]!
    expect(eco.stable).toBe(true)
    expect(eco.generations).toBeLessThan(1000)
    expect(last[1]).toBeLessThan(1e-9)
    expect(last[2]).toBeGreaterThan(0.79)
    expect(last[0]).toBeGreaterThan(0.2)
    expect(last[0]! + last[1]! + last[2]!).toBeCloseTo(1, 12)
  })
})
