/**
 * The mechanisms inside matches (src/engine/mechanisms.ts): a referee's fines
 * (destroyed or shared) drawn from the match seed, aligned rewards, and how
 * they reach a match's scores, its record of fines, and the reuse of
 * deterministic pairings.
 */
import { describe, expect, it } from 'vitest'
import { effectivePayoffs } from '../src/engine/dilemma-test'
import { playMatch } from '../src/engine/match'
import { drawDetections, roundPayoffs } from '../src/engine/mechanisms'
import { playJob } from '../src/engine/play-job'
import { makeRules, RulesError } from '../src/engine/rules'
import { scheduleTournament } from '../src/engine/schedule'
import type { Move, Payoffs } from '../src/engine/types'
import { ScriptedRunner } from './helpers/scripted-runner'

const S = (id: string) => ({ id, name: id, source: id })
const axelrod: Payoffs = { R: 3, S: 0, T: 5, P: 1 }

describe('roundPayoffs', () => {
  it('leaves the matrix as it is without mechanisms', () => {
    const rules = makeRules()
    expect(roundPayoffs(rules, 'C', 'C', false, false)).toEqual([3, 3])
    expect(roundPayoffs(rules, 'C', 'D', false, false)).toEqual([0, 5])
    expect(roundPayoffs(rules, 'D', 'D', false, false)).toEqual([1, 1])
  })

  it('a destroyed fine costs the defector only; a shared one goes to the other player', () => {
    const destroyed = makeRules({ referee: { fine: 4, detection: 1 } })
    expect(roundPayoffs(destroyed, 'D', 'C', true, false)).toEqual([1, 0])
    expect(roundPayoffs(destroyed, 'D', 'D', true, true)).toEqual([-3, -3])
    const shared = makeRules({ referee: { fine: 4, detection: 1, fines: 'shared' } })
    expect(roundPayoffs(shared, 'D', 'C', true, false)).toEqual([1, 4])
    expect(roundPayoffs(shared, 'D', 'D', true, true)).toEqual([1, 1])
    expect(roundPayoffs(shared, 'D', 'D', true, false)).toEqual([-3, 5])
  })

  it('aligned rewards give (1 − a) × own + a × the mean', () => {
    const rules = makeRules({ align: 0.5 })
    expect(roundPayoffs(rules, 'D', 'C', false, false)).toEqual([0.5 * 5 + 0.5 * 2.5, 0.5 * 0 + 0.5 * 2.5])
    expect(roundPayoffs(makeRules({ align: 1 }), 'C', 'D', false, false)).toEqual([2.5, 2.5])
  })

  it('in expectation, gives the dilemma test its effective matrix', () => {
    for (const fines of ['destroyed', 'shared'] as const) {
      const referee = { fine: 3, detection: 0.4, fines }
      const rules = makeRules({ referee, align: 0.3 })
      const expected = effectivePayoffs(axelrod, referee, 0.3)
      // Detection is a Bernoulli(p) draw: average the fined and unfined cases with weights p and 1 − p.
      const mean = (a: Move, b: Move) => {
        const p = referee.detection
        let x = 0
        for (const [fa, wa] of [[true, p], [false, 1 - p]] as const) {
          for (const [fb, wb] of [[true, p], [false, 1 - p]] as const) x += wa * wb * roundPayoffs(rules, a, b, fa && a === 'D', fb && b === 'D')[0]
        }
        return x
      }
      expect(mean('C', 'C')).toBeCloseTo(expected.R, 12)
      expect(mean('C', 'D')).toBeCloseTo(expected.S, 12)
      expect(mean('D', 'C')).toBeCloseTo(expected.T, 12)
      expect(mean('D', 'D')).toBeCloseTo(expected.P, 12)
    }
  })
})

