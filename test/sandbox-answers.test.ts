/**
 * How the host reads a round's answer (sandbox/prelude.ts STEP): 'C' and 'D'
 * by their QuickJS value when they are the interned literals, through the
 * prelude's judge() otherwise, a FAULT signal no strategy can forge; and
 * whether the strategy drew randomness, read from the prelude's flag in
 * memory (sandbox/random-flag.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { playMatch } from '../src/engine/match'
import { createNodeRunner } from '../sandbox/node'
import type { SandboxRunner } from '../sandbox/runner'
import { TIT_FOR_TAT, strategy, titForTatAgainst, warmAndColdRunners } from './helpers/sandbox'

const RULES = { turns: 8 }

describe('a round’s answer', () => {
  const runners = warmAndColdRunners()

  /** Play `source` against Tit for Tat in a warm and in a cold runner (the same result), and return side A. */
  const play = async (source: string, rules: object = RULES) => {
    const a = strategy('a', source)
    const first = await playMatch(runners.warm, a, TIT_FOR_TAT, { rules, seed: 3 })
    const fresh = await playMatch(runners.cold, a, TIT_FOR_TAT, { rules, seed: 3 })
    expect(JSON.stringify(fresh)).toBe(JSON.stringify(first))
    expect(first.faults[1]).toEqual([])
    return first
  }

  it('is C or D however the string was made', async () => {
    const makers = [
      "'cd'.toUpperCase()[v.round % 2]",
      'String.fromCharCode(v.round % 2 ? 68 : 67)',
      "`${v.round % 2 ? 'D' : 'C'}`",
      "['C', 'D'].join('')[v.round % 2]",
      "('x' + (v.round % 2 ? 'D' : 'C')).slice(1)",
      "v.round % 2 ? 'D' : 'C'",
    ]
    for (const made of makers) {
      const result = await play(`export default (v) => ${made}`)
      expect(result.faults[0]).toEqual([])
      expect(result.moves[0]).toBe('CDCDCDCD')
      expect(result.moves[1]).toBe(titForTatAgainst('CDCDCDCD'))
    }
  })

  it('is an invalid move when it is no string, whatever number or symbol it is', async () => {
    const answers: [string, string][] = [
      ['0', 'returned 0 '],
      ['1', 'returned 1 '],
      ['2', 'returned 2 '],
      ['4', 'returned 4 '],
      ['-0', 'returned 0 '],
      ['0.5', 'returned 0.5 '],
      ['NaN', 'returned NaN '],
      ['true', 'returned true '],
      ['null', 'returned null '],
      ['undefined', 'returned undefined '],
      ["Symbol.for('C')", 'returned a symbol '],
      ['Symbol()', 'returned a symbol '],
      ["new String('D')", 'returned an object '],
      ["['C']", 'returned an object '],
    ]
    for (const [answer, said] of answers) {
      const result = await play(`export default () => ${answer}`)
      expect(result.moves[0]).toBe('DDDDDDDD')
      expect(result.faultCounts[0]).toBe(8)
      expect(result.faults[0][0]).toMatchObject({ kind: 'invalid-move', round: 0 })
      expect(result.faults[0][0]!.message).toContain(said)
    }
  })

  it('lets a big answer go within the move’s budget, and plays on', async () => {
    const result = await play(`export default (v) => { const a = []; for (let i = 0; i < 2000; i++) a.push({ i }); return v.round < 2 ? a : 'C' }`)
    expect(result.faults[0]).toHaveLength(2)
    expect(result.faults[0].map((f) => f.kind)).toEqual(['invalid-move', 'invalid-move'])
    expect(result.moves[0]).toBe('DDCCCCCC')
    expect(runners.warm.crashes).toBe(0)
  })

  it('with cheap talk, an announcement however made', async () => {
    const result = await play(`export function announce(v) { return 'cd'.toUpperCase()[1] }\nexport default () => 'C'`, { turns: 4, cheapTalk: true })
    expect(result.faults[0]).toEqual([])
    expect(result.announcements![0]).toBe('DDDD')
  })
})

describe('whether a strategy drew randomness', () => {
  let runner: SandboxRunner
  beforeAll(async () => {
    runner = await createNodeRunner()
  })
  afterAll(() => runner.dispose())

  const drew = async (source: string, rules: object = RULES) => {
    const result = await playMatch(runner, strategy('a', source), TIT_FOR_TAT, { rules, seed: 11 })
    expect(result.usedRandom[1]).toBe(false)
    return result.usedRandom[0]
  }

  it('is told by every call that returns, from the first draw on', async () => {
    expect(await drew(`export default () => 'C'`)).toBe(false)
    expect(await drew(`export default (v) => (v.round === 7 && v.random() < 2 ? 'D' : 'C')`)).toBe(true)
    expect(await drew(`export default (v) => (v.round === 7 && Math.random() < 2 ? 'D' : 'C')`)).toBe(true)
    expect(await drew(`const x = Math.random()\nexport default () => (x < 2 ? 'C' : 'D')`)).toBe(true)
    expect(await drew(`export default (v) => { if (v.round === 3) { v.random(); throw new Error('x') } return 'C' }`)).toBe(true)
    expect(await drew(`export default (v) => { if (v.round === 3) { v.random(); return 'c' } return 'C' }`)).toBe(true)
    expect(await drew(`export function announce(v) { return v.round === 2 && v.random() < 2 ? 'C' : 'D' }\nexport default () => 'C'`, { turns: 4, cheapTalk: true })).toBe(true)
  })

  it('is not told by a call the meter stops, nor after the strategy is retired', async () => {
    // The draw happens in the call that runs far past its budget inside a built-in: the meter stops it.
    expect(await drew(`let s = 'x'\nfor (let i = 0; i < 22; i++) s += s\nexport default (v) => { if (v.round === 2) { v.random(); for (;;) s.substring(1).length } return 'C' }`)).toBe(false)
    // A move over budget is stopped cleanly and plays on: the next call that returns tells the draw.
    expect(await drew(`export default (v) => { if (v.round === 2) { v.random(); for (;;) {} } return 'C' }`)).toBe(true)
  })

  it('starts false in every match', async () => {
    expect(await drew(`export default (v) => (v.random() < 2 ? 'C' : 'D')`)).toBe(true)
    expect(await drew(`export default () => 'C'`)).toBe(false)
  })
})
