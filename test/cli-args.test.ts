/**
 * The CLI's pure helpers, in process: the flag parser, "did you mean", the
 * rule options and the formatting of move strings. The end-to-end behaviour
 * is in cli.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { parseArgs, wantsHelp } from '../src/cli/args'
import { UsageError } from '../src/cli/errors'
import { moveBlocks, ordinal, table } from '../src/cli/format'
import { RULE_FLAGS, ruleChoiceFrom, seedText } from '../src/cli/rule-flags'
import { closest } from '../src/cli/suggest'

const SPEC = { ...RULE_FLAGS, json: 'boolean' } as const

function usage(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError)
    return (error as Error).message
  }
  throw new Error('expected a UsageError')
}

describe('parseArgs', () => {
  it('mixes positionals and options in both forms, and -- ends the options', () => {
    const args = parseArgs(['a.js', '--turns', '10', 'b', '--seed=x', '--json', '--', '--c'], SPEC, 'match')
    expect(args.positionals).toEqual(['a.js', 'b', '--c'])
    expect([...args.flags]).toEqual([
      ['turns', '10'],
      ['seed', 'x'],
      ['json', true],
    ])
  })

  it('takes a value that starts with a single dash (negative payoffs)', () => {
    expect(parseArgs(['--payoffs', '-1,-3,2,0'], SPEC, 'match').flags.get('payoffs')).toBe('-1,-3,2,0')
  })

  it('refuses unknown, repeated, valueless and misused options with a hint', () => {
    expect(usage(() => parseArgs(['--turn', '3'], SPEC, 'match'))).toMatch(/unknown option --turn .*did you mean "--turns"/)
    expect(usage(() => parseArgs(['--turns', '3', '--turns', '4'], SPEC, 'match'))).toMatch(/more than once/)
    expect(usage(() => parseArgs(['--turns'], SPEC, 'match'))).toMatch(/--turns needs a value/)
    expect(usage(() => parseArgs(['--turns', '--json'], SPEC, 'match'))).toMatch(/--turns needs a value/)
    expect(usage(() => parseArgs(['--json=1'], SPEC, 'match'))).toMatch(/takes no value/)
    expect(usage(() => parseArgs(['-t'], SPEC, 'match'))).toMatch(/unknown option -t/)
  })

  it('sees --help / -h only before --', () => {
    expect(wantsHelp(['a', '-h'])).toBe(true)
    expect(wantsHelp(['--', '--help'])).toBe(false)
  })
})

describe('closest', () => {
  it('suggests near misses and prefixes, not unrelated words', () => {
    const names = ['tit-for-tat', 'tit-for-two-tats', 'grudger', 'defector']
    expect(closest('tit-for-tatt', names)).toBe('tit-for-tat')
    expect(closest('grduger', names)).toBe('grudger')
    expect(closest('defect', names)).toBe('defector')
    expect(closest('zebra', names)).toBeNull()
  })
})

describe('rule options', () => {
  const choose = (argv: string[]) => ruleChoiceFrom(parseArgs(argv, SPEC, 'match'))

  it('defaults to 200 turns, 3,0,5,1, no noise, seed 1', () => {
    const c = choose([])
    expect(c.rules).toEqual({ payoffs: { R: 3, S: 0, T: 5, P: 1 }, turns: 200, continuation: null, noise: 0, referee: null, align: 0, cheapTalk: false })
    expect(c.seed).toBe(1)
    expect(c.classification.dilemma).toBe(true)
  })

  it('takes the mechanisms: a referee, aligned rewards and cheap talk', () => {
    const c = choose(['--fine', '3', '--detection', '0.5', '--fines', 'shared', '--align', '0.25', '--cheap-talk'])
    expect(c.rules).toMatchObject({ referee: { fine: 3, detection: 0.5, fines: 'shared' }, align: 0.25, cheapTalk: true })
    expect(choose(['--fine', '2', '--detection', '1']).rules.referee).toEqual({ fine: 2, detection: 1, fines: 'destroyed' })
    expect(() => choose(['--fine', '3'])).toThrow(/needs both --fine F and --detection P/)
    expect(() => choose(['--fines', 'shared'])).toThrow(/give --fine and --detection too/)
    expect(() => choose(['--fine', '3', '--detection', '2'])).toThrow(/--detection must be a number from 0 to 1, got 2/)
    expect(() => choose(['--fine', '-1', '--detection', '1'])).toThrow(/--fine must be a number from 0/)
    expect(() => choose(['--align', 'lots'])).toThrow(/--align must be a number from 0 to 1, got "lots"/)
  })

  it('accepts a non-dilemma matrix and classifies it', () => {
    const c = choose(['--payoffs', '3,0,2,1'])
    expect(c.rules.payoffs).toEqual({ R: 3, S: 0, T: 2, P: 1 })
    expect(c.classification.kind).toBe('stag-hunt')
  })

  it('hashes text seeds and says where the number came from', () => {
    const c = choose(['--seed', 'hello'])
    expect(Number.isInteger(c.seed)).toBe(true)
    expect(seedText(c.seed, c.seedText)).toBe(`${c.seed} (from "hello")`)
    expect(seedText(7, '7')).toBe('7')
  })

  it('refuses bad values, naming the option', () => {
    expect(usage(() => choose(['--turns', '1.5']))).toMatch(/^--turns must be a whole number from 1 to 10000/)
    expect(usage(() => choose(['--turns', '10001']))).toMatch(/^--turns must be/)
    expect(usage(() => choose(['--continuation', '1']))).toMatch(/^--continuation must be a probability/)
    expect(usage(() => choose(['--noise', 'lots']))).toMatch(/^--noise must be a probability/)
    expect(usage(() => choose(['--turns', '5', '--continuation', '0.5']))).toMatch(/not both/)
    expect(usage(() => choose(['--payoffs', '3,0,5']))).toMatch(/^--payoffs: /)
  })
})

describe('format', () => {
  it('aligns tables without trailing spaces', () => {
    expect(table([['a', '1'], ['bbb', '22']], ['left', 'right'])).toEqual(['a     1', 'bbb  22'])
  })

  it('wraps moves in blocks with aligned labels and marks flips', () => {
    const lines = moveBlocks(['x', 'yy'], ['CCCD', 'DDDC'], [[1], []], 3)
    expect(lines).toEqual(['rounds 1-3:', '  x   CCC', '       ^', '  yy  DDD', 'round 4:', '  x   D', '  yy  C'])
  })

  it('writes ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 46].map(ordinal)).toEqual([
      '1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '46th',
    ])
  })
})