describe('the referee in a match', () => {
  it('draws detections from the match seed only, and fines only defections', async () => {
    const rules = makeRules({ turns: 400, referee: { fine: 2, detection: 0.25 } })
    expect(drawDetections(rules, 9, 400)).toEqual(drawDetections(rules, 9, 400))
    expect(drawDetections(rules, 9, 400)).not.toEqual(drawDetections(rules, 10, 400))
    const m = await playMatch(new ScriptedRunner(), S('alld'), S('tft'), { rules, seed: 9 })
    const [masks] = [drawDetections(rules, 9, 400)]
    const expectedA = [...masks[0]!].flatMap((bit, r) => (bit ? [r] : []))
    expect(m.fined[0]).toEqual(expectedA)
    // Tit for Tat defects from round 1 on against Always Defect: only those rounds can be fined.
    expect(m.fined[1].every((r) => m.moves[1][r] === 'D')).toBe(true)
    expect(m.fined[0].length / 400).toBeGreaterThan(0.18)
    expect(m.fined[0].length / 400).toBeLessThan(0.32)
    let sa = 0
    for (let r = 0; r < 400; r++) sa += roundPayoffs(rules, m.moves[0][r] as Move, m.moves[1][r] as Move, m.fined[0].includes(r), m.fined[1].includes(r))[0]
    expect(m.scores[0]).toBe(sa)
    expect(m.scores[0]).toBeLessThan(5 + 399 * 1)
  })

  it('with p = 1 needs no draws: every defection is fined and deterministic pairings are reused', async () => {
    const rules = makeRules({ turns: 10, referee: { fine: 2, detection: 1 } })
    expect(drawDetections(rules, 1, 10)).toEqual([null, null])
    const schedule = scheduleTournament([S('alld'), S('tft')], { rules, repetitions: 3, seed: 1 })
    const runner = new ScriptedRunner()
    const job = schedule.jobs.find((j) => j.players[0] !== j.players[1])!
    const result = await playJob(runner, job, [S('alld'), S('tft')])
    expect(result.reused).toEqual([false, true, true])
    expect(result.matches[0]!.fined[0]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  })

  it('with 0 < p < 1, a pairing is never reused as deterministic', async () => {
    const rules = makeRules({ turns: 10, referee: { fine: 2, detection: 0.5 } })
    const schedule = scheduleTournament([S('alld'), S('tft')], { rules, repetitions: 3, seed: 1 })
    const job = schedule.jobs.find((j) => j.players[0] !== j.players[1])!
    const result = await playJob(new ScriptedRunner(), job, [S('alld'), S('tft')])
    expect(result.reused).toEqual([false, false, false])
  })

  it('records no fines and no announcements without mechanisms', async () => {
    const m = await playMatch(new ScriptedRunner(), S('alld'), S('tft'), { rules: { turns: 5 }, seed: 1 })
    expect(m.fined).toEqual([[], []])
    expect(m.announcements).toBeNull()
    expect(m.scores).toEqual([5 + 4, 4])
  })
})

describe('makeRules and the mechanisms', () => {
  it('fills the defaults', () => {
    expect(makeRules()).toMatchObject({ referee: null, align: 0, cheapTalk: false })
    expect(makeRules({ referee: { fine: 1, detection: 0.5 } }).referee).toEqual({ fine: 1, detection: 0.5, fines: 'destroyed' })
  })

  it.each([
    [{ referee: { fine: -1, detection: 0.5 } }, /referee\.fine/],
    [{ referee: { fine: 1, detection: 1.5 } }, /referee\.detection/],
    [{ referee: { fine: 1, detection: 0.5, fines: 'kept' } }, /referee\.fines/],
    [{ referee: 'yes' }, /referee must be an object/],
    [{ align: -0.1 }, /align/],
    [{ align: Number.NaN }, /align/],
    [{ cheapTalk: 'yes' }, /cheapTalk/],
  ])('refuses %j', (input, message) => {
    expect(() => makeRules(input as never)).toThrow(RulesError)
    expect(() => makeRules(input as never)).toThrow(message)
  })
})
