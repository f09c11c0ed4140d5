/**
 * Whether a match played again is the match that was recorded, move for
 * move: the API's verification and the site's verification in the browser
 * both use this one comparison.
 */
import type { MatchResult } from './match'
import type { Fault } from './types'

/** What a stored match holds that a replay must reproduce. */
export interface RecordedMatch {
  moves: [string, string]
  scores: [number, number]
  flips: [number[], number[]]
  fined: [number[], number[]] | null
  announcements: [string, string] | null
  faults: { faults: [Fault[], Fault[]]; counts: [number, number] } | unknown
}

export interface ReplayCheck {
  identical: boolean
  /** The first thing that differs ("moves", "scores", ...), and for moves the first round that differs; null when identical. */
  difference: { what: 'moves' | 'scores' | 'flips' | 'fined' | 'announcements' | 'faults'; round: number | null } | null
}

function firstDifferentRound(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i
  return n
}

export function checkReplay(result: MatchResult, recorded: RecordedMatch): ReplayCheck {
  for (const side of [0, 1] as const) {
    if (result.moves[side] !== recorded.moves[side]) {
      return { identical: false, difference: { what: 'moves', round: firstDifferentRound(result.moves[side], recorded.moves[side]) } }
    }
  }
  const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y)
  const checks: [NonNullable<ReplayCheck['difference']>['what'], boolean][] = [
    ['scores', result.scores[0] === recorded.scores[0] && result.scores[1] === recorded.scores[1]],
    ['flips', same(result.flips, recorded.flips)],
    ['fined', same(result.fined, recorded.fined ?? [[], []])],
    ['announcements', same(result.announcements, recorded.announcements)],
    ['faults', same({ faults: result.faults, counts: result.faultCounts }, recorded.faults)],
  ]
  const failed = checks.find(([, ok]) => !ok)
  return failed ? { identical: false, difference: { what: failed[0], round: null } } : { identical: true, difference: null }
}
