/** Ratings from a tournament's order (openskill Plackett-Luce, one player a team, ties shared). */
import { ordinal, rate, rating } from 'openskill'
import { describe, expect, it } from 'vitest'
import { DEFAULT_MU, DEFAULT_SIGMA, rateOrder, RATING_TAU } from '../src/engine/rating'

describe('rateOrder', () => {
  it('rates a known order as one many-player game, best first', () => {
    const out = rateOrder([
      { id: 'b', score: 2.1, prior: null },
      { id: 'a', score: 2.9, prior: null },
      { id: 'c', score: 1.0, prior: { mu: 30, sigma: 2 } },
    ])
    expect(out.map((r) => [r.id, r.rank])).toEqual([['a', 1], ['b', 2], ['c', 3]])
    const expected = rate([[rating()], [rating()], [rating({ mu: 30, sigma: 2 })]], { rank: [1, 2, 3], tau: RATING_TAU })
    expect(out.map((r) => [r.mu, r.sigma])).toEqual(expected.map(([r]) => [r!.mu, r!.sigma]))
    for (const r of out) expect(r.ordinal).toBeCloseTo(r.mu - 3 * r.sigma, 12)
    expect(out[0]!.ordinal).toBe(ordinal(expected[0]![0]!))
    // The winner gains, the last (favoured beforehand) loses, and evidence narrows the uncertainty.
    expect(out[0]!.mu).toBeGreaterThan(DEFAULT_MU)
    expect(out[2]!.mu).toBeLessThan(30)
    expect(out[0]!.sigma).toBeLessThan(DEFAULT_SIGMA)
  })

  it('ties equal scores, whatever their input order', () => {
    const out = rateOrder([
      { id: 'x', score: 1, prior: null },
      { id: 'y', score: 3, prior: null },
      { id: 'z', score: 1, prior: null },
    ])
    expect(out.map((r) => [r.id, r.rank])).toEqual([['y', 1], ['x', 2], ['z', 2]])
    expect(out[1]!.mu).toBe(out[2]!.mu)
    expect(out[1]!.sigma).toBe(out[2]!.sigma)
  })

  it('needs two players', () => {
    expect(() => rateOrder([{ id: 'solo', score: 1, prior: null }])).toThrow(/at least 2/)
  })
})
