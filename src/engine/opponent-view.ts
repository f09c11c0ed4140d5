/**
 * What a strategy sees as `view.opponent` when a tournament shares
 * identities: the opponent's identity and reputation (the same for every
 * viewer) plus the viewer's own history against it (different for every
 * viewer). The schedule, the platform and the CLI all build it here, so the
 * defaults a strategy meets are the same wherever it plays.
 */
import { DEFAULT_MU, DEFAULT_SIGMA } from './rating'
import type { OpponentHistory, OpponentInfo, OpponentReputation } from './types'

/** Deep-frozen because the constants are shared by every job of every schedule that uses them. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner)
    Object.freeze(value)
  }
  return value
}

/**
 * The reputation of an opponent with no rated run yet: openskill's default
 * rating (mu 25, sigma 25/3), no rate measured (null), no match played.
 */
export const DEFAULT_REPUTATION: Readonly<OpponentReputation> = deepFreeze({
  rating: { mu: DEFAULT_MU, sigma: DEFAULT_SIGMA },
  cooperationRate: null,
  nice: null,
  retaliating: null,
  forgiving: null,
  matches: 0,
})

/**
 * The history of a viewer that never met the opponent: no match, no rate
 * (null, as before the first match), no last moves. A history is always
 * given when identities are shared, so a strategy never has to tell
 * "absent" from "empty".
 */
export const EMPTY_HISTORY: Readonly<OpponentHistory> = deepFreeze({
  matches: 0,
  myCooperation: null,
  theirCooperation: null,
  lastMoves: { my: [], their: [] },
})

/**
 * What a viewer sees of one opponent: `info` (identity and reputation, as
 * everyone sees them) with `history` (the viewer's own record against it;
 * undefined or null: EMPTY_HISTORY) in place of any history `info` carried.
 * An anonymous opponent (info null) stays null.
 */
export function opponentView(info: OpponentInfo | null, history?: unknown): OpponentInfo | null {
  if (info === null) return null
  return { ...info, history: history ?? EMPTY_HISTORY }
}

/** `record[key]` only when it is the record's own property: ids such as "constructor" must not find Object's. */
export function ownEntry<T>(record: Readonly<Record<string, T>> | null | undefined, key: string): T | undefined {
  return record != null && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined
}
