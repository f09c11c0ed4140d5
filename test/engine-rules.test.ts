import { describe, expect, it } from 'vitest'
import { classifyGame, validatePayoffs } from '../src/engine/classify'
import { RulesError, parsePayoffs } from '../src/engine/rules'

const P = (R: number, S: number, T: number, Pn: number) => ({ R, S, T, P: Pn })

describe('validatePayoffs', () => {
  it('accepts Axelrod payoffs', () => {
    expect(validatePayoffs(P(3, 0, 5, 1))).toEqual([])
  })

  it('names each broken inequality with the values', () => {
    // stag hunt: T < R
    const stag = validatePayoffs(P(4, 0, 3, 1))
    expect(stag).toHaveLength(1)
    expect(stag[0]).toMatch(/^T \(3\) must be greater than R \(4\)/)

    // R = P and P = S
    const flat = validatePayoffs(P(1, 1, 5, 1))
    expect(flat.some((m) => m.startsWith('R (1) must be greater than P (1)'))).toBe(true)
    expect(flat.some((m) => m.startsWith('P (1) must be greater than S (1)'))).toBe(true)
  })

  it('requires 2R > T + S for the repeated game', () => {
    const problems = validatePayoffs(P(3, 0, 7, 1))
    expect(problems).toHaveLength(1)
    expect(problems[0]).toContain('2R (6) must be greater than T + S (7)')
    expect(problems[0]).toContain('alternating exploitation')
    // equality also fails
    expect(validatePayoffs(P(3, 1, 5, 2))[0]).toContain('2R (6) must be greater than T + S (6)')
  })

  it('reports non-finite values and nothing else', () => {
    const problems = validatePayoffs(P(3, 0, Infinity, Number.NaN))
    expect(problems).toEqual([
      'payoff T must be a finite number (got Infinity)',
      'payoff P must be a finite number (got NaN)',
    ])
  })
})

