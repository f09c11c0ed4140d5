/**
 * The bench tournament's 30 players: the first 30 classic ids in sorted order
 * when the benchmark was written, frozen here so that adding a classic does
 * not change the tournament (the Axelrod-Python reference time is for
 * exactly these players). Four of them draw random numbers (calculator,
 * firm-but-fair, generous-tit-for-tat, joss), so their pairings are played in
 * every repetition; the rest are reused after the first.
 */
import { CLASSICS, classicAsSource } from '../src/classics'
import type { StrategySource } from '../src/engine/types'

export const TOURNAMENT_PLAYERS = [
  'adaptive', 'alternator', 'anti-tit-for-tat', 'appeaser', 'bully',
  'calculator', 'cooperator', 'cycler-ccd', 'cycler-ddc', 'defector',
  'detective', 'firm-but-fair', 'forgetful-grudger', 'forgiver', 'forgiving-tit-for-tat',
  'generous-tit-for-tat', 'go-by-majority', 'gradual', 'grudger', 'handshake',
  'hard-go-by-majority', 'hard-prober', 'hard-tit-for-tat', 'hard-tit-for-two-tats', 'joss',
  'omega-tit-for-tat', 'original-gradual', 'prober', 'prober-2', 'prober-3',
] as const

/** The bench tournament: 200 rounds, 5 repetitions, seed 1. */
export const TOURNAMENT = { turns: 200, repetitions: 5, seed: 1 } as const

/** The players' sources from the generated catalog. */
export function tournamentPlayers(): StrategySource[] {
  return TOURNAMENT_PLAYERS.map((id) => {
    const c = CLASSICS.find((x) => x.id === id)
    if (!c) throw new Error(`the benchmark needs the classic "${id}", which is missing`)
    return classicAsSource(c)
  })
}
