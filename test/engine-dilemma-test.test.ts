/** The essay's dilemma test: the effective matrix under mechanisms, the classifier's name for it, and Axelrod's threshold. */
import { describe, expect, it } from 'vitest'
import { dilemmaTest, effectivePayoffs } from '../src/engine/dilemma-test'

const PD = { R: 3, S: 0, T: 5, P: 1 }

describe('effectivePayoffs', () => {
  it('applies a referee whose fines are destroyed or shared, then aligned rewards', () => {
    expect(effectivePayoffs(PD, { fine: 2, detection: 0.5, fines: 'destroyed' })).toEqual({ R: 3, S: 0, T: 4, P: 0 })
    expect(effectivePayoffs(PD, { fine: 2, detection: 0.5, fines: 'shared' })).toEqual({ R: 3, S: 1, T: 4, P: 1 })
    // (1 − a) × own + a × mean: T → 0.5·5 + 0.5·2.5, S → 0.5·0 + 0.5·2.5.
    expect(effectivePayoffs(PD, null, 0.5)).toEqual({ R: 3, S: 1.25, T: 3.75, P: 1 })
    expect(effectivePayoffs(PD, { fine: 2, detection: 1, fines: 'destroyed' }, 1)).toEqual({ R: 3, S: 1.5, T: 1.5, P: -1 })
    expect(effectivePayoffs(PD)).toEqual(PD)
  })
})

describe('dilemmaTest', () => {
  it('says a fine that makes cooperation dominant ends the dilemma', () => {
    const r = dilemmaTest({ payoffs: PD, referee: { fine: 3, detection: 1, fines: 'destroyed' } })
    expect(r.effective.payoffs).toEqual({ R: 3, S: 0, T: 2, P: -2 })
    expect(r.classification.kind).toBe('harmony')
    expect(r.threshold).toBeNull()
    expect(r.verdict.code).toBe('not-a-dilemma')
    expect(r.verdict.text).toMatch(/referee's fine.*becomes harmony.*Cooperation is the dominant move/)
  })

  it('compares the continuation probability with Axelrod’s threshold', () => {
    // max((5 − 3) / (5 − 1), (5 − 3) / (3 − 0)) = 2/3.
    const short = dilemmaTest({ payoffs: PD, continuation: 0.5 })
    expect(short.threshold).toBeCloseTo(2 / 3, 10)
    expect(short.verdict.code).toBe('real-dilemma')
    expect(dilemmaTest({ payoffs: PD, continuation: 0.7 }).verdict.code).toBe('dilemma-with-future')
    // Exactly at the threshold: w ≥ threshold counts.
    expect(dilemmaTest({ payoffs: { R: 3, S: 0, T: 5, P: 2 }, continuation: 2 / 3 }).verdict.code).toBe('dilemma-with-future')
  })

  it('treats a known length as one-shot in its last round and w = 1 − 1/n before it', () => {
    const one = dilemmaTest({ payoffs: PD, turns: 1 })
    expect([one.verdict.code, one.continuation]).toEqual(['real-dilemma', 0])
    const two = dilemmaTest({ payoffs: PD, turns: 2 })
    expect([two.verdict.code, two.continuation]).toEqual(['real-dilemma', 0.5])
    const long = dilemmaTest({ payoffs: PD, turns: 200 })
    expect([long.verdict.code, long.continuation]).toEqual(['dilemma-with-future', 0.995])
    expect(long.verdict.text).toMatch(/last round is one-shot \(backward induction\)/)
    expect(dilemmaTest({ payoffs: PD }).continuation).toBe(0.995) // 200 turns by default
  })

  it('names other games with the classifier, and a shared fine too small to matter leaves the dilemma', () => {
    expect(dilemmaTest({ payoffs: { R: 4, S: 0, T: 3, P: 1 } }).verdict).toMatchObject({ code: 'not-a-dilemma' })
    expect(dilemmaTest({ payoffs: { R: 4, S: 0, T: 3, P: 1 } }).classification.kind).toBe('stag-hunt')
    const weak = dilemmaTest({ payoffs: PD, referee: { fine: 1, detection: 0.5, fines: 'shared' }, turns: 1 })
    expect(weak.effective.payoffs).toEqual({ R: 3, S: 0.5, T: 4.5, P: 1 })
    expect(weak.verdict.code).toBe('real-dilemma')
  })
})