describe('classifyGame', () => {
  it("Axelrod's 3,0,5,1 is a prisoner's dilemma", () => {
    const c = classifyGame(P(3, 0, 5, 1))
    expect(c.kind).toBe('prisoners-dilemma')
    expect(c.dilemma).toBe(true)
    expect(c.reason).toContain('T > R > P > S')
    expect(c.warnings).toEqual([])
  })

  it('flags a PD where alternating exploitation beats mutual cooperation', () => {
    const c = classifyGame(P(3, 0, 7, 1))
    expect(c.kind).toBe('prisoners-dilemma')
    expect(c.dilemma).toBe(true)
    expect(c.warnings).toHaveLength(1)
    expect(c.warnings[0]).toContain('alternating exploitation pays more than mutual cooperation')
    expect(c.reason).toContain('2R ≤ T + S')
  })

  it('stag hunt R > T > P > S, and the weak form with T = P', () => {
    const c = classifyGame(P(4, 0, 3, 1))
    expect(c.kind).toBe('stag-hunt')
    expect(c.dilemma).toBe(false)
    expect(c.reason).toMatch(/^R > T > P > S: mutual cooperation pays best and is stable/)
    expect(c.reason).toContain('not a dilemma')
    expect(classifyGame(P(4, 0, 2, 2)).kind).toBe('stag-hunt')
  })

  it('chicken T > R > S > P', () => {
    const c = classifyGame(P(3, 1, 4, 0))
    expect(c.kind).toBe('chicken')
    expect(c.dilemma).toBe(false)
    expect(c.reason).toContain('T > R > S > P')
  })

  it('harmony: cooperation dominates', () => {
    expect(classifyGame(P(4, 2, 3, 1)).kind).toBe('harmony') // R > T > S > P
    expect(classifyGame(P(4, 3, 2, 1)).kind).toBe('harmony') // R > S > T > P
    expect(classifyGame(P(4, 1, 3, 1)).kind).toBe('harmony') // weak: S = P
    expect(classifyGame(P(4, 1, 3, 1)).reason).toContain('R > T and S = P')
  })

  it('deadlock: T > P > R > S', () => {
    const c = classifyGame(P(2, 0, 4, 3))
    expect(c.kind).toBe('deadlock')
    expect(c.dilemma).toBe(false)
    expect(c.reason).toContain('P > R')
  })

  it('other coordination and anti-coordination games', () => {
    expect(classifyGame(P(4, 0, 1, 2)).kind).toBe('coordination') // R > P > T > S
    expect(classifyGame(P(2, 0, 1, 4)).kind).toBe('coordination') // P > R > T > S
    expect(classifyGame(P(1, 3, 4, 0)).kind).toBe('anti-coordination') // T > S > R > P
  })

  it('ties are handled without claiming a dilemma', () => {
    expect(classifyGame(P(2, 2, 2, 2)).kind).toBe('degenerate')
    const noGreed = classifyGame(P(3, 0, 3, 1)) // T = R
    expect(noGreed.kind).toBe('other')
    expect(noGreed.dilemma).toBe(false)
    expect(noGreed.reason).toContain('T = R')
    const weak = classifyGame(P(3, 1, 5, 1)) // T > R > P = S
    expect(weak.kind).toBe('other')
    expect(weak.dilemma).toBe(false)
    expect(weak.reason).toContain('P = S')
    expect(classifyGame(P(1, 0, 5, 1)).kind).toBe('other') // R = P with dominant D
    expect(classifyGame(P(3, 1, 3, 1)).kind).toBe('other') // own move never matters
  })

  it('non-finite payoffs are invalid', () => {
    const c = classifyGame(P(3, 0, Number.NaN, 1))
    expect(c.kind).toBe('invalid')
    expect(c.dilemma).toBe(false)
  })

  it('every strict ordering of four payoffs gets a real kind, and only T > R > P > S is a dilemma', () => {
    const values = [1, 2, 3, 4]
    const perms: number[][] = []
    const permute = (rest: number[], acc: number[]) => {
      if (rest.length === 0) perms.push(acc)
      rest.forEach((v, i) => permute([...rest.slice(0, i), ...rest.slice(i + 1)], [...acc, v]))
    }
    permute(values, [])
    expect(perms).toHaveLength(24)
    let dilemmas = 0
    for (const [R, S, T, Pn] of perms as [number, number, number, number][]) {
      const c = classifyGame(P(R, S, T, Pn))
      expect(['other', 'invalid', 'degenerate']).not.toContain(c.kind)
      if (c.dilemma) {
        dilemmas++
        expect(T > R && R > Pn && Pn > S).toBe(true)
      }
    }
    expect(dilemmas).toBe(1)
  })
})

describe('parsePayoffs', () => {
  it('parses R,S,T,P in order', () => {
    expect(parsePayoffs('3,0,5,1')).toEqual({ R: 3, S: 0, T: 5, P: 1 })
    expect(parsePayoffs(' 3, 0 ,5 ,1 ')).toEqual({ R: 3, S: 0, T: 5, P: 1 })
    expect(parsePayoffs('3 0 5 1')).toEqual({ R: 3, S: 0, T: 5, P: 1 })
    expect(parsePayoffs('2.5,-1,4e0,.5')).toEqual({ R: 2.5, S: -1, T: 4, P: 0.5 })
  })

  it('parses named values in any order', () => {
    expect(parsePayoffs('T=5, R=3, p=1, S=0')).toEqual({ R: 3, S: 0, T: 5, P: 1 })
  })

  it('throws RulesError with a clear message', () => {
    const bad = (text: string, message: RegExp) => {
      let error: unknown
      try {
        parsePayoffs(text)
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(RulesError)
      expect((error as Error).message).toMatch(message)
    }
    bad('3,0,5', /exactly four numbers R,S,T,P.*got 3/)
    bad('3,0,5,1,2', /got 5/)
    bad('3,x,5,1', /payoff S is "x", which is not a number/)
    bad('3,,5,1', /empty value/)
    bad('', /empty/)
    bad('3,0,5,1e999', /payoff P .* not a finite number/)
    bad('R=3,S=0,T=5', /missing P/)
    bad('R=3,S=0,T=5,R=1', /R is given twice/)
    bad('R=3,S=0,T=5,Q=1', /unknown payoff name "Q"/)
    bad('R=3,0,5,1', /mix named/)
    bad('Infinity,0,5,1', /not a number/)
  })
})
