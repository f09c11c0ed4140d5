/**
 * What `npm run bench` measures and what it is measured against: the
 * players, the rules, the one Axelrod-Python reference time, and the goals.
 * Shared by bench/run.ts and the measurements it calls, so every figure is of
 * the same work.
 */

export { TOURNAMENT, TOURNAMENT_PLAYERS } from './tournament-players'

/** The single match of (a): a fresh 200-round match each time. */
export const MATCH = { a: 'tit-for-tat', b: 'alternator', turns: 200 } as const

/**
 * Axelrod-Python's time for the same tournament, the one reference every
 * ratio uses. Axelrod-Python 4.13.0 (pure Python, CPython 3.11), the first
 * 30 built-ins' counterparts, 200 turns, 5 repetitions, one process:
 * `Tournament.play()` alone (no import, no set-up, no result analysis),
 * timed side by side with this project on this 2-core machine in November
 * 2026 at 1.73-1.85 s (recorded in issue 10). The lower end is used, which
 * is the harder target. Axelrod-Python is not installed here, so the bench
 * cannot re-measure it; absolute times vary from machine to machine.
 */
export const AXELROD_PLAY_ONLY = {
  ms: 1730,
  measured: '2026-11 (issue 10)',
  source: 'Axelrod-Python 4.13.0, Tournament.play() of the same 30 x 200 x 5 tournament, play only, same machine, side by side (1.73-1.85 s)',
} as const

/** Issue 10's goals, as the bench checks them. */
export const GOALS = {
  /** The match of (a) at most this (three times faster than Axelrod-Python's 0.45 ms). */
  match200Ms: 0.15,
  /** The meters' cost over an unmetered build on the tournament, in percent. */
  meterOverheadPct: 5,
  /** `arena --version` and a one-round `arena match`, whole processes. */
  versionMs: 80,
  match1Ms: 150,
  /** The whole `arena tournament` command at most this share of Axelrod-Python's play-only time. */
  wholeCommandShare: 0.1,
} as const
