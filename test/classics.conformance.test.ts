/**
 * The classic strategies behave exactly as Axelrod-Python defines them.
 * Every match here is played through the engine and the QuickJS sandbox.
 *
 * - Vectors: the expected moves of Axelrod-Python's own tests
 *   (helpers/classics-axelrod-vectors.ts, each citing its test).
 * - Reference runs: moves and scores recorded from Axelrod-Python itself
 *   (helpers/classics-axelrod-runs.ts).
 * - Stochastic classics: their exact probabilities, their deterministic parts,
 *   long-run frequencies and reproducibility.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { classicAsSource, findClassic } from '../src/classics'
import { playMatch, type MatchResult } from '../src/engine/match'
import type { MatchRunner } from '../src/engine/match-runner'
import type { Payoffs, StrategySource } from '../src/engine/types'
import { createNodeRunner } from '../sandbox/node'
import { ROUND_ROBIN, SCRIPTED_RUNS, SCRIPTS } from './helpers/classics-axelrod-runs'
import { AXELROD_VECTORS } from './helpers/classics-axelrod-vectors'
import { checkProbability } from './helpers/classics-direct'

let runner: MatchRunner & { dispose(): void }

beforeAll(async () => {
  runner = await createNodeRunner()
})

afterAll(() => {
  runner?.dispose()
})

function classic(id: string): StrategySource {
  const c = findClassic(id)
  if (!c) throw new Error(`no classic ${id}`)
  return classicAsSource(c)
}

/** An opponent that plays a fixed list of moves, cycling (Axelrod's MockPlayer). */
function script(moves: string): StrategySource {
  return {
    id: `script-${moves}`,
    name: `Script ${moves}`,
    source: `const seq = '${moves}'\nexport default (v) => seq[v.round % seq.length]\n`,
  }
}

function play(a: StrategySource, b: StrategySource, turns: number, seed = 1, payoffs?: Payoffs): Promise<MatchResult> {
  return playMatch(runner, a, b, { rules: payoffs ? { turns, payoffs } : { turns }, seed })
}

const vectorName = (v: (typeof AXELROD_VECTORS)[number]) =>
  `${v.player} vs ${'classic' in v.opponent ? v.opponent.classic : `[${v.opponent.script}]`} (${v.source})`

describe('Axelrod-Python test vectors', () => {
  it.each(AXELROD_VECTORS.map((v) => [vectorName(v), v] as const))('%s', async (_, v) => {
    const opponent = 'classic' in v.opponent ? classic(v.opponent.classic) : script(v.opponent.script)
    const result = await play(classic(v.player), opponent, v.moves.length, 1, v.payoffs)
    const from = v.from ?? 0
    expect(result.moves[0].slice(from)).toBe(v.moves.slice(from))
    expect(result.moves[1]).toBe(v.opponentMoves)
    expect(result.faultCounts).toEqual([0, 0])
    if (v.deterministic) expect(result.usedRandom[0]).toBe(false)
  })
})

describe('Axelrod-Python reference runs', () => {
  it.each(SCRIPTED_RUNS.map((r) => [`${r.player} vs script ${r.script}`, r] as const))('%s', async (_, r) => {
    const moves = SCRIPTS[r.script]!
    const result = await play(classic(r.player), script(moves), moves.length, 3)
    const from = r.from ?? 0
    expect(result.moves[0].slice(from)).toBe(r.moves.slice(from))
    expect(result.faultCounts).toEqual([0, 0])
    if (from === 0) expect(result.usedRandom[0]).toBe(false)
  })

  it(`round robin of the ${ROUND_ROBIN.ids.length} deterministic classics gives Axelrod-Python's scores`, async () => {
    const { ids, scores, turns } = ROUND_ROBIN
    const mismatches: string[] = []
    for (let i = 0; i < ids.length; i++) {
      for (let j = i; j < ids.length; j++) {
        const result = await play(classic(ids[i]!), classic(ids[j]!), turns)
        const expected = [scores[i]![j], scores[j]![i]]
        if (result.scores[0] !== expected[0] || result.scores[1] !== expected[1]) {
          mismatches.push(`${ids[i]} vs ${ids[j]}: got ${result.scores.join('-')}, expected ${expected.join('-')}`)
        }
        if (result.usedRandom[0] || result.usedRandom[1]) mismatches.push(`${ids[i]} vs ${ids[j]} drew randomness`)
      }
    }
    expect(mismatches).toEqual([])
  }, 120_000)
})

