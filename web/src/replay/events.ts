/**
 * A match's events by round and side: the faults, the noise flips and the
 * referee's fines, read once from the replay so that the strip, the
 * readout and the list look them up by round.
 */
import type { Fault } from '../../../src/engine/types'
import type { MatchReplay } from './types'

export interface SideEvents {
  faults: Fault[]
  flip: boolean
  fine: boolean
}

export type EventKind = 'fault' | 'flip' | 'fine'

/** One glyph for each kind of event, so the strip does not rely on colour alone. */
export const GLYPH: Record<EventKind, string> = { fault: '!', flip: '~', fine: '$' }
export const KIND_NAME: Record<EventKind, string> = { fault: 'fault', flip: 'noise flip', fine: 'referee fine' }

export interface MatchEvents {
  /** byRound[side].get(round): that side's events in that round (round -1: module set-up). */
  byRound: [Map<number, SideEvents>, Map<number, SideEvents>]
  counts: { faults: [number, number]; recordedFaults: [number, number]; flips: [number, number]; fines: [number, number] }
}

export function matchEvents(m: MatchReplay): MatchEvents {
  const side = (s: 0 | 1) => {
    const map = new Map<number, SideEvents>()
    const at = (r: number) => {
      let e = map.get(r)
      if (!e) map.set(r, (e = { faults: [], flip: false, fine: false }))
      return e
    }
    for (const f of m.faults.faults[s]) at(f.round).faults.push(f)
    for (const r of m.flips[s]) at(r).flip = true
    for (const r of m.fined[s]) at(r).fine = true
    return map
  }
  return {
    byRound: [side(0), side(1)],
    counts: {
      faults: m.faults.counts,
      recordedFaults: [m.faults.faults[0].length, m.faults.faults[1].length],
      flips: [m.flips[0].length, m.flips[1].length],
      fines: [m.fined[0].length, m.fined[1].length],
    },
  }
}

export function kindsOf(e: SideEvents | undefined): EventKind[] {
  if (!e) return []
  const kinds: EventKind[] = []
  if (e.faults.length) kinds.push('fault')
  if (e.flip) kinds.push('flip')
  if (e.fine) kinds.push('fine')
  return kinds
}

/** "round 12" from a round index, "set-up" for a module's set-up fault (round -1). */
export function roundName(round: number): string {
  return round < 0 ? 'set-up' : `round ${round + 1}`
}
