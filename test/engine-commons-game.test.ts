/**
 * The commons' rules, one round and the 2×2, with numbers worked out from
 * the formulas in docs/games.md (not read back from the implementation).
 */
import { describe, expect, it } from 'vitest'
import { effectivePayoffs } from '../src/engine/dilemma-test'
import { RulesError } from '../src/engine/rules'
import { drawLength } from '../src/engine/match'
import {
  DEFAULT_COMMONS_RULES,
  commonsDilemmaTest,
  commonsEffectiveMatrix,
  commonsJob,
  commonsMatrix,
  drawCommonsDetections,
  isRestrained,
  makeCommonsRules,
  playGroup,
  prepareGroup,
  settleRound,
  sustainableShare,
  type CommonsRulesInput,
} from '../src/engine/commons'
import { C, ScriptedGroupRunner } from './helpers/commons-runner'

const rules = makeCommonsRules()
const none = (n: number) => new Array<number>(n).fill(0)

describe('makeCommonsRules', () => {
  it('fills in the defaults', () => {
    expect(rules).toEqual({
      capacity: 100,
      maxStock: 1000,
      initialStock: 1000,
      regrowth: 0.4,
      collapseBelow: 50,
      maxRequest: 100,
      turns: 200,
      continuation: null,
      referee: null,
      quota: null,
      align: 0,
      cheapTalk: false,
    })
    expect(makeCommonsRules({ maxStock: 500 }).initialStock).toBe(500)
    expect(makeCommonsRules({ continuation: 0.9 })).toMatchObject({ turns: null, continuation: 0.9 })
    expect(makeCommonsRules({ referee: { fine: 5, detection: 0.5 } }).referee).toEqual({ fine: 5, detection: 0.5, fines: 'destroyed' })
  })

  it.each<[CommonsRulesInput, RegExp]>([
    [{ capacity: 0 }, /capacity must be a number above 0/],
    [{ maxStock: -1 }, /maxStock must be a number above 0/],
    [{ initialStock: 1001 }, /initialStock must be a number from 0 to maxStock \(1000\)/],
    [{ regrowth: 0 }, /regrowth must be a rate above 0, at most 1/],
    [{ regrowth: 1.5 }, /regrowth must be a rate above 0, at most 1/],
    [{ collapseBelow: 2000 }, /collapseBelow must be a number from 0 to maxStock/],
    [{ maxRequest: Number.NaN }, /maxRequest must be a number above 0/],
    [{ quota: 101 }, /quota must be a number from 0 to maxRequest \(100\), or null for none/],
    [{ turns: 10, continuation: 0.5 }, /either a number of turns or a continuation probability/],
    [{ turns: 0 }, /turns must be a whole number from 1/],
    [{ referee: { fine: 1, detection: 2 } }, /referee.detection must be a probability/],
    [{ align: 2 }, /align must be a number from 0/],
    [{ cheapTalk: 'yes' as unknown as boolean }, /cheapTalk must be true or false/],
  ])('refuses %j with a readable RulesError', (input, message) => {
    expect(() => makeCommonsRules(input)).toThrow(RulesError)
    expect(() => makeCommonsRules(input)).toThrow(message)
  })

  it('gives each of N players 80% of the maximum sustainable yield over N (80/N)', () => {
    for (let n = 2; n <= 16; n++) expect(sustainableShare(rules, n)).toBeCloseTo(80 / n, 12)
    // A capacity below the maximum sustainable yield (0.4 × 1000 / 4 = 100) bounds it instead.
    expect(sustainableShare(makeCommonsRules({ capacity: 50 }), 4)).toBeCloseTo((0.8 * 50) / 4, 12)
  })
})

