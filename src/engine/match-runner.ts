/**
 * The boundary between the engine and whatever executes strategies. The
 * engine decides everything random (length, noise flips, seeds) and hands a
 * runner a fully determined match; the runner only executes moves.
 * `sandbox/` provides the QuickJS runner that the platform uses.
 */
import type { Fault, OpponentInfo, Rules, StrategySource } from './types'

/** A fully determined match, as handed to a runner. Index 0 is player A, 1 is player B. */
export interface MatchSetup {
  /** What the strategies see as `view.rules` (turns is null when the length is uncertain). */
  rules: Rules
  /** How many rounds to play (drawn by the engine when the length is uncertain). */
  rounds: number
  /** Per player, per round: 1 when noise flips that player's intended move, or null when there is no noise. */
  flips: [Uint8Array | null, Uint8Array | null]
  /**
   * Per player, per round: 1 when the referee would detect a defection in
   * that round; null when it detects none or every one (see mechanisms.ts
   * `detects`). A player's score in the view counts the fines.
   */
  detections: [Uint8Array | null, Uint8Array | null]
  /** Per player seed for `view.random()` / `Math.random()`. */
  seeds: [number, number]
  /** What each player sees as `view.opponent`. */
  opponents: [OpponentInfo | null, OpponentInfo | null]
}

/** What one side did in a match. */
export interface PlayedSide {
  /** Moves as actually played (after noise), one character a round. */
  moves: string
  /** Recorded faults, the first MAX_RECORDED_FAULTS of them. */
  faults: Fault[]
  /** How many faults occurred in all (may exceed faults.length). */
  faultCount: number
  /** Whether the strategy drew from its random stream at least once. */
  usedRandom: boolean
  /** With cheap talk: what it announced, one character a round (C, D, or - for none). */
  announcements?: string
}

/** At most this many faults are kept per player per match; faultCount has the full count. */
export const MAX_RECORDED_FAULTS = 10

export interface MatchRunner {
  play(a: StrategySource, b: StrategySource, setup: MatchSetup): Promise<[PlayedSide, PlayedSide]>
}
