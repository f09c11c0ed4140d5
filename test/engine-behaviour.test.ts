import { describe, expect, it } from 'vitest'
import { BehaviourTally, behaviourOf } from '../src/engine/behaviour'

describe('behaviourOf', () => {
  it('Tit for Tat against a defector: nice, retaliating, no forgiveness evidence', () => {
    const b = behaviourOf([{ my: 'CDDDD', their: 'DDDDD' }])
    expect(b.matches).toBe(1)
    expect(b.rounds).toBe(5)
    expect(b.cooperationRate).toBe(1 / 5)
    expect(b.initialCooperationRate).toBe(1)
    expect(b.nice).toBe(true) // the opponent defected first
    expect(b.niceRate).toBe(1)
    expect(b.retaliationOpportunities).toBe(4) // D in rounds 0..3 have a next round
    expect(b.retaliationRate).toBe(1)
    expect(b.retaliating).toBe(true)
    expect(b.forgivenessOpportunities).toBe(0) // the opponent never returns to C
    expect(b.forgivenessRate).toBeNull()
    expect(b.forgiving).toBeNull()
  })

  it('Tit for Tat against an alternator forgives, a grudger does not', () => {
    const their = 'CDCDCDCD'
    // TFT copies the previous move.
    const tft = behaviourOf([{ my: 'CCDCDCDC', their }])
    // Episodes: D at 1 answered at 2, their C at 2 → my[3] = C (forgiven); next from 3: D at 3 answered
    // at 4, their C at 4 → my[5] = C; D at 5 answered at 6, C at 6 → window 7..8 cut by the end.
    expect(tft.forgivenessOpportunities).toBe(2)
    expect(tft.forgivenessRate).toBe(1)
    expect(tft.forgiving).toBe(true)
    expect(tft.retaliationRate).toBe(1) // D at 1, 3, 5 answered; D at 7 is the last round
    expect(tft.retaliationOpportunities).toBe(3)

    const grudger = behaviourOf([{ my: 'CCDDDDDD', their }])
    // Episodes start at rounds 2 and 4 (c = 2 and 4); the one at 6 has its window cut by the end.
    expect(grudger.forgivenessOpportunities).toBe(2)
    expect(grudger.forgivenessRate).toBe(0)
    expect(grudger.forgiving).toBe(false)
    expect(grudger.retaliating).toBe(true)
  })

  it('forgiving within two rounds: returning to C two rounds after the opponent counts, three does not', () => {
    // their: D at 0, C from 1 on. my: D at 1 (retaliation), c = 1, window is rounds 2 and 3.
    expect(behaviourOf([{ my: 'CDDCCC', their: 'DCCCCC' }]).forgivenessRate).toBe(1) // C at 3
    expect(behaviourOf([{ my: 'CDDDCC', their: 'DCCCCC' }]).forgivenessRate).toBe(0) // C only at 4
    // Window cut by the end of the match: not counted.
    expect(behaviourOf([{ my: 'CDD', their: 'DCC' }]).forgivenessOpportunities).toBe(0)
  })

  it('the first to defect is not nice; simultaneous first defection is', () => {
    const b = behaviourOf([
      { my: 'CCDC', their: 'CCCC' }, // defects first
      { my: 'CDCC', their: 'CDCC' }, // same round
      { my: 'CCCC', their: 'CCCC' },
    ])
    expect(b.nice).toBe(false)
    expect(b.niceRate).toBe(2 / 3)
    const c = behaviourOf([{ my: 'DDDD', their: 'DCCC' }])
    expect(c.nice).toBe(true)
  })

  it('a cooperator never retaliates; a suspicious start is counted in initial cooperation', () => {
    const b = behaviourOf([
      { my: 'CCCC', their: 'DDDD' },
      { my: 'DCCC', their: 'CCCC' },
    ])
    expect(b.retaliationOpportunities).toBe(3)
    expect(b.retaliationRate).toBe(0)
    expect(b.retaliating).toBe(false)
    expect(b.initialCooperationRate).toBe(1 / 2)
    expect(b.cooperationRate).toBe(7 / 8)
  })

  it('no data gives nulls, not false', () => {
    const b = behaviourOf([])
    expect(b).toEqual({
      matches: 0,
      rounds: 0,
      cooperationRate: null,
      initialCooperationRate: null,
      nice: null,
      niceRate: null,
      retaliationOpportunities: 0,
      retaliationRate: null,
      retaliating: null,
      forgivenessOpportunities: 0,
      forgivenessRate: null,
      forgiving: null,
    })
  })

  it('the incremental tally gives the same result', () => {
    const matches = [
      { my: 'CCDCDCDC', their: 'CDCDCDCD' },
      { my: 'CDDDD', their: 'DDDDD' },
    ]
    const tally = new BehaviourTally()
    for (const m of matches) tally.add(m.my, m.their)
    expect(tally.result()).toEqual(behaviourOf(matches))
  })
})