describe('one round', () => {
  it('serves demand up to the capacity, and C × C / D beyond it', () => {
    const calm = settleRound(rules, 40, 1000, [40, 40], none(2))
    expect(calm.receipts).toEqual([40, 40])
    // 1000 − 80 = 920 left, regrowing by 0.4 × 920 × (1 − 0.92).
    expect(calm.stock).toBeCloseTo(920 + 0.4 * 920 * 0.08, 9)
    const busy = settleRound(rules, 40, 1000, [100, 40], none(2))
    const served = (100 * 100) / 140
    expect(busy.receipts[0]).toBeCloseTo((served * 100) / 140, 9)
    expect(busy.receipts[1]).toBeCloseTo((served * 40) / 140, 9)
    // Wasted demand still draws the resource: the stock loses all 140.
    expect(busy.stock).toBeCloseTo(860 + 0.4 * 860 * 0.14, 9)
    // Throughput falls as demand grows past the capacity.
    const total = (requests: number[]) => settleRound(rules, 40, 1000, requests, none(2)).receipts.reduce((a, b) => a + b)
    expect(total([50, 50])).toBeCloseTo(100, 9)
    expect(total([100, 50])).toBeLessThan(total([60, 50]))
    expect(total([100, 100])).toBeCloseTo(50, 9)
  })

  it('never serves more than the stock, and a stock left below collapseBelow is gone for good', () => {
    const thin = settleRound(rules, 40, 30, [40, 40], none(2))
    expect(thin.receipts).toEqual([15, 15])
    expect(thin.stock).toBe(0)
    // 100 − 60 = 40 < 50: collapse, although 40 would regrow.
    expect(settleRound(rules, 40, 100, [30, 30], none(2)).stock).toBe(0)
    const after = settleRound(rules, 40, 0, [40, 40], none(2))
    expect(after.receipts).toEqual([0, 0])
    expect(after.stock).toBe(0)
    // 100 − 50 = 50 is not below 50: it regrows.
    expect(settleRound(rules, 40, 100, [25, 25], none(2)).stock).toBeCloseTo(50 + 0.4 * 50 * 0.95, 9)
  })

  it('cuts requests above the quota to the quota', () => {
    const capped = makeCommonsRules({ quota: 30 })
    const outcome = settleRound(capped, 40, 1000, [100, 10], none(2))
    expect(outcome.requests).toEqual([30, 10])
    expect(outcome.receipts).toEqual([30, 10])
  })

  it('fines a caught defection: destroyed, or shared among the other seats', () => {
    const destroyed = makeCommonsRules({ referee: { fine: 12, detection: 1 } })
    const share = sustainableShare(destroyed, 4)
    const requests = [100, share, share, share]
    const plain = settleRound(rules, share, 1000, requests, none(4)).receipts
    const fined = settleRound(destroyed, share, 1000, requests, [1, 1, 1, 1])
    expect(fined.fined).toEqual([true, false, false, false])
    expect(fined.receipts[0]).toBeCloseTo(plain[0]! - 12, 9)
    expect(fined.receipts.slice(1)).toEqual(plain.slice(1))
    const shared = settleRound(makeCommonsRules({ referee: { fine: 12, detection: 1, fines: 'shared' } }), share, 1000, requests, [1, 1, 1, 1])
    expect(shared.receipts[0]).toBeCloseTo(plain[0]! - 12, 9)
    for (let i = 1; i < 4; i++) expect(shared.receipts[i]).toBeCloseTo(plain[i]! + 4, 9)
    // Not caught, or restrained: no fine.
    expect(settleRound(destroyed, share, 1000, requests, [0, 1, 1, 1]).fined).toEqual([false, false, false, false])
  })

  it('aligns rewards with the mean of the whole group', () => {
    const aligned = makeCommonsRules({ align: 0.5 })
    const plain = settleRound(rules, 20, 1000, [100, 20, 20, 20], none(4)).receipts
    const mean = plain.reduce((a, b) => a + b) / 4
    const got = settleRound(aligned, 20, 1000, [100, 20, 20, 20], none(4)).receipts
    got.forEach((x, i) => expect(x).toBeCloseTo(0.5 * plain[i]! + 0.5 * mean, 9))
  })

  it('counts a request one rounding step above the share as restrained, and no more', () => {
    const share = 80 / 3
    expect(isRestrained((share + share + share) / 3, share)).toBe(true)
    expect(isRestrained(share * (1 + 1e-6), share)).toBe(false)
  })
})

