/**
 * What a schedule shows each player of its opponent when identities are
 * shared: the opponent's info with the viewer's own history against it.
 */
import { describe, expect, it } from 'vitest'
import { DEFAULT_REPUTATION, EMPTY_HISTORY, opponentView } from '../src/engine/opponent-view'
import { scheduleTournament, type ScheduleOptions, type TournamentJob } from '../src/engine/schedule'
import { playTournament } from '../src/engine/tournament'
import type { OpponentHistory, OpponentInfo } from '../src/engine/types'
import { S, ScriptedRunner } from './helpers/scripted-runner'

const PLAYERS = [S('tft'), S('alld'), S('allc')]

const info = (id: string, cooperationRate: number): OpponentInfo => ({
  id,
  name: id.toUpperCase(),
  reputation: { ...DEFAULT_REPUTATION, cooperationRate, matches: 10 },
})

const record = (matches: number, their: 'C' | 'D'): OpponentHistory => ({
  matches,
  myCooperation: 1,
  theirCooperation: their === 'C' ? 1 : 0,
  lastMoves: { my: ['C'], their: [their] },
})

const OPPONENTS = { tft: info('tft', 0.9), alld: info('alld', 0), allc: info('allc', 1) }
/** tft met alld twice and itself once; alld met tft once; allc met nobody. */
const HISTORIES = {
  tft: { alld: record(2, 'D'), tft: record(1, 'C') },
  alld: { tft: record(1, 'C') },
}
const OPTIONS: ScheduleOptions = { rules: { turns: 3 }, repetitions: 1, seed: 9, opponents: OPPONENTS, histories: HISTORIES }

function job(jobs: readonly TournamentJob[], a: string, b: string): TournamentJob {
  const found = jobs.find((j) => j.players[0] === a && j.players[1] === b)
  if (!found) throw new Error(`no job ${a} vs ${b}`)
  return found
}

describe('opponentView', () => {
  it('adds the viewer’s history to the opponent’s info, replacing any it carried; the empty history when none is given', () => {
    const carried = { ...info('x', 0.5), history: record(7, 'C') }
    expect(opponentView(carried, record(3, 'D'))).toEqual({ ...info('x', 0.5), history: record(3, 'D') })
    expect(opponentView(carried)).toEqual({ ...info('x', 0.5), history: EMPTY_HISTORY })
    expect(opponentView(carried, null)!.history).toBe(EMPTY_HISTORY)
    expect(opponentView(null, record(3, 'D'))).toBeNull()
    // The info itself is left alone.
    expect(carried.history).toEqual(record(7, 'C'))
  })

  it('has documented defaults, frozen since every schedule shares them', () => {
    expect(EMPTY_HISTORY).toEqual({ matches: 0, myCooperation: null, theirCooperation: null, lastMoves: { my: [], their: [] } })
    expect(DEFAULT_REPUTATION).toEqual({
      rating: { mu: 25, sigma: 25 / 3 },
      cooperationRate: null,
      nice: null,
      retaliating: null,
      forgiving: null,
      matches: 0,
    })
    expect(Object.isFrozen(EMPTY_HISTORY.lastMoves.my)).toBe(true)
    expect(Object.isFrozen(DEFAULT_REPUTATION.rating)).toBe(true)
  })
})

describe('scheduleTournament with histories', () => {
  const { jobs } = scheduleTournament(PLAYERS, OPTIONS)

  it('shows each side the other’s info with its own history against it', () => {
    expect(job(jobs, 'tft', 'alld').opponents).toEqual([
      { ...OPPONENTS.alld, history: HISTORIES.tft.alld },
      { ...OPPONENTS.tft, history: HISTORIES.alld.tft },
    ])
    // allc has no record at all, and alld none against allc: both get the empty history.
    expect(job(jobs, 'alld', 'allc').opponents).toEqual([
      { ...OPPONENTS.allc, history: EMPTY_HISTORY },
      { ...OPPONENTS.alld, history: EMPTY_HISTORY },
    ])
    // tft's record names alld and itself, not allc.
    expect(job(jobs, 'tft', 'allc').opponents[0]!.history).toEqual(EMPTY_HISTORY)
  })

  it('in self-play shows a player its own info and its history against itself', () => {
    expect(job(jobs, 'tft', 'tft').opponents).toEqual([
      { ...OPPONENTS.tft, history: HISTORIES.tft.tft },
      { ...OPPONENTS.tft, history: HISTORIES.tft.tft },
    ])
    expect(job(jobs, 'alld', 'alld').opponents[0]!.history).toEqual(EMPTY_HISTORY)
  })

  it('shows no history of an anonymous opponent, and none at all without shared identities', () => {
    const partial = scheduleTournament(PLAYERS, { ...OPTIONS, opponents: { tft: OPPONENTS.tft, alld: null } })
    // tft has a record against alld, but alld is anonymous: tft sees null.
    expect(job(partial.jobs, 'tft', 'alld').opponents).toEqual([null, { ...OPPONENTS.tft, history: HISTORIES.alld.tft }])
    expect(job(partial.jobs, 'alld', 'allc').opponents).toEqual([null, null])

    const anonymous = scheduleTournament(PLAYERS, { ...OPTIONS, opponents: null })
    for (const j of anonymous.jobs) expect(j.opponents).toEqual([null, null])
  })

  it('looks histories up by own properties only', () => {
    const odd = [S('constructor', 'allc'), S('toString', 'alld')]
    const opponents = { constructor: info('constructor', 1), toString: info('toString', 0) }
    const schedule = scheduleTournament(odd, { ...OPTIONS, opponents, histories: { toString: {} } })
    expect(schedule.jobs.map((j) => j.opponents.map((o) => o?.history))).toEqual([
      [EMPTY_HISTORY, EMPTY_HISTORY],
      [EMPTY_HISTORY, EMPTY_HISTORY],
      [EMPTY_HISTORY, EMPTY_HISTORY],
    ])
  })

  it('is plain JSON: histories survive a round trip, and they change the schedule', () => {
    const text = JSON.stringify(scheduleTournament(PLAYERS, OPTIONS))
    expect(JSON.stringify(JSON.parse(text))).toBe(text)
    expect(JSON.parse(text)).toEqual(scheduleTournament(PLAYERS, OPTIONS))
    expect(JSON.stringify(scheduleTournament(PLAYERS, OPTIONS))).toBe(text)
    expect(JSON.stringify(scheduleTournament(PLAYERS, { ...OPTIONS, histories: null }))).not.toBe(text)
  })

  it('reaches the runner through playTournament', async () => {
    const runner = new ScriptedRunner()
    await playTournament(runner, PLAYERS, OPTIONS)
    const seen = runner.setups.find((s) => s.opponents[0]?.id === 'alld' && s.opponents[1]?.id === 'tft')
    expect(seen?.opponents.map((o) => o?.history)).toEqual([HISTORIES.tft.alld, HISTORIES.alld.tft])
  })
})
