/**
 * The commons' public engine API: the rules, one round, the 2×2 for the
 * dilemma test, and a tournament in three steps (schedule, play a group,
 * aggregate). docs/games.md gives the formulas, docs/results.md the shapes.
 */
export * from './types'
export * from './rules'
export * from './game'
export * from './matrix'
export * from './schedule'
export * from './play-group'
export * from './aggregate'
export * from './tournament'
export * from './load-check'