describe('noise-free self-consistency', () => {
  const cases: [string, string, string, string][] = [
    // [player, opponent, player's expected moves, opponent's expected moves]
    ['tit-for-tat', 'defector', 'C' + 'D'.repeat(19), 'D'.repeat(20)],
    ['tit-for-tat', 'tit-for-tat', 'C'.repeat(20), 'C'.repeat(20)],
    ['tit-for-tat', 'suspicious-tit-for-tat', 'CD'.repeat(10), 'DC'.repeat(10)],
    ['grudger', 'alternator', 'CC' + 'D'.repeat(18), 'CD'.repeat(10)],
    ['win-stay-lose-shift', 'defector', 'CD'.repeat(10), 'D'.repeat(20)],
    ['win-stay-lose-shift', 'win-stay-lose-shift', 'C'.repeat(20), 'C'.repeat(20)],
    ['bully', 'cooperator', 'D'.repeat(20), 'C'.repeat(20)],
    ['cycler-ccd', 'cycler-ddc', 'CCDCCDCCDC', 'DDCDDCDDCD'],
    ['handshake', 'handshake', 'CD' + 'C'.repeat(18), 'CD' + 'C'.repeat(18)],
    ['go-by-majority', 'hard-go-by-majority', 'CD'.repeat(10), 'DC'.repeat(10)],
    ['detective', 'cooperator', 'CDCC' + 'D'.repeat(16), 'C'.repeat(20)],
  ]
  it.each(cases)('%s vs %s', async (a, b, ma, mb) => {
    const result = await play(classic(a), classic(b), ma.length)
    expect(result.moves).toEqual([ma, mb])
    expect(result.usedRandom).toEqual([false, false])
  })

  it('Calculator: deterministic against a defector (Joss never forgives, and D is a cycle)', async () => {
    const result = await play(classic('calculator'), classic('defector'), 40)
    expect(result.moves[0]).toBe('C' + 'D'.repeat(39))
    expect(result.usedRandom[0]).toBe(false)
  })

  it('Calculator: defects for good after round 20 against a cycler, plays TFT against a non-cycler', async () => {
    const cyclic = await play(classic('calculator'), classic('cycler-ccd'), 60, 5)
    expect(cyclic.moves[0].slice(20)).toBe('D'.repeat(40))
    const irregular = 'CDDCCCDCCCCDCCCCCDCC' + 'CDDCDCCD'.repeat(5)
    const tft = await play(classic('calculator'), script(irregular), irregular.length, 5)
    expect(tft.moves[0].slice(20)).toBe(irregular.slice(19, -1))
  })

  it('strategies see the moves as played, after noise (Tit For Tat copies flipped moves)', async () => {
    const result = await playMatch(runner, classic('tit-for-tat'), classic('alternator'), {
      rules: { turns: 300, noise: 0.1 },
      seed: 42,
    })
    expect(result.flips[0].length + result.flips[1].length).toBeGreaterThan(0)
    const [mine, theirs] = result.moves
    const flipped = new Set(result.flips[0])
    for (let r = 1; r < mine.length; r++) {
      const intended = theirs[r - 1]
      expect(mine[r]).toBe(flipped.has(r) ? (intended === 'C' ? 'D' : 'C') : intended)
    }
  })
})