describe("the commons' dilemma, with the defaults", () => {
  // Closed forms (docs/games.md) for one round from the full stock, N players, share s = 80/N:
  // R = s; T = C² · 100 / (100 + (N−1)s)²; P = C² / (100N) / N; S = C² · s / (100(N−1) + s)².
  const closed = (n: number) => {
    const s = 80 / n
    return {
      R: s,
      T: (1e4 * 100) / (100 + (n - 1) * s) ** 2,
      P: 1e4 / (100 * n) / n,
      S: (1e4 * s) / (100 * (n - 1) + s) ** 2,
    }
  }

  it('pays each player more for greed whatever the others do, yet restraint beats greed for everyone (N = 2 to 16)', () => {
    for (let n = 2; n <= 16; n++) {
      const m = commonsMatrix(rules, n)
      const expected = closed(n)
      for (const key of ['R', 'S', 'T', 'P'] as const) expect(m[key], `N=${n} ${key}`).toBeCloseTo(expected[key], 9)
      expect(m.T, `N=${n}: greed against restrainers`).toBeGreaterThan(m.R)
      expect(m.P, `N=${n}: greed against grabbers`).toBeGreaterThan(m.S)
      expect(m.R, `N=${n}: all restrain vs all grab`).toBeGreaterThan(m.P)
      expect(commonsDilemmaTest(rules, n).classification.kind).toBe('prisoners-dilemma')
    }
    // For example N = 2: T = 10⁶/140² ≈ 51.02 > R = 40 > P = 25 > S = 8·10⁵/(2·140²) ≈ 20.41.
    const two = commonsMatrix(rules, 2)
    expect([two.T, two.R, two.P, two.S].map((x) => Number(x.toFixed(2)))).toEqual([51.02, 40, 25, 20.41])
  })

  it('over 200 rounds, all-greedy collapses the stock while all-restrained sustains it (N = 2 to 16)', async () => {
    const runner = new ScriptedGroupRunner()
    for (let n = 2; n <= 16; n++) {
      const ids = Array.from({ length: n }, (_, i) => `p${i}`)
      const seats = ids.map((_, i) => i)
      const greedy = await playGroup(runner, commonsJob(0, seats, ids, rules, 1), ids.map((id) => C(id, 'greedy')))
      const restrained = await playGroup(runner, commonsJob(0, seats, ids, rules, 1), ids.map((id) => C(id, 'restrained')))
      expect(greedy.rounds).toBe(200)
      // Demand of 100N ≥ 200 a round empties 1000 within a dozen rounds.
      expect(greedy.stock.findIndex((s) => s === 0), `N=${n}`).toBeLessThan(12)
      expect(greedy.stock[200]).toBe(0)
      // Restraint harvests 80 a round; left after harvest x solves 0.4x(1 − x/1000) = 80: x = 500 + 100√5.
      expect(restrained.stock[200]).toBeCloseTo(500 + 100 * Math.sqrt(5) + 80, 3)
      const total = (scores: number[]) => scores.reduce((a, b) => a + b)
      expect(total(restrained.scores)).toBeCloseTo(200 * 80, 6)
      expect(total(restrained.scores)).toBeGreaterThan(10 * total(greedy.scores))
    }
  })

  it('is a dilemma with a future for 2 and 3 players, a real dilemma from 4 (Axelrod’s threshold at w = 0.995)', () => {
    expect(commonsDilemmaTest(rules, 2).verdict.code).toBe('dilemma-with-future')
    expect(commonsDilemmaTest(rules, 3).verdict.code).toBe('dilemma-with-future')
    expect(commonsDilemmaTest(rules, 4).verdict.code).toBe('real-dilemma')
    expect(commonsDilemmaTest(rules, 16).verdict.code).toBe('real-dilemma')
  })
})

