import { describe, expect, it } from 'vitest'
import { ecology } from '../src/engine/ecology'

// Per-turn payoffs of Cooperator, Defector, Tit for Tat over 200 turns with 3,0,5,1.
const CDT = [
  [3, 0, 3],
  [5, 1, 1.02],
  [3, 0.995, 3],
]

describe('ecology', () => {
  it('starts from equal shares and applies share_i * fitness_i / mean fitness', () => {
    const r = ecology(CDT, { generations: 1 })
    expect(r.shares[0]).toEqual([1 / 3, 1 / 3, 1 / 3])
    expect(r.generations).toBe(1)
    expect(r.stable).toBe(false)
    expect(r.shift).toBe(0)
    const f = [2, 7.02 / 3, 6.995 / 3]
    const mean = (f[0]! + f[1]! + f[2]!) / 3
    r.shares[1]!.forEach((v, i) => expect(v).toBeCloseTo(f[i]! / 3 / mean, 14))
  })

  it('Defector first grows, then Tit for Tat takes over (and stops early when stable)', () => {
    const r = ecology(CDT, { generations: 10_000 })
    const d = r.shares.map((s) => s[1]!)
    const peak = d.indexOf(Math.max(...d))
    expect(peak).toBe(2)
    expect(d[peak]).toBeGreaterThan(0.358)
    // Monotone decline of the defectors after the peak.
    for (let g = peak + 1; g < d.length; g++) expect(d[g]).toBeLessThanOrEqual(d[g - 1]!)
    expect(r.stable).toBe(true)
    expect(r.generations).toBeLessThan(200)
    expect(r.shares).toHaveLength(r.generations + 1)
    const last = r.shares.at(-1)!
    expect(last[2]).toBeGreaterThan(0.79)
    expect(last[1]).toBeLessThan(1e-9)
    // The last step changed no share by more than the tolerance (1e-12).
    const before = r.shares.at(-2)!
    expect(Math.max(...last.map((v, i) => Math.abs(v - before[i]!)))).toBeLessThanOrEqual(1e-12)
  })

  it('Defector takes over when there is no Tit for Tat', () => {
    const r = ecology(
      [
        [3, 0],
        [5, 1],
      ],
      { generations: 5000 },
    )
    expect(r.shares.at(-1)![1]).toBeGreaterThan(1 - 1e-9)
    expect(r.stable).toBe(true)
  })

  it('uses the given initial population, normalised', () => {
    const r = ecology(CDT, { generations: 0, initial: [2, 1, 1] })
    expect(r.shares).toEqual([[0.5, 0.25, 0.25]])
    expect(r.generations).toBe(0)
  })

  it('a neutral population is stable after one generation', () => {
    const r = ecology(
      [
        [2, 2],
        [2, 2],
      ],
      { generations: 100, initial: [1, 3] },
    )
    expect(r.generations).toBe(1)
    expect(r.stable).toBe(true)
    expect(r.shares[1]).toEqual([0.25, 0.75])
  })

  it('shifts negative payoffs so the smallest is 0, which equals running the shifted matrix', () => {
    const negative = [
      [1, -3],
      [2, -1],
    ]
    const r = ecology(negative, { generations: 50 })
    expect(r.shift).toBe(3)
    const shifted = ecology(
      negative.map((row) => row.map((v) => v + 3)),
      { generations: 50 },
    )
    expect(shifted.shift).toBe(0)
    expect(r.shares).toEqual(shifted.shares)
    for (const s of r.shares) for (const v of s) expect(v).toBeGreaterThanOrEqual(0)
    // D (row 2) dominates, so it grows.
    expect(r.shares.at(-1)![1]).toBeGreaterThan(0.9)
  })

  it('stops when the mean fitness is 0', () => {
    const r = ecology(
      [
        [0, 0],
        [0, 0],
      ],
      { generations: 10 },
    )
    expect(r.generations).toBe(0)
    expect(r.stable).toBe(true)
  })

  it('rejects bad input', () => {
    expect(() => ecology([], { generations: 1 })).toThrow(/at least one/)
    expect(() => ecology([[1, 2]], { generations: 1 })).toThrow(/square/)
    expect(() => ecology([[Number.NaN]], { generations: 1 })).toThrow(/finite/)
    expect(() => ecology(CDT, { generations: -1 })).toThrow(/generations/)
    expect(() => ecology(CDT, { generations: 1, initial: [1, 1] })).toThrow(/3/)
    expect(() => ecology(CDT, { generations: 1, initial: [1, -1, 1] })).toThrow(/non-negative/)
    expect(() => ecology(CDT, { generations: 1, initial: [0, 0, 0] })).toThrow(/all zero/)
  })
})