/** Cooperation probability after (my last move, their last move), as each Axelrod class defines it. */
const { R, S, T, P } = { R: 3, S: 0, T: 5, P: 1 }
const gtftP = Math.min(1 - (T - R) / (R - S), (R - P) / (T - P))
/** Hilbe et al.'s linear-relation vector, in the same operation order as Axelrod-Python's LRPlayer. */
function lr(phi: number, s: number, l: number) {
  return {
    CC: 1 - phi * (1 - s) * (R - l),
    CD: 1 - phi * (s * (l - S) + (T - l)),
    DC: phi * ((l - S) + s * (T - l)),
    DD: phi * (1 - s) * (l - P),
  }
}
const MEMORY_ONE: Record<string, { first: number; CC: number; CD: number; DC: number; DD: number }> = {
  random: { first: 0.5, CC: 0.5, CD: 0.5, DC: 0.5, DD: 0.5 },
  joss: { first: 1, CC: 0.9, CD: 0, DC: 0.9, DD: 0 },
  'soft-joss': { first: 1, CC: 1, CD: 1 - 0.9, DC: 1, DD: 1 - 0.9 },
  'generous-tit-for-tat': { first: 1, CC: 1, CD: gtftP, DC: 1, DD: gtftP },
  'firm-but-fair': { first: 1, CC: 1, CD: 0, DC: 1, DD: 2 / 3 },
  'zd-extort-2': { first: 1, ...lr(1 / 9, 0.5, P) },
  'zd-gtft-2': { first: 1, ...lr(0.25, 0.5, R) },
}