describe("the commons' 2×2 under mechanisms", () => {
  it('with two players is what the dilemma test computes from the harvest matrix', () => {
    for (const referee of [{ fine: 7, detection: 0.5, fines: 'destroyed' as const }, { fine: 7, detection: 0.5, fines: 'shared' as const }]) {
      for (const align of [0, 0.3]) {
        const r = makeCommonsRules({ referee, align })
        const expected = effectivePayoffs(commonsMatrix(r, 2), referee, align)
        const got = commonsEffectiveMatrix(r, 2)
        for (const key of ['R', 'S', 'T', 'P'] as const) expect(got[key]).toBeCloseTo(expected[key], 9)
      }
    }
  })

  it("takes p × f from greed with more players, and a shared fine gives the restrained seat the grabbers' fines", () => {
    const m = commonsMatrix(rules, 4)
    const destroyed = commonsEffectiveMatrix(makeCommonsRules({ referee: { fine: 10, detection: 0.4 } }), 4)
    expect(destroyed).toEqual({ R: m.R, S: m.S, T: m.T - 4, P: m.P - 4 })
    const shared = commonsEffectiveMatrix(makeCommonsRules({ referee: { fine: 10, detection: 0.4, fines: 'shared' } }), 4)
    // Three grabbers each lose 4 to the three others: the restrained seat gets 3 × 4/3; each grabber gets back what it pays.
    for (const key of ['R', 'S', 'T', 'P'] as const) expect(shared[key]).toBeCloseTo({ R: m.R, S: m.S + 4, T: m.T - 4, P: m.P }[key], 9)
  })

  it('makes restraint dominant with a fine above T − R, or full alignment', () => {
    const m = commonsMatrix(rules, 4)
    const fine = commonsDilemmaTest(makeCommonsRules({ referee: { fine: m.T - m.R + 1, detection: 1 } }), 4)
    expect(fine.classification.kind).toBe('harmony')
    expect(fine.verdict.code).toBe('not-a-dilemma')
    expect(fine.verdict.text).toMatch(/referee's fine/)
    expect(fine.verdict.text).toMatch(/Cooperation is the dominant move/)
    const aligned = commonsDilemmaTest(makeCommonsRules({ align: 1 }), 4)
    expect(aligned.classification.kind).toBe('harmony')
    expect(aligned.verdict.text).toMatch(/aligned rewards \(a = 1\)/)
  })

  it('with a quota at the share leaves nothing to choose; above it, greed is cut to the quota', () => {
    const flat = commonsDilemmaTest(makeCommonsRules({ quota: 20 }), 4)
    expect(flat.greed).toBe(20)
    expect(flat.payoffs).toEqual({ R: 20, S: 20, T: 20, P: 20 })
    expect(flat.classification.kind).toBe('degenerate')
    expect(flat.verdict.text).toMatch(/^With the quota, greed is a request of 20 instead of 100\./)
    // q = 25 with 4 players: greed against restrainers is 25 + 60 = 85 ≤ C, all of it served; all greedy demand 100 = C.
    const cut = commonsMatrix(makeCommonsRules({ quota: 25 }), 4)
    expect(cut).toEqual({ R: 20, S: 20, T: 25, P: 25 })
    // A referee cannot fine a greed the quota already made restrained.
    const both = commonsDilemmaTest(makeCommonsRules({ quota: 20, referee: { fine: 50, detection: 1 } }), 4)
    expect(both.effective.payoffs).toEqual({ R: 20, S: 20, T: 20, P: 20 })
    expect(both.verdict.text).not.toMatch(/referee/)
  })
})

describe('a group', () => {
  it('draws its length, the seats’ seeds and the referee’s catches from its seed alone', () => {
    const r = makeCommonsRules({ continuation: 0.9, referee: { fine: 5, detection: 0.5 } })
    const a = prepareGroup(r, 3, 42)
    const b = prepareGroup(r, 3, 42)
    expect(a).toEqual(b)
    expect(a.setup.rounds).toBe(drawLength(r, 42))
    expect(new Set(a.setup.seeds).size).toBe(3)
    expect(a.setup.identities).toEqual([null, null, null])
    expect(prepareGroup(r, 3, 43).setup.seeds).not.toEqual(a.setup.seeds)
    // Half the round × seat draws catch, give or take (10,000 of them).
    const mask = drawCommonsDetections(r, 7, 2000, 5)!
    const caught = mask.reduce((x, y) => x + y, 0)
    expect(caught).toBeGreaterThan(4800)
    expect(caught).toBeLessThan(5200)
    // Always or never catching needs no draws.
    expect(drawCommonsDetections(makeCommonsRules({ referee: { fine: 5, detection: 1 } }), 7, 10, 2)).toBeNull()
    expect(drawCommonsDetections(DEFAULT_COMMONS_RULES, 7, 10, 2)).toBeNull()
  })

  it('fines the same rounds whatever the others play, as drawn', async () => {
    const r = makeCommonsRules({ turns: 50, referee: { fine: 5, detection: 0.5 } })
    const runner = new ScriptedGroupRunner()
    const job = commonsJob(0, [0, 1, 2], ['g', 'x', 'y'], r, 9)
    const mask = drawCommonsDetections(r, 9, 50, 3)!
    const expected = Array.from({ length: 50 }, (_, k) => k).filter((k) => mask[k * 3] === 1)
    for (const others of ['restrained', 'greedy']) {
      const result = await playGroup(runner, job, [C('g', 'greedy'), C('x', others), C('y', others)])
      expect(result.fined[0]).toEqual(expected)
      expect(result.fined[1]).toEqual(others === 'greedy' ? Array.from({ length: 50 }, (_, k) => k).filter((k) => mask[k * 3 + 1] === 1) : [])
    }
  })
})
