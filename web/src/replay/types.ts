/**
 * The shapes of a match replay (GET /api/matches/:id) and of a commons group
 * (GET /api/runs/:id/groups/:index) as the pages read them: the API's own
 * response types, except for the match's faults and opponent views, which
 * the store keeps as untyped JSON; `asReplay` narrows those at one place.
 */
import type { api, Body } from '../api'
import type { Fault, OpponentInfo } from '../../../src/engine/types'

type ApiMatch = Body<(typeof api.api.matches)[':id']['$get']>

export type MatchSide = Omit<ApiMatch['a'], 'name' | 'opponentView'> & {
  name: string
  opponentView: OpponentInfo | null
}

export type MatchReplay = Omit<ApiMatch, 'a' | 'b' | 'faults'> & {
  a: MatchSide
  b: MatchSide
  /** The first recorded faults of each side and how many each had in all (src/engine/match-runner.ts). */
  faults: { faults: [Fault[], Fault[]]; counts: [number, number] }
}

export type GroupReplay = Body<(typeof api.api.runs)[':id']['groups'][':index']['$get']>

/** The replay as the page reads it: a strategy with no name left is shown by its id. */
export function asReplay(m: ApiMatch): MatchReplay {
  const side = (s: ApiMatch['a']): MatchSide => ({ ...s, name: s.name ?? s.strategyId, opponentView: s.opponentView as OpponentInfo | null })
  return { ...m, a: side(m.a), b: side(m.b), faults: m.faults as MatchReplay['faults'] }
}