describe('stochastic classics', () => {
  it('the four-vectors are the ones Axelrod-Python tests', () => {
    // test_zero_determinant.py::TestZDExtort2::test_four_vector, TestZDGTFT2::test_four_vector
    const extort = MEMORY_ONE['zd-extort-2']!
    expect([extort.CC, extort.CD, extort.DC, extort.DD].map((x) => +x.toFixed(12))).toEqual([0.888888888889, 0.5, 0.333333333333, 0])
    const gtft2 = MEMORY_ONE['zd-gtft-2']!
    expect([gtft2.CC, gtft2.CD, gtft2.DC, gtft2.DD]).toEqual([1, 0.125, 1, 0.25])
    // test_memoryone.py::TestGTFT: p = 1/3 with the default game
    expect(gtftP).toBeCloseTo(1 / 3, 15)
  })

  it.each(Object.entries(MEMORY_ONE))('%s cooperates with exactly the defined probabilities', (id, p) => {
    const source = classic(id).source
    const problems = [
      checkProbability(source, '', '', p.first),
      checkProbability(source, 'C', 'C', p.CC),
      checkProbability(source, 'C', 'D', p.CD),
      checkProbability(source, 'D', 'C', p.DC),
      checkProbability(source, 'D', 'D', p.DD),
      // Memory one: only the last round counts.
      checkProbability(source, 'DDCDC', 'CDDCC', p.CC),
      checkProbability(source, 'CCCDD', 'CCCCD', p.DD),
    ].filter(Boolean)
    expect(problems).toEqual([])
  })

  it('Generous Tit For Tat and the ZD strategies take their probabilities from the match payoffs', () => {
    const payoffs = { R: 4, S: 0, T: 6, P: 1 }
    const p = Math.min(1 - (6 - 4) / (4 - 0), (4 - 1) / (6 - 1))
    expect(checkProbability(classic('generous-tit-for-tat').source, 'C', 'D', p, payoffs)).toBeNull()
    // ZD Extort-2 with l = P = 1: p(CC) = 1 - phi (1 - s) (R - l)
    expect(checkProbability(classic('zd-extort-2').source, 'C', 'C', 1 - (1 / 9) * (1 - 0.5) * (4 - 1), payoffs)).toBeNull()
    // ZD GTFT-2 with l = R = 4: p(DD) = phi (1 - s) (l - P)
    expect(checkProbability(classic('zd-gtft-2').source, 'D', 'D', 0.25 * (1 - 0.5) * (4 - 1), payoffs)).toBeNull()
  })

  it('Calculator plays Joss for 20 rounds', () => {
    const source = classic('calculator').source
    const their = 'CDCCDCCCDCCCCDCCCCC' // 19 rounds: the next move is the 20th
    const my = 'C' + their.slice(0, -1)
    expect(checkProbability(source, '', '', 1)).toBeNull()
    expect(checkProbability(source, my.slice(0, 5), their.slice(0, 5), 0)).toBeNull() // after their D
    expect(checkProbability(source, my.slice(0, 4), their.slice(0, 4), 0.9)).toBeNull() // after their C
    expect(checkProbability(source, my, their, 0.9)).toBeNull() // the 20th round is still Joss
  })

  /** Cooperation frequency of side 0 after each (my, their) last round, over a long match. */
  function conditional(result: MatchResult) {
    const counts: Record<string, { n: number; c: number }> = {}
    const [mine, theirs] = result.moves
    for (let r = 1; r < mine.length; r++) {
      const key = mine[r - 1]! + theirs[r - 1]!
      const k = (counts[key] ??= { n: 0, c: 0 })
      k.n++
      if (mine[r] === 'C') k.c++
    }
    return counts
  }

  it.each(Object.keys(MEMORY_ONE))('%s: long-run conditional frequencies match the probabilities', async (id) => {
    const result = await play(classic(id), classic('random'), 6000, 2024)
    const p = MEMORY_ONE[id]!
    for (const [key, { n, c }] of Object.entries(conditional(result))) {
      const expected = p[key as 'CC' | 'CD' | 'DC' | 'DD']
      if (expected === 0 || expected === 1) {
        expect(c, `${id} after ${key}`).toBe(expected * n)
      } else if (n >= 100) {
        const tolerance = 5 * Math.sqrt((expected * (1 - expected)) / n)
        expect(Math.abs(c / n - expected), `${id} after ${key}: ${c}/${n}`).toBeLessThan(tolerance)
      }
    }
  })

  it('Joss never cooperates after a defection; Generous Tit For Tat always cooperates after a cooperation', async () => {
    const joss = conditional(await play(classic('joss'), classic('random'), 2000, 7))
    expect((joss.CD?.c ?? 0) + (joss.DD?.c ?? 0)).toBe(0)
    const gtft = conditional(await play(classic('generous-tit-for-tat'), classic('random'), 2000, 7))
    expect(gtft.CC!.c).toBe(gtft.CC!.n)
    expect(gtft.DC!.c).toBe(gtft.DC!.n)
  })

  it('draws randomness only where Axelrod-Python does', async () => {
    // test_axelrod_first.py::TestFirstByJoss::test_stochastic_behavior3: against a defector Joss draws nothing.
    expect((await play(classic('joss'), classic('defector'), 20)).usedRandom[0]).toBe(false)
    expect((await play(classic('generous-tit-for-tat'), classic('cooperator'), 20)).usedRandom[0]).toBe(false)
    expect((await play(classic('zd-gtft-2'), classic('cooperator'), 20)).usedRandom[0]).toBe(false)
    expect((await play(classic('firm-but-fair'), classic('alternator'), 20)).usedRandom[0]).toBe(false)
    expect((await play(classic('random'), classic('cooperator'), 1)).usedRandom[0]).toBe(true)
    expect((await play(classic('generous-tit-for-tat'), classic('defector'), 3)).usedRandom[0]).toBe(true)
  })

  it.each(Object.keys(MEMORY_ONE).concat('calculator'))('%s: the same seed gives the same moves', async (id) => {
    const first = await play(classic(id), classic('random'), 300, 99)
    const second = await play(classic(id), classic('random'), 300, 99)
    expect(second.moves).toEqual(first.moves)
    expect(first.usedRandom[0]).toBe(true)
  })

  it('Random: different seeds give different moves, about half of them C', async () => {
    const a = await play(classic('random'), classic('cooperator'), 2000, 1)
    const b = await play(classic('random'), classic('cooperator'), 2000, 2)
    expect(a.moves[0]).not.toBe(b.moves[0])
    const share = [...a.moves[0]].filter((m) => m === 'C').length / 2000
    expect(Math.abs(share - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / 2000))
  })
})
